"use client";
// Data hooks of the RBAC views. `meta.kinds` lets the event stream refetch them only when RBAC
// objects (or ServiceAccounts) change.
import { useMutation, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/client/fetch";
import type { ResourceList } from "@/lib/api/resources";
import type { Finding } from "@/lib/rbac/findings";
import type { CanIAnswer, PermissionsAnswer, WhoCanAnswer } from "@/lib/rbac/views";

// Namespace too: offline, a namespace's `default` ServiceAccount exists once the namespace does
const RBAC_KINDS = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ServiceAccount", "Namespace"];
const meta = { kinds: RBAC_KINDS };

export function toQuery(params: Record<string, string | string[] | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) for (const x of v) p.append(k, x);
    else if (v) p.set(k, v);
  }
  return p.toString();
}

export function usePermissions(namespace: string, name: string) {
  return useQuery({
    queryKey: ["rbac", "permissions", namespace, name],
    queryFn: () => fetchJson<PermissionsAnswer>(`/api/v1/serviceaccounts/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/permissions`),
    meta,
  });
}

/** What the cluster serves (discovery changes rarely: no refetch on store events). */
export function useResources() {
  return useQuery({ queryKey: ["resources"], queryFn: () => fetchJson<ResourceList>("/api/v1/resources"), staleTime: 5 * 60_000 });
}

// No placeholderData for the two questions: the previous question's answer must never be
// shown while the next one is asked (it would read as the new answer).
export function useCanI(params: Record<string, string | string[] | undefined> | null) {
  const qs = params ? toQuery(params) : "";
  return useQuery({ queryKey: ["rbac", "can-i", qs], queryFn: () => fetchJson<CanIAnswer>(`/api/v1/can-i?${qs}`), enabled: !!params, meta });
}

export function useWhoCan(params: Record<string, string | undefined> | null) {
  const qs = params ? toQuery(params) : "";
  return useQuery({ queryKey: ["rbac", "who-can", qs], queryFn: () => fetchJson<WhoCanAnswer>(`/api/v1/who-can?${qs}`), enabled: !!params, meta });
}

export interface FindingsAnswer {
  version: number;
  total: number;
  matched: number;
  /** Left out only as the bootstrap policy's own (hideSystem). */
  hidden: number;
  items: Finding[];
}
export function useFindings(params: Record<string, string | string[] | undefined>) {
  const qs = toQuery(params);
  return useQuery({ queryKey: ["rbac", "findings", qs], queryFn: () => fetchJson<FindingsAnswer>(`/api/v1/findings?${qs}`), meta, placeholderData: (p) => p });
}

export function useVerifyAvailable() {
  return useQuery({ queryKey: ["rbac", "verify-available"], queryFn: () => fetchJson<{ available: boolean }>("/api/v1/can-i/verify"), staleTime: 5 * 60_000 });
}

export interface VerifyAnswer {
  apiServer: { allowed: boolean; denied: boolean; reason?: string; evaluationError?: string };
  rolecall: { allowed: boolean };
  agree: boolean;
}
export function useVerify() {
  return useMutation({
    mutationFn: (body: Record<string, string | string[]>) =>
      fetchJson<VerifyAnswer>("/api/v1/can-i/verify", { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
  });
}

/** Triggers a browser download of text. */
export function download(filename: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

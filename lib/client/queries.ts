"use client";
// The data hooks, one per view, all here. Query keys are shared with the server pages that
// seed the cache. `meta.kinds` lets the event stream refetch a query only when those kinds
// change; without it every change event invalidates it.
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import type { ResourceList } from "@/lib/api/resources";
import type { BindingList, SearchResult, ServiceAccountDetail, ServiceAccountList, StatusView, VerifyAnswer } from "@/lib/api/types";
import type { BlastRadiusResponse, CanIResponse, ChainsResponse, EscalationResponse, FindingsResponse, HistoryResponse, OverviewResponse, PermissionsResponse, RoleDetailResponse, WhoCanResponse } from "@/lib/api/wire";
import { fetchJson } from "./fetch";
import { historyRetry } from "./history";
import { findingsKey, permissionScope, queryKeys, toQuery } from "./keys";

export { queryKeys };

const qs = (params: Record<string, string | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
};

export function useStatus() {
  return useQuery({ queryKey: queryKeys.status(), queryFn: () => fetchJson<StatusView>("/api/v1/status") });
}

export function useServiceAccounts(namespace?: string) {
  return useQuery({
    queryKey: queryKeys.serviceAccounts(namespace),
    queryFn: () => fetchJson<ServiceAccountList>(`/api/v1/serviceaccounts${qs({ namespace })}`),
    placeholderData: (prev) => prev,
  });
}

export function useServiceAccount(namespace: string, name: string) {
  return useQuery({
    queryKey: queryKeys.serviceAccount(namespace, name),
    queryFn: () => fetchJson<ServiceAccountDetail>(`/api/v1/serviceaccounts/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`),
  });
}

export function useBindings(namespace?: string) {
  return useQuery({
    queryKey: queryKeys.bindings(namespace),
    queryFn: () => fetchJson<BindingList>(`/api/v1/bindings${qs({ namespace })}`),
    placeholderData: (prev) => prev,
  });
}

export function useSearch(q: string, namespace?: string) {
  return useQuery({
    queryKey: queryKeys.search(q, namespace),
    queryFn: () => fetchJson<SearchResult>(`/api/v1/search${qs({ q, namespace, limit: "12" })}`),
    enabled: q.trim().length > 0,
    placeholderData: (prev) => prev,
    staleTime: 5_000,
  });
}

// Namespace too: offline, a namespace's `default` ServiceAccount exists once the namespace does
const RBAC_KINDS = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ServiceAccount", "Namespace"];
const meta = { kinds: RBAC_KINDS };

/** A query string; a list value repeats its key. */
export { toQuery };

/**
 * The permissions of the scope the page shows (`?perm=`, else the ServiceAccount's namespace) and
 * the namespaces there are: every scope at once was half a megabyte for a well-bound SA. A
 * scope asked next keeps the last one's answer (its namespaces) while it comes.
 */
export function useShownPermissions(namespace: string, name: string) {
  const { key, apiNamespace } = permissionScope(namespace, name, useSearchParams().get("perm"));
  return useQuery({
    queryKey: key,
    queryFn: () => fetchJson<PermissionsResponse>(`/api/v1/serviceaccounts/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/permissions?${new URLSearchParams({ namespace: apiNamespace })}`),
    meta,
    placeholderData: (prev, prevQuery) => (prevQuery?.queryKey[2] === namespace && prevQuery.queryKey[3] === name ? prev : undefined),
  });
}

export function usePermissions(namespace: string, name: string) {
  return useQuery({
    queryKey: ["rbac", "permissions", namespace, name],
    queryFn: () => fetchJson<PermissionsResponse>(`/api/v1/serviceaccounts/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/permissions`),
    meta,
  });
}

// Escalation paths read Pods too (exec into a pod acts as its ServiceAccount): no meta.kinds,
// every change event refetches them.
// `enabled`: a page may hold the question back until what it shows first has come (an SA that
// may create pods everywhere can become thousands of others: megabytes, seconds of the server).
// `limit`: the first paths only (the answer says how many there are); a longer one keeps the
// shorter one on screen while it comes.
export function useEscalation(namespace: string, name: string, enabled = true, limit?: number) {
  return useQuery({
    enabled,
    queryKey: ["rbac", "escalation", namespace, name, limit ?? null],
    queryFn: () => fetchJson<EscalationResponse>(`/api/v1/serviceaccounts/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/escalation${qs({ limit: limit?.toString() })}`),
    placeholderData: (prev, prevQuery) => (prevQuery?.queryKey[3] === name && prevQuery.queryKey[2] === namespace ? prev : undefined),
  });
}

export function useBlastRadius(namespace: string, kind: string, name: string) {
  return useQuery({
    queryKey: ["rbac", "blast-radius", namespace, kind, name],
    queryFn: () => fetchJson<BlastRadiusResponse>(`/api/v1/blast-radius/${encodeURIComponent(namespace)}/${encodeURIComponent(kind)}/${encodeURIComponent(name)}`),
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
  return useQuery({ queryKey: ["rbac", "can-i", qs], queryFn: () => fetchJson<CanIResponse>(`/api/v1/can-i?${qs}`), enabled: !!params, meta });
}

export function useWhoCan(params: Record<string, string | undefined> | null) {
  const qs = params ? toQuery(params) : "";
  return useQuery({ queryKey: ["rbac", "who-can", qs], queryFn: () => fetchJson<WhoCanResponse>(`/api/v1/who-can?${qs}`), enabled: !!params, meta });
}

export function useFindings(params: Record<string, string | string[] | undefined>) {
  const queryKey = findingsKey(params);
  return useQuery({ queryKey, queryFn: () => fetchJson<FindingsResponse>(`/api/v1/findings?${queryKey[2]}`), meta, placeholderData: (p) => p });
}

export function useVerifyAvailable() {
  return useQuery({ queryKey: ["rbac", "verify-available"], queryFn: () => fetchJson<{ available: boolean }>("/api/v1/can-i/verify"), staleTime: 5 * 60_000 });
}

export function useVerify() {
  return useMutation({
    mutationFn: (body: Record<string, string | string[]>) =>
      fetchJson<VerifyAnswer>("/api/v1/can-i/verify", { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
  });
}

// Chains read nearly every kind: no meta.kinds, every change event refetches them (the
// server answers from a memoised engine).
export const chainsKeys = {
  list: (namespace?: string) => ["chains", namespace ?? ""] as const,
  one: (namespace: string, kind: string, name: string) => ["chain", namespace, kind, name] as const,
};

export function useChains(namespace?: string) {
  return useQuery({
    queryKey: chainsKeys.list(namespace),
    queryFn: () => fetchJson<ChainsResponse>(`/api/v1/chains${namespace ? `?namespace=${encodeURIComponent(namespace)}` : ""}`),
    placeholderData: (prev) => prev,
  });
}

export function useChain(namespace: string, kind: string, name: string) {
  return useQuery({
    queryKey: chainsKeys.one(namespace, kind, name),
    queryFn: () => fetchJson<ChainsResponse>(`/api/v1/chains/${encodeURIComponent(namespace)}/${encodeURIComponent(kind)}/${encodeURIComponent(name)}`),
    placeholderData: (prev) => prev,
  });
}

// RBAC history: a cursor-paginated feed, newest first. Its first page refetches when the event
// stream says entries were written (lib/client/live.tsx), not on the store change before them.
export function useHistory(params: Record<string, string | undefined>, serviceAccount?: { namespace: string; name: string }) {
  const qs = toQuery(params);
  const base = serviceAccount ? `/api/v1/history/serviceaccounts/${encodeURIComponent(serviceAccount.namespace)}/${encodeURIComponent(serviceAccount.name)}` : "/api/v1/history";
  return useInfiniteQuery({
    queryKey: ["history", base, qs],
    queryFn: ({ pageParam }) => fetchJson<HistoryResponse>(`${base}?${toQuery({ ...params, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
    retry: historyRetry,
    meta: { kinds: [] },
  });
}

// --- A role's page ------------------------------------------------------------------------

/** Path of a role's API answer: `/api/v1/roles/{ns}/{name}` or `/api/v1/clusterroles/{name}`. */
export const roleApiPath = (kind: "Role" | "ClusterRole", namespace: string, name: string) =>
  kind === "Role" ? `/api/v1/roles/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}` : `/api/v1/clusterroles/${encodeURIComponent(name)}`;

// No meta.kinds: the findings through the role include escalation paths, which read Pods too.
export function useRole(kind: "Role" | "ClusterRole", namespace: string, name: string) {
  return useQuery({
    queryKey: queryKeys.role(kind, namespace, name),
    queryFn: () => fetchJson<RoleDetailResponse>(roleApiPath(kind, namespace, name)),
  });
}

// The front page counts chains too, which read pods: refetched on every change event.
export function useOverview(namespace?: string) {
  return useQuery({
    queryKey: queryKeys.overview(namespace),
    queryFn: () => fetchJson<OverviewResponse>(`/api/v1/overview${qs({ namespace })}`),
    placeholderData: (prev) => prev,
  });
}

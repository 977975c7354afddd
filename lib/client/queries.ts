"use client";
// One data hook per view. Query keys are shared with the server pages that seed the cache.
import { useQuery } from "@tanstack/react-query";
import type { BindingList, SearchResult, ServiceAccountDetail, ServiceAccountList, StatusView } from "@/lib/api/types";
import { fetchJson } from "./fetch";
import { queryKeys } from "./keys";

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

"use client";
// The chains data hooks. No `meta.kinds`: chains read nearly every kind, so every change
// event invalidates them (the server answers from a memoised engine).
import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/client/fetch";
import type { ChainsView } from "@/lib/chains/types";

export type ChainsResponse = ChainsView & { version: number };

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

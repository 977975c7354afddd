// React Query keys, shared by the browser hooks and the server pages that seed the cache.
export const queryKeys = {
  status: () => ["status"] as const,
  serviceAccounts: (namespace?: string) => ["serviceaccounts", namespace ?? ""] as const,
  serviceAccount: (namespace: string, name: string) => ["serviceaccount", namespace, name] as const,
  bindings: (namespace?: string) => ["bindings", namespace ?? ""] as const,
  overview: (namespace?: string) => ["overview", namespace ?? ""] as const,
  search: (q: string, namespace?: string) => ["search", q, namespace ?? ""] as const,
  // a role's page: kind "Role" with its namespace, "ClusterRole" with ""
  role: (kind: "Role" | "ClusterRole", namespace: string, name: string) => ["role", kind, namespace, name] as const,
};

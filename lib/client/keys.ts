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

/** A query string of the params set (arrays repeat their key), in their order: part of the keys of filtered answers. */
export function toQuery(params: Record<string, string | string[] | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) for (const x of v) p.append(k, x);
    else if (v) p.set(k, v);
  }
  return p.toString();
}

/** The findings answer's key: its query string, as the page and the server page build it. */
export const findingsKey = (params: Record<string, string | string[] | undefined>) => ["rbac", "findings", toQuery(params)] as const;

/** The permission matrix's scope in the URL (`?perm=`): "_cluster" for cluster-wide; absent, the ServiceAccount's namespace. */
export const CLUSTER_SCOPE = "_cluster";

/** One scope's permissions (the matrix's): the key, and the API's `namespace` for it ("" is cluster-wide). */
export function permissionScope(namespace: string, name: string, perm: string | null | undefined) {
  const scope = perm || namespace;
  return { scope, apiNamespace: scope === CLUSTER_SCOPE ? "" : scope, key: ["rbac", "permissions", namespace, name, scope] as const };
}


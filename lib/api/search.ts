// The frame's search box: ServiceAccounts, bindings, roles and workloads by name.
import { rbacIndex } from "@/lib/rbac/indexes";
import type { KubeObject, Snapshot } from "@/lib/store/types";
import { builtInMark } from "./builtin";
import { podTemplateOf, serviceAccountOfSpec } from "@/lib/k8s/workloads";
import type { SearchHit, SearchResult } from "./types";

interface Entry extends SearchHit {
  /** Lowercased "namespace/name" and name, what the query is matched against. */
  key: string;
  lname: string;
}

const enc = encodeURIComponent;

export function serviceAccountHref(namespace: string, name: string): string {
  return `/serviceaccounts/${enc(namespace)}/${enc(name)}`;
}

const bySnapshot = new WeakMap<Snapshot, Entry[]>();

function entries(snap: Snapshot): Entry[] {
  const hit = bySnapshot.get(snap);
  if (hit) return hit;
  const out: Entry[] = [];
  const add = (o: KubeObject, href: string, detail?: string) => {
    const ns = o.metadata.namespace;
    const namespace = o.kind === "ClusterRole" || o.kind === "ClusterRoleBinding" ? undefined : (ns ?? "default");
    out.push({
      kind: o.kind,
      ...(namespace ? { namespace } : {}),
      name: o.metadata.name,
      href,
      ...(detail ? { detail } : {}),
      key: `${namespace ?? ""}/${o.metadata.name}`.toLowerCase(),
      lname: o.metadata.name.toLowerCase(),
    });
  };
  for (const o of snap.objects.ServiceAccount.values()) add(o, serviceAccountHref(o.metadata.namespace ?? "default", o.metadata.name));
  // RBAC objects as the engine knows them: offline with the bootstrap policy's built-in ones
  const idx = rbacIndex(snap);
  const bindings = [...idx.clusterBindings, ...[...idx.roleBindingsByNamespace.values()].flat()];
  for (const o of bindings) {
    const ns = o.kind === "RoleBinding" ? (o.metadata.namespace ?? "default") : "";
    add(o, `/bindings?q=${enc(o.metadata.name)}${ns ? `&namespace=${enc(ns)}` : ""}`, builtInMark(o).builtIn ? "built-in" : undefined);
  }
  for (const o of [...idx.roles.values(), ...idx.clusterRoles.values()]) {
    const ns = o.kind === "Role" ? (o.metadata.namespace ?? "default") : "";
    add(o, ns ? `/roles/${enc(ns)}/${enc(o.metadata.name)}` : `/clusterroles/${enc(o.metadata.name)}`, `${builtInMark(o).builtIn ? "built-in · " : ""}rules, bindings, findings`);
  }
  // Workloads lead to the ServiceAccount they run as.
  for (const kind of ["Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job"] as const) {
    for (const o of snap.objects[kind].values()) {
      const ns = o.metadata.namespace ?? "default";
      const sa = serviceAccountOfSpec(podTemplateOf(o)?.spec);
      add(o, `${serviceAccountHref(ns, sa)}#runs-as`, `runs as ${sa}`);
    }
  }
  bySnapshot.set(snap, out);
  return out;
}

/** Up to `limit` hits: exact name first, then name prefix, then substring (of the name, or of namespace/name). */
export function search(snap: Snapshot, q: string, limit = 20, namespace?: string): SearchResult {
  const query = q.trim().toLowerCase();
  if (!query) return { version: snap.version, items: [] };
  const scored: { e: Entry; score: number }[] = [];
  for (const e of entries(snap)) {
    let score: number;
    if (e.lname === query) score = 0;
    else if (e.lname.startsWith(query)) score = 1;
    else if (e.lname.includes(query)) score = 2;
    // "namespace/name" only when the query says so, else a namespace would match all it holds.
    else if (query.includes("/") && e.key.includes(query)) score = 2;
    else continue;
    // The selected namespace's objects first.
    if (namespace && e.namespace !== namespace) score += 0.5;
    scored.push({ e, score });
  }
  const KIND_ORDER = ["ServiceAccount", "RoleBinding", "ClusterRoleBinding", "Role", "ClusterRole"];
  const ko = (k: string) => (KIND_ORDER.indexOf(k) + 1 || KIND_ORDER.length + 1);
  scored.sort((a, b) => a.score - b.score || ko(a.e.kind) - ko(b.e.kind) || a.e.key.localeCompare(b.e.key));
  return {
    version: snap.version,
    items: scored.slice(0, limit).map(({ e }) => ({
      kind: e.kind,
      ...(e.namespace ? { namespace: e.namespace } : {}),
      name: e.name,
      href: e.href,
      ...(e.detail ? { detail: e.detail } : {}),
    })),
  };
}

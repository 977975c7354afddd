// The frame's search box: ServiceAccounts, bindings, roles and workloads by name. A workload
// in a startup chain (and any other object of a chain: a Service, a Flux object) also leads to
// its chain, so searching a Deployment lands where its startup is explained.
import { rbacIndex } from "@/lib/rbac/indexes";
import { nodeId, type ChainsView, type Health } from "@/lib/chains/types";
import type { KubeObject, Snapshot } from "@/lib/store/types";
import { builtInMark } from "./builtin";
import { podTemplateOf, serviceAccountOfSpec } from "@/lib/k8s/workloads";
import type { SearchHit, SearchResult } from "./types";

interface Entry extends SearchHit {
  /** Lowercased "namespace/name" and name, what the query is matched against. */
  key: string;
  lname: string;
  /** A workload's chain node id (`Kind/namespace/name`) and its chain's page, if it is in one. */
  chain?: { node: string; href: string };
}

const enc = encodeURIComponent;

export function serviceAccountHref(namespace: string, name: string): string {
  return `/serviceaccounts/${enc(namespace)}/${enc(name)}`;
}

/** The page of the chain holding an object (the chains page names the kind in lower case). */
export function chainHref(namespace: string, kind: string, name: string): string {
  return `/chains/${enc(namespace)}/${enc(kind.toLowerCase())}/${enc(name)}`;
}

const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job"] as const;
const chainDetail = (health: Health) => `chain · ${health}`;

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
  // Workloads lead to the ServiceAccount they run as (and, when in a chain, to it: see search).
  for (const kind of WORKLOAD_KINDS) {
    for (const o of snap.objects[kind].values()) {
      const ns = o.metadata.namespace ?? "default";
      const sa = serviceAccountOfSpec(podTemplateOf(o)?.spec);
      add(o, `${serviceAccountHref(ns, sa)}#runs-as`, `runs as ${sa}`);
      const nodeNs = o.metadata.namespace ?? "";
      out[out.length - 1].chain = { node: nodeId(kind, nodeNs, o.metadata.name), href: chainHref(nodeNs, kind, o.metadata.name) };
    }
  }
  bySnapshot.set(snap, out);
  return out;
}

interface ChainIndex {
  /** Node id → the health of the chain holding it. */
  healthOf: Map<string, Health>;
  /** Chain members that are not among the snapshot entries (Services, Flux objects, bare pods…), as chain hits. */
  others: Entry[];
}

const byView = new WeakMap<ChainsView, ChainIndex>();

function chainIndex(view: ChainsView): ChainIndex {
  const hit = byView.get(view);
  if (hit) return hit;
  const healthOf = new Map<string, Health>();
  for (const c of view.chains) for (const id of c.nodes) healthOf.set(id, c.health);
  const workloads = new Set<string>(WORKLOAD_KINDS);
  const others: Entry[] = [];
  for (const n of view.nodes) {
    // Workloads have their entries; a Missing object or a selector that matched nothing has no object to find.
    if (workloads.has(n.kind) || n.kind === "Selector" || n.namespace === "*" || n.health === "Missing") continue;
    const health = healthOf.get(n.id);
    if (!health) continue;
    others.push({
      kind: n.kind,
      namespace: n.namespace,
      name: n.name,
      href: chainHref(n.namespace, n.kind, n.name),
      detail: chainDetail(health),
      key: `${n.namespace}/${n.name}`.toLowerCase(),
      lname: n.name.toLowerCase(),
    });
  }
  const index = { healthOf, others };
  byView.set(view, index);
  return index;
}

/**
 * Up to `limit` hits: exact name first, then name prefix, then substring (of the name, or of
 * namespace/name). With the chains view, a workload in a chain gives two hits, its chain first,
 * then the ServiceAccount it runs as; other objects of a chain give a hit to their chain.
 */
export function search(snap: Snapshot, q: string, limit = 20, namespace?: string, chains?: ChainsView): SearchResult {
  const query = q.trim().toLowerCase();
  if (!query) return { version: snap.version, items: [] };
  const index = chains && chainIndex(chains);
  const scored: { e: Entry; score: number }[] = [];
  const consider = (e: Entry) => {
    let score: number;
    if (e.lname === query) score = 0;
    else if (e.lname.startsWith(query)) score = 1;
    else if (e.lname.includes(query)) score = 2;
    // "namespace/name" only when the query says so, else a namespace would match all it holds.
    else if (query.includes("/") && e.key.includes(query)) score = 2;
    else return;
    // The selected namespace's objects first.
    if (namespace && e.namespace !== namespace) score += 0.5;
    // A workload in a chain: its chain first (the sort is stable), then the ServiceAccount it runs as.
    const health = e.chain && index?.healthOf.get(e.chain.node);
    if (health) scored.push({ e: { ...e, href: e.chain!.href, detail: chainDetail(health) }, score });
    scored.push({ e, score });
  };
  for (const e of entries(snap)) consider(e);
  for (const e of index?.others ?? []) consider(e);
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

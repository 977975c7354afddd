// Chains of a snapshot: structure (cached while specs stay the same) + live status.
// Pure: the caller passes `now` and the RBAC engine's can-i; caches live in the engine
// object the caller owns (one per server process), keyed on snapshot content.
import type { CronJob, Job, KubeObject, Kind, Pod, Service, Snapshot, Workload } from "@/lib/store/types";
import { buildStructure, WaitCache, type Structure, type StructNode } from "./graph";
import { structuralDiagnostics, statusDiagnostics, type CanI } from "./diagnostics";
import {
  MISSING,
  cronJobStatus,
  daemonSetStatus,
  deploymentStatus,
  jobStatus,
  podStatus,
  replicaSetStatus,
  serviceStatus,
  statefulSetStatus,
  terminating,
} from "./status";
import {
  HEALTH_ORDER,
  SEVERITY_ORDER,
  worstHealth,
  type Chain,
  type ChainNode,
  type ChainPod,
  type ChainsView,
  type Diagnostic,
  type Health,
  type Status,
} from "./types";

export type { CanI } from "./diagnostics";
export * from "./types";

export interface ChainsOptions {
  now: number;
  canI?: CanI;
  /** Server version (e.g. "1.34"), for k8s-wait-for version quirks. */
  clusterVersion?: string;
}

const STRUCT_KINDS: Kind[] = [
  "Namespace", "Pod", "Job", "CronJob", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Service",
  "ServiceAccount", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding",
];
const ORDER_ANNOTATIONS = [
  "helm.sh/hook", "helm.sh/hook-weight", "helm.sh/hook-delete-policy", "meta.helm.sh/release-name",
  "argocd.argoproj.io/sync-wave", "argocd.argoproj.io/hook", "argocd.argoproj.io/hook-delete-policy", "argocd.argoproj.io/tracking-id",
];

let identityCounter = 0;
const identities = new WeakMap<object, number>();
function identity(o: object): number {
  let n = identities.get(o);
  if (n === undefined) identities.set(o, (n = ++identityCounter));
  return n;
}

/** What in an object shapes the chain structure (not its status). */
function structuralPart(kind: Kind, o: KubeObject): string {
  const m = o.metadata;
  const id = `${m.uid ?? ""}/${m.namespace ?? ""}/${m.name}`;
  switch (kind) {
    case "Namespace":
      return m.name;
    case "Pod": {
      let l = "";
      for (const k in m.labels) l += `${k}=${m.labels[k]},`;
      return `${id}|${l}|${m.ownerReferences?.[0]?.name ?? ""}`;
    }
    case "Service":
      return `${id}|${JSON.stringify((o as Service).spec?.selector ?? null)}`;
    case "ServiceAccount":
      return `${id}|${(o as { automountServiceAccountToken?: boolean }).automountServiceAccountToken}`;
    case "Role":
    case "ClusterRole":
    case "RoleBinding":
    case "ClusterRoleBinding":
      return `${id}|${m.resourceVersion ?? identity(o)}`;
    default: {
      let a = "";
      if (m.annotations) for (const k of ORDER_ANNOTATIONS) if (k in m.annotations) a += `${k}=${m.annotations[k]},`;
      let l = "";
      for (const k in m.labels) l += `${k}=${m.labels[k]},`;
      return `${id}|${m.generation ?? `#${identity(o)}`}|${a}|${l}|${m.ownerReferences?.[0]?.name ?? ""}`;
    }
  }
}

interface Built {
  structure: Structure;
  diagnostics: Diagnostic[];
}

/** One per process; holds caches between snapshots. */
export class ChainsEngine {
  private cache = new WaitCache();
  private kindSig = new Map<Kind, { map: ReadonlyMap<string, KubeObject>; sig: string }>();
  private last?: { sig: string; canI?: CanI; clusterVersion?: string; built: Built };
  private lastView?: { snap: Snapshot; now: number; view: ChainsView };
  /** How many full structure builds ran (for tests and the benchmark). */
  structureBuilds = 0;

  get parses(): number {
    return this.cache.parses;
  }

  private signature(snap: Snapshot): string {
    let sig = "";
    for (const kind of STRUCT_KINDS) {
      const map = snap.objects[kind];
      const prev = this.kindSig.get(kind);
      if (prev && prev.map === map) {
        sig += prev.sig;
        continue;
      }
      const parts: string[] = [];
      for (const o of map.values()) parts.push(structuralPart(kind, o));
      parts.sort();
      const s = `${kind}:${parts.join(";")}\n`;
      this.kindSig.set(kind, { map, sig: s });
      sig += s;
    }
    return sig;
  }

  /** The whole cluster's chains. Memoised on the snapshot (and `now`). */
  build(snap: Snapshot, opts: ChainsOptions): ChainsView {
    if (this.lastView && this.lastView.snap === snap && this.lastView.now === opts.now) return this.lastView.view;
    const sig = this.signature(snap);
    let built = this.last?.sig === sig && this.last.canI === opts.canI && this.last.clusterVersion === opts.clusterVersion ? this.last.built : undefined;
    if (!built) {
      const structure = buildStructure(snap, this.cache);
      this.structureBuilds++;
      built = { structure, diagnostics: structuralDiagnostics(snap, structure, opts.canI, opts.clusterVersion) };
      this.last = { sig, built, ...(opts.canI ? { canI: opts.canI } : {}), ...(opts.clusterVersion ? { clusterVersion: opts.clusterVersion } : {}) };
    }
    const view = withStatus(snap, built, opts.now);
    this.lastView = { snap, now: opts.now, view };
    return view;
  }
}

function get<T extends KubeObject>(snap: Snapshot, kind: string, key: string | undefined): T | undefined {
  if (!key) return undefined;
  return (snap.objects[kind as Kind]?.get(key) as T | undefined) ?? undefined;
}

const MAX_PODS = 50;

function nodeStatus(snap: Snapshot, n: StructNode, pods: Pod[], now: number): Status {
  if (n.kind === "Selector") return { health: "Missing", text: `Nothing matches ${n.selectorText ?? ""}`.trim() };
  const o = get<KubeObject>(snap, n.kind, n.key);
  if (!o) return MISSING;
  const t = terminating(o);
  if (t) return t;
  switch (n.kind) {
    case "Job":
      return jobStatus(o as Job);
    case "Pod":
      return podStatus(o as Pod, now);
    case "Deployment": {
      const s = deploymentStatus(o as Workload);
      if (s.health === "Progressing") {
        const bad = pods.map((p) => podStatus(p, now)).find((p) => p.health === "Degraded");
        if (bad) return { health: s.health, text: `${s.text} · ${bad.text}` };
      }
      return s;
    }
    case "StatefulSet":
      return statefulSetStatus(o as Workload, pods, now);
    case "DaemonSet":
      return daemonSetStatus(o as Workload, pods, now);
    case "ReplicaSet":
      return replicaSetStatus(o as Workload);
    case "CronJob":
      return cronJobStatus(o as CronJob, n.jobs.map((k) => get<Job>(snap, "Job", k)).filter((j): j is Job => !!j));
    case "Service": {
      const sp = n.servicePods.map((k) => get<Pod>(snap, "Pod", k)).filter((p): p is Pod => !!p);
      const ready = sp.filter((p) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length;
      return serviceStatus(o as Service, ready, sp.length);
    }
    default:
      return { health: "Unknown", text: o.kind };
  }
}

/** Applies live status to a cached structure: O(nodes + their pods). */
function withStatus(snap: Snapshot, built: Built, now: number): ChainsView {
  const { structure: s } = built;
  const statuses = new Map<string, Status>();
  const nodes: ChainNode[] = [];
  for (const n of s.nodes.values()) {
    const podObjs: Pod[] = [];
    const podVia: (string | undefined)[] = [];
    for (const p of n.pods) {
      const po = get<Pod>(snap, "Pod", p.key);
      if (po) {
        podObjs.push(po);
        podVia.push(p.via);
      }
    }
    const st = nodeStatus(snap, n, podObjs, now);
    statuses.set(n.id, st);
    const node: ChainNode = { id: n.id, kind: n.kind, namespace: n.namespace, name: n.name, health: st.health, status: st.text };
    if (n.serviceAccount) node.serviceAccount = n.serviceAccount;
    if (podObjs.length && n.kind !== "Pod") {
      const pods: ChainPod[] = [];
      for (let i = 0; i < podObjs.length && i < MAX_PODS; i++) {
        const ps = podStatus(podObjs[i], now);
        pods.push({ name: podObjs[i].metadata.name, ...(podVia[i] ? { via: podVia[i] } : {}), health: ps.health, status: ps.text });
      }
      node.pods = pods;
    }
    nodes.push(node);
  }
  // Blocked by an unfinished upstream (DNS waits only need the Service to exist).
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const e of s.edges) {
    if (e.type !== "waits-for") continue;
    const from = byId.get(e.from)!;
    const to = byId.get(e.to)!;
    if (from.health === "Healthy" || from.health === "Suspended") continue;
    const done = e.mechanism === "dns" ? to.health !== "Missing" : to.health === "Healthy";
    if (done) continue;
    (from.blockedBy ??= []).push(to.id);
  }
  for (const n of nodes) {
    if (!n.blockedBy) continue;
    n.blockedBy.sort((a, b) => HEALTH_ORDER.indexOf(byId.get(b)!.health) - HEALTH_ORDER.indexOf(byId.get(a)!.health));
    const up = byId.get(n.blockedBy[0])!;
    n.ownStatus = n.status;
    n.status = `Blocked by ${up.kind}/${up.name} (${up.health})`;
  }

  const diagnostics = [...built.diagnostics, ...statusDiagnostics(s, statuses)];
  diagnostics.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
  return { nodes, edges: s.edges, diagnostics, chains: components(nodes, s) };
}

/** Connected components over all edges: each is one chain. */
function components(nodes: ChainNode[], s: Structure): Chain[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let c = x;
    while (c !== r) {
      const n = parent.get(c)!;
      parent.set(c, r);
      c = n;
    }
    return r;
  };
  for (const n of nodes) parent.set(n.id, n.id);
  for (const e of s.edges) {
    const a = find(e.from);
    const b = find(e.to);
    if (a !== b) parent.set(a, b);
  }
  const groups = new Map<string, string[]>();
  for (const n of nodes) {
    const r = find(n.id);
    const g = groups.get(r);
    if (g) g.push(n.id);
    else groups.set(r, [n.id]);
  }
  const health = new Map(nodes.map((n) => [n.id, n.health]));
  const out: Chain[] = [];
  for (const ids of groups.values()) {
    ids.sort();
    out.push({ id: ids[0], health: worstHealth(ids.map((i) => health.get(i)!)), nodes: ids });
  }
  out.sort((a, b) => HEALTH_ORDER.indexOf(b.health) - HEALTH_ORDER.indexOf(a.health) || a.id.localeCompare(b.id));
  return out;
}

/** The chains touching a namespace (whole chains, so cross-namespace upstreams stay). */
export function filterView(view: ChainsView, keep: (chain: Chain) => boolean): ChainsView {
  const chains = view.chains.filter(keep);
  const ids = new Set(chains.flatMap((c) => c.nodes));
  return {
    nodes: view.nodes.filter((n) => ids.has(n.id)),
    edges: view.edges.filter((e) => ids.has(e.from)),
    diagnostics: view.diagnostics.filter((d) => d.nodes.some((n) => ids.has(n))),
    chains,
  };
}

export function chainsInNamespace(view: ChainsView, namespace: string | undefined): ChainsView {
  if (!namespace) return view;
  const nsOf = new Map(view.nodes.map((n) => [n.id, n.namespace]));
  return filterView(view, (c) => c.nodes.some((id) => nsOf.get(id) === namespace));
}

/** The chain containing one node, or undefined if the node is in no chain. */
export function chainOf(view: ChainsView, id: string): ChainsView | undefined {
  const chain = view.chains.find((c) => c.nodes.includes(id));
  return chain ? filterView(view, (c) => c === chain) : undefined;
}

export type { Health };

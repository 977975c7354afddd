// Chains of a snapshot: structure (cached while specs stay the same) + live status.
// Pure: the caller passes `now` and the RBAC engine's can-i; caches live in the engine
// object the caller owns (one per server process), keyed on snapshot content.
import type { CronJob, FluxObject, Job, KubeObject, Kind, Pod, Service, Snapshot, Workload } from "@/lib/store/types";
import { buildStructure, holdsBack, WaitCache, type Structure, type StructNode } from "./graph";
import { rollup, structuralDiagnostics, statusDiagnostics, type CanI } from "./diagnostics";
import { conditionsOf, initContainerStates } from "./details";
import { FLUX_DEPENDS_ON } from "./ordering";
import {
  MISSING,
  cronJobStatus,
  daemonSetStatus,
  deploymentStatus,
  fluxStatus,
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
  worseHealth,
  worstHealth,
  type Chain,
  type ChainCondition,
  type ChainNode,
  type ChainPod,
  type ChainsView,
  type ContainerState,
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
  "ServiceAccount", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "Kustomization", "HelmRelease",
];
const ORDER_ANNOTATIONS = [
  "helm.sh/hook", "helm.sh/hook-weight", "helm.sh/hook-delete-policy", "meta.helm.sh/release-name",
  "argocd.argoproj.io/sync-wave", "argocd.argoproj.io/hook", "argocd.argoproj.io/hook-delete-policy", "argocd.argoproj.io/tracking-id",
];

/**
 * The structural part of objects, memoised per object (unchanged objects are shared between
 * snapshots). Objects without a resourceVersion or generation (manifests) stand for
 * themselves: they get a number of their own. One per engine.
 */
class StructuralParts {
  private parts = new WeakMap<KubeObject, string>();
  private identities = new WeakMap<object, number>();
  private counter = 0;

  of(kind: Kind, o: KubeObject): string {
    let p = this.parts.get(o);
    if (p === undefined) this.parts.set(o, (p = structuralPart(kind, o, (x) => this.identity(x))));
    return p;
  }

  private identity(o: object): number {
    let n = this.identities.get(o);
    if (n === undefined) this.identities.set(o, (n = ++this.counter));
    return n;
  }
}

/** What in an object shapes the chain structure (not its status). */
function structuralPart(kind: Kind, o: KubeObject, identity: (o: object) => number): string {
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
  /** Sorted worst first. */
  diagnostics: Diagnostic[];
  components: string[][];
}

/** One per process; holds caches between snapshots. */
export class ChainsEngine {
  private cache = new WaitCache();
  private last?: { canI?: CanI; clusterVersion?: string; built: Built };
  private lastView?: { snap: Snapshot; now: number; view: ChainsView };
  private memo = new Map<string, NodeMemo>();
  private parts = new StructuralParts();
  /** How many full structure builds ran (for tests and the benchmark). */
  structureBuilds = 0;

  get parses(): number {
    return this.cache.parses;
  }

  /**
   * Whether anything that shapes the structure differs from the last snapshot built. Maps
   * and objects shared with it (copy-on-write) are skipped by identity; only replaced
   * objects are compared, by their structural part.
   */
  private structureChanged(snap: Snapshot): boolean {
    const prev = this.lastView?.snap.objects;
    if (!prev) return true;
    for (const kind of STRUCT_KINDS) {
      const map = snap.objects[kind];
      const before = prev[kind];
      if (map === before) continue;
      if (map.size !== before.size) return true;
      for (const [k, o] of map) {
        const p = before.get(k);
        if (p === o) continue;
        if (p === undefined || this.parts.of(kind, p) !== this.parts.of(kind, o)) return true;
      }
    }
    return false;
  }

  /** The whole cluster's chains. Memoised on the snapshot (and `now`). */
  build(snap: Snapshot, opts: ChainsOptions): ChainsView {
    if (this.lastView && this.lastView.snap === snap && this.lastView.now === opts.now) return this.lastView.view;
    let built = this.last && this.last.canI === opts.canI && this.last.clusterVersion === opts.clusterVersion && !this.structureChanged(snap) ? this.last.built : undefined;
    if (!built) {
      const structure = buildStructure(snap, this.cache);
      this.structureBuilds++;
      built = { structure, diagnostics: structuralDiagnostics(snap, structure, opts.canI, opts.clusterVersion).sort(cmpDiag), components: components(structure) };
      this.last = { built, ...(opts.canI ? { canI: opts.canI } : {}), ...(opts.clusterVersion ? { clusterVersion: opts.clusterVersion } : {}) };
    }
    const view = withStatus(snap, built, opts.now, this.memo, this.lastView?.snap.objects);
    this.lastView = { snap, now: opts.now, view };
    return view;
  }
}

function get<T extends KubeObject>(snap: Snapshot, kind: string, key: string | undefined): T | undefined {
  if (!key) return undefined;
  return (snap.objects[kind as Kind]?.get(key) as T | undefined) ?? undefined;
}

const MAX_PODS = 50;

function nodeStatus(snap: Snapshot, n: StructNode, pods: readonly Pod[], now: number): Status {
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
    case "Kustomization":
    case "HelmRelease":
      return fluxStatus(o as FluxObject);
    default:
      return { health: "Unknown", text: o.kind };
  }
}

interface NodeMemo {
  obj: KubeObject | undefined;
  deps: readonly (KubeObject | undefined)[];
  status: Status;
  pods?: ChainPod[];
  conditions?: ChainCondition[];
  initContainers?: ContainerState[];
}

const NOTHING: readonly never[] = Object.freeze([]);

/** Objects a node's status reads: its own, its pods, a CronJob's Jobs, a Service's pods. */
function depsOf(snap: Snapshot, n: StructNode): { obj: KubeObject | undefined; deps: readonly (KubeObject | undefined)[]; pods: readonly Pod[]; via: readonly (string | undefined)[] } {
  const obj = get<KubeObject>(snap, n.kind, n.key);
  // Most nodes own nothing: no lists to make.
  if (!n.pods.length && !n.jobs.length && !n.servicePods.length) return { obj, deps: NOTHING, pods: NOTHING, via: NOTHING };
  const deps: (KubeObject | undefined)[] = [];
  const pods: Pod[] = [];
  const via: (string | undefined)[] = [];
  for (const p of n.pods) {
    const po = get<Pod>(snap, "Pod", p.key);
    deps.push(po);
    if (po) {
      pods.push(po);
      via.push(p.via);
    }
  }
  for (const k of n.jobs) deps.push(get<Job>(snap, "Job", k));
  for (const k of n.servicePods) deps.push(get<Pod>(snap, "Pod", k));
  return { obj, deps, pods, via };
}

/** Statuses that change with the clock alone (Unschedulable > 15 s, a pod degraded for minutes). */
function timeSensitive(n: StructNode, pods: readonly Pod[], status: Status): boolean {
  if (n.kind !== "Pod" && n.kind !== "StatefulSet" && n.kind !== "DaemonSet" && n.kind !== "Deployment") return false;
  if (status.health === "Degraded" && n.kind !== "StatefulSet" && n.kind !== "DaemonSet") return false;
  return pods.some((p) => p.status?.phase === "Pending" || (p.status?.containerStatuses ?? []).some((c) => !c.ready));
}

const sameDeps = (a: readonly (KubeObject | undefined)[], b: readonly (KubeObject | undefined)[]) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

const cmpDiag = (a: Diagnostic, b: Diagnostic) =>
  SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);

/**
 * Applies live status to a cached structure. A node whose objects are the same (by identity)
 * as last time keeps its status, so a status-only update costs O(changed nodes) plus one
 * pass over nodes and edges.
 */
function withStatus(snap: Snapshot, built: Built, now: number, memo: Map<string, NodeMemo>, prev: Snapshot["objects"] | undefined): ChainsView {
  const { structure: s } = built;
  const statuses: Status[] = []; // by StructNode index, like `nodes`
  const nodes: ChainNode[] = [];
  const byId = (id: string) => nodes[s.nodes.get(id)!.index];
  const objs = snap.objects as Record<string, ReadonlyMap<string, KubeObject> | undefined>;
  const before = prev as Record<string, ReadonlyMap<string, KubeObject> | undefined> | undefined;
  const podsSame = !!before && before.Pod === objs.Pod;
  const jobsSame = !!before && before.Job === objs.Job;
  for (const n of s.nodes.values()) {
    let m = memo.get(n.id);
    // Every map this node reads is the same as last time (copy-on-write snapshots): reuse.
    const same =
      m !== undefined && !!before && before[n.kind] === objs[n.kind] && (podsSame || (n.pods.length === 0 && n.servicePods.length === 0)) && (jobsSame || n.jobs.length === 0);
    if (!same) {
      const { obj, deps, pods: podObjs, via } = depsOf(snap, n);
      if (!m || m.obj !== obj || !sameDeps(m.deps, deps)) {
        const st = nodeStatus(snap, n, podObjs, now);
        let pods: ChainPod[] | undefined;
        if (podObjs.length && n.kind !== "Pod") {
          pods = [];
          for (let i = 0; i < podObjs.length && i < MAX_PODS; i++) {
            const ps = podStatus(podObjs[i], now);
            const init = initContainerStates(podObjs[i]);
            pods.push({ name: podObjs[i].metadata.name, ...(via[i] ? { via: via[i] } : {}), health: ps.health, status: ps.text, ...(init ? { initContainers: init } : {}) });
          }
        }
        const conditions = conditionsOf(obj);
        const initContainers = n.kind === "Pod" && obj ? initContainerStates(obj as Pod) : undefined;
        m = { obj, deps, status: st, ...(pods ? { pods } : {}), ...(conditions ? { conditions } : {}), ...(initContainers ? { initContainers } : {}) };
        // Clock-dependent statuses are recomputed every time.
        if (timeSensitive(n, podObjs, st)) memo.delete(n.id);
        else memo.set(n.id, m);
      }
    }
    if (!m) throw new Error(`no status for ${n.id}`);
    statuses.push(m.status);
    const node: ChainNode = { id: n.id, kind: n.kind, namespace: n.namespace, name: n.name, health: m.status.health, status: m.status.text };
    if (n.serviceAccount) node.serviceAccount = n.serviceAccount;
    if (m.pods) node.pods = m.pods;
    if (m.conditions) node.conditions = m.conditions;
    if (m.initContainers) node.initContainers = m.initContainers;
    nodes.push(node);
  }
  if (memo.size > s.nodes.size * 2) for (const k of memo.keys()) if (!s.nodes.has(k)) memo.delete(k);

  const live = statusDiagnostics(s, (id) => statuses[s.nodes.get(id)?.index ?? -1]).sort(cmpDiag);
  const diagnostics: Diagnostic[] = [];
  let i = 0;
  let j = 0;
  while (i < built.diagnostics.length || j < live.length) {
    if (j >= live.length || (i < built.diagnostics.length && cmpDiag(built.diagnostics[i], live[j]) <= 0)) diagnostics.push(built.diagnostics[i++]);
    else diagnostics.push(live[j++]);
  }

  // An unfinished node an error holds does not look like normal progress: its health is the
  // worse of its own and the error's. Finished (Healthy) and paused (Suspended) nodes keep
  // theirs: they are not waiting now (the error bites on their next start).
  const held = rollup(diagnostics);
  for (const [id, r] of held) {
    const sn = s.nodes.get(id);
    if (!sn) continue;
    const n = nodes[sn.index];
    if (n.health === "Healthy" || n.health === "Suspended") continue;
    const worse = worseHealth(n.health, r.health);
    if (worse !== n.health) {
      n.ownHealth = n.health;
      n.health = worse;
    }
    if (r.status !== undefined) {
      n.ownStatus = n.status;
      n.status = r.status;
    }
  }

  // Blocked by an unfinished upstream (DNS waits only need the Service to exist).
  for (const e of s.edges) {
    if (!holdsBack(e)) continue;
    const from = byId(e.from);
    if (from.health === "Healthy" || from.health === "Suspended") continue;
    const to = byId(e.to);
    let done: boolean;
    if (e.mechanism === "dns") done = to.health !== "Missing";
    // Flux holds a dependent until the dependency is Ready, suspended or not
    else if (e.mechanism === FLUX_DEPENDS_ON) done = statuses[s.nodes.get(e.to)!.index].dependencyReady === true;
    else done = to.health === "Healthy";
    // several edges (containers, tools) may lead to the same upstream: list it once
    if (!done && !from.blockedBy?.includes(to.id)) (from.blockedBy ??= []).push(to.id);
  }
  for (const n of nodes) {
    if (!n.blockedBy) continue;
    if (n.blockedBy.length > 1) n.blockedBy.sort((a, b) => HEALTH_ORDER.indexOf(byId(b).health) - HEALTH_ORDER.indexOf(byId(a).health));
    // what an error says of the node speaks louder than its upstream's health
    if (n.ownStatus !== undefined) continue;
    const up = byId(n.blockedBy[0]);
    n.ownStatus = n.status;
    n.status = `Blocked by ${up.kind}/${up.name} (${up.health})`;
  }

  const chains: Chain[] = built.components.map((ids) => ({ id: ids[0], health: worstHealth(ids.map((id) => byId(id).health)), nodes: ids }));
  chains.sort((a, b) => HEALTH_ORDER.indexOf(b.health) - HEALTH_ORDER.indexOf(a.health) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes, edges: s.edges, diagnostics, chains };
}

/** Connected components over all edges: each is one chain (node ids sorted). */
function components(s: Structure): string[][] {
  const list = [...s.nodes.values()]; // list[n.index] === n
  const parent = new Int32Array(list.length);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const e of s.edges) {
    const a = find(s.nodes.get(e.from)!.index);
    const b = find(s.nodes.get(e.to)!.index);
    if (a !== b) parent[a] = b;
  }
  const groups: string[][] = [];
  const groupOf = new Int32Array(list.length).fill(-1);
  for (const n of list) {
    const r = find(n.index);
    if (groupOf[r] < 0) {
      groupOf[r] = groups.length;
      groups.push([n.id]);
    } else groups[groupOf[r]].push(n.id);
  }
  return groups.map((ids) => ids.sort());
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

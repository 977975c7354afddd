// The structure of the chains: nodes, edges and the facts diagnostics need, computed from
// the snapshot's specs (not statuses), so a status-only update can reuse it. Built in steps:
// lookups over the snapshot (./lookup), then the waits of each pod template and the nodes
// they lead to, the ordering (Helm, Argo CD) and Flux dependsOn edges, and last what each
// node owns (pods, a CronJob's Jobs) and who waits on whom.
import { objectKey } from "@/lib/store/snapshot";
import type { KubeObject, Kind, PodSpec, Service, Snapshot } from "@/lib/store/types";
import { selectorFromSet, selectorMatches } from "@/lib/k8s/selectors";
import { podTemplateOf, serviceAccountOfSpec } from "@/lib/k8s/workloads";
import { resolveHost } from "./dns";
import { idOf, SnapshotLookup, TEMPLATE_KINDS, type Top } from "./lookup";
import { FLUX_DEPENDS_ON, fluxDependsOnEdges, orderingEdges, type FluxDependsOnEdge, type OrderedItem } from "./ordering";
import { nodeId, type ChainEdge, type Wait, type WaitTarget } from "./types";
import type { WaitCache } from "./wait-cache";

export { nodeId };
export { idOf } from "./lookup";
export { WaitCache } from "./wait-cache";

/**
 * Edges whose source cannot start (or be applied) until the target is done: runtime waits,
 * and Flux dependsOn (Flux holds a dependent until its dependencies are Ready). Helm and
 * Argo CD ordering only sequence an apply, so they hold nothing back at runtime.
 */
export const holdsBack = (e: ChainEdge) => e.type === "waits-for" || e.mechanism === FLUX_DEPENDS_ON;

/** A node as the structure knows it: where its object lives, and what it owns. */
export interface StructNode {
  id: string;
  /** Position in Structure.nodes (insertion order), for array-based passes. */
  index: number;
  kind: string;
  namespace: string;
  name: string;
  /** objectKey in snap.objects[kind]; undefined for Missing / selector nodes. */
  key?: string;
  /** Pods under it (objectKeys) with the owner path. */
  pods: readonly { key: string; via?: string }[];
  /** Jobs made by a CronJob (objectKeys). */
  jobs: readonly string[];
  /** Service: pods behind its selector. */
  servicePods: readonly string[];
  serviceAccount?: string;
  /** Missing-node details: same kind/name found in these namespaces. */
  foundIn?: string[];
  selectorText?: string;
}

/** A wait resolved against the snapshot. */
export interface ResolvedWait {
  waiter: string;
  wait: Wait;
  targets: string[];
  /** A host that names no Service (IP, localhost, external). */
  external?: boolean;
}

export interface Structure {
  nodes: Map<string, StructNode>;
  edges: ChainEdge[];
  waits: ResolvedWait[];
  /** Per waiter: its pod spec (for SA, automount) and namespace. */
  waiters: Map<string, { spec: PodSpec; namespace: string; obj: KubeObject }>;
  /** Upstream id → the nodes it holds back (holdsBack edges), for status diagnostics. */
  waitersOf: Map<string, string[]>;
  /** k8s-wait-for `job` mode waits (they wait forever on a failed Job). */
  jobModeWaits: ResolvedWait[];
  /** Every Flux dependsOn entry with its two ends (for the missing-dependency diagnostics). */
  fluxEdges: FluxDependsOnEdge[];
}

/** Shared empty list for nodes that own nothing (lists are replaced, never pushed to: frozen, so a push throws). */
const NONE: readonly never[] = Object.freeze([]);

type Waiter = { spec: PodSpec; namespace: string; obj: KubeObject };

/** The nodes and edges as they are added: each node once, each edge once. */
class Graph {
  readonly nodes = new Map<string, StructNode>();
  readonly edges: ChainEdge[] = [];
  /** from → its edges (deduplicated on target, type, mechanism, container). */
  private readonly edgesFrom = new Map<string, ChainEdge[]>();

  constructor(private readonly lookup: SnapshotLookup) {}

  ensure(id: string, kind: string, namespace: string, name: string, obj?: KubeObject): StructNode {
    let n = this.nodes.get(id);
    if (!n) {
      n = { id, index: this.nodes.size, kind, namespace, name, pods: NONE, jobs: NONE, servicePods: NONE };
      if (obj) n.key = objectKey(obj);
      this.nodes.set(id, n);
    }
    return n;
  }

  nodeFor(o: KubeObject): StructNode {
    return this.ensure(idOf(o), o.kind, o.metadata.namespace ?? "", o.metadata.name, o);
  }

  /** The node of an object, a Service with the workloads it selects. */
  targetNode(o: KubeObject): StructNode {
    return o.kind === "Service" ? this.serviceNode(o as Service) : this.nodeFor(o);
  }

  /** A node for something that does not exist, noting the namespaces that do have one of that kind and name. */
  missingNode(kind: string, ns: string | null, name: string): StructNode {
    const n = this.ensure(nodeId(kind, ns ?? "*", name), kind, ns ?? "*", name);
    n.foundIn = this.lookup.namespacesOf(kind, name).filter((x) => x !== ns);
    return n;
  }

  /** A Service's node: the first time, its pods and an edge to each workload it selects. */
  serviceNode(svc: Service): StructNode {
    const existed = this.nodes.has(idOf(svc));
    const n = this.nodeFor(svc);
    const set = svc.spec?.selector;
    if (existed || !set || !Object.keys(set).length) return n;
    const sel = selectorFromSet(set);
    const ns = svc.metadata.namespace ?? "";
    n.servicePods = this.lookup.podsMatching(ns, sel).filter((p) => selectorMatches(sel, p.metadata.labels)).map(objectKey);
    for (const w of this.lookup.workloadsMatching(ns, sel)) {
      this.nodeFor(this.lookup.get(w)!);
      this.addEdge({ from: n.id, to: w, type: "waits-for", mechanism: "selects pods" });
    }
    return n;
  }

  addEdge(e: ChainEdge) {
    // Out-degrees are small: a scan of the node's edges beats a key per pair.
    const out = this.edgesFrom.get(e.from);
    const container = e.container ?? "";
    if (!out) this.edgesFrom.set(e.from, [e]);
    else if (out.some((x) => x.to === e.to && x.type === e.type && x.mechanism === e.mechanism && (x.container ?? "") === container)) return;
    else out.push(e);
    this.edges.push(e);
  }
}

/** The node ids a wait's target resolves to (Missing and Selector nodes when nothing exists); `external` for a host that names no Service. */
function resolveTarget(g: Graph, lookup: SnapshotLookup, snap: Snapshot, t: WaitTarget, ns: string): { targets: string[]; external?: boolean } {
  if (t.type === "host") {
    const h = resolveHost(t.host, ns, (x) => lookup.hasNamespace(x));
    if (h.type !== "service") return { targets: [], external: true };
    const svc = lookup.get(nodeId("Service", h.namespace, h.name)) as Service | undefined;
    return { targets: [svc ? g.serviceNode(svc).id : g.missingNode("Service", h.namespace, h.name).id] };
  }
  if (t.name !== undefined) return { targets: namedTargets(g, lookup, t.kind, t.namespace, t.name) };
  if (t.selector) return { targets: selectorTargets(g, lookup, snap, t) };
  return { targets: [] };
}

/** An object named by kind, namespace (null: any) and name. */
function namedTargets(g: Graph, lookup: SnapshotLookup, kind: string, namespace: string | null, name: string): string[] {
  const targets: string[] = [];
  const nss = namespace === null ? lookup.namespacesOf(kind, name) : [namespace];
  for (const n of nss) {
    const obj = lookup.get(nodeId(kind, n, name));
    if (!obj) continue;
    // A named Pod stands for its workload (db-0 → StatefulSet/db).
    const target = kind === "Pod" ? (lookup.get(lookup.topOf(obj)) ?? obj) : obj;
    targets.push(g.targetNode(target).id);
  }
  if (!targets.length) targets.push(g.missingNode(kind, namespace, name).id);
  return targets;
}

/** The objects a label selector matches (pods stand for their workloads), else a Selector node saying nothing does. */
function selectorTargets(g: Graph, lookup: SnapshotLookup, snap: Snapshot, t: Extract<WaitTarget, { type: "object" }>): string[] {
  const sel = t.selector!;
  const targets: string[] = [];
  if (t.kind === "Pod") targets.push(...lookup.workloadsMatching(t.namespace, sel));
  else {
    const kindMap = snap.objects[t.kind as Kind] as ReadonlyMap<string, KubeObject> | undefined;
    for (const obj of kindMap?.values() ?? []) {
      if ((t.namespace !== null && (obj.metadata.namespace ?? "") !== t.namespace) || !selectorMatches(sel, obj.metadata.labels)) continue;
      targets.push(g.targetNode(lookup.get(lookup.topOf(obj)) ?? obj).id);
    }
  }
  for (const id of targets) if (!g.nodes.has(id)) g.nodeFor(lookup.get(id)!);
  if (!targets.length) {
    const sn = g.ensure(`Selector/${t.namespace ?? "*"}/${t.kind}:${t.selectorText ?? ""}`, "Selector", t.namespace ?? "*", `${t.kind} ${t.selectorText ?? ""}`);
    sn.selectorText = t.selectorText ?? "";
    targets.push(sn.id);
  }
  return targets;
}

/** Every wait of every pod template, resolved to its targets, with a waits-for edge to each. */
function addWaits(g: Graph, lookup: SnapshotLookup, snap: Snapshot, cache: WaitCache): { waits: ResolvedWait[]; waiters: Map<string, Waiter> } {
  const waits: ResolvedWait[] = [];
  const waiters = new Map<string, Waiter>();
  for (const { o, spec } of lookup.tops) {
    const ns = o.metadata.namespace ?? "";
    const ws = cache.get(o, spec, ns);
    if (!ws.length) continue;
    const waiter = g.nodeFor(o);
    waiter.serviceAccount = serviceAccountOfSpec(spec);
    waiters.set(waiter.id, { spec, namespace: ns, obj: o });
    for (const w of ws) {
      const { targets, external } = w.unresolved ? { targets: [] } : resolveTarget(g, lookup, snap, w.target, ns);
      const uniq = targets.length > 1 ? [...new Set(targets)] : targets;
      waits.push({ waiter: waiter.id, wait: w, targets: uniq, ...(external ? { external } : {}) });
      for (const to of uniq) g.addEdge({ from: waiter.id, to, type: "waits-for", mechanism: w.mechanism, container: w.container, command: w.command });
    }
  }
  return { waits, waiters };
}

const isOrdered = ({ o }: Top) => {
  const a = o.metadata.annotations;
  return !!a && ("helm.sh/hook" in a || "meta.helm.sh/release-name" in a || "argocd.argoproj.io/sync-wave" in a || "argocd.argoproj.io/hook" in a || "argocd.argoproj.io/tracking-id" in a);
};

/** runs-after edges from Helm hook and Argo CD sync-wave annotations. */
function addOrderingEdges(g: Graph, lookup: SnapshotLookup) {
  const ordered: OrderedItem[] = lookup.tops.filter(isOrdered).map(({ o }) => ({ id: idOf(o), obj: o }));
  if (ordered.length < 2) return;
  for (const e of orderingEdges(ordered)) {
    g.nodeFor(lookup.get(e.from)!);
    g.nodeFor(lookup.get(e.to)!);
    g.addEdge({ from: e.from, to: e.to, type: "runs-after", mechanism: e.mechanism });
  }
}

/** Flux dependsOn: dependent → dependency (a dependency that does not exist is a Missing node). */
function addFluxEdges(g: Graph, snap: Snapshot): FluxDependsOnEdge[] {
  const fluxEdges = fluxDependsOnEdges([snap.objects.Kustomization, snap.objects.HelmRelease]);
  for (const e of fluxEdges) {
    for (const end of [e.from, e.to]) {
      const n = g.ensure(end.id, end.kind, end.namespace, end.name);
      if (end.key) n.key = end.key;
      if (end.foundIn) n.foundIn = end.foundIn;
    }
    g.addEdge({ from: e.from.id, to: e.to.id, type: "runs-after", mechanism: FLUX_DEPENDS_ON });
  }
  return fluxEdges;
}

/** Owned pods and jobs for every node in a chain; the ServiceAccount of every workload in one, waiter or not (its page links back). */
function attachOwned(nodes: Map<string, StructNode>, lookup: SnapshotLookup) {
  for (const n of nodes.values()) {
    if (n.serviceAccount === undefined && n.key && TEMPLATE_KINDS.includes(n.kind as Kind)) {
      const o = lookup.get(n.id);
      const spec = o && podTemplateOf(o)?.spec;
      if (spec) n.serviceAccount = serviceAccountOfSpec(spec);
    }
    n.pods = lookup.podsByTop.get(n.id) ?? NONE;
    if (n.kind === "CronJob") n.jobs = lookup.jobsByCronJob.get(n.id) ?? NONE;
    if (n.kind === "Pod" && n.key) n.pods = [{ key: n.key }];
  }
}

/** Upstream id → the nodes it holds back. */
function waitersOfEdges(edges: readonly ChainEdge[]): Map<string, string[]> {
  const waitersOf = new Map<string, string[]>();
  for (const e of edges) {
    if (!holdsBack(e)) continue;
    const l = waitersOf.get(e.to);
    if (!l) waitersOf.set(e.to, [e.from]);
    else if (!l.includes(e.from)) l.push(e.from);
  }
  return waitersOf;
}

export function buildStructure(snap: Snapshot, cache: WaitCache): Structure {
  const lookup = new SnapshotLookup(snap);
  const g = new Graph(lookup);
  const { waits, waiters } = addWaits(g, lookup, snap, cache);
  addOrderingEdges(g, lookup);
  const fluxEdges = addFluxEdges(g, snap);
  attachOwned(g.nodes, lookup);
  const jobModeWaits = waits.filter((rw) => rw.wait.tool === "k8s-wait-for" && rw.wait.mode === "job");
  cache.sweep();
  return { nodes: g.nodes, edges: g.edges, waits, waiters, waitersOf: waitersOfEdges(g.edges), jobModeWaits, fluxEdges };
}

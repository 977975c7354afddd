// The structure of the chains: nodes, edges and the facts diagnostics need, computed from
// the snapshot's specs (not statuses), so a status-only update can reuse it.
import { objectKey } from "@/lib/store/snapshot";
import type { KubeObject, Kind, Pod, PodSpec, Service, Snapshot } from "@/lib/store/types";
import { requiredValue, selectorFromSet, selectorMatches, type LabelSelector } from "@/lib/k8s/selectors";
import { controllerOf, podTemplateOf, serviceAccountOfSpec } from "@/lib/k8s/workloads";
import { resolveHost } from "./dns";
import { FLUX_DEPENDS_ON, fluxDependsOnEdges, orderingEdges, type FluxDependsOnEdge, type OrderedItem } from "./ordering";
import { nodeId, type ChainEdge, type Wait } from "./types";
import { templateWaits } from "./waits";

export { nodeId };

/**
 * Edges whose source cannot start (or be applied) until the target is done: runtime waits,
 * and Flux dependsOn (Flux holds a dependent until its dependencies are Ready). Helm and
 * Argo CD ordering only sequence an apply, so they hold nothing back at runtime.
 */
export const holdsBack = (e: ChainEdge) => e.type === "waits-for" || e.mechanism === FLUX_DEPENDS_ON;

const ids = new WeakMap<KubeObject, string>();
/** The node id of an object (memoised per object: snapshots share unchanged objects). */
export const idOf = (o: KubeObject): string => {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nodeId(o.kind, o.metadata.namespace ?? "", o.metadata.name)));
  return id;
};

/**
 * The items of namespace `ns` that may match `sel`: those carrying the one value it requires
 * of some key (a superset of the matches, in list order; callers still check the whole
 * selector), or all of them when it requires no single value (`!=`, `notin`, exists…). The
 * index of a namespace by one label key is built when first asked.
 */
function selectorCandidates<T>(
  byNs: Map<string, T[]>,
  index: Map<string, Map<string, Map<string, T[]>>>,
  ns: string,
  sel: LabelSelector,
  labelsOf: (x: T) => Record<string, string> | undefined,
): T[] {
  const all = byNs.get(ns) ?? [];
  const req = requiredValue(sel);
  if (!req) return all;
  const first = req.key;
  let byKey = index.get(ns);
  if (!byKey) index.set(ns, (byKey = new Map()));
  let byValue = byKey.get(first);
  if (!byValue) {
    byKey.set(first, (byValue = new Map()));
    for (const x of all) {
      const l = labelsOf(x);
      if (!l || !Object.prototype.hasOwnProperty.call(l, first)) continue;
      const v = l[first];
      const list = byValue.get(v);
      if (list) list.push(x);
      else byValue.set(v, [x]);
    }
  }
  return byValue.get(req.value) ?? [];
}

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

const TEMPLATE_KINDS: Kind[] = ["Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "ReplicaSet", "Pod"];
const INDEX_KINDS: Kind[] = ["Namespace", ...TEMPLATE_KINDS, "Service"];
const INDEXED_KINDS = new Set<string>(INDEX_KINDS);

const ownerIds = new WeakMap<KubeObject, string | null>();
/** The node id of an object's controller (memoised per object, like idOf); null without one. */
function ownerIdOf(o: KubeObject): string | null {
  let id = ownerIds.get(o);
  if (id === undefined) {
    const ref = controllerOf(o);
    ownerIds.set(o, (id = ref ? nodeId(ref.kind, o.metadata.namespace ?? "", ref.name) : null));
  }
  return id;
}

/** Shared empty list for nodes that own nothing (lists are replaced, never pushed to: frozen, so a push throws). */
const NONE: readonly never[] = Object.freeze([]);

/** Cache of parsed waits per pod template; entries not used by a build are dropped. */
export class WaitCache {
  private byKey = new Map<string, Wait[]>();
  private next = new Map<string, Wait[]>();
  private bySpec = new WeakMap<object, Wait[]>();
  parses = 0;

  get(o: KubeObject, spec: PodSpec, namespace: string): Wait[] {
    const m = o.metadata;
    // Live objects: uid + generation identify the spec (status writes do not bump it).
    // Pods have immutable containers; manifests have neither: fall back to object identity.
    const key = m.uid && (m.generation !== undefined || o.kind === "Pod") ? `${m.uid}@${m.generation ?? 0}` : undefined;
    if (key) {
      let w = this.next.get(key) ?? this.byKey.get(key);
      if (!w) {
        w = templateWaits(spec, namespace);
        this.parses++;
      }
      this.next.set(key, w);
      return w;
    }
    let w = this.bySpec.get(spec);
    if (!w) {
      w = templateWaits(spec, namespace);
      this.parses++;
      this.bySpec.set(spec, w);
    }
    return w;
  }
  /** Call after a build: forget templates that are gone. */
  sweep() {
    this.byKey = this.next;
    this.next = new Map();
  }
}

export function buildStructure(snap: Snapshot, cache: WaitCache): Structure {
  const nodes = new Map<string, StructNode>();
  const edges: ChainEdge[] = [];
  /** from → its edges (deduplicated on target, type, mechanism, container). */
  const edgesFrom = new Map<string, ChainEdge[]>();
  const waits: ResolvedWait[] = [];
  const waiters = new Map<string, { spec: PodSpec; namespace: string; obj: KubeObject }>();

  // ---- indexes ----
  const byId = new Map<string, KubeObject>();
  const namespaces = new Set<string>();
  for (const kind of INDEX_KINDS) {
    for (const o of snap.objects[kind].values()) {
      if (kind === "Namespace") {
        namespaces.add(o.metadata.name);
        continue;
      }
      const ns = o.metadata.namespace ?? "";
      namespaces.add(ns);
      byId.set(idOf(o), o);
    }
  }
  // kind → name → namespaces, built per kind when first asked (only missing or
  // all-namespace targets need it).
  const byKindName = new Map<string, Map<string, string[]>>();
  const namespacesOf = (kind: string, name: string): string[] => {
    let byName = byKindName.get(kind);
    if (!byName) {
      byKindName.set(kind, (byName = new Map()));
      if (kind !== "Namespace" && INDEXED_KINDS.has(kind)) {
        for (const o of snap.objects[kind as Kind].values()) {
          if (o.kind !== kind) continue;
          const l = byName.get(o.metadata.name);
          if (l) l.push(o.metadata.namespace ?? "");
          else byName.set(o.metadata.name, [o.metadata.namespace ?? ""]);
        }
      }
    }
    return byName.get(name) ?? [];
  };

  // Owner chains: the top-level workload of every object with a pod template.
  const topCache = new Map<KubeObject, string>();
  const topOf = (o: KubeObject): string => {
    if (!o.metadata.ownerReferences?.length) return idOf(o);
    const c = topCache.get(o);
    if (c) return c;
    let cur = o;
    for (let i = 0; i < 4; i++) {
      const ownerId = ownerIdOf(cur);
      if (ownerId === null) break;
      const owner = byId.get(ownerId);
      if (!owner) break;
      cur = owner;
    }
    const top = idOf(cur);
    topCache.set(o, top);
    return top;
  };

  const ensure = (id: string, kind: string, namespace: string, name: string, obj?: KubeObject): StructNode => {
    let n = nodes.get(id);
    if (!n) {
      n = { id, index: nodes.size, kind, namespace, name, pods: NONE, jobs: NONE, servicePods: NONE };
      if (obj) n.key = objectKey(obj);
      nodes.set(id, n);
    }
    return n;
  };
  const nodeFor = (o: KubeObject) => ensure(idOf(o), o.kind, o.metadata.namespace ?? "", o.metadata.name, o);
  const addEdge = (e: ChainEdge) => {
    // Out-degrees are small: a scan of the node's edges beats a key per pair.
    const out = edgesFrom.get(e.from);
    const container = e.container ?? "";
    if (!out) edgesFrom.set(e.from, [e]);
    else if (out.some((x) => x.to === e.to && x.type === e.type && x.mechanism === e.mechanism && (x.container ?? "") === container)) return;
    else out.push(e);
    edges.push(e);
  };

  // Pods (and Jobs) under each top-level workload.
  const podsByTop = new Map<string, { key: string; via?: string }[]>();
  const podsByNs = new Map<string, Pod[]>();
  for (const p of snap.objects.Pod.values() as Iterable<Pod>) {
    const ns = p.metadata.namespace ?? "";
    const l = podsByNs.get(ns);
    if (l) l.push(p);
    else podsByNs.set(ns, [p]);
    const ref = controllerOf(p);
    if (!ref) continue;
    const top = topOf(p);
    const via = ref.kind === "ReplicaSet" || (ref.kind === "Job" && top.startsWith("CronJob/")) ? `${ref.kind}/${ref.name}` : undefined;
    const list = podsByTop.get(top);
    const entry = { key: objectKey(p), ...(via ? { via } : {}) };
    if (list) list.push(entry);
    else podsByTop.set(top, [entry]);
  }
  const jobsByCronJob = new Map<string, string[]>();
  for (const j of snap.objects.Job.values()) {
    const ref = controllerOf(j);
    if (ref?.kind !== "CronJob") continue;
    const id = nodeId("CronJob", j.metadata.namespace ?? "", ref.name);
    const l = jobsByCronJob.get(id);
    if (l) l.push(objectKey(j));
    else jobsByCronJob.set(id, [objectKey(j)]);
  }

  // Top-level workloads and their templates' labels (for selector resolution).
  const tops: { o: KubeObject; spec: PodSpec; labels?: Record<string, string> }[] = [];
  for (const kind of TEMPLATE_KINDS) {
    for (const o of snap.objects[kind].values()) {
      if (o.metadata.ownerReferences?.length && topOf(o) !== idOf(o)) continue;
      const t = podTemplateOf(o);
      if (t) tops.push({ o, spec: t.spec, ...(t.labels ? { labels: t.labels } : {}) });
    }
  }
  const topsByNs = new Map<string, typeof tops>();
  for (const t of tops) {
    const ns = t.o.metadata.namespace ?? "";
    const l = topsByNs.get(ns);
    if (l) l.push(t);
    else topsByNs.set(ns, [t]);
  }

  // Per namespace, label key → value → the tops / pods carrying that label (in list order), so a
  // selector only checks the objects that have its first label.
  const topsByLabel = new Map<string, Map<string, Map<string, typeof tops>>>();
  const podsByLabel = new Map<string, Map<string, Map<string, Pod[]>>>();
  const topLabels = (t: (typeof tops)[0]) => t.labels;
  const podLabels = (p: Pod) => p.metadata.labels;
  const podsMatching = (ns: string, sel: LabelSelector) => selectorCandidates(podsByNs, podsByLabel, ns, sel, podLabels);

  /** Top-level workloads whose pods match a selector (by template labels and live pods). */
  const workloadsMatching = (ns: string | null, sel: LabelSelector, podKinds = true): string[] => {
    const out = new Set<string>();
    const nss = ns === null ? [...topsByNs.keys()] : [ns];
    for (const n of nss) {
      if (podKinds) for (const t of selectorCandidates(topsByNs, topsByLabel, n, sel, topLabels)) if (selectorMatches(sel, t.labels)) out.add(idOf(t.o));
      for (const p of podsMatching(n, sel)) if (selectorMatches(sel, p.metadata.labels)) out.add(topOf(p));
    }
    return [...out].filter((id) => byId.has(id));
  };

  const missingNode = (kind: string, ns: string | null, name: string) => {
    const n = ensure(nodeId(kind, ns ?? "*", name), kind, ns ?? "*", name);
    n.foundIn = namespacesOf(kind, name).filter((x) => x !== ns);
    return n;
  };

  const serviceNode = (svc: Service): StructNode => {
    const existed = nodes.has(idOf(svc));
    const n = nodeFor(svc);
    if (!existed) {
      const set = svc.spec?.selector;
      if (set && Object.keys(set).length) {
        const sel = selectorFromSet(set);
        const ns = svc.metadata.namespace ?? "";
        n.servicePods = podsMatching(ns, sel).filter((p) => selectorMatches(sel, p.metadata.labels)).map(objectKey);
        for (const w of workloadsMatching(ns, sel)) {
          const wo = byId.get(w)!;
          nodeFor(wo);
          addEdge({ from: n.id, to: w, type: "waits-for", mechanism: "selects pods" });
        }
      }
    }
    return n;
  };

  // ---- waits ----
  for (const { o, spec } of tops) {
    const ns = o.metadata.namespace ?? "";
    const ws = cache.get(o, spec, ns);
    if (!ws.length) continue;
    const waiter = nodeFor(o);
    waiter.serviceAccount = serviceAccountOfSpec(spec);
    waiters.set(waiter.id, { spec, namespace: ns, obj: o });
    for (const w of ws) {
      const targets: string[] = [];
      let external = false;
      if (!w.unresolved) {
        const t = w.target;
        if (t.type === "host") {
          const h = resolveHost(t.host, ns, (x) => namespaces.has(x));
          if (h.type === "service") {
            const svc = byId.get(nodeId("Service", h.namespace, h.name)) as Service | undefined;
            targets.push(svc ? serviceNode(svc).id : missingNode("Service", h.namespace, h.name).id);
          } else external = true;
        } else if (t.name !== undefined) {
          const nss = t.namespace === null ? namespacesOf(t.kind, t.name) : [t.namespace];
          for (const n of nss) {
            const obj = byId.get(nodeId(t.kind, n, t.name));
            if (!obj) continue;
            // A named Pod stands for its workload (db-0 → StatefulSet/db).
            const target = t.kind === "Pod" ? byId.get(topOf(obj)) ?? obj : obj;
            targets.push(target.kind === "Service" ? serviceNode(target as Service).id : nodeFor(target).id);
          }
          if (!targets.length) targets.push(missingNode(t.kind, t.namespace, t.name).id);
        } else if (t.selector) {
          if (t.kind === "Pod") targets.push(...workloadsMatching(t.namespace, t.selector));
          else {
            const kindMap = snap.objects[t.kind as Kind] as ReadonlyMap<string, KubeObject> | undefined;
            for (const obj of kindMap?.values() ?? []) {
              if ((t.namespace !== null && (obj.metadata.namespace ?? "") !== t.namespace) || !selectorMatches(t.selector, obj.metadata.labels)) continue;
              const top = byId.get(topOf(obj)) ?? obj;
              targets.push(top.kind === "Service" ? serviceNode(top as Service).id : nodeFor(top).id);
            }
          }
          for (const id of targets) if (!nodes.has(id)) nodeFor(byId.get(id)!);
          if (!targets.length) {
            const sn = ensure(`Selector/${t.namespace ?? "*"}/${t.kind}:${t.selectorText ?? ""}`, "Selector", t.namespace ?? "*", `${t.kind} ${t.selectorText ?? ""}`);
            sn.selectorText = t.selectorText ?? "";
            targets.push(sn.id);
          }
        }
      }
      const uniq = targets.length > 1 ? [...new Set(targets)] : targets;
      waits.push({ waiter: waiter.id, wait: w, targets: uniq, ...(external ? { external } : {}) });
      for (const to of uniq) addEdge({ from: waiter.id, to, type: "waits-for", mechanism: w.mechanism, container: w.container, command: w.command });
    }
  }

  // ---- runs-after from ordering annotations ----
  const ordered: OrderedItem[] = tops
    .filter(({ o }) => {
      const a = o.metadata.annotations;
      return !!a && ("helm.sh/hook" in a || "meta.helm.sh/release-name" in a || "argocd.argoproj.io/sync-wave" in a || "argocd.argoproj.io/hook" in a || "argocd.argoproj.io/tracking-id" in a);
    })
    .map(({ o }) => ({ id: idOf(o), obj: o }));
  if (ordered.length > 1) {
    for (const e of orderingEdges(ordered)) {
      nodeFor(byId.get(e.from)!);
      nodeFor(byId.get(e.to)!);
      addEdge({ from: e.from, to: e.to, type: "runs-after", mechanism: e.mechanism });
    }
  }
  // Flux dependsOn: dependent → dependency (a dependency that does not exist is a Missing node).
  const fluxEdges = fluxDependsOnEdges([snap.objects.Kustomization, snap.objects.HelmRelease]);
  for (const e of fluxEdges) {
    for (const end of [e.from, e.to]) {
      const n = ensure(end.id, end.kind, end.namespace, end.name);
      if (end.key) n.key = end.key;
      if (end.foundIn) n.foundIn = end.foundIn;
    }
    addEdge({ from: e.from.id, to: e.to.id, type: "runs-after", mechanism: FLUX_DEPENDS_ON });
  }

  // Owned pods and jobs for every node in a chain.
  for (const n of nodes.values()) {
    n.pods = podsByTop.get(n.id) ?? NONE;
    if (n.kind === "CronJob") n.jobs = jobsByCronJob.get(n.id) ?? NONE;
    if (n.kind === "Pod" && n.key) n.pods = [{ key: n.key }];
  }
  const waitersOf = new Map<string, string[]>();
  for (const e of edges) {
    if (!holdsBack(e)) continue;
    const l = waitersOf.get(e.to);
    if (!l) waitersOf.set(e.to, [e.from]);
    else if (!l.includes(e.from)) l.push(e.from);
  }
  const jobModeWaits = waits.filter((rw) => rw.wait.tool === "k8s-wait-for" && rw.wait.mode === "job");
  cache.sweep();
  return { nodes, edges, waits, waiters, waitersOf, jobModeWaits, fluxEdges };
}

// Lookups over a snapshot for building the chain structure: objects by node id, namespaces,
// the top-level workload of each object (owner chains), the pods and Jobs each one owns, and
// the workloads and pods a label selector matches. Built once per structure build.
import { objectKey } from "@/lib/store/snapshot";
import type { KubeObject, Kind, Pod, PodSpec, Snapshot } from "@/lib/store/types";
import { requiredValue, selectorMatches, type LabelSelector } from "@/lib/k8s/selectors";
import { controllerOf, podTemplateOf } from "@/lib/k8s/workloads";
import { nodeId } from "./types";

const ids = new WeakMap<KubeObject, string>();
/** The node id of an object (memoised per object: snapshots share unchanged objects). */
export const idOf = (o: KubeObject): string => {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nodeId(o.kind, o.metadata.namespace ?? "", o.metadata.name)));
  return id;
};

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

export const TEMPLATE_KINDS: Kind[] = ["Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "ReplicaSet", "Pod"];
const INDEX_KINDS: Kind[] = ["Namespace", ...TEMPLATE_KINDS, "Service"];
const INDEXED_KINDS = new Set<string>(INDEX_KINDS);

/** A top-level workload (or bare pod) and its pod template. */
export interface Top {
  o: KubeObject;
  spec: PodSpec;
  labels?: Record<string, string>;
}

/** A pod under a top-level workload, with the owner in between (ReplicaSet, a CronJob's Job). */
export interface OwnedPod {
  key: string;
  via?: string;
}

/** label key → value → items carrying it, per namespace. */
type LabelIndex<T> = Map<string, Map<string, Map<string, T[]>>>;

function push<V>(m: Map<string, V[]>, k: string, v: V) {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/**
 * The items of namespace `ns` that may match `sel`: those carrying the one value it requires
 * of some key (a superset of the matches, in list order; callers still check the whole
 * selector), or all of them when it requires no single value (`!=`, `notin`, exists…). The
 * index of a namespace by one label key is built when first asked.
 */
function selectorCandidates<T>(byNs: Map<string, T[]>, index: LabelIndex<T>, ns: string, sel: LabelSelector, labelsOf: (x: T) => Record<string, string> | undefined): T[] {
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
      push(byValue, l[first], x);
    }
  }
  return byValue.get(req.value) ?? [];
}

const topLabels = (t: Top) => t.labels;
const podLabels = (p: Pod) => p.metadata.labels;

export class SnapshotLookup {
  /** Objects of the indexed kinds by node id. */
  private readonly byId = new Map<string, KubeObject>();
  private readonly namespaces = new Set<string>();
  /** kind → name → namespaces, built per kind when first asked (only missing or all-namespace targets need it). */
  private readonly byKindName = new Map<string, Map<string, string[]>>();
  private readonly topCache = new Map<KubeObject, string>();
  private readonly podsByNs = new Map<string, Pod[]>();
  private readonly podsByLabel: LabelIndex<Pod> = new Map();
  private readonly topsByNs = new Map<string, Top[]>();
  private readonly topsByLabel: LabelIndex<Top> = new Map();
  /** Pods under each top-level workload (by its node id). */
  readonly podsByTop = new Map<string, OwnedPod[]>();
  /** Jobs (objectKeys) made by each CronJob (by its node id). */
  readonly jobsByCronJob = new Map<string, string[]>();
  /** Top-level workloads with a pod template, in kind order. */
  readonly tops: Top[] = [];

  constructor(private readonly snap: Snapshot) {
    this.indexObjects();
    this.indexPods();
    this.indexJobs();
    this.indexTops();
  }

  private indexObjects() {
    for (const kind of INDEX_KINDS) {
      for (const o of this.snap.objects[kind].values()) {
        if (kind === "Namespace") {
          this.namespaces.add(o.metadata.name);
          continue;
        }
        this.namespaces.add(o.metadata.namespace ?? "");
        this.byId.set(idOf(o), o);
      }
    }
  }

  private indexPods() {
    for (const p of this.snap.objects.Pod.values() as Iterable<Pod>) {
      push(this.podsByNs, p.metadata.namespace ?? "", p);
      const ref = controllerOf(p);
      if (!ref) continue;
      const top = this.topOf(p);
      const via = ref.kind === "ReplicaSet" || (ref.kind === "Job" && top.startsWith("CronJob/")) ? `${ref.kind}/${ref.name}` : undefined;
      push(this.podsByTop, top, { key: objectKey(p), ...(via ? { via } : {}) });
    }
  }

  private indexJobs() {
    for (const j of this.snap.objects.Job.values()) {
      const ref = controllerOf(j);
      if (ref?.kind === "CronJob") push(this.jobsByCronJob, nodeId("CronJob", j.metadata.namespace ?? "", ref.name), objectKey(j));
    }
  }

  private indexTops() {
    for (const kind of TEMPLATE_KINDS) {
      for (const o of this.snap.objects[kind].values()) {
        if (o.metadata.ownerReferences?.length && this.topOf(o) !== idOf(o)) continue;
        const t = podTemplateOf(o);
        if (t) this.tops.push({ o, spec: t.spec, ...(t.labels ? { labels: t.labels } : {}) });
      }
    }
    for (const t of this.tops) push(this.topsByNs, t.o.metadata.namespace ?? "", t);
  }

  /** The object of a node id (indexed kinds only). */
  get(id: string): KubeObject | undefined {
    return this.byId.get(id);
  }

  hasNamespace(ns: string): boolean {
    return this.namespaces.has(ns);
  }

  /** The namespaces holding an object of this kind and name. */
  namespacesOf(kind: string, name: string): string[] {
    let byName = this.byKindName.get(kind);
    if (!byName) {
      this.byKindName.set(kind, (byName = new Map()));
      if (kind !== "Namespace" && INDEXED_KINDS.has(kind)) {
        for (const o of this.snap.objects[kind as Kind].values()) if (o.kind === kind) push(byName, o.metadata.name, o.metadata.namespace ?? "");
      }
    }
    return byName.get(name) ?? [];
  }

  /** The node id of an object's top-level workload (Pod → ReplicaSet → Deployment), or its own. */
  topOf(o: KubeObject): string {
    if (!o.metadata.ownerReferences?.length) return idOf(o);
    const c = this.topCache.get(o);
    if (c) return c;
    let cur = o;
    for (let i = 0; i < 4; i++) {
      const ownerId = ownerIdOf(cur);
      if (ownerId === null) break;
      const owner = this.byId.get(ownerId);
      if (!owner) break;
      cur = owner;
    }
    const top = idOf(cur);
    this.topCache.set(o, top);
    return top;
  }

  /** Pods of a namespace that may match a selector (check it still). */
  podsMatching(ns: string, sel: LabelSelector): Pod[] {
    return selectorCandidates(this.podsByNs, this.podsByLabel, ns, sel, podLabels);
  }

  /** Top-level workloads whose pods match a selector (by template labels and live pods). */
  workloadsMatching(ns: string | null, sel: LabelSelector): string[] {
    const out = new Set<string>();
    const nss = ns === null ? [...this.topsByNs.keys()] : [ns];
    for (const n of nss) {
      for (const t of selectorCandidates(this.topsByNs, this.topsByLabel, n, sel, topLabels)) if (selectorMatches(sel, t.labels)) out.add(idOf(t.o));
      for (const p of this.podsMatching(n, sel)) if (selectorMatches(sel, p.metadata.labels)) out.add(this.topOf(p));
    }
    return [...out].filter((id) => this.byId.has(id));
  }
}

// Which workloads and pods run as each ServiceAccount. Memoised per snapshot (snapshots are
// immutable and replaced on change), so a request never rescans the cluster.
import { controllerOf, podTemplateOf, serviceAccountOfSpec } from "@/lib/k8s/workloads";
import { memoOnKinds } from "@/lib/store/memo";
import type { CronJob, Job, Kind, KubeObject, Pod, ServiceAccount, Snapshot, Workload } from "@/lib/store/types";
import { cronJobHealth, jobHealth, podHealth, workloadHealth, type HealthView } from "./health";
import type { ObjectRef, TokenMount } from "./types";

export interface RunsAsEntry {
  ref: ObjectRef;
  health: HealthView;
  /** The pod template's (or pod's) own automountServiceAccountToken. */
  podAutomount: boolean | undefined;
  owner?: ObjectRef;
}

export interface RunsAs {
  workloads: RunsAsEntry[];
  pods: RunsAsEntry[];
}

/** Pod-level automountServiceAccountToken overrides the SA's; neither set means mounted. */
export function tokenMount(podAutomount: boolean | undefined, saAutomount: boolean | undefined): TokenMount {
  if (podAutomount !== undefined) return { mounted: podAutomount, decidedBy: "pod" };
  if (saAutomount !== undefined) return { mounted: saAutomount, decidedBy: "serviceaccount" };
  return { mounted: true, decidedBy: "default" };
}

const saKey = (namespace: string, name: string) => `${namespace}/${name}`;

const INPUT_KINDS = ["Pod", "ReplicaSet", "Deployment", "Job", "CronJob", "StatefulSet", "DaemonSet"] as const satisfies readonly [Kind, ...Kind[]];
/** Map "namespace/name" of a ServiceAccount → what runs as it. */
// Memoised on the workload maps: an RBAC-only change reuses the last result. One per process
// (shareAs): it holds an entry per pod, and the pages' and the routes' copies of this module
// would each hold their own.
export const runsAsIndex = memoOnKinds(INPUT_KINDS, (snap: Snapshot): Map<string, RunsAs> => {
  const out = new Map<string, RunsAs>();
  // Equal health views and owner refs are one object each: most of a cluster's pods are
  // replicas that read "Running 1/1" and share their owner, and this index holds one entry per
  // pod for the server's life (about 200 bytes a pod when each had its own).
  const healths = new Map<string, HealthView>();
  const shareHealth = (h: HealthView): HealthView => {
    const k = `${h.health}\n${h.status}`;
    const seen = healths.get(k);
    if (seen) return seen;
    healths.set(k, h);
    return h;
  };
  const owners = new Map<string, ObjectRef>();
  const entry = (ns: string, sa: string) => {
    const k = saKey(ns, sa);
    let e = out.get(k);
    if (!e) out.set(k, (e = { workloads: [], pods: [] }));
    return e;
  };
  // Objects by kind/namespace/name, to walk owner references (manifests have no UIDs).
  const byName = new Map<string, KubeObject>();
  for (const kind of ["ReplicaSet", "Deployment", "Job", "CronJob", "StatefulSet", "DaemonSet"] as const) {
    for (const o of snap.objects[kind].values()) byName.set(`${kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`, o);
  }
  /** The outermost known controller of an object (Pod → ReplicaSet → Deployment). */
  const topOwner = (obj: KubeObject): ObjectRef | undefined => {
    let cur: KubeObject = obj;
    let ref: ObjectRef | undefined;
    for (let depth = 0; depth < 4; depth++) {
      const o = controllerOf(cur);
      if (!o) break;
      const ns = obj.metadata.namespace ?? "";
      const key = `${o.kind}/${ns}/${o.name}`;
      ref = owners.get(key);
      if (!ref) owners.set(key, (ref = { kind: o.kind, namespace: ns, name: o.name }));
      const next = byName.get(key);
      if (!next) break;
      cur = next;
    }
    return ref;
  };
  const hasKnownOwner = (obj: KubeObject, kinds: string[]) => {
    const o = controllerOf(obj);
    return !!o && kinds.includes(o.kind) && byName.has(`${o.kind}/${obj.metadata.namespace ?? ""}/${o.name}`);
  };
  const addWorkload = (obj: KubeObject, health: HealthView) => {
    const spec = podTemplateOf(obj)?.spec;
    const ns = obj.metadata.namespace ?? "default";
    entry(ns, serviceAccountOfSpec(spec)).workloads.push({
      ref: { kind: obj.kind, namespace: ns, name: obj.metadata.name },
      health,
      podAutomount: spec?.automountServiceAccountToken,
    });
  };

  for (const kind of ["Deployment", "StatefulSet", "DaemonSet"] as const) for (const o of snap.objects[kind].values()) addWorkload(o, shareHealth(workloadHealth(o as Workload)));
  for (const o of snap.objects.ReplicaSet.values()) if (!hasKnownOwner(o, ["Deployment"])) addWorkload(o, shareHealth(workloadHealth(o as Workload)));
  for (const o of snap.objects.CronJob.values()) addWorkload(o, shareHealth(cronJobHealth(o as CronJob)));
  for (const o of snap.objects.Job.values()) if (!hasKnownOwner(o, ["CronJob"])) addWorkload(o, shareHealth(jobHealth(o as Job)));
  for (const o of snap.objects.Pod.values()) {
    const pod = o as Pod;
    const ns = pod.metadata.namespace ?? "default";
    const owner = topOwner(pod);
    const e = entry(ns, serviceAccountOfSpec(pod.spec));
    const health = shareHealth(podHealth(pod));
    e.pods.push({ ref: { kind: "Pod", namespace: ns, name: pod.metadata.name }, health, podAutomount: pod.spec?.automountServiceAccountToken, owner });
    // A pod with no controller is its own workload.
    if (!controllerOf(pod)) e.workloads.push({ ref: { kind: "Pod", namespace: ns, name: pod.metadata.name }, health, podAutomount: pod.spec?.automountServiceAccountToken });
  }
  const byRef = (a: RunsAsEntry, b: RunsAsEntry) => a.ref.kind.localeCompare(b.ref.kind) || a.ref.name.localeCompare(b.ref.name);
  for (const e of out.values()) {
    e.workloads.sort(byRef);
    e.pods.sort(byRef);
  }
  return out;
}, undefined, "runs-as");

export function runsAs(snap: Snapshot, namespace: string, name: string): RunsAs {
  return runsAsIndex(snap).get(saKey(namespace, name)) ?? { workloads: [], pods: [] };
}

/** ServiceAccounts by "namespace/name". */
const saCache = new WeakMap<ReadonlyMap<string, KubeObject>, Map<string, ServiceAccount>>();
export function serviceAccountsByName(snap: Snapshot): Map<string, ServiceAccount> {
  const m = snap.objects.ServiceAccount;
  let hit = saCache.get(m);
  if (!hit) {
    hit = new Map();
    for (const o of m.values()) hit.set(saKey(o.metadata.namespace ?? "default", o.metadata.name), o as ServiceAccount);
    saCache.set(m, hit);
  }
  return hit;
}

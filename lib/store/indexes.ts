import type { Binding, Kind, KubeObject, Pod, PodTemplate, Snapshot, Subject } from "./types";

// Derived lookups over a snapshot, memoised per snapshot version in WeakMaps keyed by the
// per-kind maps the snapshot holds: an unchanged kind shares its map with the previous
// snapshot, so e.g. a Pod-only change does not rebuild the bindings index.

/** "namespace/name" of a ServiceAccount. */
export function saKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/**
 * "kind/namespace/name" of a binding subject. A ServiceAccount subject without a namespace
 * means the binding's own namespace (as the RBAC authorizer reads it); users and groups have none.
 */
export function subjectKey(subject: Pick<Subject, "kind" | "name" | "namespace">, bindingNamespace?: string): string {
  const ns = subject.kind === "ServiceAccount" ? subject.namespace || bindingNamespace || "" : "";
  return `${subject.kind}/${ns}/${subject.name}`;
}

/** The ServiceAccount a pod spec runs as: serviceAccountName, the deprecated serviceAccount, else "default". */
export function serviceAccountOfSpec(spec: { serviceAccountName?: string; serviceAccount?: string } | undefined): string {
  return spec?.serviceAccountName || spec?.serviceAccount || "default";
}

/** Kinds whose pod template names a ServiceAccount. */
export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"] as const satisfies readonly Kind[];

/** The pod template of a workload object (CronJob: its job template's). */
export function podTemplateOf(obj: KubeObject): PodTemplate | undefined {
  const spec = obj.spec as { template?: PodTemplate; jobTemplate?: { spec?: { template?: PodTemplate } } } | undefined;
  return obj.kind === "CronJob" ? spec?.jobTemplate?.spec?.template : spec?.template;
}

type Index<T> = ReadonlyMap<string, readonly T[]>;

function push<T>(m: Map<string, T[]>, key: string, v: T): void {
  const list = m.get(key);
  if (list) list.push(v);
  else m.set(key, [v]);
}

type Cache = WeakMap<object, { value?: unknown; next: Cache }>;

/** Memoises build() on a tuple of objects (nested WeakMaps: nothing is kept alive by the cache). */
function memo<V>(cache: Cache, keys: readonly object[], build: () => V): V {
  let level = cache;
  let node: { value?: unknown; next: Cache } | undefined;
  for (const k of keys) {
    node = level.get(k);
    if (!node) level.set(k, (node = { next: new WeakMap() }));
    level = node.next;
  }
  if (!node) return build();
  if (!("value" in node)) node.value = build();
  return node.value as V;
}

const podsCache: Cache = new WeakMap();
/** Pods by the ServiceAccount they run as ("namespace/name"). */
export function podsByServiceAccount(snap: Snapshot): Index<Pod> {
  const pods = snap.objects.Pod;
  return memo(podsCache, [pods], () => {
    const m = new Map<string, Pod[]>();
    for (const p of pods.values() as IterableIterator<Pod>) {
      push(m, saKey(p.metadata.namespace ?? "default", serviceAccountOfSpec(p.spec)), p);
    }
    return m;
  });
}

const workloadsCache: Cache = new WeakMap();
/** Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs by their template's ServiceAccount. */
export function workloadsByServiceAccount(snap: Snapshot): Index<KubeObject> {
  return memo(workloadsCache, WORKLOAD_KINDS.map((k) => snap.objects[k]), () => {
    const m = new Map<string, KubeObject[]>();
    for (const kind of WORKLOAD_KINDS) {
      for (const obj of snap.objects[kind].values()) {
        const sa = serviceAccountOfSpec(podTemplateOf(obj)?.spec);
        push(m, saKey(obj.metadata.namespace ?? "default", sa), obj);
      }
    }
    return m;
  });
}

const bindingsCache: Cache = new WeakMap();
/** RoleBindings and ClusterRoleBindings by subject (subjectKey); a binding appears once per distinct subject. */
export function bindingsBySubject(snap: Snapshot): Index<Binding> {
  return memo(bindingsCache, [snap.objects.RoleBinding, snap.objects.ClusterRoleBinding], () => {
    const m = new Map<string, Binding[]>();
    for (const kind of ["RoleBinding", "ClusterRoleBinding"] as const) {
      for (const b of snap.objects[kind].values() as IterableIterator<Binding>) {
        const keys = new Set((b.subjects ?? []).map((s) => subjectKey(s, kind === "RoleBinding" ? b.metadata.namespace : undefined)));
        for (const k of keys) push(m, k, b);
      }
    }
    return m;
  });
}

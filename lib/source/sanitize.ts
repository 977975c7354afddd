import type { KubeObject } from "@/lib/store/types";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/**
 * Drops what no layer reads and what only costs memory: managedFields and kubectl's
 * last-applied copy of the whole object (which also duplicates env values), and of pods all
 * but what the views read (trimPod). Env entries in pod specs are kept: chains expands $(VAR)
 * server-side; the API layer never sends them out.
 * Returns a shallow copy with a fresh metadata object; the rest is shared.
 */
export function sanitizeObject<T extends KubeObject>(obj: T, kind?: string, apiVersion?: string): T {
  const metadata = { ...obj.metadata } as T["metadata"] & { managedFields?: unknown };
  delete metadata.managedFields;
  if (metadata.annotations && LAST_APPLIED in metadata.annotations) {
    const annotations = { ...metadata.annotations };
    delete annotations[LAST_APPLIED];
    metadata.annotations = annotations;
  }
  // List items from the API server carry no kind/apiVersion; the informer knows them.
  const out = { ...obj, kind: obj.kind ?? kind, apiVersion: obj.apiVersion ?? apiVersion, metadata } as T;
  return out.kind === "Pod" ? trimPod(out) : out;
}

type Json = Record<string, unknown>;
const pick = (o: unknown, keys: readonly string[]): Json | undefined => {
  if (!o || typeof o !== "object") return undefined;
  const out: Json = {};
  for (const k of keys) if ((o as Json)[k] !== undefined) out[k] = (o as Json)[k];
  return out;
};
const pickEach = (xs: unknown, keys: readonly string[]) => (Array.isArray(xs) ? xs.map((x) => pick(x, keys) ?? x) : xs);

// What the views read of a pod (runs-as, health, chains: waits in commands and env, status).
// Pods are most of a cluster's objects; the rest of a pod (volumes, probes, resources,
// tolerations, IPs, image and container ids) is about half its size.
const POD_SPEC = ["serviceAccountName", "serviceAccount", "automountServiceAccountToken", "restartPolicy", "nodeName", "imagePullSecrets", "initContainers", "containers"] as const;
const CONTAINER = ["name", "image", "command", "args", "env", "restartPolicy"] as const;
const POD_STATUS = ["phase", "reason", "message", "conditions", "startTime", "initContainerStatuses", "containerStatuses"] as const;
const CONDITION = ["type", "status", "reason", "message", "lastTransitionTime"] as const;
const CONTAINER_STATUS = ["name", "state", "lastState", "ready", "restartCount", "started", "image"] as const;

function trimPod<T extends KubeObject>(pod: T): T {
  const spec = pick(pod.spec, POD_SPEC);
  if (spec) {
    if (spec.initContainers) spec.initContainers = pickEach(spec.initContainers, CONTAINER);
    if (spec.containers) spec.containers = pickEach(spec.containers, CONTAINER);
  }
  const status = pick(pod.status, POD_STATUS);
  if (status) {
    if (status.conditions) status.conditions = pickEach(status.conditions, CONDITION);
    if (status.initContainerStatuses) status.initContainerStatuses = pickEach(status.initContainerStatuses, CONTAINER_STATUS);
    if (status.containerStatuses) status.containerStatuses = pickEach(status.containerStatuses, CONTAINER_STATUS);
  }
  return { ...pod, ...(spec ? { spec } : {}), ...(status ? { status } : {}) };
}

/**
 * The same data as fresh, compact objects and strings. What the YAML parser builds holds about
 * 3.4 times the heap of the same data from JSON.parse (measured on 10k pods and 100k other
 * objects: 611 MB against 181 MB), so manifests keep this copy, not the parser's.
 */
export function compactObject<T extends KubeObject>(obj: T): T {
  return JSON.parse(JSON.stringify(obj)) as T;
}

/**
 * Replaces each string value in `v` (nested) by the first equal string seen in `table`. A
 * thread's message arrives with a fresh copy of every string, and most values repeat across
 * objects (kinds, API groups, condition types, timestamps, images, env names): at 20k pods
 * they were a third of the heap. Keys need nothing: V8 shares property names.
 */
export function internStrings(v: unknown, table: Map<string, string>): void {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === "string") v[i] = intern(x, table);
      else if (x && typeof x === "object") internStrings(x, table);
    }
  } else if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (typeof x === "string") o[k] = intern(x, table);
      else if (x && typeof x === "object") internStrings(x, table);
    }
  }
}

function intern(s: string, table: Map<string, string>): string {
  const seen = table.get(s);
  if (seen !== undefined) return seen;
  table.set(s, s);
  return s;
}

/**
 * The parts seen in one load, each distinct part once (frozen). A part is looked up by a
 * number hashed from its own values and its children's ids, then compared field by field
 * (its children are shared already, so by identity): no key strings. JSON text as keys held
 * every nested subtree again until the load ended (150 MB at 50k pods), which raised the peak
 * and the RSS left after it.
 */
export class SharedParts {
  private byHash = new Map<number, object[]>();
  private ids = new WeakMap<object, number>();
  private count = 0;

  /** The first part equal to `v` (its children already shared), or `v`, frozen, as that part. */
  canonical(v: object): object {
    const h = this.hash(v);
    const list = this.byHash.get(h);
    if (list) for (const seen of list) if (sameFields(seen, v)) return seen;
    if (list) list.push(v);
    else this.byHash.set(h, [v]);
    this.ids.set(v, ++this.count);
    return Object.freeze(v);
  }

  private hash(v: object): number {
    let h = Array.isArray(v) ? 0x51ed27 : 0x2f9b35;
    const mix = (x: number) => (h = Math.imul(h ^ x, 0x9e3779b1) ^ (h >>> 15));
    const value = (x: unknown) => mix(x && typeof x === "object" ? this.ids.get(x)! : typeof x === "string" ? stringHash(x) : x === null ? 1 : x === true ? 2 : x === false ? 3 : stringHash(String(x)));
    if (Array.isArray(v)) for (const x of v) value(x);
    else for (const k in v) {
      mix(stringHash(k));
      value((v as Json)[k]);
    }
    return h >>> 0;
  }
}

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** Same keys in the same order with identical values (children are already shared parts). */
function sameFields(a: object, b: object): boolean {
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || (a as Json)[ka[i]] !== (b as Json)[kb[i]]) return false;
  return true;
}

/**
 * Makes equal parts of pods one shared, frozen object: the replicas of a workload carry the
 * same containers, env, conditions and owner, and after trimPod those parts are most of a pod
 * (about half its heap in a probe of 20k realistic pods). Keep `parts` for one load only.
 * Frozen, since a change through one pod would otherwise show in all of them.
 */
export function shareParts(obj: KubeObject, parts: SharedParts): void {
  if (obj.kind !== "Pod") return;
  const o = obj as KubeObject & { spec?: unknown; status?: unknown };
  if (o.spec) o.spec = share(o.spec, parts);
  if (o.status) o.status = share(o.status, parts);
  if (o.metadata.labels) o.metadata.labels = share(o.metadata.labels, parts) as Record<string, string>;
  if (o.metadata.ownerReferences) o.metadata.ownerReferences = share(o.metadata.ownerReferences, parts) as typeof o.metadata.ownerReferences;
}

function share(v: unknown, parts: SharedParts): unknown {
  if (!v || typeof v !== "object") return v;
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) v[i] = share(v[i], parts);
  else for (const k in v) (v as Json)[k] = share((v as Json)[k], parts);
  return parts.canonical(v);
}

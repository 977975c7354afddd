// Which ServiceAccounts exist, and which ones bindings name. The authorizer never checks that
// an SA exists: a binding to a missing one grants whoever creates it later.
import type { Binding, ServiceAccount, Snapshot } from "@/lib/store/types";
import { rbacIndex, subjectKey, userKey } from "./indexes";
import { parseServiceAccountUser } from "./subjects";
import { memoOnKinds } from "@/lib/store/memo";

/**
 * A binding of the API server's bootstrap policy (system:controller:*, system:discovery, …).
 * The API server labels every one it creates so; Rolecall's offline copy of them too. They
 * exist in every cluster and are nobody's decision, unlike a binding to a built-in role.
 */
export function isBootstrapBinding(b: Binding): boolean {
  return b.metadata.labels?.["kubernetes.io/bootstrapping"] === "rbac-defaults";
}

/** Namespaces every cluster has, whether or not a manifest folder declares them. */
const BUILT_IN_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

export interface ServiceAccountPresence {
  /** SA objects by "namespace/name". */
  objects: ReadonlyMap<string, ServiceAccount>;
  namespaces: ReadonlySet<string>;
  /** False while the ServiceAccount kind is not listed (not permitted, error): nothing can be called missing. */
  known: boolean;
}

const knownOf = (snap: Snapshot) => {
  const state = snap.kinds.find((k) => k.kind === "ServiceAccount")?.state;
  return state === undefined || state === "synced" || state === "syncing";
};

/** The ServiceAccount objects and namespaces of a snapshot (memoised on their maps). */
export const serviceAccountPresence = memoOnKinds(["ServiceAccount", "Namespace"], (snap): ServiceAccountPresence => {
  const objects = new Map<string, ServiceAccount>();
  const namespaces = new Set(BUILT_IN_NAMESPACES);
  for (const o of snap.objects.Namespace.values()) namespaces.add(o.metadata.name);
  for (const o of snap.objects.ServiceAccount.values()) {
    const n = o.metadata.namespace ?? "default";
    objects.set(`${n}/${o.metadata.name}`, o as ServiceAccount);
    namespaces.add(n);
  }
  return { objects, namespaces, known: knownOf(snap) };
}, (snap) => [knownOf(snap)], "rbac.serviceAccountPresence");

/**
 * "object": the SA object is there. "implied": `default` of an existing namespace, which
 * Kubernetes creates with the namespace (a manifest folder rarely contains it). "missing".
 * Unknown presence (SAs not listed) counts as present: nothing is called missing on a guess.
 */
export function serviceAccountState(p: ServiceAccountPresence, namespace: string, name: string): "object" | "implied" | "missing" {
  if (p.objects.has(`${namespace}/${name}`) || !p.known) return "object";
  if (name === "default" && p.namespaces.has(namespace)) return "implied";
  return "missing";
}

/** The ServiceAccount ("namespace/name") a binding's subject names: as a ServiceAccount or by its user name. */
export function serviceAccountOfSubject(b: Binding, subjectIndex: number): { namespace: string; name: string } | undefined {
  const k = subjectKey(b, subjectIndex);
  if (!k || k.matchedBy.type === "Group") return undefined;
  return parseServiceAccountUser(k.key.slice(userKey("").length));
}

const namedMemo = new WeakMap<object, Set<string>>();

/** Every ServiceAccount ("namespace/name") a binding names, bootstrap-policy bindings left out. */
export function serviceAccountsNamedByBindings(snap: Snapshot): ReadonlySet<string> {
  const idx = rbacIndex(snap);
  // keyed on the binding index's subject map, which is replaced whenever a binding changes
  const hit = namedMemo.get(idx.bySubject);
  if (hit) return hit;
  const out = new Set<string>();
  const add = (b: Binding) => {
    if (isBootstrapBinding(b)) return;
    const n = b.subjects?.length ?? 0;
    for (let i = 0; i < n; i++) {
      const sa = serviceAccountOfSubject(b, i);
      if (sa) out.add(`${sa.namespace}/${sa.name}`);
    }
  };
  for (const b of idx.clusterBindings) add(b);
  for (const list of idx.roleBindingsByNamespace.values()) for (const b of list) add(b);
  namedMemo.set(idx.bySubject, out);
  return out;
}

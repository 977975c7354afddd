// Derived indexes over a snapshot's RBAC objects, so that no request scans the whole
// cluster: roles by name, bindings by subject (and by subject + namespace), bindings by
// namespace. `rbacIndex(snap)` builds them once per snapshot (the role part once per pair of
// role maps); an `RbacIndexer`, which the store's consumer owns, derives the next snapshot's
// binding index from the last one and a store change event (one changed binding costs its
// own subjects, not a rebuild).
import type { Binding, ChangeEvent, KubeObject, PolicyRule, Role, Snapshot } from "@/lib/store/types";
import { processWide } from "@/lib/store/memo";
import { aggregateClusterRoles, isLiveSource } from "./aggregation";
import { BOOTSTRAP_POLICY, BOOTSTRAP_POLICY_VERSION, type BootstrapObject } from "@/lib/k8s/bootstrap-policy";

export type MatchedBy = { type: "ServiceAccount" } | { type: "User" } | { type: "Group"; group: string };

/** One subject of one binding, as the index files it. */
export interface SubjectRef {
  binding: Binding;
  subjectIndex: number;
  matchedBy: MatchedBy;
}

export const SA_USER_PREFIX = "system:serviceaccount:";
export function serviceAccountUserName(namespace: string, name: string): string {
  return `${SA_USER_PREFIX}${namespace}:${name}`;
}

/** Index key of a user name or group name. */
export const userKey = (user: string) => `u:${user}`;
export const groupKey = (group: string) => `g:${group}`;
const nsKey = (key: string, namespace: string) => `${key}\n${namespace}`;

// One object each, shared by every subject ref (a large cluster has 100k of them).
const BY_SERVICE_ACCOUNT: MatchedBy = Object.freeze({ type: "ServiceAccount" });
const BY_USER: MatchedBy = Object.freeze({ type: "User" });

/**
 * The keys under which a binding's subject applies, or undefined when it applies to no one.
 * A ServiceAccount subject is the user `system:serviceaccount:ns:name`; in a RoleBinding
 * an SA subject without namespace means the binding's namespace, in a ClusterRoleBinding
 * it matches no one (as the authorizer decides).
 */
export function subjectKey(binding: Binding, subjectIndex: number): { key: string; matchedBy: MatchedBy } | undefined {
  const s = binding.subjects?.[subjectIndex];
  if (!s || typeof s.name !== "string" || !s.name) return undefined;
  switch (s.kind) {
    case "ServiceAccount": {
      const ns = s.namespace || (binding.kind === "RoleBinding" ? (binding.metadata.namespace ?? "") : "");
      if (!ns) return undefined;
      return { key: userKey(serviceAccountUserName(ns, s.name)), matchedBy: BY_SERVICE_ACCOUNT };
    }
    case "User":
      return { key: userKey(s.name), matchedBy: BY_USER };
    case "Group":
      return { key: groupKey(s.name), matchedBy: { type: "Group", group: s.name } };
    default:
      return undefined;
  }
}

/** The namespace a binding applies in: its own for a RoleBinding, "" (every request) for a ClusterRoleBinding. */
export function bindingScope(b: Binding): string {
  return b.kind === "RoleBinding" ? (b.metadata.namespace ?? "") : "";
}

// ---------------------------------------------------------------- roles

export interface RoleIndex {
  roles: ReadonlyMap<string, Role>; // "namespace/name"
  clusterRoles: ReadonlyMap<string, Role>; // name
  /** ClusterRole rules: live → as stored (controller-filled); offline → aggregation computed. */
  clusterRoleRules: ReadonlyMap<string, PolicyRule[]>;
}

/** Marks an object Rolecall assumes offline: not read from the source, built into every cluster. */
export const BUILT_IN_ANNOTATION = "rolecall.dev/built-in";

const assumed = <T extends BootstrapObject>(o: T): T => ({
  ...o,
  metadata: {
    ...o.metadata,
    annotations: { ...o.metadata.annotations, [BUILT_IN_ANNOTATION]: `not in the manifests: every Kubernetes ${BOOTSTRAP_POLICY_VERSION} cluster has it (the API server's bootstrap policy)` },
  },
});

/**
 * The bootstrap policy every cluster has but manifests never contain (lib/k8s): ClusterRoles
 * such as cluster-admin, admin/edit/view and the system:aggregate-to-* roles they aggregate,
 * ClusterRoleBindings such as system:discovery for system:authenticated, and the Roles and
 * RoleBindings of kube-system and kube-public. Offline they are assumed, as on a fresh
 * cluster: a binding to them is not an orphan, a manifest's ClusterRole labelled
 * aggregate-to-edit adds to edit, and every identity gets what the bootstrap bindings grant.
 * A manifest object of the same name replaces one, as applying it to a cluster would.
 * Live clusters hold the real ones, so nothing is assumed there.
 */
export const BUILTIN_OBJECTS: readonly BootstrapObject[] = BOOTSTRAP_POLICY.map(assumed);
export const BUILTIN_CLUSTER_ROLES: readonly Role[] = BUILTIN_OBJECTS.filter((o): o is Role => o.kind === "ClusterRole");
const BUILTIN_ROLES: readonly Role[] = BUILTIN_OBJECTS.filter((o): o is Role => o.kind === "Role");
const BUILTIN_BINDINGS: readonly Binding[] = BUILTIN_OBJECTS.filter((o): o is Binding => o.kind === "ClusterRoleBinding" || o.kind === "RoleBinding");
const BUILTIN_CRB_BY_NAME = new Map(BUILTIN_BINDINGS.filter((b) => b.kind === "ClusterRoleBinding").map((b) => [b.metadata.name, b]));
const BUILTIN_RB_BY_KEY = new Map(BUILTIN_BINDINGS.filter((b) => b.kind === "RoleBinding").map((b) => [`${b.metadata.namespace}/${b.metadata.name}`, b]));
const BUILTIN_RB_NAMESPACES = new Set(BUILTIN_BINDINGS.filter((b) => b.kind === "RoleBinding").map((b) => b.metadata.namespace ?? ""));

/** Whether Rolecall assumed the object (offline bootstrap policy) rather than read it from the source. */
export function isAssumedBuiltIn(o: KubeObject): boolean {
  return o.metadata.annotations?.[BUILT_IN_ANNOTATION] !== undefined;
}

/** The built-in binding a source's binding replaces (same kind, namespace and name), if any. */
function replacedBuiltin(b: Binding): Binding | undefined {
  if (b.kind === "ClusterRoleBinding") return BUILTIN_CRB_BY_NAME.get(b.metadata.name);
  const ns = b.metadata.namespace ?? "";
  return BUILTIN_RB_NAMESPACES.has(ns) ? BUILTIN_RB_BY_KEY.get(`${ns}/${b.metadata.name}`) : undefined;
}

export function buildRoleIndex(roleMap: ReadonlyMap<string, KubeObject>, clusterRoleMap: ReadonlyMap<string, KubeObject>, live: boolean): RoleIndex {
  const roles = new Map<string, Role>();
  for (const o of roleMap.values()) roles.set(`${o.metadata.namespace ?? ""}/${o.metadata.name}`, o as Role);
  const clusterRoles = new Map<string, Role>();
  for (const o of clusterRoleMap.values()) clusterRoles.set(o.metadata.name, o as Role);
  if (!live) {
    for (const r of BUILTIN_CLUSTER_ROLES) if (!clusterRoles.has(r.metadata.name)) clusterRoles.set(r.metadata.name, r);
    for (const r of BUILTIN_ROLES) {
      const key = `${r.metadata.namespace}/${r.metadata.name}`;
      if (!roles.has(key)) roles.set(key, r);
    }
  }
  let clusterRoleRules: Map<string, PolicyRule[]>;
  if (live) {
    clusterRoleRules = new Map();
    for (const [n, r] of clusterRoles) clusterRoleRules.set(n, r.rules ?? []);
  } else {
    clusterRoleRules = aggregateClusterRoles(clusterRoles);
  }
  return { roles, clusterRoles, clusterRoleRules };
}

// ---------------------------------------------------------------- bindings

export interface BindingIndex {
  bySubject: ReadonlyMap<string, readonly SubjectRef[]>;
  /** key + "\n" + scope: scope "" holds ClusterRoleBindings, else RoleBindings of that namespace. */
  bySubjectScope: ReadonlyMap<string, readonly SubjectRef[]>;
  clusterBindings: readonly Binding[];
  roleBindingsByNamespace: ReadonlyMap<string, readonly Binding[]>;
  /** Whether the built-in bindings (bootstrap policy) are in the index: offline sources. */
  builtins: boolean;
  /** Per built-in binding, how many of the source's bindings replace it (0 or absent: it is in the index). */
  replaced: ReadonlyMap<Binding, number>;
}

function refsOf(b: Binding): { key: string; ref: SubjectRef }[] {
  const out: { key: string; ref: SubjectRef }[] = [];
  const n = b.subjects?.length ?? 0;
  for (let i = 0; i < n; i++) {
    const k = subjectKey(b, i);
    if (k) out.push({ key: k.key, ref: { binding: b, subjectIndex: i, matchedBy: k.matchedBy } });
  }
  return out;
}

function push<V>(m: Map<string, V[]>, k: string, v: V) {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

export function buildBindingIndex(rbMap: ReadonlyMap<string, KubeObject>, crbMap: ReadonlyMap<string, KubeObject>, opts: { builtins?: boolean } = {}): BindingIndex {
  const builtins = opts.builtins ?? false;
  const replaced = new Map<Binding, number>();
  const bySubject = new Map<string, SubjectRef[]>();
  const bySubjectScope = new Map<string, SubjectRef[]>();
  const clusterBindings: Binding[] = [];
  const roleBindingsByNamespace = new Map<string, Binding[]>();
  const add = (b: Binding) => {
    const scope = bindingScope(b);
    if (b.kind === "RoleBinding") push(roleBindingsByNamespace, scope, b);
    else clusterBindings.push(b);
    for (const { key, ref } of refsOf(b)) {
      push(bySubject, key, ref);
      push(bySubjectScope, nsKey(key, scope), ref);
    }
  };
  const addFromSource = builtins
    ? (o: KubeObject) => {
        const b = o as Binding;
        const r = replacedBuiltin(b);
        if (r) replaced.set(r, (replaced.get(r) ?? 0) + 1);
        add(b);
      }
    : (o: KubeObject) => add(o as Binding);
  crbMap.forEach(addFromSource);
  rbMap.forEach(addFromSource);
  if (builtins) for (const b of BUILTIN_BINDINGS) if (!replaced.has(b)) add(b);
  return { bySubject, bySubjectScope, clusterBindings, roleBindingsByNamespace, builtins, replaced };
}

// ---------------------------------------------------------------- persistent maps

// Symbol.for: an index is shared by every copy of this module (see bySnapshot), and a copy
// may update a map another copy made, so the marker and the class test are the same in all.
const DELETED = Symbol.for("rolecall.rbac.overlay.deleted");
const OVERLAY = Symbol.for("rolecall.rbac.overlay");
const isOverlay = <V>(m: ReadonlyMap<string, V>): m is OverlayMap<V> => (m as { [OVERLAY]?: true })[OVERLAY] === true;

/**
 * A map as a small set of changes over a shared base: the next index after a one-binding
 * change costs O(changes), not a copy of 100,000 keys. Flattened when the changes grow.
 */
export class OverlayMap<V> implements ReadonlyMap<string, V> {
  readonly size: number;
  readonly [OVERLAY] = true;
  constructor(
    readonly base: ReadonlyMap<string, V>,
    readonly top: ReadonlyMap<string, V | typeof DELETED>,
  ) {
    let size = base.size;
    for (const [k, v] of top) {
      const inBase = base.has(k);
      if (v === DELETED) {
        if (inBase) size--;
      } else if (!inBase) size++;
    }
    this.size = size;
  }
  get(k: string): V | undefined {
    const t = this.top.get(k);
    if (t !== undefined) return t === DELETED ? undefined : t;
    return this.base.get(k);
  }
  has(k: string): boolean {
    return this.get(k) !== undefined;
  }
  *entries(): MapIterator<[string, V]> {
    for (const [k, v] of this.top) if (v !== DELETED) yield [k, v];
    for (const [k, v] of this.base) if (!this.top.has(k)) yield [k, v];
  }
  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  forEach(fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}

const FLATTEN_AT = 4096;

/** `prev` with `changes` applied (undefined value = delete), sharing prev's storage. */
export function withChanges<V>(prev: ReadonlyMap<string, V>, changes: ReadonlyMap<string, V | undefined>): ReadonlyMap<string, V> {
  if (changes.size === 0) return prev;
  const base = isOverlay(prev) ? (prev.base as ReadonlyMap<string, V>) : prev;
  const top = new Map<string, V | typeof DELETED>(isOverlay(prev) ? (prev.top as ReadonlyMap<string, V | typeof DELETED>) : []);
  for (const [k, v] of changes) top.set(k, v === undefined ? DELETED : v);
  const next = new OverlayMap(base, top);
  return top.size > FLATTEN_AT ? new Map(next.entries()) : next;
}

/** Bindings that left and entered the source (a changed binding is both). */
export interface BindingChanges {
  added: Binding[];
  removed: Binding[];
}

/**
 * The index after `changes` (removed: in `prev`; added: not in it), derived from the previous
 * index: copy-on-write of the affected entries only.
 */
export function updateBindingIndex(prev: BindingIndex, changes: BindingChanges): BindingIndex {
  const removed = [...changes.removed];
  const added = [...changes.added];
  if (removed.length === 0 && added.length === 0) return prev;
  const replaced = prev.builtins ? builtinsSwapped(prev.replaced, removed, added) : prev.replaced;
  const removedSet = new Set<Binding>(removed);

  // pending changes per map: key → new list (undefined: remove the key)
  const subj = new Map<string, readonly SubjectRef[] | undefined>();
  const subjScope = new Map<string, readonly SubjectRef[] | undefined>();
  const byNs = new Map<string, readonly Binding[] | undefined>();
  let clusterBindings = prev.clusterBindings;
  const current = <V>(pending: Map<string, readonly V[] | undefined>, base: ReadonlyMap<string, readonly V[]>, k: string) => (pending.has(k) ? pending.get(k) : base.get(k));
  const without = <V>(pending: Map<string, readonly V[] | undefined>, base: ReadonlyMap<string, readonly V[]>, k: string, drop: (v: V) => boolean) => {
    const a = current(pending, base, k);
    if (!a) return;
    const f = a.filter((v) => !drop(v));
    pending.set(k, f.length ? f : undefined);
  };
  const withAdded = <V>(pending: Map<string, readonly V[] | undefined>, base: ReadonlyMap<string, readonly V[]>, k: string, v: V) => pending.set(k, [...(current(pending, base, k) ?? []), v]);

  for (const b of removed) {
    const scope = bindingScope(b);
    if (b.kind === "RoleBinding") without(byNs, prev.roleBindingsByNamespace, scope, (x) => removedSet.has(x));
    else if (clusterBindings === prev.clusterBindings) clusterBindings = clusterBindings.filter((x) => !removedSet.has(x));
    for (const { key } of refsOf(b)) {
      without(subj, prev.bySubject, key, (r) => removedSet.has(r.binding));
      without(subjScope, prev.bySubjectScope, nsKey(key, scope), (r) => removedSet.has(r.binding));
    }
  }
  for (const b of added) {
    const scope = bindingScope(b);
    if (b.kind === "RoleBinding") withAdded(byNs, prev.roleBindingsByNamespace, scope, b);
    else clusterBindings = [...clusterBindings, b];
    for (const { key, ref } of refsOf(b)) {
      withAdded(subj, prev.bySubject, key, ref);
      withAdded(subjScope, prev.bySubjectScope, nsKey(key, scope), ref);
    }
  }
  const bySubject = withChanges(prev.bySubject, subj);
  const bySubjectScope = withChanges(prev.bySubjectScope, subjScope);
  const roleBindingsByNamespace = withChanges(prev.roleBindingsByNamespace, byNs);
  return { bySubject, bySubjectScope, clusterBindings, roleBindingsByNamespace, builtins: prev.builtins, replaced };
}

/**
 * Built-in bindings a change replaced or brought back: one leaves the index when the first
 * source binding of its name appears, and returns when the last one goes. Appends them to
 * `removed`/`added` (so the index update handles them like the source's) and returns the
 * new counts. O(changed bindings).
 */
function builtinsSwapped(prev: ReadonlyMap<Binding, number>, removed: Binding[], added: Binding[]): ReadonlyMap<Binding, number> {
  let next: Map<Binding, number> | undefined;
  const before = new Map<Binding, number>();
  const count = (list: Binding[], delta: number) => {
    for (const b of list) {
      const r = replacedBuiltin(b);
      if (!r) continue;
      next ??= new Map(prev);
      if (!before.has(r)) before.set(r, prev.get(r) ?? 0);
      const n = (next.get(r) ?? 0) + delta;
      if (n > 0) next.set(r, n);
      else next.delete(r);
    }
  };
  count(removed, -1);
  count(added, +1);
  if (!next) return prev;
  for (const [b, was] of before) {
    const now = next.get(b) ?? 0;
    if (was === 0 && now > 0) removed.push(b);
    else if (was > 0 && now === 0) added.push(b);
  }
  return next;
}

// ---------------------------------------------------------------- per snapshot

export interface RbacIndex extends RoleIndex, BindingIndex {
  version: number;
  live: boolean;
  /**
   * The index this one was derived from by an RbacIndexer, and the bindings added and removed
   * since, so that what is derived from an index (the escalation graph) can be updated too.
   * Weak: the indexer holds the previous index while it is the latest's predecessor.
   */
  previous?: { index: WeakRef<RbacIndex>; changes: BindingChanges };
}

// Memos of pure functions of immutable inputs (a snapshot, a pair of role maps): whoever
// computes an entry, it is the same index. One per process (processWide): Next loads this
// module for the route handlers, for the pages and for the history recorder, and each copy
// built and held its own index of every binding (tens of MB at 50k bindings).
const bySnapshot = processWide("rbac.index.bySnapshot", () => new WeakMap<Snapshot, RbacIndex>());
const roleIndexByMaps = processWide("rbac.index.roleIndexByMaps", () => new WeakMap<ReadonlyMap<string, KubeObject>, WeakMap<ReadonlyMap<string, KubeObject>, RoleIndex & { live: boolean }>>());

function roleIndexOf(snap: Snapshot, live: boolean): RoleIndex {
  const rm = snap.objects.Role;
  const cm = snap.objects.ClusterRole;
  let inner = roleIndexByMaps.get(rm);
  if (!inner) roleIndexByMaps.set(rm, (inner = new WeakMap()));
  let roleIdx = inner.get(cm);
  if (!roleIdx || roleIdx.live !== live) {
    roleIdx = { ...buildRoleIndex(rm, cm, live), live };
    inner.set(cm, roleIdx);
  }
  return roleIdx;
}

function indexOf(snap: Snapshot, live: boolean, bindings: BindingIndex, previous?: RbacIndex["previous"]): RbacIndex {
  const idx: RbacIndex = { ...roleIndexOf(snap, live), ...bindings, version: snap.version, live, ...(previous ? { previous } : {}) };
  bySnapshot.set(snap, idx);
  return idx;
}

/** The RBAC index of a snapshot, built once per snapshot (or derived by an RbacIndexer). */
export function rbacIndex(snap: Snapshot): RbacIndex {
  const hit = bySnapshot.get(snap);
  if (hit) return hit;
  const live = isLiveSource(snap.source);
  return indexOf(snap, live, buildBindingIndex(snap.objects.RoleBinding, snap.objects.ClusterRoleBinding, { builtins: !live }));
}

/**
 * Bindings added and removed over several change events, netted by object: one added and then
 * removed (or changed again) before the next index was never in the last index, nor will be.
 */
class NetChanges {
  private added = new Set<Binding>();
  private removed = new Set<Binding>();
  get size(): number {
    return this.added.size + this.removed.size;
  }
  add(b: Binding) {
    if (!this.removed.delete(b)) this.added.add(b);
  }
  remove(b: Binding) {
    if (!this.added.delete(b)) this.removed.add(b);
  }
  changes(): BindingChanges {
    return { added: [...this.added], removed: [...this.removed] };
  }
}

/** Past this many changed bindings between two indexes, a rebuild is cheaper than the update. */
const REBUILD_AT = 500;

/**
 * Follows one store: keeps the binding index of the latest snapshot it indexed, and the
 * bindings its change events say were added and removed since. `index(snap)` of the next
 * snapshot derives the binding index from those (O(changed bindings)) and records it as the
 * snapshot's, so `rbacIndex(snap)` and every engine answer from it. One per store, owned by
 * the store's consumer; it holds nothing a rebuild would not give.
 */
export class RbacIndexer {
  private last?: { version: number; live: boolean; bindings: BindingIndex; idx: RbacIndex };
  /** The index before the last (what the last one's `previous` points to), held so that it is there. */
  private before?: RbacIndex;
  /** Version of the last change event taken in (or of the last snapshot indexed). */
  private seen = -1;
  /** The net binding changes since `last`; undefined when they are not known (an event was missed, or too many). */
  private pending: NetChanges | undefined = new NetChanges();
  /** How many binding indexes it built from scratch (for tests and the benchmark). */
  rebuilds = 0;

  /** Takes a store change event (subscribe it to the store). */
  changed(e: ChangeEvent): void {
    if (e.version <= this.seen) return; // already indexed that snapshot
    if (e.version !== this.seen + 1) this.pending = undefined;
    this.seen = e.version;
    if (!this.pending) return;
    for (const kind of ["RoleBinding", "ClusterRoleBinding"] as const) {
      const c = e.changes[kind];
      if (!c) continue;
      for (const o of c.removed) this.pending.remove(o as Binding);
      for (const { before, after } of c.changed) {
        this.pending.remove(before as Binding);
        this.pending.add(after as Binding);
      }
      for (const o of c.added) this.pending.add(o as Binding);
    }
    if (this.pending.size > REBUILD_AT) this.pending = undefined;
  }

  /** The index of a snapshot of the store it follows. */
  index(snap: Snapshot): RbacIndex {
    const hit = bySnapshot.get(snap);
    if (hit) return hit;
    if (snap.version < this.seen) return rbacIndex(snap); // an older snapshot: not what `pending` leads to
    const live = isLiveSource(snap.source);
    const follows = this.last && this.last.live === live && this.pending && snap.version === this.seen;
    let bindings: BindingIndex;
    let previous: RbacIndex["previous"];
    if (follows) {
      const changes = this.pending!.changes();
      bindings = updateBindingIndex(this.last!.bindings, changes);
      previous = { index: new WeakRef(this.last!.idx), changes };
      this.before = this.last!.idx;
    } else {
      bindings = buildBindingIndex(snap.objects.RoleBinding, snap.objects.ClusterRoleBinding, { builtins: !live });
      this.rebuilds++;
      this.before = undefined;
    }
    const idx = indexOf(snap, live, bindings, previous);
    this.last = { version: snap.version, live, bindings, idx };
    this.seen = snap.version;
    this.pending = new NetChanges();
    return idx;
  }
}

// ---------------------------------------------------------------- role resolution

/** The role a binding refers to: a Role in the binding's namespace, or a ClusterRole; undefined = orphan. */
export function resolveRole(idx: RoleIndex, b: Binding): Role | undefined {
  const ref = b.roleRef;
  if (!ref) return undefined;
  if (ref.kind === "Role") return b.kind === "RoleBinding" ? idx.roles.get(`${b.metadata.namespace ?? ""}/${ref.name}`) : undefined;
  if (ref.kind === "ClusterRole") return idx.clusterRoles.get(ref.name);
  return undefined;
}

/** The rules a role grants (aggregation applied offline). */
export function rulesOf(idx: RoleIndex, role: Role): readonly PolicyRule[] {
  if (role.kind === "ClusterRole") return idx.clusterRoleRules.get(role.metadata.name) ?? role.rules ?? [];
  return role.rules ?? [];
}

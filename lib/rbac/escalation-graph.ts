// The escalation graph of a snapshot: per node, the hops out of it (technique, target, the
// binding → role → rule each needs), and the world facts that turn an internal target ("any
// ServiceAccount of N") into subjects.
//
// Node keys: subjects as written in the API (`system:serviceaccount:NS:NAME`, `user:NAME`,
// `group:NAME`), CLUSTER_ADMIN, the rights a bind or escalate hop gains (`role:ClusterRole/NAME`
// cluster-wide, `role:ClusterRole/NAME@NS` in one namespace, `…@*` in every namespace,
// `role:Role/NS/NAME`, `namespace-admin:NS` = every permission in NS), and internal nodes,
// which start with "~" and are never shown.
import type { Binding, Pod, PolicyRule, Role, ServiceAccount, Snapshot } from "@/lib/store/types";
import { podTemplateOf, serviceAccountOfSpec } from "@/lib/k8s/workloads";
import { isLiveSource } from "./aggregation";
import { bindingRef, roleRefOf, type ObjectRef } from "./authorize";
import { allowsEverything, CLUSTER_ONLY, grantsOf, namesAllow, type Grant, type Perm } from "./escalation-grants";
import { CLUSTER_ADMIN, type HopVia, type Technique } from "./escalation-types";
import { bindingScope, groupKey, rbacIndex, resolveRole, rulesOf, subjectKey, userKey, withChanges, type BindingChanges, type RbacIndex, type SubjectRef } from "./indexes";
import { serviceAccountPresence, serviceAccountState } from "./service-accounts";
import { parseServiceAccountUser, serviceAccountGroups, serviceAccountUserName } from "./subjects";
import { memoOnKinds, processWide } from "@/lib/store/memo";

/** A hop out of a node: technique, target node, the permission it needs. */
export interface Out {
  technique: Technique;
  to: string;
  certain: boolean;
  /** The permission in words with its scope ("create pods in namespace shop"), for the hop's why. */
  what: string;
  /** The rule of the group's binding's role that allows it (single-permission hops). */
  rule: number;
  /** Every permission it needs, when not the group's binding's rule (multi-permission hops, rights nodes). */
  via?: readonly HopVia[];
}

/**
 * The hops one binding gives each of its subjects (shared by them: one object per binding), or
 * hops whose permissions are all in their `via` (no binding).
 */
export interface OutGroup {
  binding?: Binding;
  outs: readonly Out[];
}

/** The permissions a hop out of a group needs, as binding → role → rule. */
export function viaOf(group: OutGroup, out: Out): HopVia[] {
  if (out.via) return out.via.map((v) => ({ ...v }));
  const b = group.binding!;
  return [{ binding: bindingRef(b), role: roleRefOf(b), rule: out.rule }];
}

/** One permission of a multi-permission hop (bind, escalate, impersonating a group, approve-csr), held by a node. */
export interface Part {
  perm: Perm;
  /** "" cluster-wide (ClusterRoleBinding), "*" every namespace, else the namespace. */
  scope: string;
  names?: readonly string[];
  what: string;
  rule: number;
  /** The binding whose role's rule it is; or the permission spelled out (rights nodes). */
  binding?: Binding;
  via?: HopVia;
}

const partVia = (p: Part): HopVia => p.via ?? { binding: bindingRef(p.binding!), role: roleRefOf(p.binding!), rule: p.rule };

export const isInternal = (node: string) => node.startsWith("~");
export const isCapability = (node: string) => node.startsWith("role:") || node.startsWith("namespace-admin:");

/** The graph node of a binding subject's index key (`u:…`, `g:…`). */
export function nodeOfIndexKey(key: string): string {
  if (key.startsWith("g:")) return `group:${key.slice(2)}`;
  const user = key.slice(2);
  return parseServiceAccountUser(user) ? user : `user:${user}`;
}

/** The groups a subject node is a member of (an SA's three, everyone's system:authenticated). */
export function memberGroups(node: string): readonly string[] {
  if (node === "group:system:authenticated") return NO_GROUPS;
  const sa = parseServiceAccountUser(node);
  if (sa) {
    // asked several times for every subject while a graph is built: one list per namespace
    let hit = groupsByNamespace.get(sa.namespace);
    if (!hit) {
      if (groupsByNamespace.size >= 10_000) groupsByNamespace.clear(); // namespaces come and go
      groupsByNamespace.set(sa.namespace, (hit = serviceAccountGroups(sa.namespace).map((g) => `group:${g}`)));
    }
    return hit;
  }
  if (node.startsWith("user:") || node.startsWith("group:")) return AUTHENTICATED;
  return NO_GROUPS;
}
const NO_GROUPS: readonly string[] = [];
const AUTHENTICATED: readonly string[] = ["group:system:authenticated"];
const groupsByNamespace = new Map<string, readonly string[]>();

// ---------------------------------------------------------------- the world (who exists)

export interface World {
  namespaces: readonly string[];
  /** Existing ServiceAccounts by namespace (objects, and `default` of each namespace), as node keys. */
  serviceAccounts: ReadonlyMap<string, readonly string[]>;
  exists: ReadonlySet<string>;
  /** By namespace: the ServiceAccounts (node keys) of pods that mount their token, by pod name. */
  tokenPods: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** "Kind\nnamespace" → names of workloads whose template can be updated. */
  workloads: ReadonlyMap<string, ReadonlySet<string>>;
}

const WORKLOAD_KINDS = ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "CronJob"] as const;

/** Which ServiceAccounts exist (memoised on the ServiceAccount and Namespace maps). */
const saWorld = memoOnKinds(["ServiceAccount", "Namespace"], (snap) => {
  const p = serviceAccountPresence(snap);
  const serviceAccounts = new Map<string, string[]>();
  const exists = new Set<string>();
  const add = (ns: string, name: string) => {
    const key = serviceAccountUserName(ns, name);
    if (exists.has(key)) return;
    exists.add(key);
    const list = serviceAccounts.get(ns);
    if (list) list.push(key);
    else serviceAccounts.set(ns, [key]);
  };
  for (const sa of p.objects.values()) add(sa.metadata.namespace ?? "default", sa.metadata.name);
  for (const ns of p.namespaces) if (serviceAccountState(p, ns, "default") !== "missing") add(ns, "default");
  // by name, not in the store's order: the order decides between equally short paths, and a
  // derived graph makes `~sas:NS` again only when its members change
  for (const list of serviceAccounts.values()) list.sort();
  return { namespaces: [...p.namespaces].sort(), serviceAccounts, exists, presence: p };
}, undefined, "escalation.saWorld");

/**
 * Whether a pod mounts its ServiceAccount's token: the pod's automountServiceAccountToken,
 * else the ServiceAccount's, default true. Finished pods run nothing to exec into.
 */
function tokenPodsOf(snap: Snapshot, sas: ReturnType<typeof saWorld>) {
  const out = new Map<string, Map<string, string>>();
  for (const o of snap.objects.Pod.values()) {
    const pod = o as Pod;
    const phase = pod.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") continue;
    const spec = podTemplateOf(pod)?.spec;
    if (!spec) continue;
    const ns = pod.metadata.namespace ?? "default";
    const name = serviceAccountOfSpec(spec);
    const sa: ServiceAccount | undefined = sas.presence.objects.get(`${ns}/${name}`);
    const mounts = spec.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true;
    if (!mounts) continue;
    let m = out.get(ns);
    if (!m) out.set(ns, (m = new Map()));
    m.set(pod.metadata.name, serviceAccountUserName(ns, name));
  }
  return out;
}
// Pods change all the time (status, new replicas) while which ServiceAccounts they run as
// rarely does: an equal answer keeps the earlier one's identity, so the graph, memoised on it,
// is not built again (1.2 s on the bench world for every pod status change). The earlier answer
// is held weakly by the ServiceAccount world it was computed against.
const lastTokenPods = processWide("escalation.lastTokenPods", () => new WeakMap<object, Map<string, Map<string, string>>>());
const tokenPods = memoOnKinds(["Pod", "ServiceAccount", "Namespace"], (snap) => {
  const sas = saWorld(snap);
  const next = tokenPodsOf(snap, sas);
  const prev = lastTokenPods.get(sas);
  if (prev && sameNested(prev, next, sameMap)) return prev;
  lastTokenPods.set(sas, next);
  return next;
}, undefined, "escalation.tokenPods");

/** Two maps with the same keys whose values are equal by `same`. */
function sameNested<V>(a: ReadonlyMap<string, V>, b: ReadonlyMap<string, V>, same: (x: V, y: V) => boolean): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined || !same(v, w)) return false;
  }
  return true;
}
const sameMap = (x: ReadonlyMap<string, string>, y: ReadonlyMap<string, string>) => sameNested(x, y, (a, b) => a === b);
const sameSet = (x: ReadonlySet<string>, y: ReadonlySet<string>) => x.size === y.size && [...x].every((v) => y.has(v));

// An equal answer (a workload's status changed, not its name) keeps the earlier one's
// identity, as tokenPods does, held weakly by the ServiceAccount world as well.
const lastWorkloads = processWide("escalation.lastWorkloads", () => new WeakMap<object, Map<string, Set<string>>>());
const workloads = memoOnKinds(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "CronJob"], (snap) => {
  const next = workloadNames(snap);
  const sas = saWorld(snap);
  const prev = lastWorkloads.get(sas);
  if (prev && sameNested(prev, next, sameSet)) return prev;
  lastWorkloads.set(sas, next);
  return next;
}, undefined, "escalation.workloads");

function workloadNames(snap: Snapshot): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const kind of WORKLOAD_KINDS) {
    for (const o of snap.objects[kind].values()) {
      const key = `${kind}\n${o.metadata.namespace ?? "default"}`;
      let s = out.get(key);
      if (!s) out.set(key, (s = new Set()));
      s.add(o.metadata.name);
    }
  }
  return out;
}

export function worldOf(snap: Snapshot): World {
  const sas = saWorld(snap);
  return { namespaces: sas.namespaces, serviceAccounts: sas.serviceAccounts, exists: sas.exists, tokenPods: tokenPods(snap), workloads: workloads(snap) };
}

// ---------------------------------------------------------------- hops out of one binding

const scopeWords = (scope: string) => (scope === "" ? "cluster-wide" : scope === "*" ? "in every namespace" : `in namespace ${scope}`);
/** Namespace part of an internal key: a namespace, or "*" for every namespace. */
const nsPart = (scope: string) => (scope === "" || scope === "*" ? "*" : scope);

const PART_PERMS: ReadonlySet<Perm> = new Set<Perm>([
  "imp-users",
  "imp-groups",
  "imp-sas",
  "bind-roles",
  "bind-clusterroles",
  "create-rb",
  "create-crb",
  "escalate-roles",
  "escalate-clusterroles",
  "update-roles",
  "update-clusterroles",
  "csr-create",
  "csr-approval",
  "csr-signer",
]);

export interface Contribution {
  outs: readonly ScopedOut[];
  parts: readonly ScopedPart[];
}

/**
 * A hop of a role's grants held at a scope. Its words are made when first asked: a role held
 * in many namespaces has a hop per namespace, and few of them are ever shown.
 */
class ScopedOut implements Out {
  private words?: string;
  constructor(
    readonly technique: Technique,
    readonly to: string,
    readonly certain: boolean,
    readonly rule: number,
    private readonly grantWhat: string,
    private readonly scope: string,
    readonly via?: readonly HopVia[],
  ) {}
  get what(): string {
    return (this.words ??= `${this.grantWhat} ${scopeWords(this.scope)}`);
  }
  withVia(via: readonly HopVia[]): ScopedOut {
    return new ScopedOut(this.technique, this.to, this.certain, this.rule, this.grantWhat, this.scope, via);
  }
}

/** A permission of a multi-permission hop held at a scope (words made when first asked, as ScopedOut's). */
class ScopedPart implements Part {
  private words?: string;
  constructor(
    readonly perm: Perm,
    readonly scope: string,
    readonly names: readonly string[] | undefined,
    readonly rule: number,
    private readonly grantWhat: string,
    readonly binding?: Binding,
    readonly via?: HopVia,
  ) {}
  get what(): string {
    return (this.words ??= `${this.grantWhat}${this.names ? ` (${this.names.join(", ")})` : ""} ${scopeWords(this.scope)}`);
  }
  of(binding: Binding): ScopedPart {
    return new ScopedPart(this.perm, this.scope, this.names, this.rule, this.grantWhat, binding);
  }
  withVia(via: HopVia): ScopedPart {
    return new ScopedPart(this.perm, this.scope, this.names, this.rule, this.grantWhat, undefined, via);
  }
}

/** A hop of a role's grants with its target written around the namespace part (`fixed`: a target with none). */
interface OutTemplate {
  technique: Technique;
  before: string;
  after: string;
  fixed: boolean;
  certain: boolean;
  grant: Grant;
}
/** What a role's grants give at any scope of one kind: cluster-wide, or a namespace (or every one). */
interface Template {
  outs: readonly OutTemplate[];
  parts: readonly Grant[];
}

/**
 * The hops and parts of a role's grants held cluster-wide (`cluster`) or in a namespace or
 * every namespace: the single-permission hops as edges, the permissions of multi-permission
 * hops as parts. The same for every namespace but for the namespace's name in the targets and
 * words, so it is made once per role and scope kind.
 */
function templateOf(grants: readonly Grant[], cluster: boolean): Template {
  const outs: OutTemplate[] = [];
  const parts: Grant[] = [];
  const seen = new Set<string>();
  const out = (grant: Grant, technique: Technique, before: string, after = "", certain = true, fixed = false) => {
    const k = `${technique}\n${before}\n${after}\n${fixed}`;
    if (seen.has(k)) return;
    seen.add(k);
    outs.push({ technique, before, after, fixed, certain, grant });
  };
  for (const g of grants) {
    if (!cluster && CLUSTER_ONLY.has(g.perm)) continue; // a RoleBinding's grant of them applies to no request
    if (PART_PERMS.has(g.perm)) parts.push(g);
    switch (g.perm) {
      case "create-pods":
        out(g, "create-pods", "~sas:");
        break;
      case "create-workloads":
        out(g, "create-workloads", "~sas:");
        break;
      case "update-workloads":
        if (g.names) for (const n of g.names) out(g, "update-workloads", `~upd:${g.kind}:`, `/${n}`);
        else out(g, "update-workloads", `~upd:${g.kind}:`);
        break;
      case "token":
        if (g.names) for (const n of g.names) out(g, "token-request", "~sa:", `/${n}`);
        else out(g, "token-request", "~sas:");
        break;
      case "exec":
        if (g.names) for (const n of g.names) out(g, "exec", "~exec:", `/${n}`);
        else out(g, "exec", "~exec:");
        break;
      case "imp-sas":
        // impersonation does not check that the ServiceAccount exists: one a binding names counts too
        if (!g.names) out(g, "impersonate", "~imp-sas:");
        else for (const n of g.names) out(g, "impersonate", "~imp-sa:", `/${n}`);
        break;
      case "imp-users":
        if (!g.names) out(g, "impersonate", "~users", "", true, true);
        // an SA's user name is impersonated as a serviceaccount, not as a user
        else for (const n of g.names) if (!parseServiceAccountUser(n)) out(g, "impersonate", `user:${n}`, "", true, true);
        break;
      case "secrets":
        out(g, "read-secrets", "~sas:", "", false);
        break;
      case "nodes-proxy":
        out(g, "nodes-proxy", CLUSTER_ADMIN, "", true, true);
        break;
      case "webhooks":
        out(g, "webhooks", CLUSTER_ADMIN, "", true, true);
        break;
      case "all":
        if (cluster) out(g, "all-permissions", CLUSTER_ADMIN, "", true, true);
        break;
    }
  }
  // Where the role lets the holder create pods, its update-workloads and read-secrets hops lead
  // to the same ServiceAccounts of the same namespace, less surely or no sooner: they would never
  // be on a shortest path (a `*` rule would otherwise add six per namespace).
  const pods = outs.some((o) => o.technique === "create-pods");
  return { outs: pods ? outs.filter((o) => o.technique !== "read-secrets" && o.technique !== "update-workloads") : outs, parts };
}

/** The contribution of a role held at `scope` ("" cluster-wide, "*" every namespace, or one namespace), from its template for that kind of scope. */
function instantiate(t: Template, scope: string): Contribution {
  if (!t.outs.length && !t.parts.length) return EMPTY;
  const ns = nsPart(scope);
  return {
    outs: t.outs.map((o) => new ScopedOut(o.technique, o.fixed ? o.before : `${o.before}${ns}${o.after}`, o.certain, o.grant.rule, o.grant.what, scope)),
    parts: t.parts.map((g) => new ScopedPart(g.perm, scope, g.names, g.rule, g.what)),
  };
}

const EMPTY: Contribution = { outs: [], parts: [] };
const byRules = new WeakMap<readonly PolicyRule[], { cluster?: Template; namespaced?: Template; at: Map<string, Contribution> }>();
/** The contribution of a role's rules held at a scope (memoised on the rules array). */
function contributionAt(rules: readonly PolicyRule[], scope: string): Contribution {
  let m = byRules.get(rules);
  if (!m) byRules.set(rules, (m = { at: new Map() }));
  let c = m.at.get(scope);
  if (!c) {
    const grants = grantsOf(rules);
    if (!grants.length) c = EMPTY;
    else if (scope === "") c = instantiate((m.cluster ??= templateOf(grants, true)), scope);
    else c = instantiate((m.namespaced ??= templateOf(grants, false)), scope);
    m.at.set(scope, c);
  }
  return c;
}

/**
 * What one binding gives each of its subjects: its hops (one shared group) and its parts (the
 * role's at the binding's scope, shared by every binding of that role there: `held` pairs them
 * with the binding when a holder's combined hops are made).
 */
export interface BindingHops {
  binding?: Binding;
  group?: OutGroup;
  parts: readonly ScopedPart[];
  /** The role's rules they were made from (a changed role is new rules). */
  rules?: readonly PolicyRule[];
}
const NONE: BindingHops = { binding: undefined, group: undefined, parts: [] };
const byBinding = new WeakMap<Binding, BindingHops>();

/** A binding's hops (memoised on the binding and its role's rules; a binding whose role gives none is not kept). */
export function bindingHopsOf(idx: RbacIndex, b: Binding): BindingHops {
  const role = resolveRole(idx, b);
  if (!role) return NONE;
  const rules = rulesOf(idx, role);
  const hit = byBinding.get(b);
  if (hit && hit.rules === rules) return hit;
  const c = contributionAt(rules, bindingScope(b));
  if (c === EMPTY) return NONE;
  // one shape for every binding's (a spread of an optional property gave each object its own hidden class)
  const h: BindingHops = { binding: b, group: c.outs.length ? { binding: b, outs: c.outs } : undefined, parts: c.parts, rules };
  byBinding.set(b, h);
  return h;
}

// ---------------------------------------------------------------- the graph

export interface EscalationGraph {
  idx: RbacIndex;
  world: World;
  /** Hops out of each node (subjects, rights nodes, CLUSTER_ADMIN), by binding. */
  outs: ReadonlyMap<string, readonly OutGroup[]>;
  /** Subject nodes named by a binding or an SA object (the subjects reachingClusterAdmin lists). */
  subjects: SubjectSet;
  /** ServiceAccount subject nodes by namespace, users and groups (from `subjects`). */
  serviceAccountNodes: ReadonlyMap<string, readonly string[]>;
  users: readonly string[];
  groups: readonly string[];
  /** The groups of a node that have hops of their own (memoised: the search asks it for every node it reaches). */
  groupsWithHops(node: string): readonly string[];
  /** The graph this one was derived from (its searches' arrays are derived from that one's). */
  previous?: WeakRef<EscalationGraph>;
  /**
   * With `previous`: the nodes whose hops may be another list than there (the others' are the
   * same object), and the internal nodes that stand for ServiceAccounts, pods or workloads that
   * came or went.
   */
  changed?: ReadonlySet<string>;
}

function push<V>(m: Map<string, V[]>, k: string, v: V) {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

/**
 * What a graph was built from, kept so that the next snapshot's graph can be derived from it.
 * The maps of a derived state are the previous ones' with the changes on top (OverlayMap):
 * copying 10,000 entries four times was most of an update's time.
 */
export interface GraphState {
  graph: EscalationGraph;
  /** The hops the bindings give each node (before multi-permission and rights-node hops). */
  bindingOuts: ReadonlyMap<string, readonly OutGroup[]>;
  /** The bindings that give each node parts. */
  parts: ReadonlyMap<string, readonly BindingHops[]>;
  /** The graph's subjects, as the map its set is a view of. */
  subjectMap: ReadonlyMap<string, true>;
}

/** A set of subject nodes: membership and iteration. */
export interface SubjectSet extends Iterable<string> {
  readonly size: number;
  has(node: string): boolean;
}
/** The keys of a map as a set (a derived graph's subjects are an overlay of the previous ones'). */
class KeySet implements SubjectSet {
  constructor(private readonly m: ReadonlyMap<string, unknown>) {}
  get size() {
    return this.m.size;
  }
  has(k: string) {
    return this.m.has(k);
  }
  [Symbol.iterator]() {
    return this.m.keys();
  }
}

/** The subjects by kind: ServiceAccounts by namespace, users, groups. */
type SubjectLists = Pick<EscalationGraph, "serviceAccountNodes" | "users" | "groups">;
function subjectLists(subjects: Iterable<string>): SubjectLists {
  const serviceAccountNodes = new Map<string, string[]>();
  const users: string[] = [];
  const groups: string[] = [];
  for (const s of subjects) {
    const sa = parseServiceAccountUser(s);
    if (sa) push(serviceAccountNodes, sa.namespace, s);
    else if (s.startsWith("user:")) users.push(s);
    else if (s.startsWith("group:")) groups.push(s);
  }
  // in name order: a derived graph's subjects were added in another order than a fresh one's
  for (const list of serviceAccountNodes.values()) list.sort();
  users.sort();
  groups.sort();
  return { serviceAccountNodes, users, groups };
}
/** The subject lists after some subjects were added or removed: only the lists they are in are made again. */
function patchedLists(prev: EscalationGraph, subjects: SubjectSet, changed: Iterable<string>): SubjectLists {
  const serviceAccountNodes = new Map(prev.serviceAccountNodes);
  let { users, groups } = prev;
  const redo = (list: readonly string[], s: string): string[] => (subjects.has(s) ? [...list.filter((x) => x !== s), s].sort() : list.filter((x) => x !== s));
  for (const s of changed) {
    if (subjects.has(s) === prev.subjects.has(s)) continue;
    const sa = parseServiceAccountUser(s);
    if (sa) serviceAccountNodes.set(sa.namespace, redo(serviceAccountNodes.get(sa.namespace) ?? [], s));
    else if (s.startsWith("user:")) users = redo(users, s);
    else if (s.startsWith("group:")) groups = redo(groups, s);
  }
  for (const [ns, list] of serviceAccountNodes) if (!list.length) serviceAccountNodes.delete(ns);
  return { serviceAccountNodes, users, groups };
}

/** The graph object over its hops and subjects (derived: the graph it came from, and the nodes whose hops changed). */
function graphOver(
  idx: RbacIndex,
  world: World,
  outs: ReadonlyMap<string, readonly OutGroup[]>,
  subjects: SubjectSet,
  { serviceAccountNodes, users, groups }: SubjectLists,
  derived?: { previous: EscalationGraph; changed: ReadonlySet<string> },
): EscalationGraph {
  // by the list memberGroups gives (one per namespace's ServiceAccounts): asked for every node
  const withHops = new Map<readonly string[], readonly string[]>();
  return {
    ...(derived ? { previous: new WeakRef(derived.previous), changed: derived.changed } : {}),
    idx,
    world,
    outs,
    subjects,
    serviceAccountNodes,
    users,
    groups,
    groupsWithHops(node) {
      const groups = memberGroups(node);
      let hit = withHops.get(groups);
      if (!hit) withHops.set(groups, (hit = groups.filter((grp) => outs.has(grp))));
      return hit;
    },
  };
}

/**
 * Multi-permission hops. Those one node's parts make stay on it (its members take them through
 * membership); a subject whose parts come from itself and its groups, or from two groups, gets
 * the hops only the union makes. A node that is cluster-admin in one hop (or whose group is)
 * needs none: whatever they lead to it reaches as quickly through cluster-admin.
 */
class Combos {
  private single = new Map<string, Out[]>();
  private boundByKey = new Map<string, readonly Bound[]>();
  constructor(
    private idx: RbacIndex,
    private bindingOuts: ReadonlyMap<string, readonly OutGroup[]>,
    private parts: ReadonlyMap<string, readonly BindingHops[]>,
  ) {}
  /** The bindings that apply to a node: its own, then each of its groups' (a group's made once for all its members). */
  private bound(node: string): (readonly Bound[])[] {
    return bindingKeysOf(node).map((k) => {
      let hit = this.boundByKey.get(k);
      if (!hit) this.boundByKey.set(k, (hit = boundRolesOf(this.idx, k)));
      return hit;
    });
  }
  private adminOf = new Map<string, boolean>();
  /** Whether a node's bindings make it cluster-admin in one certain hop (asked once per group for all its members). */
  private admin(node: string): boolean {
    let hit = this.adminOf.get(node);
    if (hit === undefined) this.adminOf.set(node, (hit = this.bindingOuts.get(node)?.some((grp) => grp.outs.some((o) => o.to === CLUSTER_ADMIN && o.certain)) ?? false));
    return hit;
  }
  /** Whether a node or one of its groups is cluster-admin in one certain hop (then its multi-permission hops lead nowhere sooner). */
  private needsNone(node: string): boolean {
    return this.admin(node) || memberGroups(node).some((grp) => this.admin(grp));
  }
  /** The hops one node's own parts make. */
  own(node: string): Out[] {
    let hit = this.single.get(node);
    if (!hit) {
      const list = this.parts.get(node);
      hit = !list || !completes(holds([list])) || this.needsNone(node) ? [] : undominated(this.bindingOuts, node, combinedHops(this.idx, held(list), () => this.bound(node)));
      this.single.set(node, hit);
    }
    return hit;
  }
  /** The hops only the union of a subject's parts and its groups' makes. */
  union(node: string): Out[] {
    const sources = [node, ...memberGroups(node)].filter((n) => this.parts.has(n));
    if (sources.length < 2 || !completes(holds(sources.map((n) => this.parts.get(n)!))) || this.needsNone(node)) return [];
    const made = new Set(sources.flatMap((n) => this.own(n).map(outKey)));
    const all = sources.flatMap((n) => held(this.parts.get(n)!));
    return undominated(this.bindingOuts, node, combinedHops(this.idx, all, () => this.bound(node))).filter((o) => !made.has(outKey(o)));
  }
  /** A node's binding hops with its multi-permission hops. */
  outsOf(node: string): readonly OutGroup[] | undefined {
    const base = this.bindingOuts.get(node);
    const combos = [...this.own(node), ...this.union(node)];
    if (!combos.length) return base;
    return [...(base ?? []), { outs: combos }];
  }
}

// `~roles:*` and `~nsadmin:*` stand for rights nodes in every namespace (every namespace's
// Roles; every permission in each namespace): what they stand for needs hops too
const isRights = (n: string) => isCapability(n) || n === "~roles:*" || n === "~nsadmin:*";

/** Adds the hops out of every rights node a hop in `from` leads to (and those they lead to); the nodes added. */
function addRights(idx: RbacIndex, world: World, outs: { has(node: string): boolean; set(node: string, list: readonly OutGroup[]): unknown }, from: Iterable<readonly OutGroup[]>, known?: ReadonlyMap<string, readonly OutGroup[]>): string[] {
  const added: string[] = [];
  const targets = new Set<string>();
  for (const list of from) for (const grp of list) for (const o of grp.outs) if (isRights(o.to)) targets.add(o.to);
  const todo = [...targets];
  while (todo.length) {
    const node = todo.pop()!;
    if (node === "~roles:*") {
      todo.push(...everyNamespacesRoles(idx).filter((n) => !outs.has(n)));
      continue;
    }
    if (node === "~nsadmin:*") {
      todo.push(...everyNamespaceAdmin(world).filter((n) => !outs.has(n)));
      continue;
    }
    if (outs.has(node)) continue;
    const had = known?.get(node);
    const list = had ? had[0].outs : capabilityOuts(idx, node);
    outs.set(node, had ?? [{ outs: list }]);
    added.push(node);
    for (const o of list) if (isRights(o.to) && !outs.has(o.to)) todo.push(o.to);
  }
  return added;
}

/**
 * The escalation graph of a snapshot (each binding's hops memoised on the binding), built again
 * only when what it reads changed: the RBAC objects, which ServiceAccounts exist, which pods
 * mount which token, the workloads' names, and whether the source is live (the bootstrap policy).
 */
export const graphOf = memoOnKinds(
  ["RoleBinding", "ClusterRoleBinding", "Role", "ClusterRole"],
  (snap): EscalationGraph => buildState(snap).graph,
  (snap) => {
    const sas = saWorld(snap);
    return [sas, tokenPods(snap), workloads(snap), isLiveSource(snap.source)];
  },
  // One graph per process, as the RBAC index it is built on (tens of MB at 50k bindings):
  // Next's copies of this module for the routes and the pages share it, and its inputs above.
  "escalation.graph",
);



/** Bindings by kind, namespace and name: the order of a subject's bindings whichever index lists them. */
function byIdentity(a: SubjectRef, b: SubjectRef): number {
  const x = a.binding;
  const y = b.binding;
  if (x !== y) {
    if (x.kind !== y.kind) return x.kind < y.kind ? -1 : 1;
    const xn = x.metadata.namespace ?? "";
    const yn = y.metadata.namespace ?? "";
    if (xn !== yn) return xn < yn ? -1 : 1;
    if (x.metadata.name !== y.metadata.name) return x.metadata.name < y.metadata.name ? -1 : 1;
  }
  return a.subjectIndex - b.subjectIndex;
}
// the index's lists are never changed in place (a change makes a new list), so the sorted copy
// of one is kept with it: a group's list is asked once for each of its members
const sorted = new WeakMap<readonly SubjectRef[], readonly SubjectRef[]>();
/** A subject's bindings by kind, namespace and name: an index updated in place lists them in another order than one built afresh. */
function sortedRefs(refs: readonly SubjectRef[]): readonly SubjectRef[] {
  if (refs.length < 2) return refs;
  let hit = sorted.get(refs);
  if (!hit) sorted.set(refs, (hit = [...refs].sort(byIdentity)));
  return hit;
}

const SYSTEM_SERVICEACCOUNTS = "group:system:serviceaccounts";
/** Whether a subject node gets multi-permission hops: it, or a group it is a member of, holds parts. */
function isCandidate(node: string, parts: ReadonlyMap<string, readonly BindingHops[]>): boolean {
  if (parts.has(node) && node !== SYSTEM_SERVICEACCOUNTS) return true;
  for (const grp of memberGroups(node)) if (parts.has(grp)) return true;
  return false;
}

/** The parts of bindings, each with its binding. */
const held = (list: readonly BindingHops[]): Part[] => list.flatMap((h) => h.parts.map((p) => p.of(h.binding!)));

/** The hops and parts a subject's bindings give it (in binding order). */
function subjectHops(idx: RbacIndex, refs: readonly SubjectRef[] | undefined): { outs?: readonly OutGroup[]; parts?: readonly BindingHops[] } {
  if (!refs?.length) return {};
  const o: OutGroup[] = [];
  const p: BindingHops[] = [];
  for (const ref of sortedRefs(refs)) {
    const h = bindingHopsOf(idx, ref.binding);
    if (h.group) o.push(h.group);
    if (h.parts.length) p.push(h);
  }
  return { outs: o.length ? o : undefined, parts: p.length ? p : undefined };
}

/** What a graph state was built from: an index with the same roles and world can be derived from it. */
interface StateInputs {
  idx: RbacIndex;
  world: World;
}
const states = processWide("escalation.states", () => new WeakMap<RbacIndex, GraphState & StateInputs>());

const sameRoles = (a: RbacIndex, b: RbacIndex) => a.roles === b.roles && a.clusterRoles === b.clusterRoles && a.clusterRoleRules === b.clusterRoleRules && a.live === b.live;

/**
 * The graph state of a snapshot: derived from the previous index's when only bindings,
 * ServiceAccounts, pods or workloads changed (the subjects the bindings name or that were
 * created or deleted, and the members of a group among them, get their hops again; the internal
 * nodes that stand for them get their expansion again), else built from every binding (a role
 * or a namespace changed). Both give the same graph: each node's hops are in binding order,
 * the lists an internal node stands for are by name, and the searches number nodes by name
 * (escalation-search.ts).
 */
export function buildState(snap: Snapshot): GraphState {
  const idx = rbacIndex(snap);
  const world = worldOf(snap);
  // the same index (a snapshot indexed on its own) after pods changed: no binding changes
  const same = states.get(idx);
  const prevIdx = idx.previous?.index.deref();
  const prev = same ?? (prevIdx && states.get(prevIdx));
  const changes = same ? NO_CHANGES : idx.previous?.changes;
  const state = prev && changes && sameNamespaces(prev.world, world) && sameRoles(prev.idx, idx) ? derivedState(prev, idx, world, changes) : coldState(idx, world);
  states.set(idx, { ...state, idx, world });
  return state;
}
const NO_CHANGES: BindingChanges = { added: [], removed: [] };

/** The same namespaces (every `*` target stands for each of them; the list is made again whenever ServiceAccounts change). */
const sameNamespaces = (a: World, b: World) => a.namespaces === b.namespaces || (a.namespaces.length === b.namespaces.length && a.namespaces.every((n, i) => n === b.namespaces[i]));

/** The ServiceAccounts created or deleted between two worlds. */
function serviceAccountsChanged(was: World, world: World): string[] {
  const out: string[] = [];
  if (was.exists === world.exists) return out;
  for (const n of world.exists) if (!was.exists.has(n)) out.push(n);
  for (const n of was.exists) if (!world.exists.has(n)) out.push(n);
  return out;
}

/**
 * The internal nodes that stand for other ServiceAccounts, pods or workloads in `world` than in
 * `was`: the ServiceAccounts of a namespace (or one), exec into the pods of a namespace (or one
 * pod), update the workloads of a kind in a namespace (or one). `serviceAccounts`: those
 * created or deleted. Pods start all the time (each CronJob run, each rollout); each used to
 * cost a whole build.
 */
function standInsChanged(was: World, world: World, serviceAccounts: readonly string[]): string[] {
  const out: string[] = [];
  for (const node of serviceAccounts) {
    const sa = parseServiceAccountUser(node)!;
    out.push(`~sas:${sa.namespace}`, `~sa:${sa.namespace}/${sa.name}`);
  }
  for (const ns of keysChanged(was.tokenPods, world.tokenPods, sameMap)) {
    out.push(`~exec:${ns}`);
    const a = was.tokenPods.get(ns);
    const b = world.tokenPods.get(ns);
    for (const pod of new Set([...(a?.keys() ?? []), ...(b?.keys() ?? [])])) if (a?.get(pod) !== b?.get(pod)) out.push(`~exec:${ns}/${pod}`);
  }
  for (const key of keysChanged(was.workloads, world.workloads, sameSet)) {
    const [kind, ns] = key.split("\n");
    out.push(`~upd:${kind}:${ns}`);
    const a = was.workloads.get(key);
    const b = world.workloads.get(key);
    for (const name of new Set([...(a ?? []), ...(b ?? [])])) if (a?.has(name) !== b?.has(name)) out.push(`~upd:${kind}:${ns}/${name}`);
  }
  return out;
}

/** The keys whose values differ between two maps (by `same`), or that one of them lacks. */
function keysChanged<V>(a: ReadonlyMap<string, V>, b: ReadonlyMap<string, V>, same: (x: V, y: V) => boolean): string[] {
  if (a === b) return [];
  const out: string[] = [];
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined || !same(v, w)) out.push(k);
  }
  for (const k of b.keys()) if (!a.has(k)) out.push(k);
  return out;
}

function coldState(idx: RbacIndex, world: World): GraphState {
  const bindingOuts = new Map<string, readonly OutGroup[]>();
  const parts = new Map<string, readonly BindingHops[]>();
  // the subjects: the ServiceAccounts that exist, and whoever a binding names
  const subjectMap = new Map<string, true>();
  for (const node of world.exists) subjectMap.set(node, true);
  for (const [key, refs] of idx.bySubject) {
    const node = nodeOfIndexKey(key);
    const h = subjectHops(idx, refs);
    if (h.outs) bindingOuts.set(node, h.outs);
    if (h.parts) parts.set(node, h.parts);
    if (refs.length) subjectMap.set(node, true);
  }
  const subjects = new KeySet(subjectMap);
  const outs = new Map<string, readonly OutGroup[]>(bindingOuts);
  const combos = new Combos(idx, bindingOuts, parts);
  // a binding's own hops lead to subjects and internal nodes, never to rights nodes: only the
  // lists with combined hops are searched for those
  const combined: (readonly OutGroup[])[] = [];
  for (const node of subjects) {
    if (!isCandidate(node, parts)) continue;
    const list = combos.outsOf(node);
    if (!list || list === bindingOuts.get(node)) continue;
    outs.set(node, list);
    combined.push(list);
  }
  outs.set(CLUSTER_ADMIN, [{ outs: clusterAdminOuts() }]);
  addRights(idx, world, outs, combined);
  return { graph: graphOver(idx, world, outs, subjects, subjectLists(subjects)), bindingOuts, parts, subjectMap };
}

/** The state after `changes` (bindings added and removed) and ServiceAccounts, pods or workloads changed, from the state of the index before them. */
function derivedState(prev: GraphState & StateInputs, idx: RbacIndex, world: World, changes: BindingChanges): GraphState {
  // the subjects the bindings name, and the ServiceAccounts created or deleted
  const serviceAccounts = serviceAccountsChanged(prev.world, world);
  const keys = new Set<string>(serviceAccounts.map(userKey));
  for (const b of [...changes.added, ...changes.removed]) {
    const n = b.subjects?.length ?? 0;
    for (let i = 0; i < n; i++) {
      const k = subjectKey(b, i);
      if (k) keys.add(k.key);
    }
  }
  // what changed, by node (undefined: none any more), laid over the previous state's maps
  const outsNow = new Map<string, readonly OutGroup[] | undefined>();
  const partsNow = new Map<string, readonly BindingHops[] | undefined>();
  const subjectNow = new Map<string, true | undefined>();
  const touched = new Set<string>();
  for (const key of keys) {
    const node = nodeOfIndexKey(key);
    touched.add(node);
    const refs = idx.bySubject.get(key);
    const named = refs !== undefined && refs.length > 0;
    const h = subjectHops(idx, refs);
    outsNow.set(node, h.outs);
    partsNow.set(node, h.parts);
    subjectNow.set(node, named || world.exists.has(node) ? true : undefined);
  }
  const bindingOuts = withChanges(prev.bindingOuts, outsNow);
  const parts = withChanges(prev.parts, partsNow);
  const subjectMap = withChanges(prev.subjectMap, subjectNow);
  const subjects = new KeySet(subjectMap);
  const lists = patchedLists(prev.graph, subjects, touched);
  // a group's hops and parts are its members' too (their combined hops, escalate on its roles)
  const redo = new Set<string>(touched);
  for (const node of touched) if (node.startsWith("group:")) for (const m of membersOf(node, { subjects, ...lists })) redo.add(m);
  // rights nodes no hop leads to any more keep their hops: they depend on the roles only, and
  // nothing reaches them, so no answer changes
  const changed = new Set<string>([...touched, ...standInsChanged(prev.world, world, serviceAccounts)]);
  const graphNow = new Map<string, readonly OutGroup[] | undefined>();
  const combos = new Combos(idx, bindingOuts, parts);
  const made: (readonly OutGroup[])[] = [];
  for (const node of redo) {
    const list = subjects.has(node) && isCandidate(node, parts) ? combos.outsOf(node) : bindingOuts.get(node);
    if (list === prev.graph.outs.get(node)) continue;
    changed.add(node);
    graphNow.set(node, list);
    if (list) made.push(list);
  }
  // the rights nodes the changed hops lead to: the previous graph's hops, else made
  const view = {
    has: (n: string) => (graphNow.has(n) ? graphNow.get(n) !== undefined : prev.graph.outs.has(n)),
    set: (n: string, list: readonly OutGroup[]) => graphNow.set(n, list),
  };
  for (const n of addRights(idx, world, view, made, prev.graph.outs)) changed.add(n);
  const outs = withChanges(prev.graph.outs, graphNow);
  return { graph: graphOver(idx, world, outs, subjects, lists, { previous: prev.graph, changed }), bindingOuts, parts, subjectMap };
}

const outKey = (o: Out) => `${o.technique}\n${o.to}`;

/**
 * Combined hops without those to every permission in a namespace when the node may already
 * impersonate every ServiceAccount there (all that namespace-admin leads to, one hop sooner).
 */
function undominated(outs: ReadonlyMap<string, readonly OutGroup[]>, node: string, combos: Out[]): Out[] {
  if (!combos.some((o) => o.to.startsWith(NS_ADMIN))) return combos;
  // the namespaces ("*": every one) whose ServiceAccounts the node may impersonate for certain
  const impersonated = new Set<string>();
  const scan = (n: string) => {
    for (const grp of outs.get(n) ?? []) for (const o of grp.outs) if (o.certain && o.to.startsWith(IMP_SAS)) impersonated.add(o.to.slice(IMP_SAS.length));
  };
  scan(node);
  for (const grp of memberGroups(node)) scan(grp);
  return combos.filter((o) => !o.to.startsWith(NS_ADMIN) || !(impersonated.has("*") || impersonated.has(o.to.slice(NS_ADMIN.length))));
}
const NS_ADMIN = "namespace-admin:";
const IMP_SAS = "~imp-sas:";

/** The subject nodes a group node stands for (itself included). */
export function membersOf(node: string, g: Pick<EscalationGraph, "subjects" | "serviceAccountNodes">): Iterable<string> {
  if (node === "group:system:authenticated") return g.subjects;
  if (node === "group:system:serviceaccounts") return [...g.serviceAccountNodes.values()].flat();
  if (node.startsWith("group:system:serviceaccounts:")) return [node, ...(g.serviceAccountNodes.get(node.slice("group:system:serviceaccounts:".length)) ?? [])];
  return [node];
}

interface Bound {
  binding: Binding;
  role: Role;
}

/** The binding index keys whose bindings apply to a subject node: its own, then its groups'. */
function bindingKeysOf(node: string): string[] {
  const keys: string[] = [];
  const own = subjectIndexKey(node);
  if (own) keys.push(own);
  for (const g of memberGroups(node)) keys.push(groupKey(g.slice("group:".length)));
  return keys;
}

/** The bindings of one index key, in binding order, with their roles. */
function boundRolesOf(idx: RbacIndex, key: string): Bound[] {
  const out: Bound[] = [];
  for (const ref of sortedRefs(idx.bySubject.get(key) ?? [])) {
    const role = resolveRole(idx, ref.binding);
    if (role) out.push({ binding: ref.binding, role });
  }
  return out;
}

/** The binding index key of a subject node. */
export function subjectIndexKey(node: string): string | undefined {
  if (node.startsWith("group:")) return groupKey(node.slice(6));
  if (node.startsWith("user:")) return userKey(node.slice(5));
  if (parseServiceAccountUser(node)) return userKey(node);
  return undefined;
}

const topByRoles = new WeakMap<object, { role: Role | undefined }>();
/** A ClusterRole that allows everything, if there is one (binding it makes every other ClusterRole moot). */
function allPermissionClusterRole(idx: RbacIndex): Role | undefined {
  let hit = topByRoles.get(idx.clusterRoleRules);
  if (!hit) {
    let role: Role | undefined;
    for (const r of idx.clusterRoles.values()) if (rulesOf(idx, r).some(allowsEverything) && (!role || r.metadata.name < role.metadata.name)) role = r;
    topByRoles.set(idx.clusterRoleRules, (hit = { role }));
  }
  return hit.role;
}

/** What `~nsadmin:*` stands for: every permission in each namespace. */
const everyNamespaceAdmin = (world: World) => world.namespaces.map((n) => `${NS_ADMIN}${n}`);
/** What `~roles:*` stands for: the rights of every Role of each namespace that has Roles. */
const everyNamespacesRoles = (idx: RbacIndex) => [...rolesByNamespace(idx).keys()].map((n) => `role:Role/${n}/*`);

const rolesByNs = new WeakMap<object, Map<string, Map<string, Role>>>();
/** Roles by namespace and name (memoised on the role index). */
export function rolesByNamespace(idx: RbacIndex): ReadonlyMap<string, ReadonlyMap<string, Role>> {
  let hit = rolesByNs.get(idx.roles);
  if (!hit) {
    hit = new Map();
    for (const r of idx.roles.values()) {
      const ns = r.metadata.namespace ?? "";
      let m = hit.get(ns);
      if (!m) hit.set(ns, (m = new Map()));
      m.set(r.metadata.name, r);
    }
    rolesByNs.set(idx.roles, hit);
  }
  return hit;
}

/** Scope where both parts apply: "" cluster-wide only when both are. */
function common(a: string, b: string): string | undefined {
  if (a === b) return a === "" ? "*" : a;
  if (a === "" || a === "*") return b === "" ? "*" : b;
  if (b === "" || b === "*") return a;
  return undefined;
}

/** The node of a role's rights held at a scope (CLUSTER_ADMIN / namespace-admin when the role allows everything). */
function rightsNode(idx: RbacIndex, role: Role, scope: string): string {
  if (rulesOf(idx, role).some(allowsEverything)) return scope === "" ? CLUSTER_ADMIN : scope === "*" ? "~nsadmin:*" : `namespace-admin:${scope}`;
  if (role.kind === "Role") return `role:Role/${role.metadata.namespace ?? ""}/${role.metadata.name}`;
  return `role:ClusterRole/${role.metadata.name}${scope === "" ? "" : `@${scope}`}`;
}

/**
 * A multi-permission hop: its permissions, whose bindings and words are looked up when the
 * hop is first shown (most holders' are never on a path anyone asks for).
 */
class CombinedOut implements Out {
  readonly certain = true;
  readonly rule = -1;
  private vias?: readonly HopVia[];
  private words?: string;
  constructor(
    readonly technique: Technique,
    readonly to: string,
    private readonly parts: readonly Part[],
    /** Between the permissions' words, and after them. */
    private readonly joiner: string,
    private readonly suffix = "",
  ) {}
  get via(): readonly HopVia[] {
    return (this.vias ??= this.parts.map(partVia));
  }
  get what(): string {
    return (this.words ??= this.parts.map((p) => p.what).join(this.joiner) + this.suffix);
  }
}

/**
 * The multi-permission hops of a holder of `parts`: impersonating a group (the API server also
 * wants a user to impersonate), bind (+ creating a binding), escalate (+ updating a role the
 * holder is bound to), approving a client CSR (create + approval + signer).
 */
export function combinedHops(idx: RbacIndex, parts: readonly Part[], bound: () => readonly (readonly Bound[])[]): Out[] {
  const buckets = new Map<Perm, Part[]>();
  for (const p of parts) {
    const list = buckets.get(p.perm);
    if (list) list.push(p);
    else buckets.set(p.perm, [p]);
  }
  // most holders have no complete combination: leave before building anything
  if (!completes((perm) => buckets.has(perm))) return [];
  const by = (perm: Perm): readonly Part[] => buckets.get(perm) ?? [];
  const outs: Out[] = [];
  const seen = new Set<string>();
  // whether a hop to `to` by `technique` is not made yet (asked before its words and vias are
  // built: a holder bound many times over reaches the same few targets again and again)
  const fresh = (technique: Technique, to: string) => {
    const k = `${technique}\n${to}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  };

  // impersonate groups: a group is impersonated together with a user (or ServiceAccount)
  const userPart = by("imp-users")[0] ?? by("imp-sas")[0];
  if (userPart) {
    for (const g of by("imp-groups")) {
      if (!g.names) {
        if (fresh("impersonate", "~groups")) outs.push(new CombinedOut("impersonate", "~groups", [g, userPart], ", with "));
      } else
        for (const n of g.names) {
          const to = n === "system:masters" ? CLUSTER_ADMIN : `group:${n}`;
          if (fresh("impersonate", to)) outs.push(new CombinedOut("impersonate", to, [g, userPart], ", with "));
        }
    }
  }

  // bind: create a binding to a role the holder may bind (the API server's bind check). Any
  // role of a kind is one node standing for all of them (their rights together).
  const bindRoles = by("bind-roles");
  const bindClusterRoles = by("bind-clusterroles");
  const clusterRoleTargets = (b: Part, scope: string): string[] => {
    if (b.names) return b.names.flatMap((n) => (idx.clusterRoles.has(n) ? [rightsNode(idx, idx.clusterRoles.get(n)!, scope)] : []));
    const top = allPermissionClusterRole(idx);
    if (top) return [rightsNode(idx, top, scope)];
    return [`role:ClusterRole/*${scope === "" ? "" : `@${scope}`}`];
  };
  const roleTargets = (b: Part, scope: string): string[] => {
    if (!b.names) return [scope === "*" ? "~roles:*" : `role:Role/${scope}/*`];
    const byNs = rolesByNamespace(idx);
    const namespaces = scope === "*" ? [...byNs.keys()] : [scope];
    return namespaces.flatMap((ns) => b.names!.flatMap((n) => (byNs.get(ns)?.has(n) ? [rightsNode(idx, byNs.get(ns)!.get(n)!, ns)] : [])));
  };
  const bind = (c: Part, b: Part, targets: string[]) => {
    for (const to of targets) if (fresh("bind", to)) outs.push(new CombinedOut("bind", to, [c, b], " and "));
  };
  for (const c of by("create-crb")) for (const b of bindClusterRoles) if (b.scope === "") bind(c, b, clusterRoleTargets(b, ""));
  for (const c of by("create-rb")) {
    for (const b of bindClusterRoles) {
      const scope = common(c.scope, b.scope);
      if (scope !== undefined) bind(c, b, clusterRoleTargets(b, scope));
    }
    for (const b of bindRoles) {
      const scope = common(c.scope, b.scope);
      if (scope !== undefined) bind(c, b, roleTargets(b, scope));
    }
  }

  // escalate: add any rule to a role the holder is bound to (a binding listed twice, by the
  // holder and by its group, gives the same hop: the second is passed over)
  const escRoles = by("escalate-roles");
  const updRoles = by("update-roles");
  const escClusterRoles = by("escalate-clusterroles");
  const updClusterRoles = by("update-clusterroles");
  if ((escRoles.length && updRoles.length) || (escClusterRoles.length && updClusterRoles.length)) {
    const escalated = new Set<string>(); // binding scopes
    for (const list of bound()) {
      for (const { binding, role } of list) {
        const isRole = role.kind === "Role";
        const e = partFor(isRole ? escRoles : escClusterRoles, role);
        if (!e) continue;
        const scope = bindingScope(binding);
        if (escalated.has(scope)) continue;
        const u = partFor(isRole ? updRoles : updClusterRoles, role);
        if (!u) continue;
        escalated.add(scope);
        const to = scope === "" ? CLUSTER_ADMIN : `namespace-admin:${scope}`;
        outs.push(new CombinedOut("escalate", to, [e, u], " and ", `, bound to ${role.kind} ${role.metadata.name} ${scope === "" ? "cluster-wide" : `in namespace ${scope}`}`));
      }
    }
  }

  // approve a CSR for a client certificate of any user (not system:masters: admission refuses it) and have it signed
  const csr = [by("csr-create")[0], by("csr-approval")[0], by("csr-signer")[0]];
  if (csr.every(Boolean)) outs.push(new CombinedOut("approve-csr", CLUSTER_ADMIN, csr as Part[], ", "));
  return outs;
}

/** Whether permissions of these kinds make a multi-permission hop (impersonating a group, bind, escalate, approve-csr). */
function completes(has: (perm: Perm) => boolean): boolean {
  return (
    (has("imp-groups") && (has("imp-users") || has("imp-sas"))) ||
    ((has("create-crb") || has("create-rb")) && (has("bind-roles") || has("bind-clusterroles"))) ||
    (has("escalate-roles") && has("update-roles")) ||
    (has("escalate-clusterroles") && has("update-clusterroles")) ||
    (has("csr-create") && has("csr-approval") && has("csr-signer"))
  );
}
/** Whether the bindings of some lists hold a permission of a kind. */
const holds = (lists: readonly (readonly BindingHops[])[]) => (perm: Perm) => lists.some((list) => list.some((h) => h.parts.some((p) => p.perm === perm)));

/** The first of a holder's escalate (or update) permissions on roles that covers `role`. */
function partFor(list: readonly Part[], role: Role): Part | undefined {
  for (const p of list) if (namesAllow(p, role.metadata.name) && (role.kind === "ClusterRole" || p.scope === "" || p.scope === (role.metadata.namespace ?? ""))) return p;
  return undefined;
}

/** cluster-admin may impersonate anyone. */
function clusterAdminOuts(): Out[] {
  const what = "impersonate users, groups and serviceaccounts cluster-wide (cluster-admin)";
  return ["~users", "~groups", "~imp-sas:*"].map((to) => ({ technique: "impersonate", to, certain: true, rule: -1, via: [], what }));
}

/** The hops out of a rights node: its role's grants at its scope; every permission in a namespace for namespace-admin. */
export function capabilityOuts(idx: RbacIndex, node: string): Out[] {
  if (node.startsWith("namespace-admin:")) {
    const ns = node.slice("namespace-admin:".length);
    const what = `do anything in namespace ${ns}`;
    return [
      { technique: "create-pods", to: `~sas:${ns}`, certain: true, rule: -1, via: [], what },
      { technique: "impersonate", to: `~imp-sas:${ns}`, certain: true, rule: -1, via: [], what },
    ];
  }
  const spec = node.slice("role:".length);
  let roles: Role[];
  let scope: string;
  if (spec.startsWith("Role/")) {
    const [ns, name] = spec.slice("Role/".length).split("/");
    const inNs = rolesByNamespace(idx).get(ns);
    roles = name === "*" ? [...(inNs?.values() ?? [])] : inNs?.has(name) ? [inNs.get(name)!] : [];
    scope = ns;
  } else {
    const rest = spec.slice("ClusterRole/".length);
    const at = rest.indexOf("@");
    const name = at < 0 ? rest : rest.slice(0, at);
    roles = name === "*" ? [...idx.clusterRoles.values()] : idx.clusterRoles.has(name) ? [idx.clusterRoles.get(name)!] : [];
    scope = at < 0 ? "" : rest.slice(at + 1);
  }
  const binding: ObjectRef = scope === "" ? { kind: "ClusterRoleBinding", name: "" } : { kind: "RoleBinding", namespace: scope === "*" ? "" : scope, name: "" };
  const outs: Out[] = [];
  const seen = new Set<string>();
  const addOut = (o: Out) => {
    if (seen.has(outKey(o))) return;
    seen.add(outKey(o));
    outs.push(o);
  };
  const parts: Part[] = [];
  const bound: Bound[] = [];
  for (const role of roles) {
    const roleRef: ObjectRef = role.kind === "Role" ? { kind: "Role", namespace: role.metadata.namespace ?? "", name: role.metadata.name } : { kind: "ClusterRole", name: role.metadata.name };
    const c = contributionAt(rulesOf(idx, role), scope);
    for (const o of c.outs) addOut(o.withVia([{ binding, role: roleRef, rule: o.rule }]));
    for (const p of c.parts) parts.push(p.withVia({ binding, role: roleRef, rule: p.rule }));
    // the holder is bound to the role, so escalate + update on it applies
    if (scope !== "*") bound.push({ binding: { kind: binding.kind, metadata: { name: "", namespace: binding.namespace }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: role.kind, name: role.metadata.name } } as Binding, role });
  }
  for (const o of combinedHops(idx, parts, () => [bound])) addOut(o);
  return outs;
}

// ---------------------------------------------------------------- internal nodes → subjects

/** The nodes an internal node stands for (subjects, or other internal nodes), free of any hop. */
export function expand(g: EscalationGraph, node: string): readonly string[] {
  const world = g.world;
  const colon = node.indexOf(":");
  const type = colon < 0 ? node : node.slice(0, colon);
  const arg = colon < 0 ? "" : node.slice(colon + 1);
  const slash = arg.indexOf("/");
  const ns = slash < 0 ? arg : arg.slice(0, slash);
  const name = slash < 0 ? "" : arg.slice(slash + 1);
  const everyNs = (f: (ns: string) => string) => world.namespaces.map(f);
  switch (type) {
    case "~sas":
      return ns === "*" ? everyNs((n) => `~sas:${n}`) : (world.serviceAccounts.get(ns) ?? []);
    case "~sa": {
      if (ns === "*") return everyNs((n) => `~sa:${n}/${name}`);
      const key = serviceAccountUserName(ns, name);
      return world.exists.has(key) ? [key] : [];
    }
    case "~imp-sas":
      return ns === "*" ? [...g.serviceAccountNodes.keys()].map((n) => `~imp-sas:${n}`) : (g.serviceAccountNodes.get(ns) ?? []);
    case "~imp-sa": {
      if (ns === "*") return everyNs((n) => `~imp-sa:${n}/${name}`);
      const key = serviceAccountUserName(ns, name);
      return g.subjects.has(key) ? [key] : [];
    }
    case "~exec": {
      if (ns === "*") return everyNs((n) => (name ? `~exec:${n}/${name}` : `~exec:${n}`));
      const pods = world.tokenPods.get(ns);
      if (!pods) return [];
      if (name) return pods.has(name) ? [pods.get(name)!] : [];
      return [...new Set(pods.values())].sort(); // by name, as `~sas:NS`, whatever order the pods came in
    }
    case "~users":
      return g.users;
    case "~groups":
      return [...g.groups, CLUSTER_ADMIN];
    case "~roles":
      return everyNamespacesRoles(g.idx);
    case "~nsadmin":
      return everyNamespaceAdmin(world);
    case "~upd": {
      // ~upd:Kind:ns[/name]: a workload of that kind (and name) exists to update
      const k = arg.indexOf(":");
      const kind = arg.slice(0, k);
      const rest = arg.slice(k + 1);
      const s = rest.indexOf("/");
      const uns = s < 0 ? rest : rest.slice(0, s);
      const uname = s < 0 ? "" : rest.slice(s + 1);
      if (uns === "*") return everyNs((n) => `~upd:${kind}:${n}${uname ? `/${uname}` : ""}`);
      const names = world.workloads.get(`${kind}\n${uns}`);
      if (!names || (uname && !names.has(uname))) return [];
      return [`~sas:${uns}`];
    }
    default:
      return [];
  }
}

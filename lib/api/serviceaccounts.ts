// View models for the service-account list and a service account's page.
import { bindingsForIdentity, serviceAccountGroups, serviceAccountIdentity, type BindingMatch } from "@/lib/rbac/subjects";
import { clusterAdminPaths, findings, serviceAccountReach, type Finding } from "@/lib/rbac/findings";
import { rbacIndex, rulesOf } from "@/lib/rbac/indexes";
import { serviceAccountPresence, serviceAccountsNamedByBindings, serviceAccountState } from "@/lib/rbac/service-accounts";
import { severityRank, type Severity } from "@/lib/rbac/risk";
import type { Binding, Role, ServiceAccount, Snapshot } from "@/lib/store/types";
import { builtInMark } from "./builtin";
import { runsAs, runsAsIndex, serviceAccountsByName, tokenMount } from "./runs-as";
import type { ObjectRef, RoleRefView, SaBindingView, SaChainView, ServiceAccountDetail, ServiceAccountList, ServiceAccountRow, SubjectView } from "./types";
import { nodeId, type ChainsView } from "@/lib/chains/types";
import { memoOnKinds } from "@/lib/store/memo";
import type { EscalationPath } from "@/lib/rbac/escalation";

export function roleRefView(snap: Snapshot, binding: Binding, role: Role | undefined): RoleRefView {
  const ref = binding.roleRef;
  const namespace = ref?.kind === "Role" ? binding.metadata.namespace : undefined;
  return {
    kind: ref?.kind ?? "?",
    name: ref?.name ?? "?",
    ...(namespace ? { namespace } : {}),
    missing: !role,
    ...(role ? { ruleCount: rulesOf(rbacIndex(snap), role).length } : {}),
    ...builtInMark(role),
  };
}

function subjectView(binding: Binding, index: number): SubjectView {
  const s = binding.subjects?.[index];
  if (!s) return { kind: "?", name: "?" };
  const ns = s.kind === "ServiceAccount" ? s.namespace || (binding.kind === "RoleBinding" ? binding.metadata.namespace : undefined) : undefined;
  return { kind: s.kind, name: s.name, ...(ns ? { namespace: ns } : {}) };
}

function matchView(snap: Snapshot, m: BindingMatch): SaBindingView {
  const b = m.binding;
  return {
    binding: { kind: b.kind, ...(b.metadata.namespace && b.kind === "RoleBinding" ? { namespace: b.metadata.namespace } : {}), name: b.metadata.name },
    ...builtInMark(b),
    role: roleRefView(snap, b, m.role),
    subject: subjectView(b, m.subjectIndex),
    matchedBy: m.matchedBy,
  };
}

type Risk = { worst: Severity; count: number; bySeverity: Partial<Record<Severity, number>> };

// What findings and the existence of ServiceAccounts depend on (Namespace: offline, `default` exists with its namespace).
const RBAC_KINDS = ["ServiceAccount", "RoleBinding", "ClusterRoleBinding", "Role", "ClusterRole", "Namespace"] as const;

/**
 * The findings reaching each ServiceAccount ("ns/name"): exactly what the findings page lists
 * for `serviceAccount=ns/name` by default (lib/rbac's serviceAccountReach, the bootstrap
 * policy's own bindings left out), counted once here for every SA.
 */
// Keyed on the findings list itself: a snapshot whose findings are the last one's reuses this.
const bySaMemo = new WeakMap<readonly Finding[], (key: string) => Risk | undefined>();
function findingsBySa(snap: Snapshot): (key: string) => Risk | undefined {
  const list = findings(snap);
  let hit = bySaMemo.get(list);
  if (!hit) bySaMemo.set(list, (hit = countBySa(list)));
  return hit;
}

function countBySa(list: readonly Finding[]): (key: string) => Risk | undefined {
  const named = new Map<string, Severity[]>();
  const byGroup = new Map<string, Severity[]>();
  const add = (m: Map<string, Severity[]>, key: string, f: Finding) => {
    const l = m.get(key);
    if (l) l.push(f.severity);
    else m.set(key, [f.severity]);
  };
  for (const f of list) {
    if (f.system) continue;
    const r = serviceAccountReach(f);
    if (!r) continue;
    if ("serviceAccount" in r) add(named, r.serviceAccount, f);
    else add(byGroup, r.group, f);
  }
  const out = new Map<string, Risk | undefined>();
  const forSa = (key: string): Risk | undefined => {
    const ns = key.slice(0, key.indexOf("/"));
    const all = [...(named.get(key) ?? []), ...serviceAccountGroups(ns).flatMap((g) => byGroup.get(g) ?? [])];
    if (!all.length) return undefined;
    const bySeverity: Risk["bySeverity"] = {};
    let worst = all[0];
    for (const s of all) {
      bySeverity[s] = (bySeverity[s] ?? 0) + 1;
      if (severityRank(s) < severityRank(worst)) worst = s;
    }
    return { worst, count: all.length, bySeverity };
  };
  // Grants to groups reach SAs no binding names (e.g. one only a pod names): on demand, remembered.
  return (key: string) => {
    if (!out.has(key)) out.set(key, forSa(key));
    return out.get(key);
  };
}

type RbacColumns = { bindings: number; groupBindings: number };

type ClusterAdminReach = NonNullable<ServiceAccountRow["clusterAdmin"]>;

const reachOfPath = (p: EscalationPath): ClusterAdminReach => ({ hops: p.hops, certain: p.certain, direct: p.hops === 1 && p.path[0]?.technique === "all-permissions" });
const better = (a: EscalationPath | undefined, b: EscalationPath | undefined) => (!a ? b : !b ? a : a.certain !== b.certain ? (a.certain ? a : b) : b.hops < a.hops ? b : a);

/**
 * Per ServiceAccount ("ns/name"), the shortest path to cluster-admin (a certain one first):
 * its own, else its groups' (an SA that only a pod names is not among the engine's subjects,
 * but its groups may be). On demand, remembered per answer of the engine.
 */
const adminMemo = new WeakMap<readonly EscalationPath[], (namespace: string, name: string) => ClusterAdminReach | undefined>();
export function clusterAdminBySa(snap: Snapshot): (namespace: string, name: string) => ClusterAdminReach | undefined {
  const paths = clusterAdminPaths(snap);
  let hit = adminMemo.get(paths);
  if (!hit) adminMemo.set(paths, (hit = clusterAdminOf(paths)));
  return hit;
}

function clusterAdminOf(paths: readonly EscalationPath[]): (namespace: string, name: string) => ClusterAdminReach | undefined {
  const bySubject = new Map(paths.map((p) => [p.subject, p]));
  const out = new Map<string, ClusterAdminReach | undefined>();
  return (namespace: string, name: string): ClusterAdminReach | undefined => {
    const key = `${namespace}/${name}`;
    if (out.has(key)) return out.get(key);
    let best = bySubject.get(serviceAccountIdentity(namespace, name).user);
    for (const g of serviceAccountGroups(namespace)) best = better(best, bySubject.get(`group:${g}`));
    const r = best && reachOfPath(best);
    out.set(key, r);
    return r;
  };
}

/** Per ServiceAccount ("ns/name"), on demand and remembered: direct bindings, bindings through its groups, findings. RBAC kinds only. */
const rbacColumns = memoOnKinds(RBAC_KINDS, (snap) => {
  // Group grants are the same for every SA of a namespace: count them once per namespace.
  const groupCounts = new Map<string, number>();
  const out = new Map<string, RbacColumns>();
  return (namespace: string, name: string): RbacColumns => {
    const key = `${namespace}/${name}`;
    const hit = out.get(key);
    if (hit) return hit;
    const id = serviceAccountIdentity(namespace, name);
    let groupBindings = groupCounts.get(namespace);
    if (groupBindings === undefined) {
      groupBindings = bindingsForIdentity(snap, { user: "", groups: id.groups }).length;
      groupCounts.set(namespace, groupBindings);
    }
    const c = { bindings: bindingsForIdentity(snap, { user: id.user, groups: [] }).length, groupBindings };
    out.set(key, c);
    return c;
  };
});

const listCache = new WeakMap<Snapshot, ServiceAccountRow[]>();

/**
 * Every ServiceAccount named anywhere: by an SA object, a binding's subject (the bootstrap
 * policy's own bindings aside: their SAs exist in every real cluster) or a workload or pod,
 * sorted by namespace then name; the ones with no object marked. Built once per snapshot,
 * from parts that are reused across snapshots.
 */
function allRows(snap: Snapshot): ServiceAccountRow[] {
  const hit = listCache.get(snap);
  if (hit) return hit;
  const runs = runsAsIndex(snap);
  const rbac = rbacColumns(snap);
  const risks = findingsBySa(snap);
  const admin = clusterAdminBySa(snap);
  const presence = serviceAccountPresence(snap);
  const keys = new Set([...presence.objects.keys(), ...serviceAccountsNamedByBindings(snap), ...runs.keys()]);
  const rows: ServiceAccountRow[] = [];
  for (const key of keys) {
    const i = key.indexOf("/");
    const namespace = key.slice(0, i);
    const name = key.slice(i + 1);
    const sa = presence.objects.get(key);
    const state = serviceAccountState(presence, namespace, name);
    const r = runs.get(key);
    const c = rbac(namespace, name);
    const risk = risks(key);
    const ca = admin(namespace, name);
    rows.push({
      namespace,
      name,
      exists: state !== "missing",
      ...(state === "implied" ? { implied: true } : {}),
      bindings: c.bindings,
      groupBindings: c.groupBindings,
      workloads: r?.workloads.length ?? 0,
      pods: r?.pods.length ?? 0,
      automount: sa?.automountServiceAccountToken,
      ...(risk ? { worstFinding: risk.worst, findingsBySeverity: risk.bySeverity } : {}),
      findings: risk?.count ?? 0,
      ...(ca ? { clusterAdmin: ca } : {}),
    });
  }
  rows.sort((a, b) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.namespace < b.namespace ? -1 : 1));
  listCache.set(snap, rows);
  return rows;
}

export function serviceAccountList(snap: Snapshot, namespace?: string): ServiceAccountList {
  const rows = allRows(snap);
  return { version: snap.version, items: namespace ? rows.filter((r) => r.namespace === namespace) : rows };
}

/**
 * Whether a ServiceAccount has a page: its object exists (or, offline, it is the `default` of
 * an existing namespace), or a binding names it directly, or a workload or pod runs as it. One
 * that does not exist but is named still gets a page (marked "no such object"), since the
 * authorizer does not check that it exists either.
 */
export function serviceAccountKnown(snap: Snapshot, namespace: string, name: string): boolean {
  const presence = serviceAccountPresence(snap);
  if (presence.objects.has(`${namespace}/${name}`) || serviceAccountState(presence, namespace, name) === "implied") return true;
  const r = runsAs(snap, namespace, name);
  if (r.pods.length || r.workloads.length) return true;
  return bindingsForIdentity(snap, { user: serviceAccountIdentity(namespace, name).user, groups: [] }).length > 0;
}

/**
 * The chains holding any of these workloads (a chain node's id is `Kind/namespace/name`, the
 * workload's own), in the view's order (worst first), each with the workloads it holds.
 */
export function chainsOfWorkloads(view: ChainsView, workloads: readonly Required<ObjectRef>[]): SaChainView[] {
  if (!workloads.length) return [];
  const byId = new Map(workloads.map((w) => [nodeId(w.kind, w.namespace, w.name), w]));
  const out: SaChainView[] = [];
  for (const c of view.chains) {
    const mine = c.nodes.flatMap((id) => {
      const w = byId.get(id);
      return w ? [{ kind: w.kind, namespace: w.namespace, name: w.name }] : [];
    });
    if (mine.length) out.push({ id: c.id, health: c.health, objects: c.nodes.length, workloads: mine });
  }
  return out;
}

/**
 * One SA's page; undefined when it has none (serviceAccountKnown). With the chains view, the
 * chains its workloads are in.
 */
export function serviceAccountDetail(snap: Snapshot, namespace: string, name: string, chains?: ChainsView): ServiceAccountDetail | undefined {
  if (!serviceAccountKnown(snap, namespace, name)) return undefined;
  const sa: ServiceAccount | undefined = serviceAccountsByName(snap).get(`${namespace}/${name}`);
  const state = serviceAccountState(serviceAccountPresence(snap), namespace, name);
  const id = serviceAccountIdentity(namespace, name);
  const matches = bindingsForIdentity(snap, id);
  const direct = matches.filter((m) => m.matchedBy.type !== "Group");
  const r = runsAs(snap, namespace, name);

  const groups = serviceAccountGroups(namespace).map((group) => ({
    group,
    bindings: matches.filter((m) => m.matchedBy.type === "Group" && m.matchedBy.group === group).map((m) => matchView(snap, m)),
  }));
  const automount = sa?.automountServiceAccountToken;
  const risk = findingsBySa(snap)(`${namespace}/${name}`);
  const clusterAdmin = clusterAdminBySa(snap)(namespace, name);
  return {
    version: snap.version,
    namespace,
    name,
    userName: id.user,
    groups: id.groups,
    exists: state !== "missing",
    ...(state === "implied" ? { implied: true } : {}),
    ...(sa?.metadata.creationTimestamp ? { createdAt: sa.metadata.creationTimestamp } : {}),
    automount,
    // Names only: the dashboard never reads Secrets.
    imagePullSecrets: (sa?.imagePullSecrets ?? []).map((s) => s.name).filter(Boolean),
    ...(risk ? { worstFinding: risk.worst, findingsBySeverity: risk.bySeverity } : {}),
    findings: risk?.count ?? 0,
    ...(clusterAdmin ? { clusterAdmin } : {}),
    bindings: { direct: direct.map((m) => matchView(snap, m)), groups },
    workloads: r.workloads.map((w) => ({ ...w.ref, namespace, health: w.health.health, status: w.health.status, token: tokenMount(w.podAutomount, automount) })),
    pods: r.pods.map((p) => ({
      ...p.ref,
      namespace,
      health: p.health.health,
      status: p.health.status,
      token: tokenMount(p.podAutomount, automount),
      ...(p.owner ? { owner: p.owner } : {}),
    })),
    ...(chains ? { chains: chainsOfWorkloads(chains, r.workloads.map((w) => ({ ...w.ref, namespace }))) } : {}),
  };
}

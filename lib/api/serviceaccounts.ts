// View models for the service-account list and a service account's page.
import { bindingsForIdentity, serviceAccountGroups, serviceAccountIdentity, type BindingMatch } from "@/lib/rbac/subjects";
import { findings, serviceAccountReach, type Finding } from "@/lib/rbac/findings";
import { rbacIndex, rulesOf } from "@/lib/rbac/indexes";
import { severityRank, type Severity } from "@/lib/rbac/risk";
import type { Binding, Role, ServiceAccount, Snapshot } from "@/lib/store/types";
import { builtInMark } from "./builtin";
import { runsAs, runsAsIndex, serviceAccountsByName, tokenMount } from "./runs-as";
import type { RoleRefView, SaBindingView, ServiceAccountDetail, ServiceAccountList, ServiceAccountRow, SubjectView } from "./types";

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

type Risk = { worst: Severity; count: number };

/**
 * Remembers the last result and the snapshot maps it was built from. A snapshot shares the
 * maps of unchanged kinds with its predecessor, so e.g. a Pod change (the most frequent)
 * reuses everything derived from RBAC objects only.
 */
function lastBy<T>(build: (snap: Snapshot) => T, kinds: readonly (keyof Snapshot["objects"])[]) {
  let last: { inputs: unknown[]; value: T } | undefined;
  return (snap: Snapshot): T => {
    const inputs = kinds.map((k) => snap.objects[k]);
    if (last && last.inputs.every((m, i) => m === inputs[i])) return last.value;
    const value = build(snap);
    last = { inputs, value };
    return value;
  };
}

const RBAC_KINDS = ["ServiceAccount", "RoleBinding", "ClusterRoleBinding", "Role", "ClusterRole"] as const;

/**
 * The findings reaching each ServiceAccount ("ns/name"), by lib/rbac's serviceAccountReach:
 * grants naming it, and grants to its groups, which every SA of the group holds.
 */
const findingsBySa = lastBy((snap): Map<string, Risk> => {
  const named = new Map<string, Severity[]>();
  const byGroup = new Map<string, Severity[]>();
  const add = (m: Map<string, Severity[]>, key: string, f: Finding) => {
    const l = m.get(key);
    if (l) l.push(f.severity);
    else m.set(key, [f.severity]);
  };
  for (const f of findings(snap)) {
    const r = serviceAccountReach(f);
    if (!r) continue;
    if ("serviceAccount" in r) add(named, r.serviceAccount, f);
    else add(byGroup, r.group, f);
  }
  const out = new Map<string, Risk>();
  const keys = new Set([...serviceAccountsByName(snap).keys(), ...named.keys()]);
  for (const key of keys) {
    const ns = key.slice(0, key.indexOf("/"));
    const all = [...(named.get(key) ?? []), ...serviceAccountGroups(ns).flatMap((g) => byGroup.get(g) ?? [])];
    if (!all.length) continue;
    let worst = all[0];
    for (const s of all) if (severityRank(s) < severityRank(worst)) worst = s;
    out.set(key, { worst, count: all.length });
  }
  return out;
}, RBAC_KINDS);

/** Per ServiceAccount ("ns/name"): direct bindings, bindings through its groups, findings. RBAC kinds only. */
const rbacColumns = lastBy((snap) => {
  const risk = findingsBySa(snap);
  // Group grants are the same for every SA of a namespace: count them once per namespace.
  const groupCounts = new Map<string, number>();
  const out = new Map<string, { bindings: number; groupBindings: number; risk?: Risk }>();
  for (const [key, sa] of serviceAccountsByName(snap)) {
    const ns = sa.metadata.namespace ?? "default";
    const id = serviceAccountIdentity(ns, sa.metadata.name);
    let groupBindings = groupCounts.get(ns);
    if (groupBindings === undefined) {
      groupBindings = bindingsForIdentity(snap, { user: "", groups: id.groups }).length;
      groupCounts.set(ns, groupBindings);
    }
    out.set(key, { bindings: bindingsForIdentity(snap, { user: id.user, groups: [] }).length, groupBindings, risk: risk.get(key) });
  }
  return out;
}, RBAC_KINDS);

const listCache = new WeakMap<Snapshot, ServiceAccountRow[]>();

/** Every ServiceAccount, sorted by namespace then name. Built once per snapshot, from parts that are reused across snapshots. */
function allRows(snap: Snapshot): ServiceAccountRow[] {
  const hit = listCache.get(snap);
  if (hit) return hit;
  const runs = runsAsIndex(snap);
  const rbac = rbacColumns(snap);
  const rows: ServiceAccountRow[] = [];
  for (const [key, sa] of serviceAccountsByName(snap)) {
    const r = runs.get(key);
    const c = rbac.get(key);
    rows.push({
      namespace: sa.metadata.namespace ?? "default",
      name: sa.metadata.name,
      bindings: c?.bindings ?? 0,
      groupBindings: c?.groupBindings ?? 0,
      workloads: r?.workloads.length ?? 0,
      pods: r?.pods.length ?? 0,
      automount: sa.automountServiceAccountToken,
      ...(c?.risk ? { worstFinding: c.risk.worst } : {}),
      findings: c?.risk?.count ?? 0,
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
 * One SA's page. Undefined when neither the SA exists nor anything names it; an SA that
 * does not exist but is named by bindings or pods still gets a page (marked not existing),
 * since the authorizer does not check that it exists either.
 */
export function serviceAccountDetail(snap: Snapshot, namespace: string, name: string): ServiceAccountDetail | undefined {
  const sa: ServiceAccount | undefined = serviceAccountsByName(snap).get(`${namespace}/${name}`);
  const id = serviceAccountIdentity(namespace, name);
  const matches = bindingsForIdentity(snap, id);
  const direct = matches.filter((m) => m.matchedBy.type !== "Group");
  const r = runsAs(snap, namespace, name);
  if (!sa && direct.length === 0 && r.pods.length === 0 && r.workloads.length === 0) return undefined;

  const groups = serviceAccountGroups(namespace).map((group) => ({
    group,
    bindings: matches.filter((m) => m.matchedBy.type === "Group" && m.matchedBy.group === group).map((m) => matchView(snap, m)),
  }));
  const automount = sa?.automountServiceAccountToken;
  const risk = findingsBySa(snap).get(`${namespace}/${name}`);
  return {
    version: snap.version,
    namespace,
    name,
    userName: id.user,
    groups: id.groups,
    exists: !!sa,
    ...(sa?.metadata.creationTimestamp ? { createdAt: sa.metadata.creationTimestamp } : {}),
    automount,
    // Names only: the dashboard never reads Secrets.
    imagePullSecrets: (sa?.imagePullSecrets ?? []).map((s) => s.name).filter(Boolean),
    ...(risk ? { worstFinding: risk.worst } : {}),
    findings: risk?.count ?? 0,
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
  };
}

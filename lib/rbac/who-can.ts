// who-can: every subject (ServiceAccount, User, Group) a request is allowed for, with reasons.
// Group subjects are listed as groups; the service accounts a well-known SA group stands for
// are listed beside them, labelled as reached through that group.
import type { Binding, Role, ServiceAccount, Snapshot } from "@/lib/store/types";
import { bindingRef, allowingRules, roleRefOf, subjectView, type Reason, type SubjectRefView } from "./authorize";
import { rbacIndex, resolveRole, subjectKey } from "./indexes";
import type { RequestAttributes } from "./rules";

export interface AllowedSubject extends SubjectRefView {
  reasons: Reason[];
}
export interface GroupMembers {
  group: string;
  /** Known ServiceAccounts in the group (capped); `total` counts all of them. */
  serviceAccounts: { namespace: string; name: string }[];
  total: number;
  /** True when the group also holds identities we cannot list (users, all authenticated). */
  open: boolean;
}
export interface WhoCanResult {
  subjects: AllowedSubject[];
  groupMembers: GroupMembers[];
}

const saByNs = new WeakMap<object, Map<string, { namespace: string; name: string }[]>>();
/** Known ServiceAccounts by namespace, sorted by name (memoised on the snapshot's SA map). */
export function serviceAccountsByNamespace(snap: Snapshot) {
  const m = snap.objects.ServiceAccount;
  let hit = saByNs.get(m);
  if (!hit) {
    hit = new Map();
    for (const o of m.values()) {
      const sa = o as ServiceAccount;
      const ns = sa.metadata.namespace ?? "";
      const arr = hit.get(ns) ?? [];
      arr.push({ namespace: ns, name: sa.metadata.name });
      hit.set(ns, arr);
    }
    for (const a of hit.values()) a.sort((x, y) => (x.name < y.name ? -1 : 1));
    saByNs.set(m, hit);
  }
  return hit;
}

/** The known SAs a group stands for: `system:serviceaccounts:<ns>`, `system:serviceaccounts`, `system:authenticated`. */
export function groupMembers(snap: Snapshot, group: string, cap = 200): GroupMembers | undefined {
  const byNs = serviceAccountsByNamespace(snap);
  if (group.startsWith("system:serviceaccounts:")) {
    const list = byNs.get(group.slice("system:serviceaccounts:".length)) ?? [];
    return { group, serviceAccounts: list.slice(0, cap), total: list.length, open: false };
  }
  if (group === "system:serviceaccounts" || group === "system:authenticated") {
    const all: { namespace: string; name: string }[] = [];
    let total = 0;
    for (const ns of [...byNs.keys()].sort()) {
      const l = byNs.get(ns)!;
      total += l.length;
      for (const sa of l) if (all.length < cap) all.push(sa);
    }
    return { group, serviceAccounts: all, total, open: group === "system:authenticated" };
  }
  return undefined;
}

export function whoCan(snap: Snapshot, req: RequestAttributes): WhoCanResult {
  const idx = rbacIndex(snap);
  const bindings: readonly Binding[] =
    req.kind === "resource" && req.namespace ? [...idx.clusterBindings, ...(idx.roleBindingsByNamespace.get(req.namespace) ?? [])] : idx.clusterBindings;
  const allowedByRole = new Map<Role, number[]>();
  const subjects = new Map<string, AllowedSubject>();
  for (const b of bindings) {
    const role = resolveRole(idx, b);
    if (!role) continue;
    let rules = allowedByRole.get(role);
    if (!rules) allowedByRole.set(role, (rules = allowingRules(idx, role, req)));
    if (rules.length === 0) continue;
    const n = b.subjects?.length ?? 0;
    for (let i = 0; i < n; i++) {
      if (!subjectKey(b, i)) continue; // a subject that applies to no one
      const s = subjectView(b, i);
      const key = `${s.kind}\n${s.namespace ?? ""}\n${s.name}`;
      let entry = subjects.get(key);
      if (!entry) subjects.set(key, (entry = { ...s, reasons: [] }));
      for (const rule of rules) entry.reasons.push({ binding: bindingRef(b), role: roleRefOf(b), rule, subject: s });
    }
  }
  const order: Record<string, number> = { ServiceAccount: 0, User: 1, Group: 2 };
  const list = [...subjects.values()].sort(
    (a, b) => (order[a.kind] ?? 3) - (order[b.kind] ?? 3) || (a.namespace ?? "").localeCompare(b.namespace ?? "") || a.name.localeCompare(b.name),
  );
  const groupMembersList = list.filter((s) => s.kind === "Group").flatMap((s) => groupMembers(snap, s.name) ?? []);
  return { subjects: list, groupMembers: groupMembersList };
}

// View model for the bindings list: every RoleBinding and ClusterRoleBinding, role resolved,
// orphans (missing role, or no subject) marked, ServiceAccount subjects that do not exist marked.
// Offline it includes the bootstrap policy's bindings every cluster has (marked built-in).
import { rbacIndex, resolveRole } from "@/lib/rbac/indexes";
import type { Binding, Snapshot } from "@/lib/store/types";
import { serviceAccountPresence, serviceAccountState, type ServiceAccountPresence } from "@/lib/rbac/service-accounts";
import { builtInMark } from "./builtin";
import { roleRefView } from "./serviceaccounts";
import type { BindingList, BindingRow, SubjectView } from "./types";

const cache = new WeakMap<Snapshot, BindingRow[]>();

function row(snap: Snapshot, b: Binding, presence: ServiceAccountPresence): BindingRow {
  const role = roleRefView(snap, b, resolveRole(rbacIndex(snap), b));
  const mark = builtInMark(b);
  const subjects: SubjectView[] = (b.subjects ?? []).map((s) => {
    if (s.kind !== "ServiceAccount") return { kind: s.kind, name: s.name };
    const ns = s.namespace || (b.kind === "RoleBinding" ? b.metadata.namespace : undefined);
    // An assumed built-in binding names the controllers' ServiceAccounts in kube-system, which
    // the controller manager creates on a cluster: not "missing" because no manifest has them.
    const missing = !ns || (mark.builtIn !== "assumed" && serviceAccountState(presence, ns, s.name) === "missing");
    return { kind: s.kind, name: s.name, ...(ns ? { namespace: ns } : {}), missing };
  });
  const orphanReason = role.missing ? `${role.kind} ${role.name} does not exist` : subjects.length === 0 ? "no subjects" : undefined;
  return {
    kind: b.kind,
    ...(b.kind === "RoleBinding" ? { namespace: b.metadata.namespace ?? "default" } : {}),
    name: b.metadata.name,
    role,
    subjects,
    orphan: !!orphanReason,
    ...(orphanReason ? { orphanReason } : {}),
    ...mark,
  };
}

function allRows(snap: Snapshot): BindingRow[] {
  const hit = cache.get(snap);
  if (hit) return hit;
  const presence = serviceAccountPresence(snap);
  const rows: BindingRow[] = [];
  // the RBAC index's lists: the source's bindings, and offline the built-in ones
  const idx = rbacIndex(snap);
  for (const b of idx.clusterBindings) rows.push(row(snap, b, presence));
  for (const list of idx.roleBindingsByNamespace.values()) for (const b of list) rows.push(row(snap, b, presence));
  const key = (r: BindingRow) => `${r.kind === "ClusterRoleBinding" ? "0" : "1"}/${r.namespace ?? ""}/${r.name}`;
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  cache.set(snap, rows);
  return rows;
}

/** With a namespace: that namespace's RoleBindings and every ClusterRoleBinding (they apply there too). */
export function bindingList(snap: Snapshot, namespace?: string): BindingList {
  const rows = allRows(snap);
  return { version: snap.version, items: namespace ? rows.filter((r) => r.kind === "ClusterRoleBinding" || r.namespace === namespace) : rows };
}

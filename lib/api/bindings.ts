// View model for the bindings list: every RoleBinding and ClusterRoleBinding, role resolved,
// orphans (missing role, or no subject) marked, ServiceAccount subjects that do not exist marked.
import { rbacIndex, resolveRole } from "@/lib/rbac/indexes";
import type { Binding, Snapshot } from "@/lib/store/types";
import { serviceAccountPresence, serviceAccountState, type ServiceAccountPresence } from "@/lib/rbac/service-accounts";
import { roleRefView } from "./serviceaccounts";
import type { BindingList, BindingRow, SubjectView } from "./types";

const cache = new WeakMap<Snapshot, BindingRow[]>();

function row(snap: Snapshot, b: Binding, presence: ServiceAccountPresence): BindingRow {
  const role = roleRefView(snap, b, resolveRole(rbacIndex(snap), b));
  const subjects: SubjectView[] = (b.subjects ?? []).map((s) => {
    if (s.kind !== "ServiceAccount") return { kind: s.kind, name: s.name };
    const ns = s.namespace || (b.kind === "RoleBinding" ? b.metadata.namespace : undefined);
    return { kind: s.kind, name: s.name, ...(ns ? { namespace: ns } : {}), missing: !ns || serviceAccountState(presence, ns, s.name) === "missing" };
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
  };
}

function allRows(snap: Snapshot): BindingRow[] {
  const hit = cache.get(snap);
  if (hit) return hit;
  const presence = serviceAccountPresence(snap);
  const rows: BindingRow[] = [];
  for (const o of snap.objects.ClusterRoleBinding.values()) rows.push(row(snap, o as Binding, presence));
  for (const o of snap.objects.RoleBinding.values()) rows.push(row(snap, o as Binding, presence));
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

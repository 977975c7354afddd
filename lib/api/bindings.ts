// View model for the bindings list: every RoleBinding and ClusterRoleBinding, role resolved,
// orphans (missing role, or no subject) marked, ServiceAccount subjects that do not exist marked.
import { rbacIndex, resolveRole } from "@/lib/rbac/indexes";
import type { Binding, Snapshot } from "@/lib/store/types";
import { serviceAccountsByName } from "./runs-as";
import { roleRefView } from "./serviceaccounts";
import { namespaces } from "./status";
import type { BindingList, BindingRow, SubjectView } from "./types";

const cache = new WeakMap<Snapshot, BindingRow[]>();

/**
 * Whether a ServiceAccount exists. Kubernetes creates `default` in every namespace, so a
 * manifest folder without it still has it wherever the namespace exists.
 */
function saExists(sas: Map<string, unknown>, namespaces: ReadonlySet<string>, ns: string, name: string): boolean {
  return sas.has(`${ns}/${name}`) || (name === "default" && namespaces.has(ns));
}

function row(snap: Snapshot, b: Binding, sas: Map<string, unknown>, namespaces: ReadonlySet<string>): BindingRow {
  const role = roleRefView(snap, b, resolveRole(rbacIndex(snap), b));
  const subjects: SubjectView[] = (b.subjects ?? []).map((s) => {
    if (s.kind !== "ServiceAccount") return { kind: s.kind, name: s.name };
    const ns = s.namespace || (b.kind === "RoleBinding" ? b.metadata.namespace : undefined);
    return { kind: s.kind, name: s.name, ...(ns ? { namespace: ns } : {}), missing: !ns || !saExists(sas, namespaces, ns, s.name) };
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
  const sas = serviceAccountsByName(snap);
  const nss = new Set(namespaces(snap));
  const rows: BindingRow[] = [];
  for (const o of snap.objects.ClusterRoleBinding.values()) rows.push(row(snap, o as Binding, sas, nss));
  for (const o of snap.objects.RoleBinding.values()) rows.push(row(snap, o as Binding, sas, nss));
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

// who-can: every subject (ServiceAccount, User, Group) a request is allowed for, with reasons.
// Group subjects are listed as groups; the service accounts a well-known SA group stands for
// are listed beside them, labelled as reached through that group.
import type { Binding, Role, ServiceAccount, Snapshot } from "@/lib/store/types";
import { bindingRef, allowingRules, roleRefOf, subjectView, type Reason, type SubjectRefView } from "./authorize";
import { rbacIndex, resolveRole, subjectKey, type RbacIndex } from "./indexes";
import { isClusterScoped, resourceCatalog } from "./resources";
import { combinedResource, type RequestAttributes } from "./rules";

export interface AllowedSubject extends SubjectRefView {
  reasons: Reason[];
  /** All-namespaces answers only: a ClusterRoleBinding allows it (every namespace and cluster scope). */
  clusterWide?: boolean;
  /** All-namespaces answers only: the namespaces where a RoleBinding allows it, sorted. */
  namespaces?: string[];
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
  /** What was answered: one namespace, cluster scope (ClusterRoleBindings only), or every namespace. */
  scope: WhoCanScope;
  subjects: AllowedSubject[];
  groupMembers: GroupMembers[];
  /** Why the answer is narrower than asked (a cluster-scoped resource asked for all namespaces). */
  note?: string;
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

export type WhoCanScope = "namespace" | "cluster" | "all-namespaces";

// Plain code-unit order: Kubernetes names are ASCII, and localeCompare costs ~100× more (an
// all-namespaces answer sorts thousands of subjects).
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Reasons in the order the bindings page lists them: ClusterRoleBindings, then RoleBindings by namespace and name. */
function compareReasons(a: Reason, b: Reason): number {
  if (a.binding.kind !== b.binding.kind) return a.binding.kind === "ClusterRoleBinding" ? -1 : 1;
  return cmp(a.binding.namespace ?? "", b.binding.namespace ?? "") || cmp(a.binding.name, b.binding.name) || a.rule - b.rule;
}

const roleBindingsByRole = new WeakMap<object, Map<string, Binding[]>>();
/** RoleBindings by the role they refer to ("Role\nns/name" or "ClusterRole\nname"), memoised on the RoleBinding index. */
function roleBindingsOfRoles(idx: RbacIndex): Map<string, Binding[]> {
  let hit = roleBindingsByRole.get(idx.roleBindingsByNamespace);
  if (!hit) {
    hit = new Map();
    for (const [ns, list] of idx.roleBindingsByNamespace) {
      for (const b of list) {
        const ref = b.roleRef;
        if (!ref || (ref.kind !== "Role" && ref.kind !== "ClusterRole")) continue;
        const key = ref.kind === "Role" ? `Role\n${ns}/${ref.name}` : `ClusterRole\n${ref.name}`;
        const a = hit.get(key);
        if (a) a.push(b);
        else hit.set(key, [b]);
      }
    }
    roleBindingsByRole.set(idx.roleBindingsByNamespace, hit);
  }
  return hit;
}

/**
 * Every subject a request is allowed for, with reasons.
 * - A request with a namespace: the ClusterRoleBindings and that namespace's RoleBindings
 *   decide (a SubjectAccessReview in that namespace).
 * - A non-resource request, or `scope: "cluster"`: ClusterRoleBindings alone (cluster scope).
 * - A resource request without a namespace: every namespace. Each subject says where it is
 *   allowed: `clusterWide` (a ClusterRoleBinding: every namespace and cluster scope) and/or
 *   `namespaces` (RoleBindings there). A subject listed in namespace N is one a
 *   SubjectAccessReview in N would allow. A cluster-scoped resource is decided at cluster
 *   scope only: a RoleBinding never lets anyone act on it.
 * The namespaced part visits only the RoleBindings of roles that allow the request (roles
 * are far fewer than bindings), never every binding of every namespace.
 */
export function whoCan(snap: Snapshot, req: RequestAttributes, opts: { scope?: "cluster" } = {}): WhoCanResult {
  const idx = rbacIndex(snap);
  const everywhere = req.kind === "resource" && !req.namespace && opts.scope !== "cluster";
  const scope: WhoCanScope = req.kind === "resource" && req.namespace ? "namespace" : everywhere ? "all-namespaces" : "cluster";
  const allowedByRole = new Map<Role, number[]>();
  const rulesFor = (role: Role) => {
    let rules = allowedByRole.get(role);
    if (!rules) allowedByRole.set(role, (rules = allowingRules(idx, role, req)));
    return rules;
  };
  const subjects = new Map<string, AllowedSubject>();
  const add = (b: Binding, rules: readonly number[]) => {
    const n = b.subjects?.length ?? 0;
    for (let i = 0; i < n; i++) {
      if (!subjectKey(b, i)) continue; // a subject that applies to no one
      const s = subjectView(b, i);
      const key = `${s.kind}\n${s.namespace ?? ""}\n${s.name}`;
      let entry = subjects.get(key);
      if (!entry) subjects.set(key, (entry = everywhere ? { ...s, reasons: [], clusterWide: false, namespaces: [] } : { ...s, reasons: [] }));
      if (everywhere) {
        if (b.kind === "ClusterRoleBinding") entry.clusterWide = true;
        else if (!entry.namespaces!.includes(b.metadata.namespace ?? "")) entry.namespaces!.push(b.metadata.namespace ?? "");
      }
      for (const rule of rules) entry.reasons.push({ binding: bindingRef(b), role: roleRefOf(b), rule, subject: s });
    }
  };

  const bindings: readonly Binding[] = scope === "namespace" ? [...idx.clusterBindings, ...(idx.roleBindingsByNamespace.get((req as { namespace: string }).namespace) ?? [])] : idx.clusterBindings;
  for (const b of bindings) {
    const role = resolveRole(idx, b);
    if (!role) continue;
    const rules = rulesFor(role);
    if (rules.length) add(b, rules);
  }

  let note: string | undefined;
  if (everywhere && req.kind === "resource") {
    if (isClusterScoped(resourceCatalog(snap), req.apiGroup, combinedResource(req.resource, req.subresource))) {
      note = `${req.resource} is cluster-scoped: only ClusterRoleBindings grant it (a RoleBinding's grant of it applies to nothing).`;
    } else {
      const byRole = roleBindingsOfRoles(idx);
      const visit = (key: string, role: Role) => {
        const list = byRole.get(key);
        if (!list) return;
        const rules = rulesFor(role);
        if (rules.length) for (const b of list) add(b, rules);
      };
      for (const [key, role] of idx.roles) visit(`Role\n${key}`, role);
      for (const [name, role] of idx.clusterRoles) visit(`ClusterRole\n${name}`, role);
      for (const s of subjects.values()) {
        if (s.namespaces!.length > 1) s.namespaces!.sort();
        if (s.reasons.length > 1) s.reasons.sort(compareReasons);
      }
    }
  }

  const order: Record<string, number> = { ServiceAccount: 0, User: 1, Group: 2 };
  const list = [...subjects.values()].sort(
    (a, b) => (order[a.kind] ?? 3) - (order[b.kind] ?? 3) || cmp(a.namespace ?? "", b.namespace ?? "") || cmp(a.name, b.name),
  );
  const groupMembersList = list.filter((s) => s.kind === "Group").flatMap((s) => groupMembers(snap, s.name) ?? []);
  return { scope, subjects: list, groupMembers: groupMembersList, ...(note ? { note } : {}) };
}

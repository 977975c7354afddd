// Who a request is made by, and which bindings apply to that identity.
import type { Binding, Role, Snapshot } from "@/lib/store/types";
import { groupKey, rbacIndex, resolveRole, serviceAccountUserName, SA_USER_PREFIX, userKey, type MatchedBy, type SubjectRef } from "./indexes";

export type { MatchedBy } from "./indexes";
export { serviceAccountUserName } from "./indexes";

export interface Identity {
  user: string;
  groups: string[];
}

/** The groups every ServiceAccount token carries. */
export function serviceAccountGroups(namespace: string): string[] {
  return ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"];
}

/** An SA's user name and its three implied groups (whether or not the SA object exists). */
export function serviceAccountIdentity(namespace: string, name: string): Identity {
  return { user: serviceAccountUserName(namespace, name), groups: serviceAccountGroups(namespace) };
}

/** `system:serviceaccount:ns:name` → {namespace, name}; undefined for other users. */
export function parseServiceAccountUser(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SA_USER_PREFIX)) return undefined;
  const rest = user.slice(SA_USER_PREFIX.length);
  const i = rest.indexOf(":");
  if (i <= 0 || i === rest.length - 1 || rest.indexOf(":", i + 1) >= 0) return undefined;
  return { namespace: rest.slice(0, i), name: rest.slice(i + 1) };
}

/**
 * The identity for `as` + `asGroup`: an SA user name gets its three groups implied (as
 * `kubectl auth can-i --as system:serviceaccount:…` does), other users only the given groups.
 */
export function identityFor(user: string, groups: readonly string[] = []): Identity {
  const sa = parseServiceAccountUser(user);
  const all = sa ? [...serviceAccountGroups(sa.namespace), ...groups] : [...groups];
  return { user, groups: [...new Set(all)] };
}

export interface BindingMatch {
  binding: Binding;
  subjectIndex: number;
  matchedBy: MatchedBy;
  /** undefined: the referenced role does not exist (orphan binding, grants nothing). */
  role: Role | undefined;
}

function better(a: SubjectRef, b: SubjectRef): boolean {
  const aSa = a.matchedBy.type === "ServiceAccount";
  const bSa = b.matchedBy.type === "ServiceAccount";
  if (aSa !== bSa) return aSa;
  return a.subjectIndex < b.subjectIndex;
}

/** The applicable subject refs per binding, best subject first (direct SA match preferred). */
export function refsForIdentity(lists: Iterable<readonly SubjectRef[] | undefined>): Map<Binding, SubjectRef> {
  const best = new Map<Binding, SubjectRef>();
  for (const list of lists) {
    if (!list) continue;
    for (const r of list) {
      const cur = best.get(r.binding);
      if (!cur || better(r, cur)) best.set(r.binding, r);
    }
  }
  return best;
}

export function compareBindings(a: Binding, b: Binding): number {
  if (a.kind !== b.kind) return a.kind === "ClusterRoleBinding" ? -1 : 1;
  const an = `${a.metadata.namespace ?? ""}/${a.metadata.name}`;
  const bn = `${b.metadata.namespace ?? ""}/${b.metadata.name}`;
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/**
 * Every RoleBinding and ClusterRoleBinding with a subject that applies to the identity
 * (directly as its SA, by user name, or through one of its groups), one entry per binding,
 * its role resolved. ClusterRoleBindings first, then RoleBindings by namespace and name.
 */
export function bindingsForIdentity(snap: Snapshot, id: Identity): BindingMatch[] {
  const idx = rbacIndex(snap);
  const lists = [idx.bySubject.get(userKey(id.user)), ...id.groups.map((g) => idx.bySubject.get(groupKey(g)))];
  const best = refsForIdentity(lists);
  return [...best.values()]
    .sort((a, b) => compareBindings(a.binding, b.binding))
    .map((r) => ({ binding: r.binding, subjectIndex: r.subjectIndex, matchedBy: r.matchedBy, role: resolveRole(idx, r.binding) }));
}

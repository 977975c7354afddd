// can-i: the decision a SubjectAccessReview gives, with every reason that allows it.
// ClusterRoleBindings apply to every request; RoleBindings of namespace N only to requests
// whose namespace is N; an empty namespace (and every non-resource request) is decided by
// ClusterRoleBindings alone. A binding to a missing role grants nothing.
import type { Binding, Role, Snapshot } from "@/lib/store/types";
import { groupKey, rbacIndex, resolveRole, rulesOf, userKey, type MatchedBy, type RbacIndex, type SubjectRef } from "./indexes";
import { ruleAllows, type RequestAttributes } from "./rules";
import { compareBindings, refsForIdentity, type Identity } from "./subjects";

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}
export interface SubjectRefView {
  kind: string;
  name: string;
  namespace?: string;
}
export interface Reason {
  binding: ObjectRef;
  role: ObjectRef;
  /** Index of the rule in the role's (effective) rules. */
  rule: number;
  subject: SubjectRefView;
}
export interface Decision {
  allowed: boolean;
  reasons: Reason[];
}

export function bindingRef(b: Binding): ObjectRef {
  return b.kind === "RoleBinding" ? { kind: b.kind, namespace: b.metadata.namespace ?? "", name: b.metadata.name } : { kind: b.kind, name: b.metadata.name };
}
export function roleRefOf(b: Binding): ObjectRef {
  const ref = b.roleRef ?? { kind: "", name: "" }; // a broken manifest: shown as an orphan, never a crash
  return ref.kind === "Role" ? { kind: "Role", namespace: b.metadata.namespace ?? "", name: ref.name } : { kind: ref.kind, name: ref.name };
}
/** The binding's subject as it applies (an SA without namespace in a RoleBinding gets the binding's). */
export function subjectView(b: Binding, i: number): SubjectRefView {
  const s = b.subjects![i];
  if (s.kind === "ServiceAccount") return { kind: s.kind, name: s.name, namespace: s.namespace || b.metadata.namespace || "" };
  return { kind: s.kind, name: s.name };
}

/** The namespaces whose bindings decide the request: "" (ClusterRoleBindings), plus N for a resource request in N. */
export function requestScopes(req: RequestAttributes): string[] {
  return req.kind === "resource" && req.namespace ? ["", req.namespace] : [""];
}

/** Rule indexes of the role that allow the request. */
export function allowingRules(idx: RbacIndex, role: Role, req: RequestAttributes): number[] {
  const out: number[] = [];
  const rules = rulesOf(idx, role);
  for (let i = 0; i < rules.length; i++) if (ruleAllows(req, rules[i])) out.push(i);
  return out;
}

/** The subject refs of the identity in the bindings that decide the request, best subject per binding. */
export function applicableRefs(idx: RbacIndex, id: Identity, req: RequestAttributes): SubjectRef[] {
  const keys = [userKey(id.user), ...id.groups.map(groupKey)];
  const lists: (readonly SubjectRef[] | undefined)[] = [];
  for (const scope of requestScopes(req)) for (const k of keys) lists.push(idx.bySubjectScope.get(`${k}\n${scope}`));
  return [...refsForIdentity(lists).values()].sort((a, b) => compareBindings(a.binding, b.binding));
}

const scopeKeys = new WeakMap<Identity, Map<string, string[]>>();
/** The index keys of an identity's user and groups in one scope (memoised per identity object). */
function subjectScopeKeys(id: Identity, scope: string): string[] {
  let byScope = scopeKeys.get(id);
  if (!byScope) scopeKeys.set(id, (byScope = new Map()));
  let keys = byScope.get(scope);
  if (!keys) byScope.set(scope, (keys = [userKey(id.user), ...id.groups.map(groupKey)].map((k) => `${k}\n${scope}`)));
  return keys;
}

/**
 * canI's answer alone: the same bindings and rules, but it stops at the first allowing rule
 * and builds no reasons (the chains ask thousands of these per build).
 */
export function isAllowed(snap: Snapshot, id: Identity, req: RequestAttributes): boolean {
  const idx = rbacIndex(snap);
  for (const scope of requestScopes(req)) {
    for (const key of subjectScopeKeys(id, scope)) {
      for (const ref of idx.bySubjectScope.get(key) ?? []) {
        const role = resolveRole(idx, ref.binding);
        if (!role) continue;
        for (const rule of rulesOf(idx, role)) if (ruleAllows(req, rule)) return true;
      }
    }
  }
  return false;
}

export interface ReasonWithMatch extends Reason {
  matchedBy: MatchedBy;
}

/** Would a SubjectAccessReview for this identity and request say allowed? With every allowing (binding, rule). */
export function canI(snap: Snapshot, id: Identity, req: RequestAttributes): Decision & { reasons: ReasonWithMatch[] } {
  const idx = rbacIndex(snap);
  const reasons: ReasonWithMatch[] = [];
  for (const ref of applicableRefs(idx, id, req)) {
    const role = resolveRole(idx, ref.binding);
    if (!role) continue;
    for (const rule of allowingRules(idx, role, req)) {
      reasons.push({ binding: bindingRef(ref.binding), role: roleRefOf(ref.binding), rule, subject: subjectView(ref.binding, ref.subjectIndex), matchedBy: ref.matchedBy });
    }
  }
  return { allowed: reasons.length > 0, reasons };
}

// Small builders for RBAC objects in tests.
import type { Binding, PolicyRule, Role, ServiceAccount, Subject } from "@/lib/store/types";

export const sa = (namespace: string, name: string, automount?: boolean): ServiceAccount => ({
  kind: "ServiceAccount",
  metadata: { name, namespace },
  ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
});
export const role = (namespace: string, name: string, rules: PolicyRule[]): Role => ({ kind: "Role", metadata: { name, namespace }, rules });
export const clusterRole = (name: string, rules: PolicyRule[], labels?: Record<string, string>, aggregate?: Record<string, string>): Role => ({
  kind: "ClusterRole",
  metadata: { name, ...(labels ? { labels } : {}) },
  rules,
  ...(aggregate ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: aggregate }] } } : {}),
});
export const roleBinding = (namespace: string, name: string, roleKind: "Role" | "ClusterRole", roleName: string, subjects: Subject[]): Binding => ({
  kind: "RoleBinding",
  metadata: { name, namespace },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: roleName },
  subjects,
});
export const clusterRoleBinding = (name: string, roleName: string, subjects: Subject[]): Binding => ({
  kind: "ClusterRoleBinding",
  metadata: { name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName },
  subjects,
});
export const saSubject = (name: string, namespace?: string): Subject => ({ kind: "ServiceAccount", name, ...(namespace === undefined ? {} : { namespace }) });
export const group = (name: string): Subject => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name });
export const user = (name: string): Subject => ({ kind: "User", apiGroup: "rbac.authorization.k8s.io", name });
export const r = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule => ({
  verbs,
  apiGroups,
  resources,
  ...(resourceNames ? { resourceNames } : {}),
});

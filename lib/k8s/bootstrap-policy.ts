// The RBAC objects the Kubernetes API server creates when it starts (its bootstrap policy):
// ClusterRoles, ClusterRoleBindings, and Roles/RoleBindings in kube-system and kube-public,
// each labelled kubernetes.io/bootstrapping=rbac-defaults. Facts about Kubernetes, nothing
// of Rolecall's: bootstrap-policy.json is what a real API server of `kubernetesVersion`
// holds, written by scripts/bootstrap-policy.ts; lib/rbac/builtin-roles.int.test.ts checks
// it against the local control plane.
import policy from "./bootstrap-policy.json";
import type { BootstrapObject } from "./bootstrap-facts";

export { BOOTSTRAP_LABEL, BOOTSTRAP_LABEL_VALUE, isBootstrapObject, type BootstrapObject } from "./bootstrap-facts";

/** The Kubernetes version whose bootstrap policy is bundled. */
export const BOOTSTRAP_POLICY_VERSION: string = policy.kubernetesVersion;

/** Every object of the bootstrap policy, sorted by kind, namespace and name. */
export const BOOTSTRAP_POLICY: readonly BootstrapObject[] = policy.objects as unknown as BootstrapObject[];


import type { Kind } from "@/lib/store/types";

/** A kind served by a CustomResourceDefinition that may not be installed. */
export interface CrdKind {
  group: string;
  resource: string;
  /** Versions Rolecall reads (same shape for what it reads), preferred first. */
  versions: string[];
}

/** Where each kind Rolecall reads is listed and watched (all namespaces). */
export const KIND_API: Record<Kind, { apiVersion: string; path: string; crd?: CrdKind }> = {
  Namespace: { apiVersion: "v1", path: "/api/v1/namespaces" },
  ServiceAccount: { apiVersion: "v1", path: "/api/v1/serviceaccounts" },
  Pod: { apiVersion: "v1", path: "/api/v1/pods" },
  Service: { apiVersion: "v1", path: "/api/v1/services" },
  Role: { apiVersion: "rbac.authorization.k8s.io/v1", path: "/apis/rbac.authorization.k8s.io/v1/roles" },
  ClusterRole: { apiVersion: "rbac.authorization.k8s.io/v1", path: "/apis/rbac.authorization.k8s.io/v1/clusterroles" },
  RoleBinding: { apiVersion: "rbac.authorization.k8s.io/v1", path: "/apis/rbac.authorization.k8s.io/v1/rolebindings" },
  ClusterRoleBinding: {
    apiVersion: "rbac.authorization.k8s.io/v1",
    path: "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
  },
  Job: { apiVersion: "batch/v1", path: "/apis/batch/v1/jobs" },
  CronJob: { apiVersion: "batch/v1", path: "/apis/batch/v1/cronjobs" },
  Deployment: { apiVersion: "apps/v1", path: "/apis/apps/v1/deployments" },
  ReplicaSet: { apiVersion: "apps/v1", path: "/apis/apps/v1/replicasets" },
  StatefulSet: { apiVersion: "apps/v1", path: "/apis/apps/v1/statefulsets" },
  DaemonSet: { apiVersion: "apps/v1", path: "/apis/apps/v1/daemonsets" },
  Kustomization: {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    path: "/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations",
    crd: { group: "kustomize.toolkit.fluxcd.io", resource: "kustomizations", versions: ["v1", "v1beta2", "v1beta1"] },
  },
  HelmRelease: {
    apiVersion: "helm.toolkit.fluxcd.io/v2",
    path: "/apis/helm.toolkit.fluxcd.io/v2/helmreleases",
    crd: { group: "helm.toolkit.fluxcd.io", resource: "helmreleases", versions: ["v2", "v2beta2", "v2beta1"] },
  },
};

/** The API of a custom-resource kind at one served version. */
export function crdApi(crd: CrdKind, version: string): { apiVersion: string; path: string } {
  return { apiVersion: `${crd.group}/${version}`, path: `/apis/${crd.group}/${version}/${crd.resource}` };
}

/**
 * Whether a manifest's apiVersion is the API Rolecall reads for `kind`. Only custom-resource
 * kinds are checked: their names are not unique (kustomize's own kustomization.yaml says
 * `kind: Kustomization` with apiVersion kustomize.config.k8s.io/v1beta1).
 */
export function isReadApi(kind: Kind, apiVersion: unknown): boolean {
  const crd = KIND_API[kind].crd;
  if (!crd) return true;
  return typeof apiVersion === "string" && apiVersion.startsWith(`${crd.group}/`);
}

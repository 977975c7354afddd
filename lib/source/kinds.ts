import type { Kind } from "@/lib/store/types";

/** Where each kind Rolecall reads is listed and watched (all namespaces). */
export const KIND_API: Record<Kind, { apiVersion: string; path: string }> = {
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
};

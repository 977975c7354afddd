import type { ApiResource } from "@/lib/store/types";

// The resource types a Kubernetes 1.37 API server serves out of the box (GA groups at their
// preferred version, plus the subresources RBAC rules name). Used offline (files, examples)
// and as the fallback when live discovery fails, so `*` expansion and cluster-scope checks
// work without a cluster. Beta/alpha APIs that are off by default are left out.

const FULL = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const GPU = ["get", "patch", "update"]; // status, scale, approval, ephemeralcontainers, resize
const CREATE = ["create"];
const PROXY = ["create", "delete", "get", "patch", "update"];

type Row = [resource: string, kind: string, namespaced: boolean, verbs: string[]];

function group(group: string, version: string, rows: Row[]): ApiResource[] {
  return rows.map(([resource, kind, namespaced, verbs]) => ({ group, version, resource, kind, namespaced, verbs }));
}

/** `res` plus `res/status`, as most GA types have. */
function withStatus(resource: string, kind: string, namespaced: boolean, verbs = FULL): Row[] {
  return [
    [resource, kind, namespaced, verbs],
    [`${resource}/status`, kind, namespaced, GPU],
  ];
}

export const BUILTIN_RESOURCES: ApiResource[] = [
  ...group("", "v1", [
    ["bindings", "Binding", true, CREATE],
    ["componentstatuses", "ComponentStatus", false, ["get", "list"]],
    ["configmaps", "ConfigMap", true, FULL],
    ["endpoints", "Endpoints", true, FULL],
    ["events", "Event", true, FULL],
    ["limitranges", "LimitRange", true, FULL],
    ["namespaces", "Namespace", false, ["create", "delete", "get", "list", "patch", "update", "watch"]],
    ["namespaces/finalize", "Namespace", false, ["update"]],
    ["namespaces/status", "Namespace", false, GPU],
    ...withStatus("nodes", "Node", false),
    ["nodes/proxy", "NodeProxyOptions", false, PROXY],
    ...withStatus("persistentvolumeclaims", "PersistentVolumeClaim", true),
    ...withStatus("persistentvolumes", "PersistentVolume", false),
    ...withStatus("pods", "Pod", true),
    ["pods/attach", "PodAttachOptions", true, ["create", "get"]],
    ["pods/binding", "Binding", true, CREATE],
    ["pods/ephemeralcontainers", "Pod", true, GPU],
    ["pods/eviction", "Eviction", true, CREATE],
    ["pods/exec", "PodExecOptions", true, ["create", "get"]],
    ["pods/log", "Pod", true, ["get"]],
    ["pods/portforward", "PodPortForwardOptions", true, ["create", "get"]],
    ["pods/proxy", "PodProxyOptions", true, PROXY],
    ["pods/resize", "Pod", true, GPU],
    ["podtemplates", "PodTemplate", true, FULL],
    ...withStatus("replicationcontrollers", "ReplicationController", true),
    ["replicationcontrollers/scale", "Scale", true, GPU],
    ...withStatus("resourcequotas", "ResourceQuota", true),
    ["secrets", "Secret", true, FULL],
    ["serviceaccounts", "ServiceAccount", true, FULL],
    ["serviceaccounts/token", "TokenRequest", true, CREATE],
    ...withStatus("services", "Service", true),
    ["services/proxy", "ServiceProxyOptions", true, PROXY],
  ]),
  ...group("admissionregistration.k8s.io", "v1", [
    ["mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false, FULL],
    ["validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false, FULL],
    ...withStatus("validatingadmissionpolicies", "ValidatingAdmissionPolicy", false),
    ["validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding", false, FULL],
    ["mutatingadmissionpolicies", "MutatingAdmissionPolicy", false, FULL],
    ["mutatingadmissionpolicybindings", "MutatingAdmissionPolicyBinding", false, FULL],
  ]),
  ...group("apiextensions.k8s.io", "v1", withStatus("customresourcedefinitions", "CustomResourceDefinition", false)),
  ...group("apiregistration.k8s.io", "v1", withStatus("apiservices", "APIService", false)),
  ...group("apps", "v1", [
    ["controllerrevisions", "ControllerRevision", true, FULL],
    ...withStatus("daemonsets", "DaemonSet", true),
    ...withStatus("deployments", "Deployment", true),
    ["deployments/scale", "Scale", true, GPU],
    ...withStatus("replicasets", "ReplicaSet", true),
    ["replicasets/scale", "Scale", true, GPU],
    ...withStatus("statefulsets", "StatefulSet", true),
    ["statefulsets/scale", "Scale", true, GPU],
  ]),
  ...group("authentication.k8s.io", "v1", [
    ["selfsubjectreviews", "SelfSubjectReview", false, CREATE],
    ["tokenreviews", "TokenReview", false, CREATE],
  ]),
  ...group("authorization.k8s.io", "v1", [
    ["localsubjectaccessreviews", "LocalSubjectAccessReview", true, CREATE],
    ["selfsubjectaccessreviews", "SelfSubjectAccessReview", false, CREATE],
    ["selfsubjectrulesreviews", "SelfSubjectRulesReview", false, CREATE],
    ["subjectaccessreviews", "SubjectAccessReview", false, CREATE],
  ]),
  ...group("autoscaling", "v2", withStatus("horizontalpodautoscalers", "HorizontalPodAutoscaler", true)),
  ...group("batch", "v1", [...withStatus("cronjobs", "CronJob", true), ...withStatus("jobs", "Job", true)]),
  ...group("certificates.k8s.io", "v1", [
    ...withStatus("certificatesigningrequests", "CertificateSigningRequest", false),
    ["certificatesigningrequests/approval", "CertificateSigningRequest", false, GPU],
  ]),
  ...group("coordination.k8s.io", "v1", [["leases", "Lease", true, FULL]]),
  ...group("discovery.k8s.io", "v1", [["endpointslices", "EndpointSlice", true, FULL]]),
  ...group("events.k8s.io", "v1", [["events", "Event", true, FULL]]),
  ...group("flowcontrol.apiserver.k8s.io", "v1", [
    ...withStatus("flowschemas", "FlowSchema", false),
    ...withStatus("prioritylevelconfigurations", "PriorityLevelConfiguration", false),
  ]),
  ...group("networking.k8s.io", "v1", [
    ["ingressclasses", "IngressClass", false, FULL],
    ...withStatus("ingresses", "Ingress", true),
    ["ipaddresses", "IPAddress", false, FULL],
    ["networkpolicies", "NetworkPolicy", true, FULL],
    ...withStatus("servicecidrs", "ServiceCIDR", false),
  ]),
  ...group("node.k8s.io", "v1", [["runtimeclasses", "RuntimeClass", false, FULL]]),
  ...group("policy", "v1", withStatus("poddisruptionbudgets", "PodDisruptionBudget", true)),
  ...group("rbac.authorization.k8s.io", "v1", [
    ["clusterrolebindings", "ClusterRoleBinding", false, FULL],
    ["clusterroles", "ClusterRole", false, FULL],
    ["rolebindings", "RoleBinding", true, FULL],
    ["roles", "Role", true, FULL],
  ]),
  ...group("resource.k8s.io", "v1", [
    ["deviceclasses", "DeviceClass", false, FULL],
    ...withStatus("resourceclaims", "ResourceClaim", true),
    ["resourceclaimtemplates", "ResourceClaimTemplate", true, FULL],
    ["resourceslices", "ResourceSlice", false, FULL],
  ]),
  ...group("scheduling.k8s.io", "v1", [["priorityclasses", "PriorityClass", false, FULL]]),
  ...group("storage.k8s.io", "v1", [
    ["csidrivers", "CSIDriver", false, FULL],
    ["csinodes", "CSINode", false, FULL],
    ["csistoragecapacities", "CSIStorageCapacity", true, FULL],
    ["storageclasses", "StorageClass", false, FULL],
    ...withStatus("volumeattachments", "VolumeAttachment", false),
    ["volumeattributesclasses", "VolumeAttributesClass", false, FULL],
  ]),
];

/** The ApiResource for `group`/`resource`, if built in. */
export function findBuiltinResource(group: string, resource: string): ApiResource | undefined {
  return BUILTIN_RESOURCES.find((r) => r.group === group && r.resource === resource);
}

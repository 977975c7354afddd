// The shape of the cluster state that every layer above lib/store reads.
// Plain JSON as the API server (or a manifest) spells it: no client-node model classes,
// so timestamps stay strings and the files and live sources produce the same thing.

/** The kinds Rolecall reads. Never Secrets. */
export const KINDS = [
  "Namespace",
  "ServiceAccount",
  "Role",
  "ClusterRole",
  "RoleBinding",
  "ClusterRoleBinding",
  "Pod",
  "Job",
  "CronJob",
  "Deployment",
  "ReplicaSet",
  "StatefulSet",
  "DaemonSet",
  "Service",
  // Flux (custom resources): empty when the cluster does not serve them.
  "Kustomization",
  "HelmRelease",
] as const;
export type Kind = (typeof KINDS)[number];

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
}

export interface KubeObject {
  apiVersion?: string;
  kind: string;
  metadata: ObjectMeta;
  // The rest is kind-specific; the typed views below narrow it.
  [key: string]: unknown;
}

// ---- RBAC ----
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
export interface Role extends KubeObject {
  kind: "Role" | "ClusterRole";
  rules?: PolicyRule[] | null;
  aggregationRule?: { clusterRoleSelectors?: LabelSelector[] };
}
export interface Subject {
  kind: "ServiceAccount" | "User" | "Group" | string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}
export interface RoleRef {
  apiGroup: string;
  kind: "Role" | "ClusterRole" | string;
  name: string;
}
export interface Binding extends KubeObject {
  kind: "RoleBinding" | "ClusterRoleBinding";
  subjects?: Subject[] | null;
  roleRef: RoleRef;
}
export interface ServiceAccount extends KubeObject {
  kind: "ServiceAccount";
  automountServiceAccountToken?: boolean;
  imagePullSecrets?: { name: string }[];
  secrets?: { name: string }[];
}

// ---- Workloads ----
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}
export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: { containerPort: number; name?: string; protocol?: string }[];
}
export interface PodSpec {
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  initContainers?: Container[];
  containers: Container[];
  restartPolicy?: string;
  imagePullSecrets?: { name: string }[];
  nodeName?: string;
}
export interface PodTemplate {
  metadata?: Partial<ObjectMeta>;
  spec: PodSpec;
}
export interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string };
    terminated?: { exitCode: number; reason?: string; message?: string };
  };
}
export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown" | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}
export interface Pod extends KubeObject {
  kind: "Pod";
  spec: PodSpec;
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: Condition[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
  };
}
export interface Job extends KubeObject {
  kind: "Job";
  spec: {
    template: PodTemplate;
    completions?: number;
    parallelism?: number;
    suspend?: boolean;
    ttlSecondsAfterFinished?: number;
    selector?: LabelSelector;
  };
  status?: {
    active?: number;
    ready?: number;
    succeeded?: number;
    failed?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: Condition[];
  };
}
export interface CronJob extends KubeObject {
  kind: "CronJob";
  spec: { schedule: string; suspend?: boolean; jobTemplate: { metadata?: Partial<ObjectMeta>; spec: Job["spec"] } };
  status?: { active?: { name: string; namespace?: string }[]; lastScheduleTime?: string; lastSuccessfulTime?: string };
}
/** Deployment, ReplicaSet, StatefulSet, DaemonSet share this much. */
export interface Workload extends KubeObject {
  kind: "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet";
  spec: {
    replicas?: number;
    paused?: boolean;
    selector?: LabelSelector;
    template: PodTemplate;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    numberReady?: number;
    conditions?: Condition[];
  };
}
export interface Service extends KubeObject {
  kind: "Service";
  spec: {
    selector?: Record<string, string>;
    clusterIP?: string;
    type?: string;
    externalName?: string;
    ports?: { port: number; name?: string; targetPort?: number | string; protocol?: string }[];
  };
}

// ---- Flux (kustomize.toolkit.fluxcd.io Kustomization, helm.toolkit.fluxcd.io HelmRelease) ----
/** A `spec.dependsOn` entry: same kind, namespace defaults to the object's own. */
export interface FluxDependency {
  name: string;
  namespace?: string;
}
export interface FluxObject extends KubeObject {
  kind: "Kustomization" | "HelmRelease";
  spec?: { dependsOn?: FluxDependency[]; suspend?: boolean };
  status?: { observedGeneration?: number; conditions?: Condition[] };
}

/** One resource type the cluster serves (discovery), or a built-in/CRD entry offline. */
export interface ApiResource {
  group: string; // "" for core
  version: string; // the version serving it (from discovery: the group's preferred one when it serves it)
  /** Every version serving it, `version` first (from discovery; absent in other lists). */
  versions?: string[];
  resource: string; // plural, may be "res/sub" for subresources
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

/** Why a kind is missing or incomplete in the snapshot. */
export interface KindState {
  kind: Kind;
  state: "syncing" | "synced" | "not-permitted" | "error";
  message?: string;
  restarts: number;
}

/** A manifest document that could not be loaded (files source). */
export interface SourceProblem {
  file: string;
  line?: number;
  message: string;
}

export interface SourceInfo {
  mode: "cluster" | "in-cluster" | "manifests" | "examples";
  /** Context name, "in-cluster as <sa>", manifest path, or "example data". */
  label: string;
  /** Kubernetes version the API server reports, "major.minor" (live sources, once known). */
  serverVersion?: string;
}

/**
 * One immutable view of the cluster. A new Snapshot (with a higher version) replaces the
 * old one on every change; maps are keyed by object UID (or a stable synthetic key offline).
 */
export interface Snapshot {
  version: number;
  source: SourceInfo;
  objects: { readonly [K in Kind]: ReadonlyMap<string, KubeObject> };
  /** Resource types the cluster serves; drives `*` expansion and cluster-scope checks. */
  resources: readonly ApiResource[];
  kinds: readonly KindState[];
  problems: readonly SourceProblem[];
}

/** The objects of one kind that differ between two snapshots. */
export interface KindChanges {
  added: KubeObject[];
  /** Objects replaced by a new version (same key). */
  changed: { before: KubeObject; after: KubeObject }[];
  removed: KubeObject[];
}

/**
 * What changed between snapshot `version - 1` and `version`: the kinds (objects or sync
 * state), and per kind whose objects changed, which ones. The SSE stream sends only
 * `version` and `kinds`; `changes` lets a consumer keep a derived index up to date in
 * O(changed objects).
 */
export interface ChangeEvent {
  version: number;
  kinds: Kind[];
  changes: Partial<Record<Kind, KindChanges>>;
}

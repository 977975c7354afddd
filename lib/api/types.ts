// View models: the JSON the API returns and the components render. Plain data, safe for the
// browser (no specs, no env values, no secret contents). Built on the server in lib/api/*.
import type { Kind, KindState, SourceInfo, SourceProblem } from "@/lib/store/types";

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** What the frame shows: source, sync state, kinds not permitted, namespaces for the picker. */
export interface StatusView {
  synced: boolean;
  version: number;
  source: SourceInfo;
  kinds: KindState[];
  notPermitted: Kind[];
  problems: SourceProblem[];
  namespaces: string[];
}

/** Findings per severity (only the severities that occur). */
export type SeverityCounts = Partial<Record<"critical" | "high" | "medium" | "low", number>>;

export interface ServiceAccountRow {
  namespace: string;
  name: string;
  /** False: no such ServiceAccount object, though a binding, workload or pod names it. */
  exists: boolean;
  /** Offline: the `default` of an existing namespace, which Kubernetes creates with it (the manifests do not hold it). */
  implied?: boolean;
  /** Bindings naming this SA directly (as ServiceAccount subject or by user name). */
  bindings: number;
  /** Bindings reaching it only through its groups (system:serviceaccounts…, system:authenticated). */
  groupBindings: number;
  /** Top-level workloads (Deployment, StatefulSet, DaemonSet, CronJob, Job, ReplicaSet, bare Pod) running as it. */
  workloads: number;
  pods: number;
  /** The SA's own automountServiceAccountToken (undefined = not set, which means true). */
  automount: boolean | undefined;
  /** Worst finding reaching this SA (what /api/v1/findings?serviceAccount=ns/name lists); absent when none. */
  worstFinding?: "critical" | "high" | "medium" | "low";
  findingsBySeverity?: SeverityCounts;
  findings: number;
}

export interface ServiceAccountList {
  version: number;
  items: ServiceAccountRow[];
}

/**
 * Part of Kubernetes' bootstrap policy (labelled kubernetes.io/bootstrapping=rbac-defaults):
 * "cluster" when the API server made it, "assumed" when Rolecall assumes it offline because
 * every cluster has it (not in the manifests). Absent for everything else.
 */
export type BuiltInView = "cluster" | "assumed";

export interface RoleRefView {
  kind: string;
  name: string;
  /** Set for a Role (the binding's namespace). */
  namespace?: string;
  /** The role does not exist: the binding grants nothing. */
  missing: boolean;
  ruleCount?: number;
  builtIn?: BuiltInView;
}

export interface SubjectView {
  kind: string;
  name: string;
  namespace?: string;
  /** A ServiceAccount subject whose SA is not in the cluster. */
  missing?: boolean;
}

export type MatchedByView = { type: "ServiceAccount" } | { type: "User" } | { type: "Group"; group: string };

export interface SaBindingView {
  binding: ObjectRef;
  /** The binding is the bootstrap policy's. */
  builtIn?: BuiltInView;
  role: RoleRefView;
  subject: SubjectView;
  matchedBy: MatchedByView;
}

export type Health = "healthy" | "progressing" | "suspended" | "missing" | "degraded" | "unknown";

/** Whether a pod gets the SA token, and which setting decided it. */
export interface TokenMount {
  mounted: boolean;
  decidedBy: "pod" | "serviceaccount" | "default";
}

export interface WorkloadView extends ObjectRef {
  health: Health;
  status: string;
  token: TokenMount;
}

export interface PodView extends ObjectRef {
  health: Health;
  status: string;
  token: TokenMount;
  /** The top-level workload that owns the pod, if any. */
  owner?: ObjectRef;
}

export interface ServiceAccountDetail {
  version: number;
  namespace: string;
  name: string;
  userName: string;
  groups: string[];
  /** False when no such ServiceAccount exists (bindings, workloads or pods name it). */
  exists: boolean;
  /** Offline: the `default` of an existing namespace, which Kubernetes creates with it. */
  implied?: boolean;
  createdAt?: string;
  automount: boolean | undefined;
  imagePullSecrets: string[];
  /** Worst finding reaching this SA, how many there are, per severity. */
  worstFinding?: "critical" | "high" | "medium" | "low";
  findingsBySeverity?: SeverityCounts;
  findings: number;
  bindings: {
    direct: SaBindingView[];
    /** One entry per group, in the order system:serviceaccounts, …:<ns>, system:authenticated. */
    groups: { group: string; bindings: SaBindingView[] }[];
  };
  workloads: WorkloadView[];
  pods: PodView[];
}

export interface BindingRow {
  kind: "RoleBinding" | "ClusterRoleBinding";
  namespace?: string;
  name: string;
  role: RoleRefView;
  subjects: SubjectView[];
  /** Grants nothing to anyone real: the role is missing, or no subjects. */
  orphan: boolean;
  orphanReason?: string;
  builtIn?: BuiltInView;
}

export interface BindingList {
  version: number;
  items: BindingRow[];
}

export type SearchKind = "ServiceAccount" | "RoleBinding" | "ClusterRoleBinding" | "Role" | "ClusterRole" | "Workload";

export interface SearchHit {
  kind: string;
  namespace?: string;
  name: string;
  href: string;
  /** Short context, e.g. "runs as go-todo-sa". */
  detail?: string;
}

export interface SearchResult {
  version: number;
  items: SearchHit[];
}

/** The SSE message body. */
export interface ChangeMessage {
  version: number;
  kinds: Kind[];
}

/** POST /api/v1/can-i/verify. */
export interface VerifyAnswer {
  apiServer: { allowed: boolean; denied: boolean; reason?: string; evaluationError?: string };
  rolecall: { allowed: boolean };
  agree: boolean;
}

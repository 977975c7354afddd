// View models: the JSON the API returns and the components render. Plain data, safe for the
// browser (no specs, no env values, no secret contents). Built on the server in lib/api/*.
// Declared as zod schemas so the OpenAPI document (lib/api/openapi.ts) publishes them; the
// TypeScript types are inferred from them.
import { z } from "zod";
import { KINDS } from "@/lib/store/types";
import { health as chainHealth, historyStatus } from "./wire";

const severity = z.enum(["critical", "high", "medium", "low"]);

export const objectRefViewSchema = z.object({ kind: z.string(), namespace: z.string().optional(), name: z.string() });
export type ObjectRef = z.infer<typeof objectRefViewSchema>;

const kind = z.enum(KINDS);

/** What the frame shows: source, sync state, kinds not permitted, namespaces for the picker. */
export const statusViewSchema = z.object({
  synced: z.boolean(),
  version: z.number(),
  source: z.object({
    mode: z.enum(["cluster", "in-cluster", "manifests", "examples"]),
    /** Context name, "in-cluster as <sa>", manifest path, or "example data". */
    label: z.string(),
    /** Kubernetes version the API server reports, "major.minor" (live sources, once known). */
    serverVersion: z.string().optional(),
  }),
  kinds: z.array(z.object({ kind, state: z.enum(["syncing", "synced", "not-permitted", "error"]), message: z.string().optional(), restarts: z.number() })),
  notPermitted: z.array(kind),
  problems: z.array(z.object({ file: z.string(), line: z.number().optional(), message: z.string() })),
  namespaces: z.array(z.string()),
  /** Whether the RBAC history is being recorded (absent where the answer is built without it). */
  history: historyStatus.optional(),
});
export type StatusView = z.infer<typeof statusViewSchema>;

/** Findings per severity (only the severities that occur). */
const severityCounts = z.object({ critical: z.number().optional(), high: z.number().optional(), medium: z.number().optional(), low: z.number().optional() });
export type SeverityCounts = z.infer<typeof severityCounts>;

/**
 * It can become cluster-admin (GET …/escalation's clusterAdmin path): in `hops` steps; `direct`:
 * its own rules already allow everything; `certain: false`: only through legacy token Secrets.
 */
const clusterAdminReach = z.object({ hops: z.number(), certain: z.boolean(), direct: z.boolean() });

export const serviceAccountRowSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  /** False: no such ServiceAccount object, though a binding, workload or pod names it. */
  exists: z.boolean(),
  /** Offline: the `default` of an existing namespace, which Kubernetes creates with it (the manifests do not hold it). */
  implied: z.boolean().optional(),
  /** Bindings naming this SA directly (as ServiceAccount subject or by user name). */
  bindings: z.number(),
  /** Bindings reaching it only through its groups (system:serviceaccounts…, system:authenticated). */
  groupBindings: z.number(),
  /** Top-level workloads (Deployment, StatefulSet, DaemonSet, CronJob, Job, ReplicaSet, bare Pod) running as it. */
  workloads: z.number(),
  pods: z.number(),
  /** The SA's own automountServiceAccountToken (absent = not set, which means true). */
  automount: z.boolean().optional(),
  /** Worst finding reaching this SA (what /api/v1/findings?serviceAccount=ns/name lists); absent when none. */
  worstFinding: severity.optional(),
  findingsBySeverity: severityCounts.optional(),
  findings: z.number(),
  clusterAdmin: clusterAdminReach.optional(),
});
export type ServiceAccountRow = z.infer<typeof serviceAccountRowSchema>;

export const serviceAccountListSchema = z.object({ version: z.number(), items: z.array(serviceAccountRowSchema) });
export type ServiceAccountList = z.infer<typeof serviceAccountListSchema>;

/**
 * Part of Kubernetes' bootstrap policy (labelled kubernetes.io/bootstrapping=rbac-defaults):
 * "cluster" when the API server made it, "assumed" when Rolecall assumes it offline because
 * every cluster has it (not in the manifests). Absent for everything else.
 */
const builtInView = z.enum(["cluster", "assumed"]);
export type BuiltInView = z.infer<typeof builtInView>;

const roleRefView = z.object({
  kind: z.string(),
  name: z.string(),
  /** Set for a Role (the binding's namespace). */
  namespace: z.string().optional(),
  /** The role does not exist: the binding grants nothing. */
  missing: z.boolean(),
  ruleCount: z.number().optional(),
  builtIn: builtInView.optional(),
});
export type RoleRefView = z.infer<typeof roleRefView>;

const subjectView = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  /** A ServiceAccount subject whose SA is not in the cluster. */
  missing: z.boolean().optional(),
});
export type SubjectView = z.infer<typeof subjectView>;

const matchedByView = z.union([z.object({ type: z.literal("ServiceAccount") }), z.object({ type: z.literal("User") }), z.object({ type: z.literal("Group"), group: z.string() })]);
export type MatchedByView = z.infer<typeof matchedByView>;

const saBindingView = z.object({
  binding: objectRefViewSchema,
  /** The binding is the bootstrap policy's. */
  builtIn: builtInView.optional(),
  role: roleRefView,
  subject: subjectView,
  matchedBy: matchedByView,
});
export type SaBindingView = z.infer<typeof saBindingView>;

const health = z.enum(["healthy", "progressing", "suspended", "missing", "degraded", "unknown"]);
export type Health = z.infer<typeof health>;

/** Whether a pod gets the SA token, and which setting decided it. */
const tokenMount = z.object({ mounted: z.boolean(), decidedBy: z.enum(["pod", "serviceaccount", "default"]) });
export type TokenMount = z.infer<typeof tokenMount>;

const workloadView = objectRefViewSchema.extend({ health, status: z.string(), token: tokenMount });
export type WorkloadView = z.infer<typeof workloadView>;

const podView = objectRefViewSchema.extend({
  health,
  status: z.string(),
  token: tokenMount,
  /** The top-level workload that owns the pod, if any. */
  owner: objectRefViewSchema.optional(),
});
export type PodView = z.infer<typeof podView>;

/**
 * A startup chain that some of this SA's workloads are in: the chain's id and health (as
 * GET /api/v1/chains gives them), how many objects it holds, and which of the SA's workloads
 * are in it (each opens the chain's page, /chains/{namespace}/{kind}/{name}).
 */
const saChainView = z.object({
  id: z.string(),
  health: chainHealth,
  objects: z.number(),
  workloads: z.array(z.object({ kind: z.string(), namespace: z.string(), name: z.string() })),
});
export type SaChainView = z.infer<typeof saChainView>;

export const serviceAccountDetailSchema = z.object({
  version: z.number(),
  namespace: z.string(),
  name: z.string(),
  userName: z.string(),
  groups: z.array(z.string()),
  /** False when no such ServiceAccount exists (bindings, workloads or pods name it). */
  exists: z.boolean(),
  /** Offline: the `default` of an existing namespace, which Kubernetes creates with it. */
  implied: z.boolean().optional(),
  createdAt: z.string().optional(),
  automount: z.boolean().optional(),
  imagePullSecrets: z.array(z.string()),
  /** Worst finding reaching this SA, how many there are, per severity. */
  worstFinding: severity.optional(),
  findingsBySeverity: severityCounts.optional(),
  findings: z.number(),
  clusterAdmin: clusterAdminReach.optional(),
  bindings: z.object({
    direct: z.array(saBindingView),
    /** One entry per group, in the order system:serviceaccounts, …:<ns>, system:authenticated. */
    groups: z.array(z.object({ group: z.string(), bindings: z.array(saBindingView) })),
  }),
  workloads: z.array(workloadView),
  pods: z.array(podView),
  /** The chains its workloads are in, worst first (absent where the answer is built without the chains engine). */
  chains: z.array(saChainView).optional(),
});
export type ServiceAccountDetail = z.infer<typeof serviceAccountDetailSchema>;

const bindingRow = z.object({
  kind: z.enum(["RoleBinding", "ClusterRoleBinding"]),
  namespace: z.string().optional(),
  name: z.string(),
  role: roleRefView,
  subjects: z.array(subjectView),
  /** Grants nothing to anyone real: the role is missing, or no subjects. */
  orphan: z.boolean(),
  orphanReason: z.string().optional(),
  builtIn: builtInView.optional(),
});
export type BindingRow = z.infer<typeof bindingRow>;

export const bindingListSchema = z.object({ version: z.number(), items: z.array(bindingRow) });
export type BindingList = z.infer<typeof bindingListSchema>;

export type SearchKind = "ServiceAccount" | "RoleBinding" | "ClusterRoleBinding" | "Role" | "ClusterRole" | "Workload";

const searchHit = z.object({
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  href: z.string(),
  /** Short context, e.g. "runs as go-todo-sa", or "chain · Healthy" for a workload's chain. */
  detail: z.string().optional(),
});
export type SearchHit = z.infer<typeof searchHit>;

export const searchResultSchema = z.object({ version: z.number(), items: z.array(searchHit) });
export type SearchResult = z.infer<typeof searchResultSchema>;

/** The SSE message body. */
export const changeMessageSchema = z.object({ version: z.number(), kinds: z.array(kind) });
export type ChangeMessage = z.infer<typeof changeMessageSchema>;

/** POST /api/v1/can-i/verify. */
export const verifyAnswerSchema = z.object({
  apiServer: z.object({ allowed: z.boolean(), denied: z.boolean(), reason: z.string().optional(), evaluationError: z.string().optional() }),
  rolecall: z.object({ allowed: z.boolean() }),
  agree: z.boolean(),
});
export type VerifyAnswer = z.infer<typeof verifyAnswerSchema>;

// API v1 answers, declared once as zod schemas: the TypeScript types the UI reads are inferred
// from them, and the OpenAPI document (lib/api/openapi.ts) is generated from them. The engines'
// results are mapped to these shapes field by field below (wireChains, wireCanI, …), so a
// refactor of an engine's types fails to compile here instead of changing API v1 unnoticed.
// Browser-safe: zod and types only.
import { z } from "zod";
import type { ChainsView, ContainerState as EngineContainerState } from "@/lib/chains/types";
import type { ObjectRef, Reason, SubjectRefView } from "@/lib/rbac/authorize";
import type { Escalation as EngineEscalation, EscalationPage as EngineEscalationPage, EscalationPath as EnginePath, Hop as EngineHop, Technique } from "@/lib/rbac/escalation";
import type { Finding as EngineFinding } from "@/lib/rbac/findings";
import type { AnswerNote as EngineNote } from "@/lib/rbac/hints";
import type { Cell, PermissionView as EnginePermissionView } from "@/lib/rbac/permissions";
import type { RequestAttributes } from "@/lib/rbac/rules";
import type { Identity, MatchedBy as EngineMatchedBy } from "@/lib/rbac/subjects";
import type { CanIAnswer, PermissionsAnswer, WhoCanAnswer } from "@/lib/rbac/views";
import type { PolicyRule } from "@/lib/store/types";

/** Every error answer: 400 bad input, 404 unknown object or path, 405, 503 not synced yet. */
export const apiError = z.object({
  error: z.string(),
  /** The input that was wrong: a query parameter or path segment. */
  field: z.string().optional(),
});
export type ApiErrorBody = z.infer<typeof apiError>;

// --- GET /api/v1/chains, GET /api/v1/chains/{namespace}/{kind}/{name} --------------------

export const health = z.enum(["Healthy", "Suspended", "Progressing", "Missing", "Blocked", "Degraded", "Unknown"]);
export const diagnosticSeverity = z.enum(["error", "warning", "info"]);
export const diagnosticCode = z.enum(["missing-target", "missing-permission", "cycle", "fragile-target", "failed-upstream", "unresolved-target", "outdated-waiter"]);

/** A container's state: reason and exit code, never the kubelet's message. */
export const containerState = z.object({
  name: z.string(),
  state: z.enum(["waiting", "running", "terminated", "unknown"]),
  reason: z.string().optional(),
  exitCode: z.number().optional(),
  ready: z.boolean(),
  restarts: z.number(),
});
/** One status condition of the object; `since` is its lastTransitionTime. */
export const chainCondition = z.object({ type: z.string(), status: z.string(), reason: z.string().optional(), message: z.string().optional(), since: z.string().optional() });

export const chainPod = z.object({ name: z.string(), via: z.string().optional(), health, status: z.string(), initContainers: z.array(containerState).optional() });

export const chainNode = z.object({
  /** `Kind/namespace/name`. */
  id: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  health,
  ownHealth: health.optional(),
  status: z.string(),
  ownStatus: z.string().optional(),
  blockedBy: z.array(z.string()).optional(),
  serviceAccount: z.string().optional(),
  pods: z.array(chainPod).optional(),
  conditions: z.array(chainCondition).optional(),
  /** A Pod node's own init containers (other nodes list their pods' under `pods`). */
  initContainers: z.array(containerState).optional(),
});

export const chainEdge = z.object({
  from: z.string(),
  to: z.string(),
  type: z.enum(["waits-for", "runs-after"]),
  mechanism: z.string(),
  container: z.string().optional(),
  command: z.string().optional(),
});

export const diagnostic = z.object({
  severity: diagnosticSeverity,
  code: diagnosticCode,
  message: z.string(),
  nodes: z.array(z.string()),
  fix: z.string().optional(),
  serviceAccount: z.object({ namespace: z.string(), name: z.string() }).optional(),
});

export const chain = z.object({ id: z.string(), health, nodes: z.array(z.string()) });

export const chainsResponse = z.object({
  version: z.number(),
  nodes: z.array(chainNode),
  edges: z.array(chainEdge),
  diagnostics: z.array(diagnostic),
  chains: z.array(chain),
});

export type Health = z.infer<typeof health>;
export type DiagnosticSeverity = z.infer<typeof diagnosticSeverity>;
export type ChainNode = z.infer<typeof chainNode>;
export type ChainEdge = z.infer<typeof chainEdge>;
export type ChainCondition = z.infer<typeof chainCondition>;
export type ContainerStateWire = z.infer<typeof containerState>;
export type Diagnostic = z.infer<typeof diagnostic>;
export type Chain = z.infer<typeof chain>;
export type ChainsResponse = z.infer<typeof chainsResponse>;

const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: V }));

const wireContainerState = (c: EngineContainerState): ContainerStateWire => ({ name: c.name, state: c.state, ...opt("reason", c.reason), ...opt("exitCode", c.exitCode), ready: c.ready, restarts: c.restarts });

/** The chains engine's view as API v1 sends it. */
export function wireChains(view: ChainsView, version: number): ChainsResponse {
  return {
    version,
    nodes: view.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      namespace: n.namespace,
      name: n.name,
      health: n.health,
      ...opt("ownHealth", n.ownHealth),
      status: n.status,
      ...opt("ownStatus", n.ownStatus),
      ...opt("blockedBy", n.blockedBy),
      ...opt("serviceAccount", n.serviceAccount),
      ...opt("pods", n.pods?.map((p) => ({ name: p.name, ...opt("via", p.via), health: p.health, status: p.status, ...opt("initContainers", p.initContainers?.map(wireContainerState)) }))),
      ...opt("conditions", n.conditions?.map((c) => ({ type: c.type, status: c.status, ...opt("reason", c.reason), ...opt("message", c.message), ...opt("since", c.since) }))),
      ...opt("initContainers", n.initContainers?.map(wireContainerState)),
    })),
    edges: view.edges.map((e) => ({ from: e.from, to: e.to, type: e.type, mechanism: e.mechanism, ...opt("container", e.container), ...opt("command", e.command) })),
    diagnostics: view.diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      nodes: d.nodes,
      ...opt("fix", d.fix),
      ...opt("serviceAccount", d.serviceAccount && { namespace: d.serviceAccount.namespace, name: d.serviceAccount.name }),
    })),
    chains: view.chains.map((c) => ({ id: c.id, health: c.health, nodes: c.nodes })),
  };
}

// --- The RBAC answers: can-i, who-can, permissions, findings -----------------------------

export const objectRef = z.object({ kind: z.string(), namespace: z.string().optional(), name: z.string() });
export const subjectRef = z.object({ kind: z.string(), name: z.string(), namespace: z.string().optional() });
export const matchedBy = z.union([z.object({ type: z.literal("ServiceAccount") }), z.object({ type: z.literal("User") }), z.object({ type: z.literal("Group"), group: z.string() })]);
export const policyRule = z.object({
  verbs: z.array(z.string()),
  apiGroups: z.array(z.string()).optional(),
  resources: z.array(z.string()).optional(),
  resourceNames: z.array(z.string()).optional(),
  nonResourceURLs: z.array(z.string()).optional(),
});
export const identity = z.object({ user: z.string(), groups: z.array(z.string()) });
export const request = z.union([
  z.object({ kind: z.literal("resource"), verb: z.string(), apiGroup: z.string(), resource: z.string(), subresource: z.string(), name: z.string(), namespace: z.string() }),
  z.object({ kind: z.literal("nonResource"), verb: z.string(), path: z.string() }),
]);
/** binding → role → rule #n, and the subject of the binding that matched. */
export const reason = z.object({ binding: objectRef, role: objectRef, rule: z.number(), subject: subjectRef });
export const answerNote = z.object({
  level: z.enum(["info", "warning"]),
  code: z.enum(["as-read-as-serviceaccount", "unknown-user", "unknown-serviceaccount", "unknown-resource", "unknown-verb"]),
  message: z.string(),
  suggestions: z.array(z.string()).optional(),
});

export const canIResponse = z.object({
  allowed: z.boolean(),
  reasons: z.array(reason.extend({ matchedBy })),
  identity,
  request,
  kubectl: z.string(),
  note: z.string().optional(),
  notes: z.array(answerNote),
  version: z.number(),
});

export const allowedSubject = subjectRef.extend({ reasons: z.array(reason), clusterWide: z.boolean().optional(), namespaces: z.array(z.string()).optional() });
export const groupMembers = z.object({ group: z.string(), serviceAccounts: z.array(z.object({ namespace: z.string(), name: z.string() })), total: z.number(), open: z.boolean() });
export const whoCanScope = z.enum(["namespace", "cluster", "all-namespaces"]);
export const whoCanResponse = z.object({
  scope: whoCanScope,
  subjects: z.array(allowedSubject),
  groupMembers: z.array(groupMembers),
  note: z.string().optional(),
  request,
  notes: z.array(answerNote),
  version: z.number(),
});

export const permissionCell = z.object({
  verb: z.string(),
  access: z.enum(["all", "named"]),
  names: z.array(z.string()).optional(),
  /** Indexes into the view's `rules`. */
  grants: z.array(z.number()),
  wildcard: z.boolean(),
  risk: z.string().optional(),
});
export const permissionRow = z.object({ apiGroup: z.string(), resource: z.string(), namespaced: z.boolean().optional(), ineffective: z.boolean(), cells: z.array(permissionCell) });
export const grantedRule = z.object({
  binding: objectRef,
  role: objectRef,
  rule: z.number(),
  subject: subjectRef,
  matchedBy,
  policyRule,
  viaGroup: z.string().optional(),
  ineffective: z.boolean().optional(),
});
export const permissionView = z.object({
  /** null: cluster-wide. */
  namespace: z.string().nullable(),
  rows: z.array(permissionRow),
  nonResource: z.array(z.object({ url: z.string(), cells: z.array(permissionCell) })),
  rules: z.array(grantedRule),
  orphans: z.array(z.object({ binding: objectRef, role: objectRef, subject: subjectRef, matchedBy })),
});
export const permissionsResponse = z.object({
  serviceAccount: z.object({ namespace: z.string(), name: z.string(), exists: z.boolean() }),
  identity,
  namespaces: z.array(z.string()),
  views: z.array(permissionView),
  version: z.number(),
});

// Every technique the engine names, checked both ways against its type (a new one fails to compile here).
const TECHNIQUES = ["create-pods", "create-workloads", "update-workloads", "token-request", "exec", "impersonate", "bind", "escalate", "read-secrets", "nodes-proxy", "approve-csr", "webhooks", "all-permissions"] as const satisfies readonly Technique[];
type MissingTechnique = Exclude<Technique, (typeof TECHNIQUES)[number]>;
const everyTechnique: MissingTechnique extends never ? true : MissingTechnique = true;
void everyTechnique;

export const escalationTechnique = z.enum(TECHNIQUES);
/** One permission a hop needs: binding → role → rule #n, and that rule as written (effective rules of the role). */
export const hopVia = z.object({ binding: objectRef, role: objectRef, rule: z.number(), policyRule: policyRule.optional() });
export const escalationHop = z.object({
  technique: escalationTechnique,
  /** Subjects: `system:serviceaccount:NS:NAME`, `user:NAME`, `group:NAME`, or `cluster-admin`. */
  from: z.string(),
  to: z.string(),
  /** false: possible only (legacy token Secrets, which Rolecall never reads). */
  certain: z.boolean(),
  why: z.string(),
  via: z.array(hopVia),
});
export const escalationPath = z.object({ subject: z.string(), hops: z.number(), certain: z.boolean(), path: z.array(escalationHop) });
export const escalationResponse = z.object({
  subject: z.string(),
  /** By a certain path. */
  reachesClusterAdmin: z.boolean(),
  /** The shortest path to cluster-admin (a certain one preferred). */
  clusterAdmin: escalationPath.optional(),
  /** Every subject it can become, shortest path each, by hops then subject: the first `limit`. */
  canBecome: z.array(escalationPath),
  /** How many subjects it can become in all. */
  total: z.number(),
  /** Whether `canBecome` was cut at the limit (total > canBecome.length). */
  truncated: z.boolean(),
  version: z.number(),
});
export const escalationTargetResponse = z.object({
  target: z.literal("cluster-admin"),
  /** The first `limit` subjects, by hops then subject. */
  subjects: z.array(escalationPath),
  /** How many subjects reach the target in all. */
  total: z.number(),
  /** Whether `subjects` was cut at the limit (total > subjects.length). */
  truncated: z.boolean(),
  version: z.number(),
});

export type EscalationTechnique = z.infer<typeof escalationTechnique>;
export type HopVia = z.infer<typeof hopVia>;
export type EscalationHop = z.infer<typeof escalationHop>;
export type EscalationPath = z.infer<typeof escalationPath>;
export type EscalationResponse = z.infer<typeof escalationResponse>;
export type EscalationTargetResponse = z.infer<typeof escalationTargetResponse>;

export const finding = z.object({
  id: z.string(),
  severity: z.enum(["critical", "high", "medium", "low"]),
  risk: z.string(),
  title: z.string(),
  subject: subjectRef,
  namespace: z.string(),
  binding: objectRef,
  role: objectRef.optional(),
  rule: z.number().optional(),
  policyRule: policyRule.optional(),
  scope: z.enum(["cluster", "namespace"]),
  why: z.string(),
  fix: z.string(),
  suggestedRole: z.string().optional(),
  system: z.boolean(),
  /** risk "reaches-cluster-admin": the path, first hop from the finding's subject. */
  path: escalationPath.optional(),
});
export const findingsResponse = z.object({ version: z.number(), total: z.number(), matched: z.number(), hidden: z.number(), items: z.array(finding) });

export type ObjectRefWire = z.infer<typeof objectRef>;
export type SubjectRefWire = z.infer<typeof subjectRef>;
export type MatchedBy = z.infer<typeof matchedBy>;
export type AnswerNote = z.infer<typeof answerNote>;
export type CanIResponse = z.infer<typeof canIResponse>;
export type AllowedSubject = z.infer<typeof allowedSubject>;
export type WhoCanScope = z.infer<typeof whoCanScope>;
export type WhoCanResponse = z.infer<typeof whoCanResponse>;
export type PermissionCell = z.infer<typeof permissionCell>;
export type PermissionRow = z.infer<typeof permissionRow>;
export type PermissionView = z.infer<typeof permissionView>;
export type PermissionsResponse = z.infer<typeof permissionsResponse>;
export type Finding = z.infer<typeof finding>;
export type FindingsResponse = z.infer<typeof findingsResponse>;

const wireRef = (r: ObjectRef): ObjectRefWire => ({ kind: r.kind, ...opt("namespace", r.namespace), name: r.name });
const wireSubject = (s: SubjectRefView): SubjectRefWire => ({ kind: s.kind, name: s.name, ...opt("namespace", s.namespace) });
const wireMatchedBy = (m: EngineMatchedBy): MatchedBy => (m.type === "Group" ? { type: "Group", group: m.group } : { type: m.type });
const wireRule = (r: PolicyRule) => ({
  verbs: r.verbs,
  ...opt("apiGroups", r.apiGroups),
  ...opt("resources", r.resources),
  ...opt("resourceNames", r.resourceNames),
  ...opt("nonResourceURLs", r.nonResourceURLs),
});
const wireIdentity = (i: Identity) => ({ user: i.user, groups: i.groups });
const wireRequest = (r: RequestAttributes): z.infer<typeof request> =>
  r.kind === "resource"
    ? { kind: "resource", verb: r.verb, apiGroup: r.apiGroup, resource: r.resource, subresource: r.subresource, name: r.name, namespace: r.namespace }
    : { kind: "nonResource", verb: r.verb, path: r.path };
const wireReason = (r: Reason) => ({ binding: wireRef(r.binding), role: wireRef(r.role), rule: r.rule, subject: wireSubject(r.subject) });
const wireNote = (n: EngineNote): AnswerNote => ({ level: n.level, code: n.code, message: n.message, ...opt("suggestions", n.suggestions) });

export function wireCanI(a: CanIAnswer): CanIResponse {
  return {
    allowed: a.allowed,
    reasons: a.reasons.map((r) => ({ ...wireReason(r), matchedBy: wireMatchedBy(r.matchedBy) })),
    identity: wireIdentity(a.identity),
    request: wireRequest(a.request),
    kubectl: a.kubectl,
    ...opt("note", a.note),
    notes: a.notes.map(wireNote),
    version: a.version,
  };
}

export function wireWhoCan(a: WhoCanAnswer): WhoCanResponse {
  return {
    scope: a.scope,
    subjects: a.subjects.map((s) => ({ ...wireSubject(s), reasons: s.reasons.map(wireReason), ...opt("clusterWide", s.clusterWide), ...opt("namespaces", s.namespaces) })),
    groupMembers: a.groupMembers.map((g) => ({ group: g.group, serviceAccounts: g.serviceAccounts.map((sa) => ({ namespace: sa.namespace, name: sa.name })), total: g.total, open: g.open })),
    ...opt("note", a.note),
    request: wireRequest(a.request),
    notes: a.notes.map(wireNote),
    version: a.version,
  };
}

const wireCell = (c: Cell): PermissionCell => ({ verb: c.verb, access: c.access, ...opt("names", c.names), grants: c.grants, wildcard: c.wildcard, ...opt("risk", c.risk) });

export function wirePermissionView(v: EnginePermissionView): PermissionView {
  return {
    namespace: v.namespace,
    rows: v.rows.map((r) => ({ apiGroup: r.apiGroup, resource: r.resource, ...opt("namespaced", r.namespaced), ineffective: r.ineffective, cells: r.cells.map(wireCell) })),
    nonResource: v.nonResource.map((n) => ({ url: n.url, cells: n.cells.map(wireCell) })),
    rules: v.rules.map((r) => ({
      ...wireReason(r),
      matchedBy: wireMatchedBy(r.matchedBy),
      policyRule: wireRule(r.policyRule),
      ...opt("viaGroup", r.viaGroup),
      ...opt("ineffective", r.ineffective),
    })),
    orphans: v.orphans.map((o) => ({ binding: wireRef(o.binding), role: wireRef(o.role), subject: wireSubject(o.subject), matchedBy: wireMatchedBy(o.matchedBy) })),
  };
}

export function wirePermissions(a: PermissionsAnswer): PermissionsResponse {
  return {
    serviceAccount: { namespace: a.serviceAccount.namespace, name: a.serviceAccount.name, exists: a.serviceAccount.exists },
    identity: wireIdentity(a.identity),
    namespaces: a.namespaces,
    views: a.views.map(wirePermissionView),
    version: a.version,
  };
}

/** wireFinding's second argument: a finding's escalation path gets its rules' text (see wireEscalationPath). */
export function wireFinding(f: EngineFinding, ruleOf: RuleLookup = () => undefined): Finding {
  return {
    id: f.id,
    severity: f.severity,
    risk: f.risk,
    title: f.title,
    subject: wireSubject(f.subject),
    namespace: f.namespace,
    binding: wireRef(f.binding),
    ...opt("role", f.role && wireRef(f.role)),
    ...opt("rule", f.rule),
    ...opt("policyRule", f.policyRule && wireRule(f.policyRule)),
    scope: f.scope,
    why: f.why,
    fix: f.fix,
    ...opt("suggestedRole", f.suggestedRole),
    system: f.system,
    ...opt("path", f.path && wireEscalationPath(f.path, ruleOf)),
  };
}

// --- Escalation paths: GET /api/v1/serviceaccounts/{ns}/{name}/escalation, GET /api/v1/escalation

/** The rule #n of a role (its effective rules), for the text shown beside binding → role → rule. */
export type RuleLookup = (role: ObjectRef, rule: number) => PolicyRule | undefined;

const wireHop = (h: EngineHop, ruleOf: RuleLookup): EscalationHop => ({
  technique: h.technique,
  from: h.from,
  to: h.to,
  certain: h.certain,
  why: h.why,
  via: h.via.map((v) => {
    const r = ruleOf(v.role, v.rule);
    return { binding: wireRef(v.binding), role: wireRef(v.role), rule: v.rule, ...opt("policyRule", r && wireRule(r)) };
  }),
});

export function wireEscalationPath(p: EnginePath, ruleOf: RuleLookup): EscalationPath {
  return { subject: p.subject, hops: p.hops, certain: p.certain, path: p.path.map((h) => wireHop(h, ruleOf)) };
}

/** One subject's escalation; `limit`: only the first paths of `canBecome` are written (each is a few kB). An engine page carries the whole list's `total`. */
export function wireEscalation(e: EngineEscalation | EngineEscalationPage, version: number, ruleOf: RuleLookup, limit = Infinity): EscalationResponse {
  const shown = e.canBecome.length > limit ? e.canBecome.slice(0, limit) : e.canBecome;
  const total = "total" in e ? e.total : e.canBecome.length;
  return {
    subject: e.subject,
    reachesClusterAdmin: e.reachesClusterAdmin,
    ...opt("clusterAdmin", e.clusterAdmin && wireEscalationPath(e.clusterAdmin, ruleOf)),
    canBecome: shown.map((p) => wireEscalationPath(p, ruleOf)),
    total,
    truncated: shown.length < total,
    version,
  };
}

export function wireEscalationTarget(subjects: readonly EnginePath[], version: number, ruleOf: RuleLookup, limit = Infinity): EscalationTargetResponse {
  const shown = subjects.length > limit ? subjects.slice(0, limit) : subjects;
  return { target: "cluster-admin", subjects: shown.map((p) => wireEscalationPath(p, ruleOf)), total: subjects.length, truncated: shown.length < subjects.length, version };
}

// --- GET /api/v1/blast-radius/{namespace}/{kind}/{name} ----------------------------------

/** One namespace (null: every namespace) or the nodes within reach: the verbs allowed there, and the closest identity holding them. */
export const reachEntry = z.object({
  namespace: z.string().nullable(),
  verbs: z.array(z.string()),
  /** The workload's ServiceAccount itself (hops 0) or a subject it can become. */
  subject: z.string(),
  hops: z.number(),
  certain: z.boolean(),
});
export const blastRadiusResponse = z.object({
  workload: objectRef,
  /** A pod's controller, when it has one. */
  owner: objectRef.optional(),
  serviceAccount: z.object({ namespace: z.string(), name: z.string(), exists: z.boolean() }),
  /** Whether its containers get the ServiceAccount's token (the pod's setting, else the ServiceAccount's, else yes). */
  token: z.object({ mounted: z.boolean(), decidedBy: z.enum(["pod", "serviceaccount", "default"]) }),
  /** The nodes its pods run on. */
  nodes: z.array(z.string()),
  /** The ServiceAccount's findings, as on its page. */
  findings: z.number(),
  findingsBySeverity: z.object({ critical: z.number().optional(), high: z.number().optional(), medium: z.number().optional(), low: z.number().optional() }).optional(),
  escalation: escalationResponse,
  reach: z.object({
    /** It reaches cluster-admin by a certain path: everything below, everywhere. */
    everything: z.boolean(),
    secrets: z.array(reachEntry),
    pods: z.array(reachEntry),
    nodes: z.array(reachEntry),
  }),
  version: z.number(),
});
export type ReachEntry = z.infer<typeof reachEntry>;
export type BlastRadiusResponse = z.infer<typeof blastRadiusResponse>;

// --- GET /api/v1/history, GET /api/v1/history/serviceaccounts/{namespace}/{name} ---------

export const historyChange = z.enum(["gained", "lost", "created", "changed", "deleted"]);
export const historyRisk = z.enum(["critical", "high", "medium", "low", "none"]);
/** One permission: a verb on a resource (or a non-resource URL), in a namespace or cluster-wide (""). */
export const historyPermission = z.object({
  namespace: z.string(),
  verb: z.string(),
  apiGroup: z.string().optional(),
  resource: z.string().optional(),
  resourceName: z.string().optional(),
  nonResourceURL: z.string().optional(),
});
export const historyEntry = z.object({
  id: z.string(),
  cluster: z.string(),
  /** gained/lost: a subject's permission; created/changed/deleted: an RBAC object or ServiceAccount. */
  change: historyChange,
  /** When Rolecall saw it (ISO 8601); for seenAtStart, when it started after the change. */
  at: z.string(),
  /** Found by comparing the last recorded state with the first list at a start: happened while Rolecall was not running. */
  seenAtStart: z.boolean(),
  subject: subjectRef.optional(),
  /** The permission's namespace ("" cluster-wide), or the changed object's. */
  namespace: z.string(),
  permission: historyPermission.optional(),
  /** The gain's or loss's risk; "none" for object changes. */
  risk: historyRisk,
  risks: z.array(z.string()).optional(),
  /** binding → role → rule (on the side that has the permission). */
  via: z.array(z.object({ binding: objectRef, role: objectRef, rule: z.number() })).optional(),
  /** The object change that caused it: the object at that resourceVersion. */
  cause: z.object({ kind: z.string(), namespace: z.string().optional(), name: z.string(), uid: z.string(), resourceVersion: z.string() }),
  /** For a changed object: the fields that changed. */
  fields: z.array(z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() })).optional(),
});
export const historyStatus = z.object({
  state: z.enum(["off", "starting", "recording", "unavailable"]),
  backend: z.enum(["pglite", "postgres"]).optional(),
  cluster: z.string().optional(),
  message: z.string().optional(),
});
export const historyResponse = z.object({
  items: z.array(historyEntry),
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  next: z.string().optional(),
  history: historyStatus,
});
export type HistoryEntryWire = z.infer<typeof historyEntry>;
export type HistoryResponse = z.infer<typeof historyResponse>;
export type HistoryStatusWire = z.infer<typeof historyStatus>;

// --- A Role's or ClusterRole's page: GET /api/v1/roles/{ns}/{name}, GET /api/v1/clusterroles/{name}

const labelSelector = z.object({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z.array(z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional() })).optional(),
});
const roleBuiltIn = z.enum(["cluster", "assumed"]);
export const roleBinding = z.object({
  kind: z.enum(["RoleBinding", "ClusterRoleBinding"]),
  /** A RoleBinding's namespace (where the role's rules apply through it). */
  namespace: z.string().optional(),
  name: z.string(),
  /** As the binding lists them; a ServiceAccount with its namespace, `missing` when no such ServiceAccount exists. */
  subjects: z.array(z.object({ kind: z.string(), name: z.string(), namespace: z.string().optional(), missing: z.boolean().optional() })),
  builtIn: roleBuiltIn.optional(),
});
export const roleDetailResponse = z.object({
  version: z.number(),
  kind: z.enum(["Role", "ClusterRole"]),
  /** A Role's namespace; absent for a ClusterRole. */
  namespace: z.string().optional(),
  name: z.string(),
  /** Part of Kubernetes' bootstrap policy: "cluster" when the API server made it, "assumed" offline. */
  builtIn: roleBuiltIn.optional(),
  createdAt: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  /** The rules as the object writes them. */
  rules: z.array(policyRule),
  /**
   * Offline, an aggregated ClusterRole's rules as the aggregation controller would fill them
   * (manifests usually write `rules: []`); "rule #n" elsewhere counts these. Absent when equal to `rules`.
   */
  aggregatedRules: z.array(policyRule).optional(),
  /** A ClusterRole with an aggregationRule: its selectors and the ClusterRoles they pick. */
  aggregation: z.object({ selectors: z.array(labelSelector), aggregates: z.array(z.object({ name: z.string(), builtIn: roleBuiltIn.optional() })) }).optional(),
  /** A ClusterRole: the aggregated ClusterRoles whose selectors pick it (its rules are added to theirs). */
  aggregatedInto: z.array(z.object({ name: z.string(), builtIn: roleBuiltIn.optional() })).optional(),
  /** Every binding whose roleRef names this role. */
  bindings: z.array(roleBinding),
  /** The findings whose grant comes through this role (the findings engine's, built-in ones marked `system`). */
  findings: z.array(finding),
});
export type RoleBindingWire = z.infer<typeof roleBinding>;
export type RoleDetailResponse = z.infer<typeof roleDetailResponse>;

// --- The overview: the front page's counts and what needs attention first -----------------

const findingCounts = z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number() });
const chainRoot = z.object({ kind: z.string(), namespace: z.string(), name: z.string() });
export const overviewResponse = z.object({
  version: z.number(),
  namespace: z.string().optional(),
  serviceAccounts: z.number(),
  bindings: z.number(),
  /** The bootstrap policy's own are left out (and counted in `hiddenBuiltIn`), as on the findings page. */
  findings: findingCounts.extend({ hiddenBuiltIn: z.number() }),
  worstFindings: z.array(finding),
  chains: z.object({ total: z.number(), health: z.partialRecord(health, z.number()) }),
  /** Blocked, degraded and missing chains, worst first; `problem` is the first error found in it. */
  chainsNeedingAttention: z.array(z.object({ id: z.string(), health, objects: z.number(), root: chainRoot, problem: z.string().optional() })),
  /** How many chains need attention in all (the list holds the first few). */
  chainsNeedingAttentionTotal: z.number(),
});
export type OverviewResponse = z.infer<typeof overviewResponse>;

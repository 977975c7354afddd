// The input of every API v1 route, as zod schemas: the one way input is validated. Routes read
// them through parseQuery / parseInput (lib/api/errors.ts), so a bad value is a 400
// {error, field}; the OpenAPI document (lib/api/openapi.ts) is generated from them.
import { z } from "zod";
import { normaliseAs, type CanIQuery, type FindingsQuery, type PermissionsQuery, type WhoCanQuery } from "@/lib/rbac/questions";
import { SEVERITIES, type Severity } from "@/lib/rbac/risk";
import { splitResource, type RequestAttributes } from "@/lib/rbac/rules";
import { identityFor } from "@/lib/rbac/subjects";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A namespace name (RFC 1123 label). */
export const namespaceName = z
  .string()
  .max(63, "a namespace name has at most 63 characters")
  .regex(DNS_LABEL, "not a valid namespace name (lowercase letters, digits and '-')");

/** An object name such as a ServiceAccount's (RFC 1123 subdomain). */
export const objectName = z
  .string()
  .min(1, "name is empty")
  .max(253, "a name has at most 253 characters")
  .regex(DNS_SUBDOMAIN, "not a valid object name (lowercase letters, digits, '-' and '.')");

/** `?namespace=`: empty or absent means every namespace. */
export const namespaceFilter = z
  .union([z.literal(""), namespaceName])
  .optional()
  .transform((v) => (v ? v : undefined));

export const serviceAccountListQuery = z.strictObject({ namespace: namespaceFilter });

export const serviceAccountParams = z.object({ namespace: namespaceName, name: objectName });

// A Role's or ClusterRole's name: Kubernetes only requires a valid path segment (RBAC names
// such as system:aggregate-to-view have colons), so anything but "/", "%", "." and "..".
export const roleName = z
  .string()
  .min(1, "name is empty")
  .max(253, "a name has at most 253 characters")
  .refine((v) => v !== "." && v !== ".." && !/[/%]/.test(v), "not a valid role name (no '/', '%', '.' or '..')");

// Next hands a dynamic segment over still percent-encoded (system%3Aview): decode it once, then check.
const decodeSegment = (v: string) => {
  if (!v.includes("%")) return v;
  try {
    return decodeURIComponent(v);
  } catch {
    return v; // a malformed escape keeps its "%", which the name check refuses
  }
};
const roleNameSegment = z.string().transform(decodeSegment).pipe(roleName);

export const roleParams = z.object({ namespace: namespaceName, name: roleNameSegment });
export const clusterRoleParams = z.object({ name: roleNameSegment });

export const bindingListQuery = z.strictObject({ namespace: namespaceFilter });

export const searchQuery = z.strictObject({
  q: z.string().max(200, "the search text has at most 200 characters").default(""),
  limit: z.coerce.number().int("limit must be a whole number").min(1).max(100).default(20),
  namespace: namespaceFilter,
});

/** Endpoints without parameters: any parameter is a mistake worth a 400. */
export const emptyQuery = z.strictObject({});

export const chainsQuery = z.strictObject({ namespace: namespaceFilter });

// A Map: a path segment such as "__proto__" or "constructor" must not find Object's own properties.
const KIND_NAMES = new Map<string, string>();
for (const k of ["Job", "CronJob", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Service", "Kustomization", "HelmRelease"]) {
  KIND_NAMES.set(k.toLowerCase(), k);
  KIND_NAMES.set(`${k.toLowerCase()}s`, k);
}

export const chainParams = z.object({
  namespace: namespaceName,
  kind: z
    .string()
    .max(63)
    .transform((k, ctx) => {
      const kind = KIND_NAMES.get(k.toLowerCase());
      if (!kind) {
        ctx.addIssue({ code: "custom", message: `unknown kind "${k}" (Job, CronJob, Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Service, Kustomization or HelmRelease)` });
        return z.NEVER;
      }
      return kind;
    }),
  name: objectName,
});

// --- The RBAC questions (can-i, who-can, findings, permissions) -------------------------
// Each parameter is checked first (known, given once unless repeatable, at most 253
// characters), then the question as a whole; the first problem is the 400's {error, field}.

export const MAX_VALUE = 253;

const tooLong = (key: string) => `${key} is longer than ${MAX_VALUE} characters`;
const onlyOnce = (key: string, otherwise?: string) => (iss: { input?: unknown }) => (Array.isArray(iss.input) ? `${key} may be given only once` : otherwise);

/** A parameter given at most once. */
function one(key: string) {
  return z.string({ error: onlyOnce(key) }).max(MAX_VALUE, tooLong(key)).optional();
}

/** A parameter given at most once, one of `values`. */
function oneOf<const T extends readonly [string, ...string[]]>(key: string, values: T, message: string) {
  return z.enum(values, { error: onlyOnce(key, message) }).optional();
}

/** A repeatable parameter: always a list. */
function many(key: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .refine((vs) => vs.every((v) => v.length <= MAX_VALUE), tooLong(key));
}

type Ctx = z.RefinementCtx;
/** Records the question's problem on `field`; the caller returns z.NEVER. */
function fail(ctx: Ctx, message: string, field: string): null {
  ctx.addIssue({ code: "custom", message, path: [field] });
  return null;
}

const requestShape = {
  verb: one("verb"),
  resource: one("resource"),
  apiGroup: one("apiGroup"),
  name: one("name"),
  namespace: one("namespace"),
  nonResourceURL: one("nonResourceURL"),
  subresource: one("subresource"),
};
type RequestParams = { [K in keyof typeof requestShape]?: string };

const NO_SPACE_OR_SLASH = /^[^\s/]+$/;

function requestFrom(one: RequestParams, ctx: Ctx): RequestAttributes | null {
  const verb = one.verb;
  if (!verb) return fail(ctx, "verb is required", "verb");
  if (/\s/.test(verb)) return fail(ctx, "verb must not contain spaces", "verb");
  const hasRes = !!one.resource;
  const hasUrl = !!one.nonResourceURL;
  if (hasRes && hasUrl) return fail(ctx, "give either resource or nonResourceURL, not both", "nonResourceURL");
  if (!hasRes && !hasUrl) return fail(ctx, "resource or nonResourceURL is required", "resource");
  if (hasUrl) {
    for (const k of ["apiGroup", "name", "namespace", "subresource"] as const) if (one[k]) return fail(ctx, `${k} does not apply to a nonResourceURL`, k);
    if (!one.nonResourceURL!.startsWith("/") && one.nonResourceURL !== "*") return fail(ctx, "nonResourceURL must start with '/'", "nonResourceURL");
    return { kind: "nonResource", verb, path: one.nonResourceURL! };
  }
  const split = splitResource(one.resource!);
  const resource = split.resource;
  let subresource = split.subresource;
  if (one.subresource) {
    if (subresource) return fail(ctx, "give the subresource either as res/sub or as subresource, not both", "subresource");
    subresource = one.subresource;
  }
  if (!resource) return fail(ctx, "resource is empty", "resource");
  if (/\s/.test(resource) || /\s/.test(subresource)) return fail(ctx, "resource must not contain spaces", "resource");
  const group = one.apiGroup ?? "";
  if (group && !NO_SPACE_OR_SLASH.test(group)) return fail(ctx, "apiGroup must not contain spaces or '/'", "apiGroup");
  const ns = one.namespace ?? "";
  if (ns && !DNS_LABEL.test(ns)) return fail(ctx, "not a valid namespace name", "namespace");
  return { kind: "resource", verb, apiGroup: group === "core" ? "" : group, resource, subresource, name: one.name ?? "", namespace: ns };
}

/** `GET /api/v1/can-i`: as, asGroup*, verb, resource|nonResourceURL, apiGroup, name, namespace, subresource. */
export const canIQuery = z.strictObject({ ...requestShape, as: one("as"), asGroup: many("asGroup") }).transform((p, ctx): CanIQuery => {
  if (!p.as) return (fail(ctx, "as is required (a user name such as system:serviceaccount:ns:name)", "as"), z.NEVER);
  if (p.asGroup.some((g) => !g)) return (fail(ctx, "asGroup is empty", "asGroup"), z.NEVER);
  const request = requestFrom(p, ctx);
  if (!request) return z.NEVER;
  const user = normaliseAs(p.as);
  return { identity: identityFor(user, p.asGroup), request, ...(user !== p.as ? { asWritten: p.as } : {}) };
});

/** `GET /api/v1/who-can`: the request, and `scope=cluster` for cluster scope only. */
export const whoCanQuery = z
  .strictObject({ ...requestShape, scope: oneOf("scope", ["cluster", "all-namespaces"], 'scope must be "cluster" or "all-namespaces"') })
  .transform((p, ctx): WhoCanQuery => {
    const request = requestFrom(p, ctx);
    if (!request) return z.NEVER;
    if (p.scope && request.kind === "resource" && request.namespace) return (fail(ctx, "scope applies only without a namespace", "scope"), z.NEVER);
    return { request, ...(p.scope === "cluster" ? { scope: "cluster" as const } : {}) };
  });

const FORMAT = ["json", "csv"] as const;

/** `GET /api/v1/findings`: severity (repeatable or comma list), hideSystem (default true), serviceAccount=ns/name, format, limit, namespace. */
export const findingsQuery = z
  .strictObject({
    severity: many("severity"),
    hideSystem: oneOf("hideSystem", ["true", "false", "1", "0"], "hideSystem must be true or false"),
    serviceAccount: one("serviceAccount"),
    format: oneOf("format", FORMAT, "format must be json or csv"),
    limit: one("limit"),
    namespace: one("namespace"),
  })
  .transform((p, ctx): FindingsQuery => {
    const severity = p.severity.flatMap((s) => s.split(",")).filter(Boolean);
    for (const s of severity) if (!(SEVERITIES as readonly string[]).includes(s)) return (fail(ctx, `severity must be one of ${SEVERITIES.join(", ")}`, "severity"), z.NEVER);
    let serviceAccount: FindingsQuery["serviceAccount"];
    if (p.serviceAccount) {
      const m = /^([a-z0-9-]+)\/([a-z0-9.-]+)$/.exec(p.serviceAccount);
      if (!m) return (fail(ctx, "serviceAccount must be namespace/name", "serviceAccount"), z.NEVER);
      serviceAccount = { namespace: m[1], name: m[2] };
    }
    const limit = p.limit === undefined ? 1000 : Number(p.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) return (fail(ctx, "limit must be a whole number from 1 to 100000", "limit"), z.NEVER);
    return {
      limit,
      ...(severity.length ? { severity: severity as Severity[] } : {}),
      ...(p.namespace ? { namespace: p.namespace } : {}),
      hideSystem: p.hideSystem === undefined ? true : p.hideSystem === "true" || p.hideSystem === "1",
      ...(serviceAccount ? { serviceAccount } : {}),
      format: p.format ?? "json",
    };
  });

/** `GET /api/v1/serviceaccounts/{ns}/{name}/permissions`: namespace ("" or "cluster-wide" for the cluster-wide view; absent: all views), format. */
export const permissionsQuery = z
  .strictObject({ namespace: one("namespace"), format: oneOf("format", FORMAT, "format must be json or csv") })
  .transform((p, ctx): PermissionsQuery => {
    let namespace: string | null | undefined;
    if (p.namespace === undefined) namespace = undefined;
    else if (p.namespace === "" || p.namespace === "*cluster*" || p.namespace === "cluster-wide") namespace = null;
    else if (!DNS_LABEL.test(p.namespace)) return (fail(ctx, "not a valid namespace name", "namespace"), z.NEVER);
    else namespace = p.namespace;
    return { ...(namespace === undefined ? {} : { namespace }), format: p.format ?? "json" };
  });

/** How many subjects `GET /api/v1/escalation` (and identities a ServiceAccount's escalation) answers with unless asked (each path is a few kB: a big cluster has ten thousand). */
export const ESCALATION_LIMIT = { default: 1000, max: 100_000 };

/**
 * `GET /api/v1/escalation`: `target=cluster-admin` (the one target there is; required, so a later
 * target is not a silent default), `limit` (the first N subjects, shortest paths first).
 */
export const escalationQuery = z
  .strictObject({
    target: z.literal("cluster-admin", { error: 'target must be "cluster-admin" (every subject that can become cluster-admin)' }),
    limit: one("limit"),
  })
  .transform((p, ctx) => {
    const limit = escalationLimit(p.limit);
    if (limit === undefined) return (fail(ctx, `limit must be a whole number from 1 to ${ESCALATION_LIMIT.max}`, "limit"), z.NEVER);
    return { target: p.target, limit };
  });

/** `limit` of an escalation answer: the default when absent, undefined when not a whole number in range. */
function escalationLimit(v: string | undefined): number | undefined {
  const limit = v === undefined ? ESCALATION_LIMIT.default : /^[0-9]+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(limit) && limit >= 1 && limit <= ESCALATION_LIMIT.max ? limit : undefined;
}

/**
 * `GET /api/v1/serviceaccounts/{ns}/{name}/escalation`: `limit` (the first N identities it can
 * become, shortest paths first; a ServiceAccount that may create pods everywhere can become
 * every other one, megabytes of paths).
 */
export const serviceAccountEscalationQuery = z.strictObject({ limit: one("limit") }).transform((p, ctx) => {
  const limit = escalationLimit(p.limit);
  if (limit === undefined) return (fail(ctx, `limit must be a whole number from 1 to ${ESCALATION_LIMIT.max}`, "limit"), z.NEVER);
  return { limit };
});

// A Map, as KIND_NAMES: a path segment such as "constructor" finds nothing.
const WORKLOAD_KIND_NAMES = new Map<string, "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" | "CronJob" | "Pod">();
for (const k of ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"] as const) {
  WORKLOAD_KIND_NAMES.set(k.toLowerCase(), k);
  WORKLOAD_KIND_NAMES.set(`${k.toLowerCase()}s`, k);
}

/** `/api/v1/blast-radius/{namespace}/{kind}/{name}`: a workload kind or Pod. */
export const blastRadiusParams = z.object({
  namespace: namespaceName,
  kind: z
    .string()
    .max(63)
    .transform((k, ctx) => {
      const kind = WORKLOAD_KIND_NAMES.get(k.toLowerCase());
      if (!kind) {
        ctx.addIssue({ code: "custom", message: `unknown kind "${k}" (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod)` });
        return z.NEVER;
      }
      return kind;
    }),
  name: objectName,
});

// --- History: GET /api/v1/history, GET /api/v1/history/serviceaccounts/{namespace}/{name} ---

const HISTORY_RISKS = ["critical", "high", "medium", "low"] as const;
const HISTORY_CHANGES = ["gained", "lost", "created", "changed", "deleted"] as const;
const AGO = /^(\d{1,5})([mhd])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** An ISO 8601 date or time, or a time ago (`30m`, `24h`, `7d`). */
function pointInTime(key: string, v: string | undefined, ctx: Ctx): Date | undefined | null {
  if (v === undefined || v === "") return undefined;
  const ago = AGO.exec(v);
  if (ago) return new Date(Date.now() - Number(ago[1]) * UNIT_MS[ago[2] as keyof typeof UNIT_MS]);
  const t = /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) return fail(ctx, `${key} must be an ISO 8601 date or time (2026-01-31, 2026-01-31T10:00:00Z) or a time ago (30m, 24h, 7d)`, key);
  return new Date(t);
}

const historyPaging = {
  since: one("since"),
  until: one("until"),
  limit: z.coerce.number({ error: "limit must be a whole number from 1 to 500" }).int("limit must be a whole number from 1 to 500").min(1, "limit must be at least 1").max(500, "limit is at most 500").default(50),
  cursor: z
    .string({ error: onlyOnce("cursor") })
    .regex(/^\d{1,19}$/, "cursor must be the `next` of a previous page")
    .optional(),
};

/** What both history routes read: the time window, the page. */
export interface HistoryInput {
  since?: Date;
  until?: Date;
  limit: number;
  before?: string;
  subjects?: { kind: string; namespace?: string; name: string }[];
  role?: { kind: "Role" | "ClusterRole"; namespace?: string; name: string };
  namespace?: string;
  risks?: ("critical" | "high" | "medium" | "low")[];
  changes?: (typeof HISTORY_CHANGES)[number][];
}

function window(p: { since?: string; until?: string; limit: number; cursor?: string }, ctx: Ctx): HistoryInput | null {
  const since = pointInTime("since", p.since, ctx);
  const until = pointInTime("until", p.until, ctx);
  if (since === null || until === null) return null;
  return { ...(since ? { since } : {}), ...(until ? { until } : {}), limit: p.limit, ...(p.cursor ? { before: p.cursor } : {}) };
}

/** `subject=ServiceAccount/ns/name`, `User/alice`, `Group/system:masters`. */
function parseSubject(v: string, ctx: Ctx): HistoryInput["subjects"] | null {
  const i = v.indexOf("/");
  const kind = i < 0 ? "" : v.slice(0, i);
  const rest = i < 0 ? "" : v.slice(i + 1);
  if (kind === "ServiceAccount") {
    const m = /^([a-z0-9-]{1,63})\/([a-z0-9.-]{1,253})$/.exec(rest);
    if (!m) return fail(ctx, "subject ServiceAccount/namespace/name: not a valid namespace and name", "subject");
    return [{ kind, namespace: m[1], name: m[2] }];
  }
  if ((kind === "User" || kind === "Group") && rest) return [{ kind, name: rest }];
  return fail(ctx, "subject must be ServiceAccount/namespace/name, User/name or Group/name", "subject");
}

/** `role=Role/ns/name` or `ClusterRole/name` (role names may hold colons: `system:aggregate-to-view`). */
function parseRole(v: string, ctx: Ctx): HistoryInput["role"] | null {
  const m = /^Role\/([a-z0-9-]{1,63})\/([^/]{1,253})$/.exec(v);
  if (m) return { kind: "Role", namespace: m[1], name: m[2] };
  const c = /^ClusterRole\/([^/]{1,253})$/.exec(v);
  if (c) return { kind: "ClusterRole", name: c[1] };
  return fail(ctx, "role must be Role/namespace/name or ClusterRole/name", "role");
}

/** `GET /api/v1/history`: subject, role, namespace ("" or absent: all), since, until, risk (the least severity shown), change (comma list), limit, cursor. */
export const historyQuery = z
  .strictObject({
    subject: one("subject"),
    role: one("role"),
    namespace: namespaceFilter,
    risk: oneOf("risk", HISTORY_RISKS, "risk must be critical, high, medium or low (that severity and worse)"),
    change: one("change"),
    ...historyPaging,
  })
  .transform((p, ctx): HistoryInput => {
    const w = window(p, ctx);
    const subjects = p.subject ? parseSubject(p.subject, ctx) : undefined;
    const role = p.role ? parseRole(p.role, ctx) : undefined;
    const changes = p.change ? p.change.split(",").map((c) => c.trim()) : undefined;
    const badChange = changes?.some((c) => !(HISTORY_CHANGES as readonly string[]).includes(c));
    if (badChange) fail(ctx, `change must be a comma list of ${HISTORY_CHANGES.join(", ")}`, "change");
    if (!w || subjects === null || role === null || badChange) return z.NEVER;
    return {
      ...w,
      ...(subjects ? { subjects } : {}),
      ...(role ? { role } : {}),
      ...(p.namespace ? { namespace: p.namespace } : {}),
      ...(p.risk ? { risks: HISTORY_RISKS.slice(0, HISTORY_RISKS.indexOf(p.risk) + 1) } : {}),
      ...(changes ? { changes: changes as HistoryInput["changes"] } : {}),
    };
  });

/** `GET /api/v1/history/serviceaccounts/{namespace}/{name}`: since, until, limit, cursor. */
export const serviceAccountHistoryQuery = z.strictObject(historyPaging).transform((p, ctx): HistoryInput => window(p, ctx) ?? z.NEVER);

export const overviewQuery = z.strictObject({ namespace: namespaceFilter });

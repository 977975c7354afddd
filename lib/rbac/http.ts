// Query parameters of the RBAC API routes → requests for the engine. Pure (zod only), so the
// routes stay thin and the rules (400 with {error, field}) are unit-tested here.
import { z } from "zod";
import type { RequestAttributes } from "./rules";
import { splitResource } from "./rules";
import { SEVERITIES, type Severity } from "./risk";
import { identityFor, type Identity } from "./subjects";

export const MAX_VALUE = 253;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; field?: string };
const fail = (error: string, field?: string): { ok: false; error: string; field?: string } => ({ ok: false, error, ...(field ? { field } : {}) });

type Spec = Record<string, { repeatable?: boolean }>;

/** Checks names, repetition and length of every parameter; returns single values and repeated lists. */
function readParams(params: URLSearchParams, spec: Spec): Parsed<{ one: Record<string, string | undefined>; many: Record<string, string[]> }> {
  const one: Record<string, string | undefined> = {};
  const many: Record<string, string[]> = {};
  for (const key of new Set(params.keys())) {
    // own properties only: "constructor" or "toString" are unknown parameters, not Object's
    const s = Object.hasOwn(spec, key) ? spec[key] : undefined;
    if (!s) return fail(`unknown parameter "${key.slice(0, 64)}"`, key.slice(0, 64));
    const values = params.getAll(key);
    for (const v of values) if (v.length > MAX_VALUE) return fail(`${key} is longer than ${MAX_VALUE} characters`, key);
    if (s.repeatable) many[key] = values;
    else if (values.length > 1) return fail(`${key} may be given only once`, key);
    else one[key] = values[0];
  }
  return { ok: true, value: { one, many } };
}

const REQUEST_SPEC: Spec = { verb: {}, resource: {}, apiGroup: {}, name: {}, namespace: {}, nonResourceURL: {}, subresource: {} };

const token = z.string().regex(/^[^\s/]+$/, "must not contain spaces or '/'");

function requestFrom(one: Record<string, string | undefined>): Parsed<RequestAttributes> {
  const verb = one.verb;
  if (!verb) return fail("verb is required", "verb");
  if (/\s/.test(verb)) return fail("verb must not contain spaces", "verb");
  const hasRes = !!one.resource;
  const hasUrl = !!one.nonResourceURL;
  if (hasRes && hasUrl) return fail("give either resource or nonResourceURL, not both", "nonResourceURL");
  if (!hasRes && !hasUrl) return fail("resource or nonResourceURL is required", "resource");
  if (hasUrl) {
    for (const k of ["apiGroup", "name", "namespace", "subresource"]) if (one[k]) return fail(`${k} does not apply to a nonResourceURL`, k);
    if (!one.nonResourceURL!.startsWith("/") && one.nonResourceURL !== "*") return fail("nonResourceURL must start with '/'", "nonResourceURL");
    return { ok: true, value: { kind: "nonResource", verb, path: one.nonResourceURL! } };
  }
  const split = splitResource(one.resource!);
  const resource = split.resource;
  let subresource = split.subresource;
  if (one.subresource) {
    if (subresource) return fail("give the subresource either as res/sub or as subresource, not both", "subresource");
    subresource = one.subresource;
  }
  if (!resource) return fail("resource is empty", "resource");
  if (/\s/.test(resource) || /\s/.test(subresource)) return fail("resource must not contain spaces", "resource");
  const group = one.apiGroup ?? "";
  if (group && !token.safeParse(group).success) return fail("apiGroup must not contain spaces or '/'", "apiGroup");
  const ns = one.namespace ?? "";
  if (ns && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns)) return fail("not a valid namespace name", "namespace");
  return { ok: true, value: { kind: "resource", verb, apiGroup: group === "core" ? "" : group, resource, subresource, name: one.name ?? "", namespace: ns } };
}

export interface CanIQuery {
  identity: Identity;
  request: RequestAttributes;
  /** `as` as written when it was read as a ServiceAccount's user name (`ns:name`). */
  asWritten?: string;
}

const NS_COLON_NAME = /^([a-z0-9](?:[-a-z0-9]*[a-z0-9])?):([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)$/;

/**
 * `ns:name` → `system:serviceaccount:ns:name` (the short form people type for a
 * ServiceAccount); anything else as written. `system:…` names (system:anonymous,
 * system:kube-proxy) are users of their own, never a namespace "system".
 */
export function normaliseAs(as: string): string {
  const m = NS_COLON_NAME.exec(as);
  if (!m || m[1] === "system" || m[1].length > 63) return as;
  return `system:serviceaccount:${m[1]}:${m[2]}`;
}

/** `GET /api/v1/can-i` parameters: as, asGroup*, verb, resource|nonResourceURL, apiGroup, name, namespace. */
export function parseCanIQuery(params: URLSearchParams): Parsed<CanIQuery> {
  const p = readParams(params, { ...REQUEST_SPEC, as: {}, asGroup: { repeatable: true } });
  if (!p.ok) return p;
  const { one, many } = p.value;
  if (!one.as) return fail("as is required (a user name such as system:serviceaccount:ns:name)", "as");
  if ((many.asGroup ?? []).some((g) => !g)) return fail("asGroup is empty", "asGroup");
  const req = requestFrom(one);
  if (!req.ok) return req;
  const user = normaliseAs(one.as);
  return { ok: true, value: { identity: identityFor(user, many.asGroup ?? []), request: req.value, ...(user !== one.as ? { asWritten: one.as } : {}) } };
}

export interface WhoCanQuery {
  request: RequestAttributes;
  /** "cluster": ClusterRoleBindings only, for a request without a namespace (default: every namespace). */
  scope?: "cluster";
}

const whoCanScope = z.enum(["cluster", "all-namespaces"], { error: 'scope must be "cluster" or "all-namespaces"' }).optional();

/** `GET /api/v1/who-can` parameters: the request, and `scope=cluster` for cluster scope only. */
export function parseWhoCanQuery(params: URLSearchParams): Parsed<WhoCanQuery> {
  const p = readParams(params, { ...REQUEST_SPEC, scope: {} });
  if (!p.ok) return p;
  const scope = whoCanScope.safeParse(p.value.one.scope);
  if (!scope.success) return fail(scope.error.issues[0].message, "scope");
  const req = requestFrom(p.value.one);
  if (!req.ok) return req;
  if (scope.data && req.value.kind === "resource" && req.value.namespace) return fail("scope applies only without a namespace", "scope");
  return { ok: true, value: { request: req.value, ...(scope.data === "cluster" ? { scope: "cluster" as const } : {}) } };
}

export interface FindingsQuery {
  severity?: Severity[];
  namespace?: string;
  hideSystem: boolean;
  serviceAccount?: { namespace: string; name: string };
  format: "json" | "csv";
  /** At most this many items in a JSON answer (default 1000); CSV has them all. */
  limit: number;
}

/** `GET /api/v1/findings`: severity (repeatable or comma list), namespace, hideSystem (default true), serviceAccount=ns/name, format. */
export function parseFindingsQuery(params: URLSearchParams): Parsed<FindingsQuery> {
  const p = readParams(params, { severity: { repeatable: true }, namespace: {}, hideSystem: {}, serviceAccount: {}, format: {}, limit: {} });
  if (!p.ok) return p;
  const { one, many } = p.value;
  const sev = (many.severity ?? []).flatMap((s) => s.split(",")).filter(Boolean);
  for (const s of sev) if (!(SEVERITIES as readonly string[]).includes(s)) return fail(`severity must be one of ${SEVERITIES.join(", ")}`, "severity");
  const hs = one.hideSystem;
  if (hs !== undefined && !["true", "false", "1", "0"].includes(hs)) return fail("hideSystem must be true or false", "hideSystem");
  let serviceAccount: FindingsQuery["serviceAccount"];
  if (one.serviceAccount) {
    const m = /^([a-z0-9-]+)\/([a-z0-9.-]+)$/.exec(one.serviceAccount);
    if (!m) return fail("serviceAccount must be namespace/name", "serviceAccount");
    serviceAccount = { namespace: m[1], name: m[2] };
  }
  const format = one.format ?? "json";
  if (format !== "json" && format !== "csv") return fail("format must be json or csv", "format");
  const limit = one.limit === undefined ? 1000 : Number(one.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) return fail("limit must be a whole number from 1 to 100000", "limit");
  return {
    ok: true,
    value: {
      limit,
      ...(sev.length ? { severity: sev as Severity[] } : {}),
      ...(one.namespace ? { namespace: one.namespace } : {}),
      hideSystem: hs === undefined ? true : hs === "true" || hs === "1",
      ...(serviceAccount ? { serviceAccount } : {}),
      format,
    },
  };
}

/** `GET /api/v1/serviceaccounts/{ns}/{name}/permissions`: namespace ("" or "cluster" for cluster-wide; absent: all views). */
export function parsePermissionsQuery(params: URLSearchParams): Parsed<{ namespace?: string | null; format: "json" | "csv" }> {
  const p = readParams(params, { namespace: {}, format: {} });
  if (!p.ok) return p;
  const { one } = p.value;
  const format = one.format ?? "json";
  if (format !== "json" && format !== "csv") return fail("format must be json or csv", "format");
  let namespace: string | null | undefined;
  if (one.namespace === undefined) namespace = undefined;
  else if (one.namespace === "" || one.namespace === "*cluster*" || one.namespace === "cluster-wide") namespace = null;
  else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(one.namespace)) return fail("not a valid namespace name", "namespace");
  else namespace = one.namespace;
  return { ok: true, value: { ...(namespace === undefined ? {} : { namespace }), format } };
}

/** The `kubectl auth can-i` command for a question. */
export function kubectlCanI(identity: Identity, req: RequestAttributes, explicitGroups: readonly string[] = []): string {
  const q = (s: string) => (/^[A-Za-z0-9_.:/*@=-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
  const parts = ["kubectl", "auth", "can-i", q(req.verb)];
  if (req.kind === "nonResource") parts.push(q(req.path));
  else {
    const res = req.apiGroup ? `${req.resource}.${req.apiGroup}` : req.resource;
    parts.push(q(req.name ? `${res}/${req.name}` : res));
    if (req.subresource) parts.push(`--subresource=${q(req.subresource)}`);
    parts.push(req.namespace ? `-n ${q(req.namespace)}` : "--all-namespaces");
  }
  parts.push(`--as=${q(identity.user)}`);
  for (const g of explicitGroups.length ? explicitGroups : identity.groups) parts.push(`--as-group=${q(g)}`);
  return parts.join(" ");
}

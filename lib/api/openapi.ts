// The OpenAPI 3.1 document of API v1 (GET /api/v1/openapi.json), generated from the zod
// schemas the routes read their input with (lib/api/schemas.ts) and the answers declared in
// lib/api/wire.ts. openapi.test.ts checks that every route under app/api/v1 is in it.
import { z } from "zod";
import {
  blastRadiusParams,
  bindingListQuery,
  canIQuery,
  chainParams,
  chainsQuery,
  emptyQuery,
  escalationQuery,
  serviceAccountEscalationQuery,
  findingsQuery,
  historyQuery,
  overviewQuery,
  permissionsQuery,
  searchQuery,
  serviceAccountListQuery,
  serviceAccountHistoryQuery,
  serviceAccountParams,
  whoCanQuery,
} from "./schemas";
import { clusterRoleParams, roleParams } from "./schemas";
import { roleDetailResponse } from "./wire";
import { bindingListSchema, searchResultSchema, serviceAccountDetailSchema, serviceAccountListSchema, statusViewSchema, verifyAnswerSchema } from "./types";
import { apiError, blastRadiusResponse, canIResponse, chainsResponse, escalationResponse, escalationTargetResponse, findingsResponse, historyResponse, overviewResponse, permissionsResponse, whoCanResponse } from "./wire";

type Method = "get" | "post";
type JsonSchema = Record<string, unknown>;

interface Operation {
  /** As the app/ folder spells it: `/api/v1/serviceaccounts/[namespace]/[name]`. */
  route: string;
  method: Method;
  summary: string;
  query?: z.ZodType;
  path?: z.ZodType;
  /** A JSON request body. */
  body?: z.ZodType;
  /** The JSON answer; absent: an object this document does not detail yet. */
  answer?: z.ZodType;
  /** Other media types the answer may take (`format=csv`, the event stream). */
  alsoAs?: string[];
  /** The answer is this media type only. */
  only?: string;
}

const OPERATIONS: Operation[] = [
  {
    route: "/api/v1/overview",
    method: "get",
    summary: "The front page: counts of ServiceAccounts, bindings, findings by severity (the bootstrap policy's own left out) and chains by health; the worst findings and the chains needing attention",
    query: overviewQuery,
    answer: overviewResponse,
  },
  { route: "/api/v1/status", method: "get", summary: "What the top bar shows: source, sync state per kind, not-permitted kinds, manifest problems, namespaces", answer: statusViewSchema },
  { route: "/api/v1/whoami", method: "get", summary: "Who the authenticating proxy says the caller is: {user, groups}" },
  { route: "/api/v1/events", method: "get", summary: 'Server-sent events: `data: {"version":N,"kinds":[…]}` per store change, a heartbeat every 15 s', only: "text/event-stream" },
  { route: "/api/v1/resources", method: "get", summary: "The resources the cluster serves, for the can-i and who-can suggestions", query: emptyQuery },
  { route: "/api/v1/serviceaccounts", method: "get", summary: "Every ServiceAccount an object, binding, workload or pod names", query: serviceAccountListQuery, answer: serviceAccountListSchema },
  { route: "/api/v1/serviceaccounts/[namespace]/[name]", method: "get", summary: "One ServiceAccount: bindings, roles, workloads, pods, automount, image pull secrets, the startup chains its workloads are in (with their health)", path: serviceAccountParams, answer: serviceAccountDetailSchema },
  {
    route: "/api/v1/serviceaccounts/[namespace]/[name]/permissions",
    method: "get",
    summary: "Effective permissions cluster-wide and per namespace, each verb with the binding → role → rule granting it",
    path: serviceAccountParams,
    query: permissionsQuery,
    answer: permissionsResponse,
    alsoAs: ["text/csv"],
  },
  {
    route: "/api/v1/serviceaccounts/[namespace]/[name]/escalation",
    method: "get",
    summary: "What this ServiceAccount can become: every subject reachable (cluster-admin included), shortest path each (the first `limit`, with how many in all), every hop with its technique, why, and the binding → role → rule allowing it",
    path: serviceAccountParams,
    query: serviceAccountEscalationQuery,
    answer: escalationResponse,
  },
  {
    route: "/api/v1/escalation",
    method: "get",
    summary: "Every subject that can become the target (target=cluster-admin), shortest path each",
    query: escalationQuery,
    answer: escalationTargetResponse,
  },
  {
    route: "/api/v1/blast-radius/[namespace]/[kind]/[name]",
    method: "get",
    summary: "A workload's or pod's blast radius: its ServiceAccount and token, what it can become, and which namespaces' Secrets and pods and which node permissions are within reach",
    path: blastRadiusParams,
    query: emptyQuery,
    answer: blastRadiusResponse,
  },
  { route: "/api/v1/bindings", method: "get", summary: "Every RoleBinding and ClusterRoleBinding with subjects and role, orphans marked", query: bindingListQuery, answer: bindingListSchema },
  { route: "/api/v1/search", method: "get", summary: "ServiceAccounts, bindings, roles and workloads by name; a workload in a startup chain (and any other object of a chain) also links to its chain", query: searchQuery, answer: searchResultSchema },
  { route: "/api/v1/findings", method: "get", summary: "Risky grants, worst first", query: findingsQuery, answer: findingsResponse, alsoAs: ["text/csv"] },
  { route: "/api/v1/can-i", method: "get", summary: "What a SubjectAccessReview would answer, with the bindings that allow it", query: canIQuery, answer: canIResponse },
  { route: "/api/v1/can-i/verify", method: "get", summary: "Whether the API server can be asked (live source, and Rolecall may create SubjectAccessReviews)" },
  { route: "/api/v1/can-i/verify", method: "post", summary: "Asks the API server the can-i question (the can-i parameters as a JSON object) and compares", body: canIQuery, answer: verifyAnswerSchema },
  { route: "/api/v1/who-can", method: "get", summary: "The subjects a request would be allowed for, each with its reasons", query: whoCanQuery, answer: whoCanResponse },
  { route: "/api/v1/chains", method: "get", summary: "Startup chains touching a namespace (all without one): nodes, edges, diagnostics, chains", query: chainsQuery, answer: chainsResponse },
  { route: "/api/v1/chains/[namespace]/[kind]/[name]", method: "get", summary: "The one chain holding that object (empty lists if it is in none)", path: chainParams, answer: chainsResponse },
  {
    route: "/api/v1/history",
    method: "get",
    summary: "RBAC history, newest first: permissions each subject gained and lost (with binding → role → rule, risk and the object change that caused it) and the RBAC objects' own changes; `next` is the cursor of the next page; 503 while history is unavailable",
    query: historyQuery,
    answer: historyResponse,
  },
  {
    route: "/api/v1/history/serviceaccounts/[namespace]/[name]",
    method: "get",
    summary: "A ServiceAccount's RBAC history: its own gains and losses and those of the groups it is in (system:serviceaccounts, …:<namespace>, system:authenticated)",
    path: serviceAccountParams,
    query: serviceAccountHistoryQuery,
    answer: historyResponse,
  },
  { route: "/api/v1/openapi.json", method: "get", summary: "This document" },
  // A role's page
  {
    route: "/api/v1/roles/[namespace]/[name]",
    method: "get",
    summary: "One Role: its rules as written, whether it is built in, the bindings naming it (subjects included) and the findings whose grant comes through it",
    path: roleParams,
    answer: roleDetailResponse,
  },
  {
    route: "/api/v1/clusterroles/[name]",
    method: "get",
    summary: "One ClusterRole: its rules as written (and as aggregated), its aggregationRule with the ClusterRoles it picks and the ones that pick it, whether it is built in, the bindings naming it and the findings whose grant comes through it",
    path: clusterRoleParams,
    answer: roleDetailResponse,
  },
];

/** `[namespace]` → `{namespace}`. */
export const openApiPath = (route: string) => route.replace(/\[([^\]]+)\]/g, "{$1}");

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  void _drop;
  return rest;
}

function parameters(schema: z.ZodType, where: "query" | "path"): JsonSchema[] {
  const s = jsonSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, prop]) => {
    // A repeatable parameter (string or list of strings) is a list: ?asGroup=a&asGroup=b.
    const anyOf = prop.anyOf as JsonSchema[] | undefined;
    const list = anyOf?.find((x) => x.type === "array");
    return {
      name,
      in: where,
      required: where === "path" || (s.required ?? []).includes(name),
      schema: list ?? prop,
      ...(list ? { style: "form", explode: true } : {}),
    };
  });
}

const ERROR_REF = { $ref: "#/components/schemas/Error" };
const errorAnswer = (description: string) => ({ description, content: { "application/json": { schema: ERROR_REF } } });

function operation(op: Operation) {
  const ok = op.only
    ? { [op.only]: { schema: { type: "string" } } }
    : {
        "application/json": { schema: op.answer ? jsonSchema(op.answer, "output") : { type: "object" } },
        ...Object.fromEntries((op.alsoAs ?? []).map((t) => [t, { schema: { type: "string" } }])),
      };
  const hasInput = op.query || op.path || op.body;
  return {
    summary: op.summary,
    operationId: `${op.method}${op.route.replace(/\[([^\]]+)\]/g, "By-$1").replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    ...(op.query || op.path ? { parameters: [...(op.path ? parameters(op.path, "path") : []), ...(op.query ? parameters(op.query, "query") : [])] } : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body, "input") } } } } : {}),
    responses: {
      "200": { description: "OK", content: ok },
      ...(hasInput ? { "400": errorAnswer("Bad input: an unknown, repeated or invalid parameter (`field` names it)") } : {}),
      ...(op.path ? { "404": errorAnswer("No such object") } : {}),
      "503": errorAnswer("The store has not synced yet (Retry-After)"),
    },
  };
}

/** The document (a few milliseconds to build; it depends on nothing but the schemas). */
export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[openApiPath(op.route)] ??= {})[op.method] = operation(op);
  return {
    openapi: "3.1.0",
    info: {
      title: "Rolecall API",
      version: "1",
      description: 'Read-only JSON API of Rolecall: who can do what, and who is waiting on whom. Errors are {"error", "field"?}.',
    },
    paths,
    components: { schemas: { Error: jsonSchema(apiError, "output") } },
  };
}

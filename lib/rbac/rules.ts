// Rule matching exactly as the Kubernetes RBAC authorizer does it
// (pkg/apis/rbac/v1/evaluation_helpers.go and plugin/pkg/auth/authorizer/rbac RuleAllows).
// Small pure functions, one table-driven test each in rules.test.ts.
import type { PolicyRule } from "@/lib/store/types";

/** What is being asked: a resource request or a non-resource request. */
export type RequestAttributes = ResourceRequest | NonResourceRequest;
export interface ResourceRequest {
  kind: "resource";
  verb: string;
  apiGroup: string; // "" = core
  resource: string; // plural, without subresource
  subresource: string; // "" = none
  name: string; // "" = no name (list, create, deletecollection, …)
  namespace: string; // "" = cluster scope / all namespaces
}
export interface NonResourceRequest {
  kind: "nonResource";
  verb: string;
  path: string;
}

export const VERB_ALL = "*";
export const API_GROUP_ALL = "*";
export const RESOURCE_ALL = "*";
export const NON_RESOURCE_ALL = "*";

/** `*` or exactly the verb; case-sensitive (`GET` never matches `get`). */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  for (const v of rule.verbs ?? []) if (v === VERB_ALL || v === verb) return true;
  return false;
}

/** `*` or exactly the group ("" is the core group). */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  for (const g of rule.apiGroups ?? []) if (g === API_GROUP_ALL || g === group) return true;
  return false;
}

/**
 * `*` matches everything; otherwise exactly `res` or `res/sub`, or `*\/sub` when the
 * request has that subresource. Nothing else is a wildcard: `pods/*` matches no real request.
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === RESOURCE_ALL || r === combined) return true;
    if (subresource.length === 0) continue;
    if (r.length === subresource.length + 2 && r.startsWith("*/") && r.endsWith(subresource)) return true;
  }
  return false;
}

/** An empty list matches any name; otherwise the requested name ("" for unnamed requests) must be listed. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  if (names.length === 0) return true;
  return names.includes(name);
}

/** `*`, the exact path, or an entry ending in `*` whose text before the stars is a prefix of the path. */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === NON_RESOURCE_ALL || u === path) return true;
    if (u.endsWith("*") && path.startsWith(u.replace(/\*+$/, ""))) return true;
  }
  return false;
}

export function combinedResource(resource: string, subresource: string): string {
  return subresource ? `${resource}/${subresource}` : resource;
}

/** Does this one rule allow the request? */
export function ruleAllows(req: RequestAttributes, rule: PolicyRule): boolean {
  if (req.kind === "resource") {
    return (
      verbMatches(rule, req.verb) &&
      apiGroupMatches(rule, req.apiGroup) &&
      resourceMatches(rule, combinedResource(req.resource, req.subresource), req.subresource) &&
      resourceNameMatches(rule, req.name)
    );
  }
  return verbMatches(rule, req.verb) && nonResourceURLMatches(rule, req.path);
}

/** Splits `res/sub` at the first slash, as the request attributes carry them. */
export function splitResource(value: string): { resource: string; subresource: string } {
  const i = value.indexOf("/");
  return i < 0 ? { resource: value, subresource: "" } : { resource: value.slice(0, i), subresource: value.slice(i + 1) };
}

// One table per matching function, as the authorizer's own tests are laid out.
import { describe, expect, it } from "vitest";
import type { PolicyRule } from "@/lib/store/types";
import { apiGroupMatches, nonResourceURLMatches, resourceMatches, resourceNameMatches, ruleAllows, splitResource, verbMatches, type RequestAttributes } from "./rules";

const rule = (r: Partial<PolicyRule>): PolicyRule => ({ verbs: [], ...r });

describe("verbMatches", () => {
  it.each([
    [["get"], "get", true],
    [["*"], "delete", true],
    [["GET"], "get", false], // case-sensitive
    [["get"], "GET", false],
    [["list", "watch"], "get", false],
    [[], "get", false],
    [["get*"], "get", false], // no partial wildcards
  ])("verbs %j / %s → %s", (verbs, verb, want) => expect(verbMatches(rule({ verbs }), verb)).toBe(want));
});

describe("apiGroupMatches", () => {
  it.each([
    [[""], "", true],
    [["*"], "apps", true],
    [["apps"], "apps", true],
    [[""], "apps", false], // resource name alone is not enough (Krane, KubiScan, rakkess)
    [["apps"], "", false],
    [[], "", false],
  ])("apiGroups %j / %j → %s", (apiGroups, g, want) => expect(apiGroupMatches(rule({ apiGroups }), g)).toBe(want));
});

describe("resourceMatches", () => {
  it.each([
    [["*"], "pods", "", true],
    [["*"], "pods/log", "log", true], // * covers subresources too
    [["pods"], "pods", "", true],
    [["pods"], "pods/log", "log", false], // pods does not match pods/log
    [["pods/log"], "pods/log", "log", true],
    [["pods/log"], "pods", "", false],
    [["*/scale"], "deployments/scale", "scale", true], // */sub
    [["*/scale"], "deployments", "", false],
    [["*/scale"], "deployments/status", "status", false],
    [["*/status"], "pods/status", "status", true],
    [["pods/*"], "pods/log", "log", false], // pods/* is not a wildcard
    [["pods/*"], "pods", "", false],
    [["pod*"], "pods", "", false],
    [["*/sca"], "deployments/scale", "scale", false],
    [["**/scale"], "deployments/scale", "scale", false],
    [["deployments"], "deployments/scale", "scale", false],
  ])("resources %j / %s → %s", (resources, combined, sub, want) => expect(resourceMatches(rule({ resources }), combined, sub)).toBe(want));
});

describe("resourceNameMatches", () => {
  it.each([
    [[], "", true],
    [[], "x", true],
    [["a"], "a", true],
    [["a"], "b", false],
    [["a"], "", false], // an unnamed request (list, create, deletecollection) is never matched
  ])("resourceNames %j / %j → %s", (resourceNames, name, want) => expect(resourceNameMatches(rule({ resourceNames }), name)).toBe(want));
});

describe("nonResourceURLMatches", () => {
  it.each([
    [["*"], "/anything", true],
    [["/healthz"], "/healthz", true],
    [["/healthz"], "/healthz/etcd", false],
    [["/healthz/*"], "/healthz/etcd", true], // trailing-* prefix (kubectl-who-can, rbac-tool matched exactly)
    [["/healthz/*"], "/healthz", false],
    [["/api*"], "/apis", true],
    [["/api*"], "/api/v1", true],
    [["/api*"], "/ap", false],
    [["/a*b"], "/axb", false], // * only at the end
    [["/metrics"], "/Metrics", false],
  ])("nonResourceURLs %j / %s → %s", (nonResourceURLs, path, want) => expect(nonResourceURLMatches(rule({ nonResourceURLs }), path)).toBe(want));
});

describe("ruleAllows", () => {
  const res = (verb: string, apiGroup: string, combined: string, name = ""): RequestAttributes => ({ kind: "resource", verb, apiGroup, ...splitResource(combined), name, namespace: "ns" });
  it.each<[string, PolicyRule, RequestAttributes, boolean]>([
    ["all four hold", { verbs: ["get"], apiGroups: [""], resources: ["pods"] }, res("get", "", "pods", "p"), true],
    ["wrong verb", { verbs: ["get"], apiGroups: [""], resources: ["pods"] }, res("list", "", "pods"), false],
    ["wrong group", { verbs: ["get"], apiGroups: ["apps"], resources: ["pods"] }, res("get", "", "pods"), false],
    ["named rule, named get", { verbs: ["get", "list"], apiGroups: [""], resources: ["secrets"], resourceNames: ["s"] }, res("get", "", "secrets", "s"), true],
    ["named rule, list", { verbs: ["get", "list"], apiGroups: [""], resources: ["secrets"], resourceNames: ["s"] }, res("list", "", "secrets"), false],
    ["all stars", { verbs: ["*"], apiGroups: ["*"], resources: ["*"] }, res("escalate", "rbac.authorization.k8s.io", "roles"), true],
    ["nonResource rule ignores resource requests", { verbs: ["get"], nonResourceURLs: ["*"] }, res("get", "", "pods"), false],
    ["resource rule ignores non-resource requests", { verbs: ["get"], apiGroups: ["*"], resources: ["*"] }, { kind: "nonResource", verb: "get", path: "/healthz" }, false],
    ["nonResource exact", { verbs: ["get"], nonResourceURLs: ["/healthz"] }, { kind: "nonResource", verb: "get", path: "/healthz" }, true],
  ])("%s", (_n, r, req, want) => expect(ruleAllows(req, r)).toBe(want));

  it.each([
    ["pods", { resource: "pods", subresource: "" }],
    ["pods/log", { resource: "pods", subresource: "log" }],
    ["a/b/c", { resource: "a", subresource: "b/c" }],
  ])("splitResource(%s)", (v, want) => expect(splitResource(v)).toEqual(want));
});

import { describe, expect, it } from "vitest";
import type { Role } from "@/lib/store/types";
import { aggregateClusterRoles, aggregatedMembers, aggregatingRoles } from "./aggregation";
import { selectorMatches } from "./labels";

describe("selectorMatches", () => {
  it.each([
    [{}, { a: "1" }, true],
    [{ matchLabels: { a: "1" } }, { a: "1", b: "2" }, true],
    [{ matchLabels: { a: "1" } }, { a: "2" }, false],
    [{ matchLabels: { a: "1" } }, undefined, false],
    [{ matchExpressions: [{ key: "a", operator: "In", values: ["1", "2"] }] }, { a: "2" }, true],
    [{ matchExpressions: [{ key: "a", operator: "NotIn", values: ["1"] }] }, {}, true],
    [{ matchExpressions: [{ key: "a", operator: "NotIn", values: ["1"] }] }, { a: "1" }, false],
    [{ matchExpressions: [{ key: "a", operator: "Exists" }] }, { a: "" }, true],
    [{ matchExpressions: [{ key: "a", operator: "DoesNotExist" }] }, { a: "" }, false],
    [{ matchExpressions: [{ key: "a", operator: "Bogus" }] }, { a: "" }, false],
  ])("%j on %j → %s", (sel, labels, want) => expect(selectorMatches(sel, labels)).toBe(want));
});

describe("aggregateClusterRoles", () => {
  const cr = (name: string, labels: Record<string, string>, rules: Role["rules"], sel?: Record<string, string>[]): Role => ({
    kind: "ClusterRole",
    metadata: { name, labels },
    rules,
    ...(sel ? { aggregationRule: { clusterRoleSelectors: sel.map((matchLabels) => ({ matchLabels })) } } : {}),
  });
  const get = { verbs: ["get"], apiGroups: [""], resources: ["pods"] };
  const list = { verbs: ["list"], apiGroups: [""], resources: ["pods"] };
  const roles = [
    cr("agg", {}, [], [{ "x/agg": "true" }]),
    cr("b-part", { "x/agg": "true" }, [list, get]),
    cr("a-part", { "x/agg": "true" }, [get]),
    cr("nested", { "x/agg": "true" }, [], [{ "x/inner": "true" }]),
    cr("inner", { "x/inner": "true" }, [{ verbs: ["watch"], apiGroups: [""], resources: ["pods"] }]),
    cr("unrelated", {}, [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }]),
    cr("self", { "x/self": "true" }, [get], [{ "x/self": "true" }]),
    cr("no-match", {}, [list], [{ "x/none": "true" }]),
  ];
  const out = aggregateClusterRoles(new Map(roles.map((r) => [r.metadata.name, r])));
  it("unions matching roles sorted by name, without duplicates, nested to a fixed point", () => {
    expect(out.get("agg")).toEqual([get, list, { verbs: ["watch"], apiGroups: [""], resources: ["pods"] }]);
  });
  it("keeps non-aggregated roles; skips the role itself; keeps declared rules when nothing matches (as the controller's apply does)", () => {
    expect(out.get("unrelated")).toHaveLength(1);
    expect(out.get("self")).toEqual([get]);
    expect(out.get("no-match")).toEqual([list]);
  });
});

describe("aggregatedMembers / aggregatingRoles: aggregation both ways", () => {
  const cr = (name: string, labels: Record<string, string> = {}, selectors?: Role["aggregationRule"]): Role => ({ kind: "ClusterRole", metadata: { name, labels }, rules: [], ...(selectors ? { aggregationRule: selectors } : {}) });
  // "ops" picks anything labelled team=ops; it carries that label itself (skipped, as the controller does)
  const ops = cr("ops", { team: "ops" }, { clusterRoleSelectors: [{ matchExpressions: [{ key: "team", operator: "In", values: ["ops"] }] }] });
  // "all" picks every role labelled tier (ops included): nested aggregation
  const all = cr("all", {}, { clusterRoleSelectors: [{ matchLabels: { tier: "1" } }, { matchLabels: { team: "ops" } }] });
  const roles = new Map([ops, all, cr("b-logs", { team: "ops" }), cr("a-exec", { team: "ops", tier: "1" }), cr("other", { team: "dev" })].map((r) => [r.metadata.name, r]));

  it("an aggregated ClusterRole's members, by name, itself left out; a plain one has none", () => {
    expect(aggregatedMembers(roles, ops).map((r) => r.metadata.name)).toEqual(["a-exec", "b-logs"]);
    expect(aggregatedMembers(roles, all).map((r) => r.metadata.name)).toEqual(["a-exec", "b-logs", "ops"]);
    expect(aggregatedMembers(roles, roles.get("other")!)).toEqual([]);
  });

  it("the aggregated ClusterRoles that pick a ClusterRole, by name", () => {
    expect(aggregatingRoles(roles, roles.get("a-exec")!).map((r) => r.metadata.name)).toEqual(["all", "ops"]);
    expect(aggregatingRoles(roles, ops).map((r) => r.metadata.name)).toEqual(["all"]);
    expect(aggregatingRoles(roles, roles.get("other")!)).toEqual([]);
    // a namespaced Role is never aggregated
    expect(aggregatingRoles(roles, { kind: "Role", metadata: { name: "x", namespace: "n", labels: { team: "ops" } } })).toEqual([]);
  });
});

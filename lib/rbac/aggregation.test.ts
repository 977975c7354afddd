import { describe, expect, it } from "vitest";
import type { Role } from "@/lib/store/types";
import { aggregateClusterRoles } from "./aggregation";
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

// The bundled copy of the bootstrap roles (builtin-roles.json) equals what the real API
// server creates, and offline aggregation of admin/edit/view gives the rules the cluster's
// aggregation controller stored.
import { describe, expect, it } from "vitest";
import { getJson } from "@/cluster/testing";
import type { PolicyRule, Role } from "@/lib/store/types";
import builtinRoles from "./builtin-roles.json";
import { BUILTIN_CLUSTER_ROLES } from "./indexes";
import { aggregateClusterRoles } from "./aggregation";

const AGGREGATE_LABEL = /^rbac\.authorization\.k8s\.io\/aggregate-to-(admin|edit|view)$/;
/** One string per (group, resource, verb, …) so rule lists compare as sets, whatever their grouping. */
const expand = (rules: PolicyRule[]) =>
  new Set(
    rules.flatMap((r) =>
      (r.apiGroups ?? [""]).flatMap((g) => (r.resources ?? []).flatMap((res) => r.verbs.map((v) => `${g}|${res}|${v}|${(r.resourceNames ?? []).join(",")}`))),
    ),
  );

describe("built-in ClusterRoles", () => {
  it("the bundled bootstrap roles equal the API server's", async () => {
    const names = builtinRoles.roles.map((r) => r.name);
    const live = await getJson<{ items: Role[] }>(["get", "clusterrole", ...names]);
    expect(live.items.map((r) => r.metadata.name).sort()).toEqual([...names].sort());
    for (const l of live.items) {
      const ours = BUILTIN_CLUSTER_ROLES.find((r) => r.metadata.name === l.metadata.name)!;
      expect(ours.metadata.labels, l.metadata.name).toEqual(l.metadata.labels);
      expect(ours.aggregationRule, l.metadata.name).toEqual(l.aggregationRule);
      if (!l.aggregationRule) expect(ours.rules, l.metadata.name).toEqual(l.rules);
    }
  });

  it("offline aggregation of admin, edit and view gives the cluster's rules (plus any other labelled role's)", async () => {
    const all = await getJson<{ items: Role[] }>(["get", "clusterrole"]);
    const offline = aggregateClusterRoles(new Map(BUILTIN_CLUSTER_ROLES.map((r) => [r.metadata.name, r])));
    // ClusterRoles the tests or CRDs added to the cluster may aggregate into these too
    const extra = new Set(
      all.items
        .filter((r) => !BUILTIN_CLUSTER_ROLES.some((b) => b.metadata.name === r.metadata.name) && Object.keys(r.metadata.labels ?? {}).some((k) => AGGREGATE_LABEL.test(k)))
        .flatMap((r) => [...expand(r.rules ?? [])]),
    );
    for (const name of ["admin", "edit", "view"]) {
      const live = expand(all.items.find((r) => r.metadata.name === name)!.rules ?? []);
      const ours = expand(offline.get(name) ?? []);
      expect([...ours].filter((x) => !live.has(x)), `${name}: offline grants the cluster does not`).toEqual([]);
      expect([...live].filter((x) => !ours.has(x) && !extra.has(x)), `${name}: the cluster grants what offline misses`).toEqual([]);
      expect(ours.size, name).toBeGreaterThan(10);
    }
  });
});

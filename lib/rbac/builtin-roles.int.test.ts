// The bundled bootstrap policy (lib/k8s/bootstrap-policy.json) equals what the real API
// server creates: every Role, ClusterRole, RoleBinding and ClusterRoleBinding labelled
// kubernetes.io/bootstrapping=rbac-defaults, by name, labels, annotations, rules,
// aggregationRule, roleRef and subjects; and offline aggregation of admin/edit/view gives the
// rules the cluster's aggregation controller stored.
import { describe, expect, it } from "vitest";
import { getJson, kubectl } from "@/cluster/testing";
import { BOOTSTRAP_LABEL, BOOTSTRAP_LABEL_VALUE, bootstrapFacts } from "@/lib/k8s/bootstrap-facts";
import { BOOTSTRAP_POLICY, BOOTSTRAP_POLICY_VERSION } from "@/lib/k8s/bootstrap-policy";
import type { KubeObject, PolicyRule, Role } from "@/lib/store/types";
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
const id = (o: KubeObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;

describe("the bundled bootstrap policy", () => {
  it("is the API server's: every object labelled rbac-defaults, equal field by field", async () => {
    const v = await kubectl(["version", "-o", "json"]);
    expect(JSON.parse(v.stdout).serverVersion.gitVersion).toBe(BOOTSTRAP_POLICY_VERSION);
    const live = await getJson<{ items: KubeObject[] }>(["get", "clusterroles,clusterrolebindings,roles,rolebindings", "-A", "-l", `${BOOTSTRAP_LABEL}=${BOOTSTRAP_LABEL_VALUE}`]);
    const ours = new Map(BOOTSTRAP_POLICY.map((o) => [id(o), o]));
    expect(live.items.map(id).sort()).toEqual([...ours.keys()].sort());
    for (const l of live.items) expect(ours.get(id(l)), id(l)).toEqual(bootstrapFacts(l));
    // the kinds the issue is about are all there
    const count = (kind: string) => BOOTSTRAP_POLICY.filter((o) => o.kind === kind).length;
    expect([count("ClusterRole"), count("ClusterRoleBinding"), count("Role"), count("RoleBinding")].every((n) => n > 0)).toBe(true);
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

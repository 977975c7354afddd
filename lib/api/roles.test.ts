import path from "node:path";
import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { findings } from "@/lib/rbac/findings";
import { loadManifests } from "@/lib/source/manifests";
import { clusterRole, clusterRoleBinding, group, r, role, roleBinding, sa, saSubject, user } from "@/lib/rbac/fixtures.test-helpers";
import { roleDetail } from "./roles";
import { roleDetailResponse } from "./wire";

const manifests = { source: { mode: "manifests" as const, label: "test" } };

function world() {
  return snapshotFromObjects(
    [
      { kind: "Namespace", metadata: { name: "app" } },
      { kind: "Namespace", metadata: { name: "other" } },
      sa("app", "api"),
      role("app", "pod-reader", [r(["get", "list"], [""], ["pods"])]),
      // same name in another namespace: a different Role
      role("other", "pod-reader", [r(["*"], ["*"], ["*"])]),
      roleBinding("app", "read-pods", "Role", "pod-reader", [saSubject("api"), user("alice")]),
      roleBinding("other", "read-pods", "Role", "pod-reader", [saSubject("api", "app")]),
      clusterRole("secret-reader", [r(["get", "list"], [""], ["secrets"])], { "example.com/aggregate-to-ops": "true" }),
      clusterRole("pod-exec", [r(["create"], [""], ["pods/exec"])], { "example.com/aggregate-to-ops": "true" }),
      clusterRole("ops", [], undefined, { "example.com/aggregate-to-ops": "true" }),
      clusterRoleBinding("ops-team", "ops", [group("ops")]),
      roleBinding("app", "api-ops", "ClusterRole", "ops", [saSubject("api")]),
      roleBinding("app", "api-secrets", "ClusterRole", "secret-reader", [saSubject("api")]),
    ],
    manifests,
  );
}

describe("roleDetail: a role's page", () => {
  it("a Role: its rules as written and only the bindings of its own namespace, ServiceAccount subjects with their namespace", () => {
    const d = roleDetail(world(), { kind: "Role", namespace: "app", name: "pod-reader" })!;
    expect(roleDetailResponse.parse(d)).toEqual(d);
    expect(d).toMatchObject({ kind: "Role", namespace: "app", name: "pod-reader", rules: [{ verbs: ["get", "list"], apiGroups: [""], resources: ["pods"] }] });
    expect(d.aggregation).toBeUndefined();
    expect(d.aggregatedRules).toBeUndefined();
    expect(d.builtIn).toBeUndefined();
    expect(d.bindings).toEqual([
      {
        kind: "RoleBinding",
        namespace: "app",
        name: "read-pods",
        subjects: [
          { kind: "ServiceAccount", name: "api", namespace: "app", missing: false },
          { kind: "User", name: "alice" },
        ],
      },
    ]);
    const other = roleDetail(world(), { kind: "Role", namespace: "other", name: "pod-reader" })!;
    expect(other.bindings.map((b) => `${b.namespace}/${b.name}`)).toEqual(["other/read-pods"]);
  });

  it("the findings whose grant comes through the role are the findings engine's, no more, no fewer", () => {
    const snap = world();
    const other = roleDetail(snap, { kind: "Role", namespace: "other", name: "pod-reader" })!;
    const expected = findings(snap).filter((f) => f.role?.kind === "Role" && f.role.namespace === "other" && f.role.name === "pod-reader");
    expect(expected.length).toBeGreaterThan(0);
    expect(other.findings.map((f) => f.id).sort()).toEqual(expected.map((f) => f.id).sort());
    expect(other.findings.some((f) => f.risk === "wildcard")).toBe(true);
    // the harmless Role of app has none, and none of the other namespace's
    expect(roleDetail(snap, { kind: "Role", namespace: "app", name: "pod-reader" })!.findings).toEqual([]);
    const secrets = roleDetail(snap, { kind: "ClusterRole", name: "secret-reader" })!;
    expect(secrets.findings.map((f) => f.risk)).toContain("secrets-read");
    expect(secrets.findings.every((f) => f.role?.kind === "ClusterRole" && f.role.name === "secret-reader")).toBe(true);
  });

  it("aggregation both ways: the aggregated ClusterRole lists what it picks and its computed rules; a member lists who picks it", () => {
    const snap = world();
    const ops = roleDetail(snap, { kind: "ClusterRole", name: "ops" })!;
    expect(roleDetailResponse.parse(ops)).toEqual(ops);
    expect(ops.rules).toEqual([]);
    expect(ops.aggregation).toEqual({ selectors: [{ matchLabels: { "example.com/aggregate-to-ops": "true" } }], aggregates: [{ name: "pod-exec" }, { name: "secret-reader" }] });
    // offline, the rules the controller would fill in (members sorted by name)
    expect(ops.aggregatedRules).toEqual([
      { verbs: ["create"], apiGroups: [""], resources: ["pods/exec"] },
      { verbs: ["get", "list"], apiGroups: [""], resources: ["secrets"] },
    ]);
    // bound cluster-wide and in one namespace
    expect(ops.bindings.map((b) => `${b.kind}/${b.namespace ?? ""}/${b.name}`)).toEqual(["ClusterRoleBinding//ops-team", "RoleBinding/app/api-ops"]);
    const member = roleDetail(snap, { kind: "ClusterRole", name: "secret-reader" })!;
    expect(member.aggregatedInto).toEqual([{ name: "ops" }]);
    expect(member.aggregation).toBeUndefined();
  });

  it("offline the bootstrap policy's roles are there, built in: view aggregates system:aggregate-to-view, which edit aggregates too", () => {
    const snap = world();
    const view = roleDetail(snap, { kind: "ClusterRole", name: "view" })!;
    expect(view.builtIn).toBe("assumed");
    expect(view.aggregation?.aggregates.map((a) => a.name)).toContain("system:aggregate-to-view");
    expect(view.aggregatedInto?.map((a) => a.name)).toEqual(expect.arrayContaining(["edit"]));
    const admin = roleDetail(snap, { kind: "ClusterRole", name: "cluster-admin" })!;
    expect(admin.rules).toEqual([
      { verbs: ["*"], apiGroups: ["*"], resources: ["*"] },
      { verbs: ["*"], nonResourceURLs: ["*"] },
    ]);
    // the bootstrap policy's own binding, to system:masters
    expect(admin.bindings.find((b) => b.name === "cluster-admin")).toMatchObject({ kind: "ClusterRoleBinding", builtIn: "assumed", subjects: [{ kind: "Group", name: "system:masters" }] });
    expect(admin.findings.some((f) => f.risk === "cluster-admin" && f.system)).toBe(true);
  });

  it("an unknown role, or a Role asked for in the wrong namespace, has no page", () => {
    const snap = world();
    expect(roleDetail(snap, { kind: "Role", namespace: "app", name: "nope" })).toBeUndefined();
    expect(roleDetail(snap, { kind: "ClusterRole", name: "pod-reader" })).toBeUndefined();
    expect(roleDetail(snap, { kind: "Role", namespace: "kube-system", name: "pod-reader" })).toBeUndefined();
  });

  it("bundled examples: go-todo's pod-reader has its rule and its RoleBinding read-pods for go-todo-sa", () => {
    const loaded = loadManifests(path.resolve(__dirname, "../../examples"));
    const snap = snapshotFromObjects(loaded.objects, { source: { mode: "examples", label: "example data" } });
    const d = roleDetail(snap, { kind: "Role", namespace: "go-todo", name: "pod-reader" })!;
    expect(d.rules).toEqual([{ verbs: ["get", "list", "watch"], apiGroups: ["", "batch"], resources: ["pods", "jobs"] }]);
    expect(d.bindings).toEqual([{ kind: "RoleBinding", namespace: "go-todo", name: "read-pods", subjects: [{ kind: "ServiceAccount", name: "go-todo-sa", namespace: "go-todo", missing: false }] }]);
  });
});

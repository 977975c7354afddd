import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { filterFindings, findings, findingsCsv, suggestedRole } from "./findings";
import { clusterRole, clusterRoleBinding, group, r, role, roleBinding, sa, saSubject, user } from "./fixtures.test-helpers";

const snap = snapshotFromObjects([
  sa("app", "reader"),
  sa("app", "default"),
  sa("app", "safe", false),
  role("app", "secrets", [r(["get", "list"], [""], ["secrets"])]),
  roleBinding("app", "secrets", "Role", "secrets", [saSubject("reader", "app"), saSubject("safe", "app")]),
  role("app", "named", [r(["get"], [""], ["secrets"], ["one"])]),
  roleBinding("app", "named", "Role", "named", [saSubject("default", "app")]),
  clusterRole("cluster-admin", [r(["*"], ["*"], ["*"])]),
  clusterRoleBinding("admins", "cluster-admin", [saSubject("ops", "tools")]),
  clusterRole("exec", [r(["create"], [""], ["pods/exec"]), r(["escalate"], ["rbac.authorization.k8s.io"], ["clusterroles"]), r(["impersonate"], [""], ["serviceaccounts"])]),
  clusterRoleBinding("exec", "exec", [group("system:authenticated")]),
  clusterRole("tokens", [r(["create"], [""], ["serviceaccounts/token"]), r(["get"], [""], ["nodes/proxy"]), r(["patch"], ["admissionregistration.k8s.io"], ["mutatingwebhookconfigurations"]), r(["approve"], ["certificates.k8s.io"], ["signers"]), r(["create"], ["apps"], ["deployments"])]),
  roleBinding("app", "tokens", "ClusterRole", "tokens", [saSubject("reader", "app")]),
  clusterRole("system:controller:thing", [r(["get"], [""], ["secrets"])]),
  clusterRoleBinding("system:controller:thing", "system:controller:thing", [saSubject("thing", "kube-system")]),
]);
const all = findings(snap);
const risks = (pred: (f: (typeof all)[number]) => boolean) => all.filter(pred).map((f) => `${f.risk}:${f.severity}`).sort();

describe("findings", () => {
  it.each([
    ["reader", ["automount:medium", "csr-approve:high", "nodes-proxy:critical", "sa-token:high", "secrets-read:high", "webhook-write:critical", "workload-create:high"]],
    ["safe", ["secrets-read:high"]], // automount off: no automount finding
    ["default", ["default-sa:medium", "secrets-read:medium"]], // named-only is one level lower
    ["ops", ["cluster-admin:critical"]], // SA object missing → no automount finding
  ])("SA %s", (name, want) => expect(risks((f) => f.subject.kind === "ServiceAccount" && f.subject.name === name)).toEqual(want));
  it("flags grants to system:authenticated with the risky rules", () => {
    // (the bootstrap policy's own grants to it, e.g. system:discovery, are findings marked system)
    expect(risks((f) => f.subject.name === "system:authenticated" && !f.system)).toEqual(["escalate-bind:critical", "impersonate:critical", "pod-exec:high", "public-group:critical"]);
  });
  it("carries binding, role, rule, why and a parseable narrower Role", () => {
    const f = all.find((x) => x.risk === "secrets-read" && x.subject.name === "reader")!;
    expect(f).toMatchObject({ binding: { kind: "RoleBinding", namespace: "app", name: "secrets" }, role: { kind: "Role", name: "secrets" }, rule: 0, namespace: "app" });
    expect(f.why).toMatch(/credentials/);
    const docs = suggestedRole(f)!.split("---\n").map((d) => parse(d));
    expect(docs[0]).toMatchObject({ kind: "Role", metadata: { namespace: "app" }, rules: [{ verbs: ["get"], resources: ["secrets"], resourceNames: ["<secret-name>"] }] });
    expect(docs[1]).toMatchObject({ kind: "RoleBinding", subjects: [{ kind: "ServiceAccount", name: "reader", namespace: "app" }] });
  });
  it("hides system: roles and bindings when asked; filters by severity and namespace", () => {
    expect(all.some((f) => f.system)).toBe(true);
    expect(filterFindings(all, { hideSystem: true }).some((f) => f.system)).toBe(false);
    expect(filterFindings(all, { severity: ["critical"] }).every((f) => f.severity === "critical")).toBe(true);
    expect(filterFindings(all, { namespace: "tools" }).map((f) => f.risk)).toEqual(["cluster-admin"]);
    expect(findingsCsv(all).split("\n").length).toBe(all.length + 2);
  });
  it("a ServiceAccount's findings: grants naming it, its user name, or one of its groups", () => {
    const w = snapshotFromObjects([
      clusterRole("everything", [r(["*"], ["*"], ["*"])]),
      roleBinding("ci", "direct", "ClusterRole", "everything", [saSubject("runner", "ci")]),
      roleBinding("ci", "by-user", "ClusterRole", "everything", [user("system:serviceaccount:ci:runner")]),
      roleBinding("ci", "ns-group", "ClusterRole", "everything", [group("system:serviceaccounts:ci")]),
      roleBinding("web", "other-ns-group", "ClusterRole", "everything", [group("system:serviceaccounts:web")]),
      roleBinding("ci", "someone-else", "ClusterRole", "everything", [saSubject("other", "ci")]),
    ]);
    const mine = filterFindings(findings(w), { serviceAccount: { namespace: "ci", name: "runner" } });
    expect([...new Set(mine.map((f) => f.binding.name))].sort()).toEqual(["by-user", "direct", "ns-group"]);
  });
  it("sorts worst first", () => {
    expect(all[0].severity).toBe("critical");
  });
});

import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { Binding, KubeObject, Snapshot } from "@/lib/store/types";
import { filterFindings, findings, findingsCsv, hiddenBootstrapFindings, pageOfFindings, suggestedRole } from "./findings";
import { clusterRole, clusterRoleBinding, group, r, role, roleBinding, sa, saSubject, user } from "./fixtures.test-helpers";

const BOOTSTRAP = { "kubernetes.io/bootstrapping": "rbac-defaults" };
/** A binding as the API server's bootstrap policy creates it (labelled). */
// These worlds stand for a cluster holding exactly these objects (offline, the whole bootstrap
// policy would be assumed besides them).
const LIVE = { source: { mode: "cluster" as const, label: "test" } };
const bootstrap = (b: Binding): Binding => ({ ...b, metadata: { ...b.metadata, labels: BOOTSTRAP } });

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
  clusterRole("system:controller:thing", [r(["get"], [""], ["secrets"])], BOOTSTRAP),
  bootstrap(clusterRoleBinding("system:controller:thing", "system:controller:thing", [saSubject("thing", "kube-system")])),
], LIVE);
const all = findings(snap);
const risks = (pred: (f: (typeof all)[number]) => boolean) => all.filter(pred).map((f) => `${f.risk}:${f.severity}`).sort();

describe("findings", () => {
  it.each([
    ["reader", ["automount:medium", "csr-approve:high", "nodes-proxy:critical", "sa-token:high", "secrets-read:high", "webhook-write:critical", "workload-create:high"]],
    ["safe", ["secrets-read:high"]], // automount off: no automount finding
    ["default", ["default-sa:medium", "secrets-read:medium"]], // named-only is one level lower
    ["ops", ["cluster-admin:critical", "missing-sa:critical"]], // SA object missing → no automount finding, but the binding waits for it
  ])("SA %s", (name, want) => expect(risks((f) => f.subject.kind === "ServiceAccount" && f.subject.name === name)).toEqual(want));
  it("flags grants to system:authenticated with the risky rules", () => {
    // (the bootstrap policy's own grants to it, e.g. system:discovery, are findings marked system)
    // (impersonating any ServiceAccount, it can become tools/ops, bound to cluster-admin)
    expect(risks((f) => f.subject.name === "system:authenticated" && !f.system)).toEqual(["escalate-bind:critical", "impersonate:critical", "pod-exec:high", "public-group:critical", "reaches-cluster-admin:critical"]);
  });
  it("carries binding, role, rule, why and a parseable narrower Role", () => {
    const f = all.find((x) => x.risk === "secrets-read" && x.subject.name === "reader")!;
    expect(f).toMatchObject({ binding: { kind: "RoleBinding", namespace: "app", name: "secrets" }, role: { kind: "Role", name: "secrets" }, rule: 0, namespace: "app" });
    expect(f.why).toMatch(/credentials/);
    const docs = suggestedRole(f)!.split("---\n").map((d) => parse(d));
    expect(docs[0]).toMatchObject({ kind: "Role", metadata: { namespace: "app" }, rules: [{ verbs: ["get"], resources: ["secrets"], resourceNames: ["<secret-name>"] }] });
    expect(docs[1]).toMatchObject({ kind: "RoleBinding", subjects: [{ kind: "ServiceAccount", name: "reader", namespace: "app" }] });
  });
  it("hides the bootstrap policy's bindings when asked; filters by severity and namespace", () => {
    expect(all.filter((f) => f.system).map((f) => f.binding.name)).toEqual(["system:controller:thing"]);
    expect(filterFindings(all, { hideSystem: true }).some((f) => f.system)).toBe(false);
    expect(filterFindings(all, { severity: ["critical"] }).every((f) => f.severity === "critical")).toBe(true);
    expect(filterFindings(all, { namespace: "tools" }).map((f) => f.risk)).toEqual(["cluster-admin", "missing-sa"]);
    expect(findingsCsv(all).split("\n").length).toBe(all.length + 2);
  });
  it.each([
    [{ hideSystem: true }, 2],
    [{ hideSystem: false }, 3],
    [{ hideSystem: true, severity: ["critical" as const] }, 1],
    [{ hideSystem: true, namespace: "tools" }, 100],
    [{ hideSystem: true, namespace: "nowhere" }, 5],
  ])("a page of findings (%j, first %i) is the filtered list's start, with its counts", (f, limit) => {
    const kept = filterFindings(all, f);
    expect(pageOfFindings(all, f, limit)).toEqual({ items: kept.slice(0, limit), matched: kept.length, hidden: hiddenBootstrapFindings(all, f) });
  });
  it("a page of findings counts the bootstrap policy's own as hidden, not matched, and none when they are shown", () => {
    expect(pageOfFindings(all, { hideSystem: true }, 1)).toMatchObject({ matched: all.length - 1, hidden: 1 });
    expect(pageOfFindings(all, { hideSystem: false }, 1)).toMatchObject({ matched: all.length, hidden: 0 });
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
  it("a user's binding to a built-in role is the user's grant: shown; only the bootstrap policy's own bindings are hidden, and counted", () => {
    const w = snapshotFromObjects([
      sa("ci", "ci-runner"),
      sa("legacy", "default"),
      // cluster-admin and edit carry the bootstrap label, as the API server creates them
      clusterRole("cluster-admin", [r(["*"], ["*"], ["*"])], BOOTSTRAP),
      clusterRole("edit", [r(["impersonate"], [""], ["serviceaccounts"]), r(["get"], [""], ["secrets"])], BOOTSTRAP),
      clusterRoleBinding("ci-runner-cluster-admin", "cluster-admin", [saSubject("ci-runner", "ci")]),
      roleBinding("legacy", "default-edit", "ClusterRole", "edit", [saSubject("default", "legacy")]),
      // named like the bootstrap policy, but not labelled: someone's own binding
      clusterRoleBinding("system:my-admins", "cluster-admin", [group("ops")]),
      clusterRole("system:controller:clusterrole-aggregation-controller", [r(["escalate"], ["rbac.authorization.k8s.io"], ["clusterroles"])], BOOTSTRAP),
      bootstrap(clusterRoleBinding("system:controller:clusterrole-aggregation-controller", "system:controller:clusterrole-aggregation-controller", [saSubject("clusterrole-aggregation-controller", "kube-system")])),
    ], LIVE);
    const list = findings(w);
    const shown = filterFindings(list, { hideSystem: true });
    expect(shown.filter((f) => f.severity === "critical").map((f) => `${f.binding.name}:${f.risk}`).sort()).toEqual([
      "ci-runner-cluster-admin:cluster-admin",
      "default-edit:impersonate",
      "system:my-admins:cluster-admin",
    ]);
    expect(shown.map((f) => f.risk)).toContain("secrets-read");
    expect(list.filter((f) => f.system).map((f) => f.binding.name)).toEqual(["system:controller:clusterrole-aggregation-controller"]);
    expect(hiddenBootstrapFindings(list, { hideSystem: true })).toBe(1);
    expect(hiddenBootstrapFindings(list, { hideSystem: true, severity: ["high"] })).toBe(0);
    expect(hiddenBootstrapFindings(list, { hideSystem: false })).toBe(0);
  });

  describe("a binding to a ServiceAccount that does not exist", () => {
    const world = (extra: KubeObject[], subject = saSubject("ghost", "app")) =>
      snapshotFromObjects([
        { kind: "Namespace", metadata: { name: "app" } },
        sa("app", "real"),
        clusterRole("cluster-admin", [r(["*"], ["*"], ["*"])], BOOTSTRAP),
        clusterRole("impersonator", [r(["impersonate"], [""], ["users"])]),
        clusterRole("secret-reader", [r(["get"], [""], ["secrets"])]),
        clusterRole("pod-reader", [r(["get", "list"], [""], ["pods"])]),
        roleBinding("app", "b", "ClusterRole", "pod-reader", [subject]),
        ...extra,
      ]);
    const missing = (s: Snapshot) => findings(s).filter((f) => f.risk === "missing-sa");

    it.each([
      ["cluster-admin (ClusterRoleBinding)", clusterRoleBinding("crb", "cluster-admin", [saSubject("ghost", "app")]), "critical"],
      ["cluster-admin in a namespace", roleBinding("app", "rb", "ClusterRole", "cluster-admin", [saSubject("ghost", "app")]), "high"],
      ["impersonate", roleBinding("app", "rb", "ClusterRole", "impersonator", [saSubject("ghost", "app")]), "critical"],
      ["reading Secrets", roleBinding("app", "rb", "ClusterRole", "secret-reader", [saSubject("ghost", "app")]), "high"],
      ["a missing role", roleBinding("app", "rb", "ClusterRole", "nope", [saSubject("ghost", "app")]), "low"],
    ] as const)("is as severe as what it grants: %s", (_, binding, severity) => {
      const f = missing(world([binding])).find((x) => x.binding.name !== "b")!;
      expect(f).toMatchObject({ severity, subject: { kind: "ServiceAccount", name: "ghost", namespace: "app" }, namespace: "app", system: false });
      expect(f.why).toContain("No ServiceAccount app/ghost exists");
      expect(f.fix).toContain("kubectl create serviceaccount ghost -n app");
      expect(f.fix).toContain("remove this subject");
    });

    it("harmless grants are low; the SA's user name as a User subject counts too; a subject without namespace means the RoleBinding's", () => {
      expect(missing(world([])).map((f) => [f.binding.name, f.severity])).toEqual([["b", "low"]]);
      expect(missing(world([], user("system:serviceaccount:app:ghost"))).map((f) => f.subject.name)).toEqual(["system:serviceaccount:app:ghost"]);
      expect(missing(world([], saSubject("ghost")))).toHaveLength(1);
      // filed under the SA: its page and the list count it
      expect(filterFindings(findings(world([])), { serviceAccount: { namespace: "app", name: "ghost" } }).map((f) => f.risk)).toEqual(["missing-sa"]);
    });

    it("says so when the namespace is missing too", () => {
      expect(missing(world([], saSubject("ghost", "gone")))[0].why).toContain("(nor the namespace gone)");
    });

    it("is not raised for an existing SA, the default SA of an existing namespace, a bootstrap-policy binding, or while ServiceAccounts are not listed", () => {
      expect(missing(world([], saSubject("real", "app")))).toEqual([]);
      expect(missing(world([], saSubject("default", "app")))).toEqual([]);
      expect(missing(world([], saSubject("default", "kube-system")))).toEqual([]); // kube-system exists in every cluster
      expect(missing(world([], saSubject("default", "elsewhere")))).toHaveLength(1);
      expect(missing(world([bootstrap(clusterRoleBinding("system:controller:x", "cluster-admin", [saSubject("x-controller", "kube-system")]))])).map((f) => f.binding.name)).toEqual(["b"]);
      const w = world([]);
      const notListed: Snapshot = { ...w, kinds: w.kinds.map((k) => (k.kind === "ServiceAccount" ? { ...k, state: "not-permitted" as const } : k)) };
      expect(missing(notListed)).toEqual([]);
    });
  });

  it("is reused across snapshots that changed nothing it reads, and recomputed when an RBAC object, ServiceAccount or Namespace changed", () => {
    const first = findings({ ...snap }); // a snapshot object not seen yet
    expect(findings({ ...snap, version: 2 })).toBe(first);
    // a Pod: escalation paths read pods (exec acts as a pod's ServiceAccount), the grants' findings do not
    const pods = new Map<string, KubeObject>([["p", { kind: "Pod", metadata: { name: "p", namespace: "app" } }]]);
    const withPod = findings({ ...snap, version: 3, objects: { ...snap.objects, Pod: pods } });
    expect(withPod).toEqual(first);
    expect(withPod.filter((f) => f.risk !== "reaches-cluster-admin").every((f, i) => f === first.filter((x) => x.risk !== "reaches-cluster-admin")[i])).toBe(true);
    const created = new Map(snap.objects.ServiceAccount).set("ops", sa("tools", "ops"));
    const after = findings({ ...snap, version: 4, objects: { ...snap.objects, ServiceAccount: created } });
    expect(after).not.toBe(first);
    expect(after.some((f) => f.risk === "missing-sa")).toBe(false);
  });

  it("sorts worst first", () => {
    expect(all[0].severity).toBe("critical");
  });
});

describe("reaches cluster-admin in N steps", () => {
  const world = (extra: (KubeObject | Binding)[] = []) =>
    snapshotFromObjects(
      [
        sa("app", "deployer"),
        sa("app", "admin-sa"),
        sa("app", "plain"),
        sa("app", "reader"),
        clusterRole("cluster-admin", [r(["*"], ["*"], ["*"])]),
        clusterRoleBinding("admin-sa-ca", "cluster-admin", [saSubject("admin-sa", "app")]),
        role("app", "pod-maker", [r(["get"], [""], ["configmaps"]), r(["create"], [""], ["pods"])]),
        roleBinding("app", "deployer-pods", "Role", "pod-maker", [saSubject("deployer", "app")]),
        role("app", "secret-reader", [r(["get"], [""], ["secrets"])]),
        roleBinding("app", "reader-secrets", "Role", "secret-reader", [saSubject("reader", "app")]),
        ...extra,
      ],
      LIVE,
    );
  const escalations = (s: Snapshot) => findings(s).filter((f) => f.risk === "reaches-cluster-admin");

  it("one finding per subject that can become cluster-admin, on the first step's binding → role → rule, with the path", () => {
    const f = escalations(world()).find((x) => x.subject.name === "deployer")!;
    expect(f).toMatchObject({
      severity: "critical",
      title: "Reaches cluster-admin in 2 steps",
      subject: { kind: "ServiceAccount", namespace: "app", name: "deployer" },
      namespace: "app",
      binding: { kind: "RoleBinding", namespace: "app", name: "deployer-pods" },
      role: { kind: "Role", name: "pod-maker" },
      rule: 1,
      scope: "namespace",
      system: false,
    });
    expect(f.path?.path.map((h) => [h.technique, h.to])).toEqual([
      ["create-pods", "system:serviceaccount:app:admin-sa"],
      ["all-permissions", "cluster-admin"],
    ]);
    expect(f.why).toContain("in 2 steps");
    expect(f.fix).toContain("RoleBinding app/deployer-pods → Role pod-maker rule #1");
  });

  it("stay in the list's order, worst first, among the grants' findings", () => {
    const list = findings(world());
    const rank = ["critical", "high", "medium", "low"];
    expect(list.map((f) => rank.indexOf(f.severity))).toEqual(list.map((f) => rank.indexOf(f.severity)).sort((a, b) => a - b));
    expect(list.filter((f) => f.risk === "reaches-cluster-admin").length).toBeGreaterThan(0);
  });

  it("none for a subject whose own rules allow everything (its cluster-admin finding says so), nor for one that cannot", () => {
    const subjects = escalations(world()).map((f) => f.subject.name);
    expect(subjects).not.toContain("admin-sa");
    expect(subjects).not.toContain("plain");
    expect(findings(world()).some((f) => f.subject.name === "admin-sa" && f.risk === "cluster-admin")).toBe(true);
  });

  it("a path through Secrets (legacy tokens Rolecall does not read) is possible only: high, 'May reach'", () => {
    const f = escalations(world()).find((x) => x.subject.name === "reader");
    expect(f).toMatchObject({ severity: "high", title: "May reach cluster-admin in 2 steps" });
    expect(f?.path?.certain).toBe(false);
  });

  it("a group's path is one finding: its ServiceAccounts are reached through it, not listed again", () => {
    const s = world([roleBinding("app", "all-pods", "Role", "pod-maker", [group("system:serviceaccounts:app")])]);
    const names = escalations(s).map((f) => `${f.subject.kind}:${f.subject.name}`);
    expect(names).toContain("Group:system:serviceaccounts:app");
    expect(names.filter((n) => n.startsWith("ServiceAccount:") && n !== "ServiceAccount:reader")).toEqual([]);
    // the group's finding reaches every SA of app on the findings page
    expect(filterFindings(findings(s), { serviceAccount: { namespace: "app", name: "plain" } }).map((x) => x.risk)).toContain("reaches-cluster-admin");
  });

  it("is the bootstrap policy's own (hidden by default) when its first step is", () => {
    const s = world([clusterRole("system:controller:pods", [r(["create"], [""], ["pods"])], BOOTSTRAP), bootstrap(clusterRoleBinding("system:controller:pods", "system:controller:pods", [saSubject("pods-controller", "kube-system")]))]);
    const f = escalations(s).find((x) => x.subject.name === "pods-controller")!;
    expect(f).toMatchObject({ system: true, scope: "cluster", title: "Reaches cluster-admin in 2 steps" });
    expect(filterFindings(findings(s), { hideSystem: true })).not.toContainEqual(f);
  });
});

import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { KubeObject } from "@/lib/store/types";
import path from "node:path";
import { filterFindings, findings } from "@/lib/rbac/findings";
import { permissionsAnswer } from "@/lib/rbac/views";
import { loadManifests } from "@/lib/source/manifests";
import { ChainsEngine } from "@/lib/chains";
import { bindingList } from "./bindings";
import { serviceAccountDetail, serviceAccountKnown, serviceAccountList } from "./serviceaccounts";

const sa = (ns: string, name: string, extra: Record<string, unknown> = {}): KubeObject => ({ kind: "ServiceAccount", metadata: { name, namespace: ns }, ...extra });
const role = (ns: string, name: string): KubeObject => ({ kind: "Role", metadata: { name, namespace: ns }, rules: [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }] });
const rb = (ns: string, name: string, roleRef: { kind: string; name: string }, subjects: unknown[]): KubeObject => ({
  kind: "RoleBinding",
  metadata: { name, namespace: ns },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", ...roleRef },
  subjects,
});
const crb = (name: string, roleRef: { kind: string; name: string }, subjects: unknown[]): KubeObject => ({
  kind: "ClusterRoleBinding",
  metadata: { name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", ...roleRef },
  subjects,
});
const podSpec = (saName?: string, automount?: boolean) => ({
  ...(saName ? { serviceAccountName: saName } : {}),
  ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
  containers: [{ name: "c", image: "x" }],
});

function fixture() {
  return snapshotFromObjects([
    { kind: "Namespace", metadata: { name: "app" } },
    sa("app", "api", { automountServiceAccountToken: false, imagePullSecrets: [{ name: "regcred" }], secrets: [{ name: "api-token" }] }),
    sa("app", "other"),
    role("app", "pod-reader"),
    rb("app", "read-pods", { kind: "Role", name: "pod-reader" }, [{ kind: "ServiceAccount", name: "api" }]),
    rb("app", "by-user", { kind: "Role", name: "pod-reader" }, [{ kind: "User", name: "system:serviceaccount:app:api" }]),
    rb("app", "missing-role", { kind: "Role", name: "nope" }, [{ kind: "ServiceAccount", name: "api", namespace: "app" }]),
    rb("app", "ns-group", { kind: "Role", name: "pod-reader" }, [{ kind: "Group", name: "system:serviceaccounts:app" }]),
    crb("all-sas", { kind: "ClusterRole", name: "viewer" }, [{ kind: "Group", name: "system:serviceaccounts" }]),
    crb("everyone", { kind: "ClusterRole", name: "viewer" }, [{ kind: "Group", name: "system:authenticated" }]),
    { kind: "ClusterRole", metadata: { name: "viewer" }, rules: [] },
    crb("no-subjects", { kind: "ClusterRole", name: "viewer" }, []),
    rb("app", "ghost", { kind: "Role", name: "pod-reader" }, [{ kind: "ServiceAccount", name: "ghost" }, { kind: "ServiceAccount", name: "default" }]),
    // Deployment → ReplicaSet → Pod, all as api; the pod overrides automount.
    { kind: "Deployment", metadata: { name: "web", namespace: "app" }, spec: { replicas: 2, template: { spec: podSpec("api") } }, status: { readyReplicas: 1 } },
    { kind: "ReplicaSet", metadata: { name: "web-1", namespace: "app", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "d", controller: true }] }, spec: { template: { spec: podSpec("api") } } },
    {
      kind: "Pod",
      metadata: { name: "web-1-a", namespace: "app", ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-1", uid: "r", controller: true }] },
      spec: podSpec("api", true),
      status: { phase: "Running", containerStatuses: [{ name: "c", ready: true, restartCount: 0 }] },
    },
    // A bare pod with no serviceAccountName runs as "default".
    { kind: "Pod", metadata: { name: "bare", namespace: "app" }, spec: podSpec(), status: { phase: "Pending" } },
    // CronJob → Job: only the CronJob counts as a workload.
    { kind: "CronJob", metadata: { name: "nightly", namespace: "app" }, spec: { schedule: "0 1 * * *", jobTemplate: { spec: { template: { spec: podSpec("other") } } } } },
    { kind: "Job", metadata: { name: "nightly-1", namespace: "app", ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "nightly", uid: "c", controller: true }] }, spec: { template: { spec: podSpec("other") } } },
  ]);
}

describe("serviceAccountList", () => {
  it("counts direct and group bindings and the workloads and pods running as each SA", () => {
    const list = serviceAccountList(fixture());
    const api = list.items.find((r) => r.name === "api")!;
    // groups: the fixture's 3 and the bootstrap policy's 5 every cluster has (system:discovery, …)
    expect(api).toMatchObject({ namespace: "app", bindings: 3, groupBindings: 3 + 5, workloads: 1, pods: 1, automount: false });
    const other = list.items.find((r) => r.name === "other")!;
    expect(other).toMatchObject({ bindings: 0, groupBindings: 3 + 5, workloads: 1, pods: 0 });
    expect(other.automount).toBeUndefined();
  });

  it("carries the worst finding on grants naming the SA (from lib/rbac findings)", () => {
    const snap = snapshotFromObjects([
      sa("ci", "runner"),
      sa("ci", "quiet"),
      { kind: "ClusterRole", metadata: { name: "everything" }, rules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }] },
      crb("runner-all", { kind: "ClusterRole", name: "everything" }, [{ kind: "ServiceAccount", name: "runner", namespace: "ci" }]),
    ]);
    const rows = serviceAccountList(snap).items;
    const runner = rows.find((r) => r.name === "runner")!;
    expect(runner.worstFinding).toBe("critical");
    expect(runner.findings).toBeGreaterThan(0);
    const quiet = rows.find((r) => r.name === "quiet")!;
    expect(quiet.worstFinding).toBeUndefined();
    expect(quiet.findings).toBe(0);
  });

  it("counts group grants for every SA they reach (system:serviceaccounts:<ns> reaches that namespace only)", () => {
    const snap = snapshotFromObjects([
      sa("ci", "runner"),
      sa("ci", "quiet"),
      sa("web", "front"),
      { kind: "ClusterRole", metadata: { name: "everything" }, rules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }] },
      rb("ci", "all-of-ci", { kind: "ClusterRole", name: "everything" }, [{ kind: "Group", name: "system:serviceaccounts:ci", apiGroup: "rbac.authorization.k8s.io" }]),
    ]);
    const rows = serviceAccountList(snap).items;
    expect(rows.find((r) => r.name === "runner")).toMatchObject({ worstFinding: "critical" });
    expect(rows.find((r) => r.name === "quiet")).toMatchObject({ worstFinding: "critical" });
    expect(rows.find((r) => r.name === "front")?.worstFinding).toBeUndefined();
    expect(serviceAccountDetail(snap, "ci", "quiet")?.worstFinding).toBe("critical");
  });

  it("the bootstrap policy's grants to everyone (basic-user for system:authenticated, labelled as the API server does) flag no ServiceAccount", () => {
    const labelled = (b: KubeObject): KubeObject => ({ ...b, metadata: { ...b.metadata, labels: { "kubernetes.io/bootstrapping": "rbac-defaults" } } });
    const snap = snapshotFromObjects([
      sa("ci", "runner"),
      { kind: "ClusterRole", metadata: { name: "system:basic-user" }, rules: [{ verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"] }] },
      labelled(crb("system:basic-user", { kind: "ClusterRole", name: "system:basic-user" }, [{ kind: "Group", name: "system:authenticated", apiGroup: "rbac.authorization.k8s.io" }])),
      { kind: "ClusterRole", metadata: { name: "system:public-info-viewer" }, rules: [{ verbs: ["get"], nonResourceURLs: ["/healthz", "/version"] }] },
      labelled(
        crb("system:public-info-viewer", { kind: "ClusterRole", name: "system:public-info-viewer" }, [
          { kind: "Group", name: "system:unauthenticated", apiGroup: "rbac.authorization.k8s.io" },
          { kind: "Group", name: "system:authenticated", apiGroup: "rbac.authorization.k8s.io" },
        ]),
      ),
    ]);
    expect(findings(snap).length).toBeGreaterThan(0); // they are findings (shown on /findings with built-ins)
    expect(serviceAccountList(snap).items[0]).toMatchObject({ name: "runner", findings: 0 });
    expect(serviceAccountList(snap).items[0].worstFinding).toBeUndefined();
  });

  it("lists every ServiceAccount a binding or a workload names, marked when no object exists; not the ones only the bootstrap policy names", () => {
    const snap = snapshotFromObjects([
      { kind: "Namespace", metadata: { name: "app" } },
      sa("app", "real"),
      { kind: "ClusterRole", metadata: { name: "edit" }, rules: [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"] }] },
      rb("app", "to-ghost", { kind: "ClusterRole", name: "edit" }, [{ kind: "ServiceAccount", name: "ghost" }]),
      crb("by-user", { kind: "ClusterRole", name: "edit" }, [{ kind: "User", name: "system:serviceaccount:other:by-name" }]),
      { ...crb("system:controller:x", { kind: "ClusterRole", name: "edit" }, [{ kind: "ServiceAccount", name: "x-controller", namespace: "kube-system" }]), metadata: { name: "system:controller:x", labels: { "kubernetes.io/bootstrapping": "rbac-defaults" } } },
      { kind: "Deployment", metadata: { name: "web", namespace: "app" }, spec: { template: { spec: podSpec("runner") } } },
      { kind: "Pod", metadata: { name: "bare", namespace: "app" }, spec: podSpec(), status: { phase: "Pending" } },
    ]);
    const rows = serviceAccountList(snap).items;
    expect(rows.map((r) => [`${r.namespace}/${r.name}`, r.exists, r.implied ?? false])).toEqual([
      ["app/default", true, true],
      ["app/ghost", false, false],
      ["app/real", true, false],
      ["app/runner", false, false],
      ["other/by-name", false, false],
    ]);
    // the binding to the missing SA is a finding, counted on its row
    expect(rows.find((r) => r.name === "ghost")).toMatchObject({ bindings: 1, worstFinding: "high", findingsBySeverity: { high: 2 }, findings: 2 });
    expect(rows.find((r) => r.name === "runner")).toMatchObject({ workloads: 1, bindings: 0, findings: 0 });
  });

  it("bundled examples: each row's risk counts equal the findings page's for that SA (ci-runner: 1 critical, 1 medium; legacy/default listed)", () => {
    const loaded = loadManifests(path.resolve(__dirname, "../../examples"));
    const snap = snapshotFromObjects(loaded.objects, { source: { mode: "examples", label: "example data" } });
    const all = findings(snap);
    const rows = serviceAccountList(snap).items;
    for (const row of rows) {
      const page = filterFindings(all, { hideSystem: true, serviceAccount: { namespace: row.namespace, name: row.name } });
      const counts: Record<string, number> = {};
      for (const f of page) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
      expect({ sa: `${row.namespace}/${row.name}`, findings: row.findings, bySeverity: row.findingsBySeverity ?? {} }).toEqual({ sa: `${row.namespace}/${row.name}`, findings: page.length, bySeverity: counts });
    }
    expect(rows.find((r) => r.namespace === "ci" && r.name === "ci-runner")).toMatchObject({ worstFinding: "critical", findingsBySeverity: { critical: 1, medium: 1 }, findings: 2 });
    expect(rows.find((r) => r.namespace === "legacy" && r.name === "default")).toMatchObject({ exists: true, implied: true, bindings: 1, workloads: 2, findingsBySeverity: { critical: 1, high: 8, medium: 2 } });
    // escalation: build-bot runs Jobs in ci, so it can become ci-runner, which may do anything
    expect(rows.find((r) => r.namespace === "ci" && r.name === "build-bot")).toMatchObject({ clusterAdmin: { hops: 2, certain: true, direct: false }, findingsBySeverity: { critical: 1, high: 1, medium: 1 } });
    expect(rows.find((r) => r.namespace === "ci" && r.name === "ci-runner")?.clusterAdmin).toEqual({ hops: 1, certain: true, direct: true });
    expect(rows.filter((r) => r.clusterAdmin).map((r) => `${r.namespace}/${r.name}`)).toEqual(["ci/build-bot", "ci/ci-runner"]);
    expect(serviceAccountDetail(snap, "ci", "build-bot")?.clusterAdmin).toEqual({ hops: 2, certain: true, direct: false });
  });

  it("filters by namespace and is sorted by namespace then name", () => {
    const snap = snapshotFromObjects([sa("b", "z"), sa("a", "y"), sa("a", "x")]);
    expect(serviceAccountList(snap).items.map((r) => `${r.namespace}/${r.name}`)).toEqual(["a/x", "a/y", "b/z"]);
    expect(serviceAccountList(snap, "b").items.map((r) => r.name)).toEqual(["z"]);
    expect(serviceAccountList(snap, "nope").items).toEqual([]);
  });
});

describe("serviceAccountDetail", () => {
  it("splits bindings into direct ones and the three groups, in order, missing roles marked", () => {
    const d = serviceAccountDetail(fixture(), "app", "api")!;
    expect(d.userName).toBe("system:serviceaccount:app:api");
    expect(d.bindings.direct.map((b) => [b.binding.name, b.matchedBy.type, b.role.missing])).toEqual([
      ["by-user", "User", false],
      ["missing-role", "ServiceAccount", true],
      ["read-pods", "ServiceAccount", false],
    ]);
    expect(d.bindings.groups.map((g) => [g.group, g.bindings.map((b) => b.binding.name)])).toEqual([
      // with the bootstrap policy's bindings (built into every cluster, assumed offline)
      ["system:serviceaccounts", ["all-sas", "system:cluster-trust-bundle-discovery", "system:service-account-issuer-discovery"]],
      ["system:serviceaccounts:app", ["ns-group"]],
      ["system:authenticated", ["everyone", "system:basic-user", "system:discovery", "system:public-info-viewer"]],
    ]);
    const readPods = d.bindings.direct.find((b) => b.binding.name === "read-pods")!;
    expect(readPods.role).toEqual({ kind: "Role", name: "pod-reader", namespace: "app", missing: false, ruleCount: 1 });
    expect(readPods.subject).toEqual({ kind: "ServiceAccount", name: "api", namespace: "app" });
  });

  it("lists pull secret names only, and the pod-level automount overriding the SA's", () => {
    const d = serviceAccountDetail(fixture(), "app", "api")!;
    expect(d.imagePullSecrets).toEqual(["regcred"]);
    expect(JSON.stringify(d)).not.toContain("api-token");
    expect(d.automount).toBe(false);
    expect(d.workloads).toEqual([expect.objectContaining({ kind: "Deployment", name: "web", health: "progressing", status: "Ready 1/2", token: { mounted: false, decidedBy: "serviceaccount" } })]);
    expect(d.pods).toEqual([
      expect.objectContaining({ name: "web-1-a", health: "healthy", token: { mounted: true, decidedBy: "pod" }, owner: { kind: "Deployment", namespace: "app", name: "web" } }),
    ]);
  });

  it("a pod without serviceAccountName runs as default, which Kubernetes creates with the namespace (manifests lack it)", () => {
    const d = serviceAccountDetail(fixture(), "app", "default")!;
    expect(d).toMatchObject({ exists: true, implied: true });
    expect(d.pods.map((p) => p.name)).toEqual(["bare"]);
    expect(d.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(["Pod/bare"]);
    expect(d.pods[0].token).toEqual({ mounted: true, decidedBy: "default" });
  });

  it("an SA that only a pod names, with no object: a page marked as not existing, with its permissions (not a 404)", () => {
    const snap = snapshotFromObjects([{ kind: "Pod", metadata: { name: "p", namespace: "app" }, spec: podSpec("ghost"), status: { phase: "Pending" } }]);
    expect(serviceAccountDetail(snap, "app", "ghost")).toMatchObject({ exists: false, pods: [expect.objectContaining({ name: "p" })] });
    expect(serviceAccountDetail(snap, "app", "ghost")?.implied).toBeUndefined();
    expect(permissionsAnswer(snap, "app", "ghost", undefined, serviceAccountKnown(snap, "app", "ghost"))?.serviceAccount).toEqual({ namespace: "app", name: "ghost", exists: false });
    expect(serviceAccountKnown(snap, "app", "nobody")).toBe(false);
  });

  it("is undefined for an SA that neither exists nor is named anywhere", () => {
    expect(serviceAccountDetail(fixture(), "app", "nobody")).toBeUndefined();
  });

  it("a CronJob's Job is not a second workload", () => {
    const d = serviceAccountDetail(fixture(), "app", "other")!;
    expect(d.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(["CronJob/nightly"]);
  });
});

describe("bindingList", () => {
  it("marks orphans (missing role, no subjects) and SA subjects that do not exist; default exists in every namespace", () => {
    const rows = bindingList(fixture()).items;
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(byName.get("missing-role")).toMatchObject({ orphan: true, orphanReason: "Role nope does not exist", role: { missing: true } });
    expect(byName.get("no-subjects")).toMatchObject({ orphan: true, orphanReason: "no subjects" });
    expect(byName.get("read-pods")).toMatchObject({ orphan: false, subjects: [{ kind: "ServiceAccount", name: "api", namespace: "app", missing: false }] });
    expect(byName.get("ghost")!.subjects).toEqual([
      { kind: "ServiceAccount", name: "ghost", namespace: "app", missing: true },
      { kind: "ServiceAccount", name: "default", namespace: "app", missing: false },
    ]);
    // ClusterRoleBindings first.
    expect(rows[0].kind).toBe("ClusterRoleBinding");
  });

  it("with a namespace: its RoleBindings and every ClusterRoleBinding", () => {
    const snap = snapshotFromObjects([
      rb("a", "ra", { kind: "Role", name: "r" }, []),
      rb("b", "rb", { kind: "Role", name: "r" }, []),
      crb("c", { kind: "ClusterRole", name: "x" }, []),
    ]);
    expect(bindingList(snap, "a").items.filter((r) => !r.builtIn).map((r) => r.name)).toEqual(["c", "ra"]);
  });

  it("offline lists the bootstrap policy's bindings, marked built-in; a manifest's of the same name replaces one", () => {
    const snap = snapshotFromObjects([crb("system:discovery", { kind: "ClusterRole", name: "system:discovery" }, [{ kind: "Group", name: "readers" }])]);
    const rows = bindingList(snap).items;
    const byId = new Map(rows.map((r) => [`${r.namespace ?? ""}/${r.name}`, r]));
    expect(byId.get("/system:public-info-viewer")).toMatchObject({
      kind: "ClusterRoleBinding",
      builtIn: "assumed",
      orphan: false,
      role: { kind: "ClusterRole", name: "system:public-info-viewer", missing: false, builtIn: "assumed" },
      subjects: [{ kind: "Group", name: "system:authenticated" }, { kind: "Group", name: "system:unauthenticated" }],
    });
    // the manifest's own: not built-in, its role still is
    expect(rows.filter((r) => r.name === "system:discovery")).toEqual([expect.objectContaining({ subjects: [{ kind: "Group", name: "readers" }], role: expect.objectContaining({ builtIn: "assumed" }) })]);
    expect(rows.find((r) => r.name === "system:discovery")!.builtIn).toBeUndefined();
    // kube-system's RoleBindings; the controllers' SAs are not flagged missing
    expect(byId.get("kube-system/system:controller:token-cleaner")).toMatchObject({ kind: "RoleBinding", builtIn: "assumed", subjects: [{ kind: "ServiceAccount", namespace: "kube-system", name: "token-cleaner", missing: false }] });
    expect(bindingList(snap, "kube-public").items.filter((r) => r.kind === "RoleBinding").map((r) => r.name)).toEqual(["system:controller:bootstrap-signer"]);
  });

  it("live marks the API server's bootstrap objects built-in, assumes none", () => {
    const labels = { "kubernetes.io/bootstrapping": "rbac-defaults" };
    const snap = snapshotFromObjects(
      [
        { ...crb("system:discovery", { kind: "ClusterRole", name: "system:discovery" }, [{ kind: "Group", name: "system:authenticated" }]), metadata: { name: "system:discovery", labels } },
        { kind: "ClusterRole", metadata: { name: "system:discovery", labels }, rules: [] },
        crb("mine", { kind: "ClusterRole", name: "system:discovery" }, []),
      ],
      { source: { mode: "cluster", label: "ctx" } },
    );
    expect(bindingList(snap).items.map((r) => [r.name, r.builtIn, r.role.builtIn])).toEqual([
      ["mine", undefined, "cluster"],
      ["system:discovery", "cluster", "cluster"],
    ]);
  });
});

describe("serviceAccountDetail offline", () => {
  it("shows the bootstrap policy's bindings reaching the SA through its groups, marked built-in", () => {
    const d = serviceAccountDetail(snapshotFromObjects([sa("shop", "web")]), "shop", "web")!;
    const authenticated = d.bindings.groups.find((g) => g.group === "system:authenticated")!.bindings;
    expect(authenticated.map((b) => [b.binding.name, b.builtIn, b.role.builtIn])).toEqual([
      ["system:basic-user", "assumed", "assumed"],
      ["system:discovery", "assumed", "assumed"],
      ["system:public-info-viewer", "assumed", "assumed"],
    ]);
  });
});

describe("the chains an SA's workloads are in", () => {
  const wait = (args: string[]) => ({ initContainers: [{ name: "wait", image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args }] });
  const deployment = (name: string, spec: object) => ({
    kind: "Deployment",
    metadata: { name, namespace: "app", generation: 1 },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } },
  });
  const snap = snapshotFromObjects([
    { kind: "Namespace", metadata: { name: "app" } },
    sa("app", "api"),
    sa("app", "migrator"),
    // api waits for the migration Job, which runs as migrator (suspended: it never finishes)
    { kind: "Job", metadata: { name: "migrate", namespace: "app", generation: 1 }, spec: { suspend: true, template: { spec: podSpec("migrator") } } },
    deployment("api", { ...podSpec("api"), ...wait(["job", "migrate"]) }),
    // a second chain: a CronJob of api's waiting for a Job that does not exist
    {
      kind: "CronJob",
      metadata: { name: "report", namespace: "app", generation: 1 },
      spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { spec: { ...podSpec("api"), ...wait(["job", "nope"]) } } } } },
    },
    // waits on nothing, nothing waits on it: in no chain
    deployment("lonely", podSpec("api")),
  ]);
  const view = new ChainsEngine().build(snap, { now: Date.parse("2026-11-28T12:00:00Z") });

  it("lists each chain holding one of its workloads once, with the chain's health and size, worst first as the chains API orders them", () => {
    const d = serviceAccountDetail(snap, "app", "api", view)!;
    const apiChain = view.chains.find((c) => c.nodes.includes("Deployment/app/api"))!;
    const reportChain = view.chains.find((c) => c.nodes.includes("CronJob/app/report"))!;
    expect(apiChain).not.toBe(reportChain);
    expect(d.chains).toEqual(
      view.chains
        .filter((c) => c === apiChain || c === reportChain)
        .map((c) => ({
          id: c.id,
          health: c.health,
          objects: c.nodes.length,
          workloads: [c === apiChain ? { kind: "Deployment", namespace: "app", name: "api" } : { kind: "CronJob", namespace: "app", name: "report" }],
        })),
    );
    expect(d.chains!.map((c) => c.objects)).toEqual([2, 2]);
    // the Job that does not exist holds the CronJob's chain: not healthy
    expect(d.chains!.find((c) => c.id === reportChain.id)!.health).not.toBe("Healthy");
    expect(JSON.stringify(d.chains)).not.toContain("lonely");
    expect(d.workloads.map((w) => w.name)).toContain("lonely");
  });

  it("the upstream's SA sees the same chain, through its own workload", () => {
    const d = serviceAccountDetail(snap, "app", "migrator", view)!;
    expect(d.chains).toEqual([expect.objectContaining({ id: view.chains.find((c) => c.nodes.includes("Job/app/migrate"))!.id, workloads: [{ kind: "Job", namespace: "app", name: "migrate" }] })]);
  });

  it("none when its workloads are in no chain; absent without the chains view", () => {
    expect(serviceAccountDetail(fixture(), "app", "api", view)!.chains).toEqual([]);
    expect(serviceAccountDetail(snap, "app", "api")!.chains).toBeUndefined();
  });
});

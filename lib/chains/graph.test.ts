// Graph, owner chains, ordering edges, memoisation and every diagnostic.
import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import type { KubeObject, Snapshot } from "@/lib/store/types";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { ChainsEngine, chainOf, chainsInNamespace, type ChainsView } from "./index";
import { canIFromRbac } from "./rbac";
import type { CanI } from "./diagnostics";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const ROOT = path.resolve(__dirname, "../..");

function loadDir(dir: string, defaultNs = "default"): KubeObject[] {
  const out: KubeObject[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => /\.ya?ml$/.test(x)).sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, f), "utf8"))) {
      const o = doc.toJS() as KubeObject | null;
      if (!o?.kind) continue;
      if (!["Namespace", "ClusterRole", "ClusterRoleBinding"].includes(o.kind)) o.metadata.namespace ??= defaultNs;
      out.push(o);
    }
  }
  return out;
}
const build = (objs: KubeObject[], canI: CanI = canIFromRbac, extra: { clusterVersion?: string } = {}): ChainsView =>
  new ChainsEngine().build(snapshotFromObjects(objs), { now: NOW, canI, ...extra });
const codes = (v: ChainsView) => v.diagnostics.map((d) => d.code);

const deploy = (name: string, ns: string, init: object | undefined, extra: { labels?: Record<string, string>; sa?: string; automount?: boolean; annotations?: Record<string, string> } = {}): KubeObject => ({
  kind: "Deployment",
  metadata: { name, namespace: ns, generation: 1, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: extra.labels ?? { app: name } },
      spec: {
        ...(extra.sa ? { serviceAccountName: extra.sa } : {}),
        ...(extra.automount !== undefined ? { automountServiceAccountToken: extra.automount } : {}),
        ...(init ? { initContainers: [{ name: "wait", ...init }] } : {}),
        containers: [{ name: "app", image: "app" }],
      },
    },
  },
});
const job = (name: string, ns: string, extra: Partial<KubeObject> & { spec?: object; status?: object } = {}): KubeObject => ({
  kind: "Job",
  ...extra,
  metadata: { name, namespace: ns, generation: 1, ...(extra.metadata ?? {}) },
  spec: { template: { spec: { containers: [{ name: "m" }] } }, ...(extra.spec ?? {}) },
});
const svc = (name: string, ns: string, selector: Record<string, string>): KubeObject => ({ kind: "Service", metadata: { name, namespace: ns }, spec: { selector } });
const wfj = (target: string, image = "ghcr.io/groundnuty/k8s-wait-for:v2.0") => ({ image, args: ["job", target] });
const allow: CanI = () => true;

describe("go-todo example", () => {
  const objs = () => loadDir(path.join(ROOT, "examples/go-todo"));

  it("as published the Job lands in default: missing-target says where it was found", () => {
    const v = build(objs());
    const edge = v.edges.find((e) => e.from === "Deployment/go-todo/go-todo-deployment");
    expect(edge).toMatchObject({ to: "Job/go-todo/go-todo-pre-deploy", type: "waits-for", mechanism: "k8s-wait-for job", container: "wait-for-pre-deploy" });
    const d = v.diagnostics.find((x) => x.code === "missing-target")!;
    expect(d.message).toContain("Found in namespace default");
    expect(d.fix).toContain("-n go-todo");
    expect(d.nodes).toEqual(["Deployment/go-todo/go-todo-deployment", "Job/go-todo/go-todo-pre-deploy"]);
  });
  it("seeded into go-todo: two nodes, one edge, no permission problem (Role pod-reader covers jobs)", () => {
    const v = build(objs().map((o) => (o.kind === "Job" ? { ...o, metadata: { ...o.metadata, namespace: "go-todo" } } : o)));
    const chain = chainOf(v, "Job/go-todo/go-todo-pre-deploy")!;
    expect(chain.nodes.map((n) => n.id).sort()).toEqual(["Deployment/go-todo/go-todo-deployment", "Job/go-todo/go-todo-pre-deploy"]);
    expect(chain.edges).toHaveLength(1);
    expect(codes(chain)).toEqual([]);
    expect(chain.nodes.find((n) => n.kind === "Deployment")?.serviceAccount).toBe("go-todo-sa");
    // the Job only waited on also names its ServiceAccount (the chain page links to it); its pod spec names none
    expect(chain.nodes.find((n) => n.kind === "Job")?.serviceAccount).toBe("default");
  });
});

describe("platform example", () => {
  const v = build(loadDir(path.join(ROOT, "examples/platform")));
  it("the shop chain has four steps, through the API's Service", () => {
    const shop = chainOf(v, "Job/shop/shop-db-migrate")!;
    const ids = shop.nodes.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining(["Job/shop/shop-db-migrate", "Deployment/shop/shop-api", "Service/shop/shop-api", "Deployment/shop/shop-worker", "CronJob/shop/shop-report"]));
    expect(shop.edges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: "Deployment/shop/shop-worker", to: "Service/shop/shop-api", mechanism: "tcp 8080" }),
        expect.objectContaining({ from: "Service/shop/shop-api", to: "Deployment/shop/shop-api", mechanism: "selects pods" }),
        expect.objectContaining({ from: "CronJob/shop/shop-report", to: "Deployment/shop/shop-worker", mechanism: "k8s-wait-for pod" }),
      ]),
    );
  });
  it("the cross-namespace wait joins analytics to the shop chain", () => {
    expect(v.edges).toContainEqual(expect.objectContaining({ from: "Deployment/analytics/analytics-ingest", to: "Service/shop/shop-api" }));
    expect(chainsInNamespace(v, "analytics").nodes.map((n) => n.id)).toContain("Job/shop/shop-db-migrate");
  });
  it("the legacy deadlock is a cycle", () => {
    const d = v.diagnostics.find((x) => x.code === "cycle")!;
    expect(d.nodes.sort()).toEqual(["Deployment/legacy/legacy-auth", "Deployment/legacy/legacy-sessions", "Service/legacy/legacy-auth", "Service/legacy/legacy-sessions"]);
  });
  it("analytics-backfill's SA cannot get jobs: missing-permission with a fix", () => {
    const d = v.diagnostics.find((x) => x.code === "missing-permission")!;
    expect(d.message).toContain("ServiceAccount analytics/analytics-backfill cannot get jobs");
    expect(d.serviceAccount).toEqual({ namespace: "analytics", name: "analytics-backfill" });
    expect(d.fix).toContain("kind: RoleBinding");
  });
  it("nothing sent contains an env value or marker", () => {
    expect(JSON.stringify(v)).not.toMatch(/[\uE000\uE001]/);
  });
});

describe("diagnostics", () => {
  it("missing-permission: the suggested Role + RoleBinding makes it go away", () => {
    const objs = [deploy("api", "app", wfj("migrate"), { sa: "api" }), job("migrate", "app"), { kind: "ServiceAccount", metadata: { name: "api", namespace: "app" } }];
    const v = build(objs);
    const d = v.diagnostics.find((x) => x.code === "missing-permission")!;
    expect(d.message).toContain("cannot get jobs (migrate) in namespace app");
    const fixed = parseAllDocuments(d.fix!).map((doc) => doc.toJS() as KubeObject);
    expect(fixed.map((o) => o.kind)).toEqual(["Role", "RoleBinding"]);
    expect(fixed[0]).toMatchObject({ rules: [{ apiGroups: ["batch"], resources: ["jobs"], resourceNames: ["migrate"], verbs: ["get"] }] });
    expect(codes(build([...objs, ...fixed]))).not.toContain("missing-permission");
  });
  it("missing-permission for a cross-namespace kubectl wait names the target namespace", () => {
    const v = build([deploy("api", "app", { image: "bitnami/kubectl", args: ["wait", "--for=condition=complete", "job/seed", "-n", "data"] }), job("seed", "data")]);
    const d = v.diagnostics.find((x) => x.code === "missing-permission")!;
    expect(d.message).toContain("ServiceAccount app/default cannot get jobs (seed), list jobs, watch jobs in namespace data");
    expect(d.fix).toMatch(/namespace: data[\s\S]*namespace: app/);
  });
  it("missing-permission: automountServiceAccountToken false on a kubectl-based waiter", () => {
    const v = build([deploy("api", "app", wfj("migrate"), { automount: false }), job("migrate", "app")], allow);
    const d = v.diagnostics.find((x) => x.code === "missing-permission")!;
    expect(d.message).toContain("automountServiceAccountToken: false");
    expect(d.severity).toBe("error");
  });
  it("missing-target across all namespaces and for an empty selector", () => {
    const v = build([deploy("api", "app", { image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ["pod", "-lapp=db"] })], allow);
    expect(v.nodes.find((n) => n.kind === "Selector")).toMatchObject({ health: "Missing", id: "Selector/app/Pod:app=db" });
    expect(v.diagnostics[0]).toMatchObject({ code: "missing-target", severity: "error" });
    expect(v.diagnostics[0].message).toContain("matching `app=db`");
  });
  it("missing-target for a Service named by host", () => {
    const v = build([deploy("worker", "app", { image: "busybox", command: ["sh", "-c", "until nc -z api.app.svc.cluster.local 80; do sleep 1; done"] })], allow);
    expect(v.nodes.find((n) => n.id === "Service/app/api")?.health).toBe("Missing");
    expect(codes(v)).toEqual(["missing-target"]);
  });
  it("cycle: two Deployments waiting on each other directly", () => {
    const v = build([
      deploy("a", "app", { image: "bitnami/kubectl", args: ["rollout", "status", "deployment/b"] }),
      deploy("b", "app", { image: "bitnami/kubectl", args: ["rollout", "status", "deployment/a"] }),
    ], allow);
    const d = v.diagnostics.find((x) => x.code === "cycle")!;
    expect(d.message).toMatch(/Deadlock: Deployment\/(a|b) → Deployment\/(a|b) → Deployment\/(a|b)/);
  });
  it("fragile-target: ttlSecondsAfterFinished, helm hook-succeeded, argo HookSucceeded", () => {
    const mk = (j: KubeObject) => build([deploy("api", "app", wfj("migrate")), j], allow).diagnostics.filter((x) => x.code === "fragile-target");
    expect(mk(job("migrate", "app", { spec: { ttlSecondsAfterFinished: 100 } }))[0].message).toContain("ttlSecondsAfterFinished: 100");
    expect(mk(job("migrate", "app", { metadata: { name: "migrate", annotations: { "helm.sh/hook": "pre-install", "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded" } } }))).toHaveLength(1);
    expect(mk(job("migrate", "app", { metadata: { name: "migrate", annotations: { "argocd.argoproj.io/hook": "PreSync", "argocd.argoproj.io/hook-delete-policy": "HookSucceeded" } } }))).toHaveLength(1);
    expect(mk(job("migrate", "app"))).toHaveLength(0);
  });
  it("failed-upstream: a failed Job blocks its waiter, with the reason", () => {
    const failed = job("migrate", "app", { status: { failed: 2, conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded" }] } });
    const v = build([deploy("api", "app", { ...wfj("migrate"), args: ["job-wr", "migrate"] }), failed], allow);
    const d = v.diagnostics.find((x) => x.code === "failed-upstream")!;
    expect(d.message).toContain("Job/migrate is failing (Failed: BackoffLimitExceeded)");
    expect(v.nodes.find((n) => n.id === "Deployment/app/api")?.status).toBe("Blocked by Job/migrate (Degraded)");
  });
  it("unresolved-target: a host from a Secret draws no edge", () => {
    const v = build([deploy("api", "app", { image: "busybox", command: ["sh", "-c", "until nc -z $DB_HOST 5432; do sleep 1; done"], env: [{ name: "DB_HOST", valueFrom: { secretKeyRef: { name: "db", key: "host" } } }] })], allow);
    expect(v.edges).toHaveLength(0);
    expect(v.diagnostics).toMatchObject([{ code: "unresolved-target", nodes: ["Deployment/app/api"] }]);
    expect(v.diagnostics[0].message).toContain("$DB_HOST (from a Secret)");
  });
  it("outdated-waiter: k8s-wait-for v1.x; v2.0 on a 1.23 cluster; job mode on a failed Job", () => {
    expect(codes(build([deploy("api", "app", wfj("migrate", "groundnuty/k8s-wait-for:v1.5.1")), job("migrate", "app")], allow))).toEqual(["outdated-waiter"]);
    expect(codes(build([deploy("api", "app", wfj("migrate")), job("migrate", "app")], allow, { clusterVersion: "1.23" }))).toEqual(["outdated-waiter"]);
    expect(codes(build([deploy("api", "app", wfj("migrate")), job("migrate", "app")], allow, { clusterVersion: "1.34" }))).toEqual([]);
    // v1.7 is what a 1.23 cluster needs: no warning there (it would send the user back to v2.0)
    expect(codes(build([deploy("api", "app", wfj("migrate", "groundnuty/k8s-wait-for:v1.7")), job("migrate", "app")], allow, { clusterVersion: "1.23" }))).toEqual([]);
    const failed = job("migrate", "app", { status: { conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded" }] } });
    const v = build([deploy("api", "app", wfj("migrate")), failed], allow);
    expect(v.diagnostics.find((d) => d.code === "outdated-waiter")?.fix).toBe(
      `kubectl patch deployment api -n app --type=json -p '[{"op":"test","path":"/spec/template/spec/initContainers/0/args/0","value":"job"},{"op":"replace","path":"/spec/template/spec/initContainers/0/args/0","value":"job-wr"}]'`,
    );
  });
  it("IPs, localhost and external names make no edge and no diagnostic", () => {
    const v = build([deploy("api", "app", { image: "busybox", command: ["sh", "-c", "until nc -z 10.0.0.5 5432 && curl -fs https://api.github.com/ && nc -z localhost 80; do sleep 1; done"] })], allow);
    expect(v.edges).toHaveLength(0);
    expect(v.diagnostics).toHaveLength(0);
  });
});

describe("graph", () => {
  it("a Pod selector resolves through live pods to their Deployment (Pod → ReplicaSet → Deployment)", () => {
    const target = deploy("db", "data", undefined, { labels: { tier: "x" } });
    target.metadata.uid = "d1";
    const rs: KubeObject = { kind: "ReplicaSet", metadata: { name: "db-5f", namespace: "data", uid: "r1", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "db", uid: "d1", controller: true }] }, spec: { template: { metadata: { labels: { tier: "x" } }, spec: { containers: [] } } } };
    const pod: KubeObject = { kind: "Pod", metadata: { name: "db-5f-abc", namespace: "data", uid: "p1", labels: { app: "db", "pod-template-hash": "5f" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "db-5f", uid: "r1", controller: true }] }, spec: { containers: [{ name: "db" }] }, status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }], containerStatuses: [{ name: "db", ready: true, restartCount: 0 }] } };
    const v = build([deploy("api", "app", { image: "bitnami/kubectl", args: ["wait", "--for=condition=ready", "pod", "-l", "app=db", "-n", "data"] }), target, rs, pod], allow);
    expect(v.edges).toEqual([expect.objectContaining({ from: "Deployment/app/api", to: "Deployment/data/db" })]);
    expect(v.nodes.find((n) => n.id === "Deployment/data/db")?.pods).toEqual([{ name: "db-5f-abc", via: "ReplicaSet/db-5f", health: "Healthy", status: "Running 1/1" }]);
  });
  it("CronJob → Job → Pod owner chain: the CronJob node shows its pods and speaks for its newest Job", () => {
    const cj: KubeObject = { kind: "CronJob", metadata: { name: "report", namespace: "app", uid: "c1", generation: 1 }, spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: { containers: [{ name: "r" }], initContainers: [{ name: "w", ...wfj("migrate") }] } } } } } };
    const j = job("report-29", "app", { metadata: { name: "report-29", uid: "j1", creationTimestamp: "2026-11-28T11:59:00Z", ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "report", uid: "c1", controller: true }] }, status: { active: 1 } });
    const p: KubeObject = { kind: "Pod", metadata: { name: "report-29-x", namespace: "app", uid: "p", ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: "report-29", uid: "j1", controller: true }] }, spec: { containers: [{ name: "r" }] }, status: { phase: "Pending" } };
    const v = build([cj, j, p, job("migrate", "app")], allow);
    const node = v.nodes.find((n) => n.id === "CronJob/app/report")!;
    expect(node.pods).toEqual([{ name: "report-29-x", via: "Job/report-29", health: "Progressing", status: "Pending" }]);
    expect(node.ownStatus ?? node.status).toMatch(/^Last run report-29: Running/);
    expect(v.nodes.some((n) => n.id === "Job/app/report-29")).toBe(false);
  });
  it("a Job selector resolves to the matching Jobs (a CronJob's Job to its CronJob), across namespaces with -A", () => {
    const cj: KubeObject = { kind: "CronJob", metadata: { name: "nightly", namespace: "ops", uid: "c1" }, spec: { schedule: "@daily", jobTemplate: { spec: { template: { spec: { containers: [{ name: "x" }] } } } } } };
    const made = job("nightly-1", "ops", { metadata: { name: "nightly-1", labels: { app: "seed" }, ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "nightly", uid: "c1", controller: true }] } });
    const v = build([
      deploy("api", "app", { image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ["job-wr", "-l", "app=seed", "-A"] }),
      job("seed-a", "app", { metadata: { name: "seed-a", labels: { app: "seed" } } }),
      job("other", "app", { metadata: { name: "other", labels: { app: "other" } } }),
      cj,
      made,
    ], allow);
    expect(v.edges.map((e) => e.to).sort()).toEqual(["CronJob/ops/nightly", "Job/app/seed-a"]);
  });
  it.each([
    ["tier in (data)", ["Deployment/app/db"]],
    ["tier in (data,cache)", ["Deployment/app/cache", "Deployment/app/db"]],
    ["tier,tier notin (data)", ["Deployment/app/cache"]],
    ["tier!=data,tier", ["Deployment/app/cache"]],
    ["tier,!legacy", ["Deployment/app/db"]],
    ["!tier,app", ["Deployment/app/api"]],
    ["app==cache", ["Deployment/app/cache"]],
  ])("a set-based selector -l %j draws an edge to each workload it selects", (sel, targets) => {
    const v = build([
      deploy("api", "app", { image: "bitnami/kubectl", args: ["wait", "--for=condition=ready", "pod", "-l", sel] }),
      deploy("db", "app", undefined, { labels: { app: "db", tier: "data" } }),
      deploy("cache", "app", undefined, { labels: { app: "cache", tier: "cache", legacy: "yes" } }),
    ], allow);
    expect(v.edges.map((e) => e.to).sort()).toEqual(targets);
  });
  it("a set-based selector that selects nothing is a missing target, not silence", () => {
    const v = build([deploy("api", "app", { image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ["pod-wr", "-l", "app in (db)"] })], allow);
    expect(v.edges).toEqual([expect.objectContaining({ from: "Deployment/app/api", to: "Selector/app/Pod:app in (db)" })]);
    expect(v.diagnostics).toMatchObject([{ code: "missing-target", severity: "error" }]);
  });
  it("a selector kubectl rejects: an unresolved-target error, no edge", () => {
    const v = build([deploy("api", "app", { image: "bitnami/kubectl", args: ["wait", "--for=condition=ready", "pod", "-l", "app in db"] })], allow);
    expect(v.edges).toEqual([]);
    expect(v.diagnostics).toMatchObject([{ code: "unresolved-target", severity: "error", nodes: ["Deployment/app/api"] }]);
    expect(v.diagnostics[0].message).toContain("label selector is not valid");
  });
  it("runs-after: Helm hook phase and weight", () => {
    const a = (hook?: string, weight?: string) => ({ "meta.helm.sh/release-name": "shop", ...(hook ? { "helm.sh/hook": hook } : {}), ...(weight ? { "helm.sh/hook-weight": weight } : {}) });
    const v = build([
      job("schema", "app", { metadata: { name: "schema", annotations: a("pre-install,pre-upgrade", "-5") } }),
      job("seed", "app", { metadata: { name: "seed", annotations: a("pre-install", "5") } }),
      deploy("api", "app", undefined, { annotations: a() }),
      job("smoke", "app", { metadata: { name: "smoke", annotations: a("post-install") } }),
    ], allow);
    expect(v.edges.filter((e) => e.type === "runs-after").map((e) => `${e.from} → ${e.to}: ${e.mechanism}`)).toEqual([
      "Job/app/seed → Job/app/schema: helm pre-install (weight 5)",
      "Deployment/app/api → Job/app/seed: helm pre-install (weight 5)",
      "Job/app/smoke → Deployment/app/api: helm post-install",
    ]);
  });
  it("runs-after: Argo CD sync waves and hooks (Helm hooks ignored)", () => {
    const v = build([
      job("pre", "app", { metadata: { name: "pre", annotations: { "argocd.argoproj.io/hook": "PreSync", "helm.sh/hook": "post-install" } } }),
      deploy("db", "app", undefined, { annotations: { "argocd.argoproj.io/sync-wave": "-1" } }),
      deploy("api", "app", undefined, { annotations: { "argocd.argoproj.io/sync-wave": "1" } }),
    ], allow);
    expect(v.edges.map((e) => `${e.from} → ${e.to}: ${e.mechanism}`)).toEqual([
      "Deployment/app/db → Job/app/pre: argocd wave -1",
      "Deployment/app/api → Deployment/app/db: argocd wave 1",
    ]);
  });
  it("a DNS wait is done once the Service exists; a tcp wait needs a ready pod", () => {
    const v = build([
      deploy("a", "app", { image: "busybox", command: ["sh", "-c", "until nslookup db; do sleep 1; done"] }),
      deploy("b", "app", { image: "busybox", command: ["sh", "-c", "until nc -z db 5432; do sleep 1; done"] }),
      svc("db", "app", { app: "db" }),
    ], allow);
    expect(v.nodes.find((n) => n.id === "Deployment/app/a")?.blockedBy).toBeUndefined();
    expect(v.nodes.find((n) => n.id === "Deployment/app/b")?.status).toBe("Blocked by Service/db (Progressing)");
  });
  it("an upstream waited for by several containers or tools is listed once in blockedBy", () => {
    const v = build([
      deploy("a", "app", { image: "busybox", command: ["sh", "-c", "until nc -z db 5432; do sleep 1; done; until pg_isready -h db; do sleep 1; done"] }),
    ], allow);
    expect(v.nodes.find((n) => n.id === "Deployment/app/a")?.blockedBy).toEqual(["Service/app/db"]);
  });
  it("a status-only update reuses the parsed waits and the structure", () => {
    const engine = new ChainsEngine();
    const mk = (status: object, version: number): Snapshot =>
      snapshotFromObjects([{ ...deploy("api", "app", wfj("migrate")), metadata: { name: "api", namespace: "app", uid: "a", generation: 1 } }, job("migrate", "app", { metadata: { name: "migrate", uid: "j", resourceVersion: String(version) }, status })], { version });
    const v1 = engine.build(mk({ active: 1 }, 1), { now: NOW, canI: allow });
    expect(engine.parses).toBe(2); // the Deployment's template and the Job's
    expect(engine.structureBuilds).toBe(1);
    const v2 = engine.build(mk({ succeeded: 1, conditions: [{ type: "Complete", status: "True" }] }, 2), { now: NOW, canI: allow });
    expect(engine.parses).toBe(2);
    expect(engine.structureBuilds).toBe(1);
    expect(v1.nodes.find((n) => n.kind === "Job")?.health).toBe("Progressing");
    expect(v2.nodes.find((n) => n.kind === "Job")?.health).toBe("Healthy");
    // a spec change (new generation) re-parses
    const s3 = mk({}, 3);
    const d = [...s3.objects.Deployment.values()][0];
    d.metadata.generation = 2;
    engine.build(s3, { now: NOW, canI: allow });
    expect(engine.structureBuilds).toBe(2);
    expect(engine.parses).toBe(3);
  });
  it("copy-on-write snapshots: only nodes reading a changed map are recomputed, and they are", () => {
    const engine = new ChainsEngine();
    const d = { ...deploy("api", "app", wfj("migrate")), metadata: { name: "api", namespace: "app", uid: "d", generation: 1 } };
    const pod = (phase: string): KubeObject => ({ kind: "Pod", metadata: { name: "api-1", namespace: "app", uid: "p", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "api", uid: "d", controller: true }] }, spec: { containers: [{ name: "app" }] }, status: { phase, ...(phase === "Running" ? { conditions: [{ type: "Ready", status: "True" }], containerStatuses: [{ name: "app", ready: true, restartCount: 0 }] } : {}) } });
    const s1 = snapshotFromObjects([d, job("migrate", "app", { metadata: { name: "migrate", uid: "j" }, status: { active: 1 } }), pod("Pending")]);
    const v1 = engine.build(s1, { now: NOW, canI: allow });
    expect(v1.nodes.find((n) => n.kind === "Deployment")?.pods?.[0].status).toBe("Pending");
    // Only the Pod map changes
    const pods = new Map(s1.objects.Pod);
    pods.set("p", pod("Running"));
    const s2: Snapshot = { ...s1, version: 2, objects: { ...s1.objects, Pod: pods } };
    const v2 = engine.build(s2, { now: NOW, canI: allow });
    expect(v2.nodes.find((n) => n.kind === "Deployment")?.pods?.[0]).toMatchObject({ health: "Healthy", status: "Running 1/1" });
    expect(v2.nodes.find((n) => n.kind === "Job")?.health).toBe("Progressing");
    // Only the Job map changes
    const jobs = new Map(s2.objects.Job);
    jobs.set("j", job("migrate", "app", { metadata: { name: "migrate", uid: "j" }, status: { conditions: [{ type: "Complete", status: "True" }] } }));
    const v3 = engine.build({ ...s2, version: 3, objects: { ...s2.objects, Job: jobs } }, { now: NOW, canI: allow });
    expect(v3.nodes.find((n) => n.kind === "Job")?.health).toBe("Healthy");
    expect(v3.nodes.find((n) => n.kind === "Deployment")?.pods?.[0].health).toBe("Healthy");
    expect(engine.structureBuilds).toBe(1); // phases and conditions are status, not structure
  });
  it("chains are sorted worst first and carry the worst member's health", () => {
    const v = build([
      deploy("ok", "a", wfj("m")), job("m", "a", { status: { conditions: [{ type: "Complete", status: "True" }] } }),
      deploy("bad", "b", wfj("m")), job("m", "b", { status: { conditions: [{ type: "Failed", status: "True", reason: "DeadlineExceeded" }] } }),
    ], allow);
    expect(v.chains.map((c) => [c.id, c.health])).toEqual([
      ["Deployment/b/bad", "Degraded"],
      ["Deployment/a/ok", "Progressing"],
    ]);
  });
});

// Every fix Rolecall suggests, applied as a user would paste it (bash, kubectl, jq) on the real
// control plane: the objects are made broken, the diagnostic shows its fix, the fix runs, and
// the diagnostic clears in the live view.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyYaml, bash, getJson, kubectl, testKubeconfig, waitFor } from "@/cluster/testing";
import { resolveClusterConfig } from "@/lib/source/kubeconfig";
import { LiveSource } from "@/lib/source/live";
import { SnapshotStore } from "@/lib/store/store";
import { ChainsEngine, type ChainsView, type Diagnostic, type DiagnosticCode } from "./index";
import { canIFromRbac } from "./rbac";

const suffix = crypto.randomBytes(3).toString("hex");
const namespaces: string[] = [];
const ns = (what: string) => {
  const n = `fix-${what}-${suffix}`;
  namespaces.push(n);
  return n;
};
let store: SnapshotStore;
let source: LiveSource;
const engine = new ChainsEngine();
const oldCluster = new ChainsEngine();
const view = (clusterVersion?: string): ChainsView =>
  (clusterVersion ? oldCluster : engine).build(store.snapshot(), { now: Date.now(), canI: canIFromRbac, ...(clusterVersion ? { clusterVersion } : {}) });

type Match = { code: DiagnosticCode; node: string; text?: string; clusterVersion?: string };
const find = (m: Match) => view(m.clusterVersion).diagnostics.find((d) => d.code === m.code && d.nodes.includes(m.node) && (!m.text || d.message.includes(m.text)));
/** The diagnostic once the live view shows it, with a fix. */
const shown = (m: Match): Promise<Diagnostic> => waitFor(() => (find(m)?.fix ? find(m) : undefined), 30_000);
/** Waits until the diagnostic is gone from the live view. */
const cleared = (m: Match) => waitFor(() => !find(m), 30_000);
/** Runs a fix as pasted into bash; fails the test with kubectl's words when it fails. */
async function runFix(fix: string): Promise<void> {
  const r = await bash(fix);
  expect(r.code, `${fix}\n---\n${r.stderr}`).toBe(0);
}

const waiter = (name: string, namespace: string, opts: { kind?: "Deployment" | "Job"; args?: string[]; image?: string; sa?: string; automount?: boolean } = {}) => {
  const spec = `
      ${opts.sa ? `serviceAccountName: ${opts.sa}` : ""}
      ${opts.automount === false ? "automountServiceAccountToken: false" : ""}
      initContainers: [{name: wait, image: "${opts.image ?? "ghcr.io/groundnuty/k8s-wait-for:v2.0"}", args: ${JSON.stringify(opts.args ?? ["job-wr", "migrate"])}}]
      containers: [{name: app, image: app:1}]`;
  return opts.kind === "Job"
    ? `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  suspend: true
  template:
    spec:
      restartPolicy: Never${spec}`
    : `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: 0
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:${spec}`;
};
const job = (name: string, namespace: string, extra = "") => `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}, namespace: ${namespace}${extra ? `, ${extra}` : ""}}
spec:
  suspend: true
  template:
    spec:
      restartPolicy: Never
      containers: [{name: m, image: migrate:1}]`;
const namespace = (n: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}`;
/** The waiters' ServiceAccount may get jobs (so only the diagnostic under test shows). */
const mayGetJobs = (n: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: get-jobs, namespace: ${n}}
rules: [{apiGroups: [batch], resources: [jobs], verbs: [get, list, watch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: get-jobs, namespace: ${n}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: get-jobs}
subjects: [{kind: Group, name: "system:serviceaccounts:${n}"}]`;

beforeAll(async () => {
  const cfg = resolveClusterConfig({ KUBECONFIG: testKubeconfig() });
  if (!cfg || !("kc" in cfg)) throw new Error("kubeconfig unusable");
  store = new SnapshotStore({ source: cfg.info, coalesceMs: 30 });
  source = new LiveSource({ kc: cfg.kc, info: cfg.info });
  source.start(store);
  await store.whenSynced(60_000);
});

afterAll(async () => {
  await source?.stop();
  if (namespaces.length) await kubectl(["delete", "namespace", ...namespaces, "--wait=false", "--ignore-not-found"]);
  await kubectl(["delete", "clusterrole,clusterrolebinding", "-l", `rolecall-fix-test=${suffix}`, "--ignore-not-found"]);
});

describe("fixes, applied on a real control plane", () => {
  it("missing-target: a Job applied to another namespace is re-created where the wait looks (kubectl apply -n of the fetched Job is refused)", async () => {
    const here = ns("here");
    const there = ns("there");
    await applyYaml([namespace(here), namespace(there), mayGetJobs(here), waiter("api", here), job("migrate", there, "labels: {team: data}")].join("\n---\n"));
    const m: Match = { code: "missing-target", node: `Job/${here}/migrate` };
    const d = await shown(m);
    expect(d.message).toContain(`Found in namespace ${there}`);
    // what was suggested before: kubectl refuses an object of another namespace than -n
    const naive = await bash(`kubectl get job migrate -n ${there} -o yaml | kubectl apply -n ${here} -f -`);
    expect(naive.code).not.toBe(0);
    expect(naive.stderr).toMatch(/namespace/);

    await runFix(d.fix!);
    await cleared(m);
    const moved = await getJson<{ metadata: { uid: string; labels?: Record<string, string> }; spec: { selector: { matchLabels: Record<string, string> } } }>(["get", "job", "migrate", "-n", here]);
    expect(moved.metadata.labels).toMatchObject({ team: "data" });
    expect(moved.spec.selector.matchLabels["batch.kubernetes.io/controller-uid"]).toBe(moved.metadata.uid);
  });

  it("missing-permission: the Role and RoleBinding apply and grant what the wait needs", async () => {
    const n = ns("rbac");
    await applyYaml([namespace(n), `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api, namespace: ${n}}`, waiter("api", n, { sa: "api" }), job("migrate", n)].join("\n---\n"));
    const m: Match = { code: "missing-permission", node: `Deployment/${n}/api` };
    const d = await shown(m);
    const r = await kubectl(["apply", "-f", "-"], { input: d.fix! });
    expect(r.code, r.stderr).toBe(0);
    await cleared(m);
  });

  it("missing-permission across all namespaces (-A): the ClusterRole and ClusterRoleBinding", async () => {
    const n = ns("rbac-all");
    await applyYaml([namespace(n), `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api, namespace: ${n}}`, waiter("api", n, { sa: "api", args: ["job-wr", "-l", `app=seed-${suffix}`, "-A"] })].join("\n---\n"));
    const m: Match = { code: "missing-permission", node: `Deployment/${n}/api` };
    const d = await shown(m);
    expect(d.fix).toContain("kind: ClusterRoleBinding");
    const r = await kubectl(["apply", "-f", "-"], { input: d.fix! });
    expect(r.code, r.stderr).toBe(0);
    // labelled for clean-up (cluster-scoped objects outlive the namespace)
    for (const kind of ["clusterrole", "clusterrolebinding"]) await kubectl(["label", kind, `${n}-api-wait-all`, `rolecall-fix-test=${suffix}`]);
    await cleared(m);
  });

  it("missing-permission without a token: automountServiceAccountToken is patched on a Deployment and re-created on a Job", async () => {
    const n = ns("token");
    await applyYaml([namespace(n), mayGetJobs(n), job("migrate", n), waiter("api", n, { automount: false }), waiter("report", n, { kind: "Job", automount: false })].join("\n---\n"));
    for (const node of [`Deployment/${n}/api`, `Job/${n}/report`]) {
      const m: Match = { code: "missing-permission", node, text: "automountServiceAccountToken: false" };
      const d = await shown(m);
      await runFix(d.fix!);
      await cleared(m);
    }
  });

  it("fragile-target: ttlSecondsAfterFinished is removed from the live Job", async () => {
    const n = ns("ttl");
    await applyYaml([namespace(n), mayGetJobs(n), waiter("api", n), job("migrate", n).replace("  suspend: true", "  suspend: true\n  ttlSecondsAfterFinished: 3600")].join("\n---\n"));
    const m: Match = { code: "fragile-target", node: `Job/${n}/migrate` };
    await runFix((await shown(m)).fix!);
    await cleared(m);
    expect((await getJson<{ spec: { ttlSecondsAfterFinished?: number } }>(["get", "job", "migrate", "-n", n])).spec.ttlSecondsAfterFinished).toBeUndefined();
  });

  it("fragile-target: the Helm and Argo CD hook policies, merged into the Job as the chart or manifest would set them", async () => {
    const n = ns("hooks");
    await applyYaml(
      [
        namespace(n),
        mayGetJobs(n),
        waiter("api", n),
        waiter("web", n, { args: ["job-wr", "seed"] }),
        job("migrate", n, `annotations: {"helm.sh/hook": pre-install, "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded"}`),
        job("seed", n, `annotations: {"argocd.argoproj.io/hook": PreSync, "argocd.argoproj.io/hook-delete-policy": HookSucceeded}`),
      ].join("\n---\n"),
    );
    for (const name of ["migrate", "seed"]) {
      const m: Match = { code: "fragile-target", node: `Job/${n}/${name}` };
      const d = await shown(m);
      // the fix is a YAML fragment of the Job: merged as a chart upgrade or a sync would
      const r = await kubectl(["patch", "job", name, "-n", n, "--type=merge", "-p", d.fix!]);
      expect(r.code, r.stderr).toBe(0);
      await cleared(m);
    }
  });

  it("outdated-waiter: the k8s-wait-for image is set on a Deployment and on a Job (re-created)", async () => {
    const n = ns("image");
    const old = "ghcr.io/groundnuty/k8s-wait-for:v1.6";
    await applyYaml([namespace(n), mayGetJobs(n), job("migrate", n), waiter("api", n, { image: old }), waiter("report", n, { kind: "Job", image: old })].join("\n---\n"));
    for (const node of [`Deployment/${n}/api`, `Job/${n}/report`]) {
      const m: Match = { code: "outdated-waiter", node };
      await runFix((await shown(m)).fix!);
      await cleared(m);
    }
    const d = await getJson<{ spec: { template: { spec: { initContainers: { image: string }[] } } } }>(["get", "deployment", "api", "-n", n]);
    expect(d.spec.template.spec.initContainers[0].image).toBe("ghcr.io/groundnuty/k8s-wait-for:v2.0");
  });

  it("outdated-waiter: v2.0 against a 1.23 cluster goes to v1.7", async () => {
    const n = ns("old-cluster");
    await applyYaml([namespace(n), mayGetJobs(n), job("migrate", n), waiter("api", n)].join("\n---\n"));
    const m: Match = { code: "outdated-waiter", node: `Deployment/${n}/api`, clusterVersion: "1.23" };
    const d = await shown(m);
    expect(d.fix).toContain("k8s-wait-for:v1.7");
    await runFix(d.fix!);
    await cleared(m);
  });

  it("outdated-waiter: job mode on a failed Job becomes job-wr", async () => {
    const n = ns("jobmode");
    await applyYaml(
      [
        namespace(n),
        mayGetJobs(n),
        waiter("api", n, { args: ["job", "migrate"] }),
        `apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: ${n}}
spec:
  backoffLimit: 0
  template:
    metadata: {labels: {rolecall.dev/fail: "true"}}
    spec:
      restartPolicy: Never
      containers: [{name: m, image: migrate:1}]`,
      ].join("\n---\n"),
    );
    // kwok fails the pod; the job controller marks the Job Failed
    const m: Match = { code: "outdated-waiter", node: `Deployment/${n}/api`, text: "job` mode" };
    const d = await waitFor(() => (find(m)?.fix ? find(m) : undefined), 90_000);
    await runFix(d.fix!);
    await cleared(m);
    const dep = await getJson<{ spec: { template: { spec: { initContainers: { args: string[] }[] } } } }>(["get", "deployment", "api", "-n", n]);
    expect(dep.spec.template.spec.initContainers[0].args).toEqual(["job-wr", "migrate"]);
  });
});

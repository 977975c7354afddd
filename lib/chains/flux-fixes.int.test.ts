// The Flux dependsOn fixes, applied as a user would paste them (bash, kubectl) on the real
// control plane with the Flux CRDs (cluster/fixtures): the objects are made broken, the
// diagnostic shows its fix, the fix runs, and the diagnostic clears in the live view.
// CRDs this file installs are removed afterwards; ones already there are left alone.
import crypto from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyYaml, bash, getJson, kubectl, testKubeconfig, waitFor } from "@/cluster/testing";
import { resolveClusterConfig } from "@/lib/source/kubeconfig";
import { LiveSource } from "@/lib/source/live";
import { SnapshotStore } from "@/lib/store/store";
import { ChainsEngine, type Diagnostic } from "./index";
import { canIFromRbac } from "./rbac";

const suffix = crypto.randomBytes(3).toString("hex");
const here = `fluxfix-here-${suffix}`;
const there = `fluxfix-there-${suffix}`;
const CRDS = ["kustomizations.kustomize.toolkit.fluxcd.io", "helmreleases.helm.toolkit.fluxcd.io"];
const FIXTURE = path.resolve(__dirname, "../../cluster/fixtures/flux-crds.yaml");
let preinstalled = false;
let store: SnapshotStore;
let source: LiveSource;
const engine = new ChainsEngine();

const find = (node: string, text: string) =>
  engine.build(store.snapshot(), { now: Date.now(), canI: canIFromRbac }).diagnostics.find((d) => d.code === "missing-target" && d.nodes[0] === node && d.message.includes(text));
const shown = (node: string, text: string): Promise<Diagnostic> => waitFor(() => find(node, text), 30_000);
const cleared = (node: string, text: string) => waitFor(() => !find(node, text), 30_000);
async function runFix(fix: string): Promise<void> {
  const r = await bash(fix);
  expect(r.code, `${fix}\n---\n${r.stderr}`).toBe(0);
}

const ks = (name: string, namespace: string, extra = "") => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  interval: 10m
  path: ./${name}
  sourceRef: {kind: GitRepository, name: flux-system}
${extra}`;
const hr = (name: string, namespace: string, extra = "") => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  chart: {spec: {chart: ${name}, sourceRef: {kind: HelmRepository, name: charts}}}
${extra}`;
type Spec = { spec: { dependsOn?: unknown[]; healthChecks?: unknown[] } };

beforeAll(async () => {
  preinstalled = (await kubectl(["get", "crd", CRDS[0]])).code === 0;
  const r = await kubectl(["apply", "-f", FIXTURE]);
  if (r.code !== 0) throw new Error(r.stderr);
  await kubectl(["wait", "--for=condition=Established", "--timeout=60s", ...CRDS.map((c) => `crd/${c}`)]);
  const cfg = resolveClusterConfig({ KUBECONFIG: testKubeconfig() });
  if (!cfg || !("kc" in cfg)) throw new Error("kubeconfig unusable");
  store = new SnapshotStore({ source: cfg.info, coalesceMs: 30 });
  source = new LiveSource({ kc: cfg.kc, info: cfg.info, discoveryIntervalMs: 500 });
  source.start(store);
  await store.whenSynced(60_000);
  await applyYaml(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${here}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ${there}}`);
});

afterAll(async () => {
  await source?.stop();
  store?.close();
  await kubectl(["delete", "namespace", here, there, "--wait=false", "--ignore-not-found"]);
  if (!preinstalled) await kubectl(["delete", "crd", ...CRDS, "--ignore-not-found", "--wait=false"]);
});

describe("Flux dependsOn fixes, applied on a real control plane", () => {
  it("a dependency in another namespace: the patch names that namespace in exactly the entry at fault", async () => {
    await applyYaml([ks("base", here), ks("infra", there), ks("apps", here, "  dependsOn: [{name: base}, {name: infra}]")].join("\n---\n"));
    const node = `Kustomization/${here}/apps`;
    const d = await shown(node, `Found in namespace ${there}`);
    expect(d.fix).toContain("kubectl patch");
    await runFix(d.fix!);
    await cleared(node, "does not exist");
    const apps = await getJson<Spec>(["get", "kustomizations.kustomize.toolkit.fluxcd.io", "apps", "-n", here]);
    expect(apps.spec.dependsOn).toEqual([{ name: "base" }, { name: "infra", namespace: there }]);
    // A stale fix (its entry has moved) is refused rather than editing another entry.
    await kubectl(["patch", "kustomizations.kustomize.toolkit.fluxcd.io", "apps", "-n", here, "--type=json", "-p", JSON.stringify([{ op: "remove", path: "/spec/dependsOn/0" }])]);
    const stale = await bash(d.fix!);
    expect(stale.code).not.toBe(0);
  });

  it("a Kustomization naming a HelmRelease: the entry becomes a health check (created, or appended to an existing list)", async () => {
    await applyYaml(
      [
        ks("base", here),
        hr("db", here),
        ks("web", here, "  dependsOn: [{name: base}, {name: db}]"),
        ks("jobs", here, `  dependsOn: [{name: db}]\n  healthChecks: [{apiVersion: apps/v1, kind: Deployment, name: api, namespace: ${here}}]`),
      ].join("\n---\n"),
    );
    for (const name of ["web", "jobs"]) {
      const node = `Kustomization/${here}/${name}`;
      const d = await shown(node, "through a health check");
      expect(d.fix).toContain("kubectl patch");
      await runFix(d.fix!);
      await cleared(node, "does not exist");
    }
    const check = { apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease", name: "db", namespace: here };
    const web = await getJson<Spec>(["get", "kustomizations.kustomize.toolkit.fluxcd.io", "web", "-n", here]);
    expect(web.spec.dependsOn).toEqual([{ name: "base" }]);
    expect(web.spec.healthChecks).toEqual([check]);
    const jobs = await getJson<Spec>(["get", "kustomizations.kustomize.toolkit.fluxcd.io", "jobs", "-n", here]);
    expect(jobs.spec.dependsOn).toEqual([]);
    expect(jobs.spec.healthChecks).toEqual([{ apiVersion: "apps/v1", kind: "Deployment", name: "api", namespace: here }, check]);
  });

  it("a HelmRelease naming a Kustomization: no command to paste, the advice is in the message", async () => {
    await applyYaml([ks("base", here), hr("redis", here, "  dependsOn: [{name: base}]")].join("\n---\n"));
    const d = await shown(`HelmRelease/${here}/redis`, "only names HelmReleases");
    expect(d.message).toContain(`apply HelmRelease/redis from a Kustomization whose spec.dependsOn names Kustomization/base (namespace ${here})`);
    expect(d).not.toHaveProperty("fix");
  });
});

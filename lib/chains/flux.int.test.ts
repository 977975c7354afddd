// Flux dependsOn against the real local control plane: without the Flux CRDs the live source
// holds the kinds empty with no error; once minimal CRDs are installed (cluster/fixtures), it
// starts watching them and the chains show the runs-after edge, live. An identity that may
// not list them sees "not permitted". CRDs this test installs are removed afterwards.
import crypto from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { applyYaml, kubeconfigWithRules, kubectl, waitFor } from "@/cluster/testing";
import { resolveClusterConfig } from "@/lib/source/kubeconfig";
import { LiveSource } from "@/lib/source/live";
import { SnapshotStore } from "@/lib/store/store";
import { ChainsEngine, type ChainsView } from "./index";
import { canIFromRbac } from "./rbac";

const ns = `flux-${crypto.randomBytes(3).toString("hex")}`;
const CRDS = ["kustomizations.kustomize.toolkit.fluxcd.io", "helmreleases.helm.toolkit.fluxcd.io"];
const FIXTURE = path.resolve(__dirname, "../../cluster/fixtures/flux-crds.yaml");
const running: { store: SnapshotStore; source: LiveSource }[] = [];
/** Whether the CRDs were there before this file ran (then they are left alone). */
let preinstalled = false;

async function must(args: string[]) {
  const r = await kubectl(args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

function startLive(kubeconfig: string) {
  const cfg = resolveClusterConfig({ KUBECONFIG: kubeconfig });
  if (!cfg || !("kc" in cfg)) throw new Error("kubeconfig unusable");
  const store = new SnapshotStore({ source: cfg.info, coalesceMs: 20 });
  // Discovery every 500 ms: a CRD installed during the test is picked up quickly.
  const source = new LiveSource({ kc: cfg.kc, info: cfg.info, discoveryIntervalMs: 500, informer: { forbiddenRetryMs: 2000 } });
  source.start(store);
  running.push({ store, source });
  return store;
}
const kindState = (store: SnapshotStore, kind: string) => store.snapshot().kinds.find((k) => k.kind === kind);

describe("Flux dependsOn on a real API server", () => {
  const kubeconfig = inject("kubeconfig");
  let store: SnapshotStore;
  const engine = new ChainsEngine();
  const view = (): ChainsView => engine.build(store.snapshot(), { now: Date.now(), canI: canIFromRbac });

  beforeAll(async () => {
    preinstalled = (await kubectl(["get", "crd", CRDS[0]])).code === 0;
    store = startLive(kubeconfig);
    await store.whenSynced(30_000);
  });
  afterAll(async () => {
    for (const r of running.splice(0)) {
      await r.source.stop();
      r.store.close();
    }
    await kubectl(["delete", "namespace", ns, "--wait=false"]);
    await kubectl(["delete", "clusterrolebinding,clusterrole", "-l", `rolecall-test=${ns}`, "--wait=false"]);
    if (!preinstalled) await kubectl(["delete", "crd", ...CRDS, "--ignore-not-found", "--wait=true"], { timeoutMs: 120_000 });
  });

  it("without the Flux CRDs the kinds are empty, synced, no error, nothing 'not permitted' (with them: synced, as many as the API server lists)", async () => {
    expect(store.isSynced()).toBe(true);
    for (const kind of ["Kustomization", "HelmRelease"]) {
      expect(kindState(store, kind)).toMatchObject({ state: "synced" });
      expect(kindState(store, kind)?.message ?? "").not.toMatch(/error|forbidden|fail/i);
    }
    expect(store.snapshot().kinds.filter((k) => k.state !== "synced")).toEqual([]);
    // On a cluster that already has the CRDs (another run installed them) the not-installed
    // case cannot be observed: the store then holds what the API server lists.
    const listed = async () => (preinstalled ? (await must(["get", "kustomizations,helmreleases", "-A", "-o", "name"])).split("\n").filter(Boolean).length : 0);
    const held = () => store.snapshot().objects.Kustomization.size + store.snapshot().objects.HelmRelease.size;
    expect(await waitFor(async () => held() === (await listed()), 30_000)).toBe(true);
  });

  it("CRDs installed later: the store starts watching, and dependsOn is a runs-after edge that follows status live", async () => {
    await must(["apply", "-f", FIXTURE]);
    await must(["wait", "--for=condition=Established", "--timeout=60s", ...CRDS.map((c) => `crd/${c}`)]);
    await applyYaml(`apiVersion: v1
kind: Namespace
metadata: {name: ${ns}}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: infra, namespace: ${ns}}
spec: {interval: 10m, path: ./infra, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: ${ns}}
spec:
  dependsOn: [{name: infra}]
  interval: 10m
  path: ./apps
  sourceRef: {kind: GitRepository, name: flux-system}
---
apiVersion: helm.toolkit.fluxcd.io/v2beta1
kind: HelmRelease
metadata: {name: web, namespace: ${ns}}
spec:
  dependsOn: [{name: cache}]
  chart: {spec: {chart: web, sourceRef: {kind: HelmRepository, name: charts}}}
`);
    const apps = `Kustomization/${ns}/apps`;
    const infra = `Kustomization/${ns}/infra`;
    const t0 = Date.now();
    // each Flux kind has its own informer, and a CRD just established may answer 429 for a moment
    await waitFor(() => view().edges.some((e) => e.from === apps && e.to === infra) && view().edges.some((e) => e.from === `HelmRelease/${ns}/web`), 30_000, 50);
    console.log(`Flux objects in the chains ${Date.now() - t0} ms after kubectl apply (discovery every 500 ms)`);
    const v = view();
    expect(v.edges.filter((e) => e.type === "runs-after" && e.mechanism === "Flux dependsOn").map((e) => `${e.from} → ${e.to}`).sort()).toEqual([
      `HelmRelease/${ns}/web → HelmRelease/${ns}/cache`,
      `${apps} → ${infra}`,
    ]);
    expect(kindState(store, "Kustomization")).toMatchObject({ state: "synced" });
    // Discovery also feeds the can-i and who-can suggestions (GET /api/v1/resources).
    const kustomizations = store.snapshot().resources.filter((r) => r.resource === "kustomizations");
    expect([...new Set(kustomizations.map((r) => `${r.group} namespaced=${r.namespaced}`))]).toEqual(["kustomize.toolkit.fluxcd.io namespaced=true"]);
    // Written as v2beta1, read through the served v2: the store says where it read it from.
    expect([...store.snapshot().objects.HelmRelease.values()][0].apiVersion).toBe("helm.toolkit.fluxcd.io/v2");
    // No controller runs here: nothing has reconciled them yet.
    expect(v.nodes.find((n) => n.id === infra)).toMatchObject({ health: "Progressing", status: "Not reconciled yet" });
    // The HelmRelease's dependency does not exist.
    expect(v.nodes.find((n) => n.id === `HelmRelease/${ns}/cache`)?.health).toBe("Missing");
    expect(v.diagnostics.filter((d) => d.nodes.includes(`HelmRelease/${ns}/web`)).map((d) => d.code)).toEqual(["missing-target"]);

    // What the kustomize-controller would write: infra Ready, then apps waiting on nothing.
    const ready = JSON.stringify({
      status: { observedGeneration: 1, conditions: [{ type: "Ready", status: "True", reason: "ReconciliationSucceeded", message: "Applied revision: main@sha1:abc", lastTransitionTime: new Date().toISOString() }] },
    });
    await must(["patch", "kustomization", "infra", "-n", ns, "--subresource=status", "--type=merge", "-p", ready]);
    await waitFor(() => view().nodes.find((n) => n.id === infra)?.health === "Healthy", 5000, 20);
    expect(view().nodes.find((n) => n.id === infra)?.status).toBe("Applied revision: main@sha1:abc");

    // The dependency deleted: a Missing node and a missing-target diagnostic.
    await must(["delete", "kustomization", "infra", "-n", ns]);
    await waitFor(() => view().nodes.find((n) => n.id === infra)?.health === "Missing", 5000, 20);
    expect(view().diagnostics.some((d) => d.code === "missing-target" && d.nodes.includes(apps))).toBe(true);
  });

  it("Flux upgraded to a version Rolecall does not know (now the preferred one): the version it knows is still watched", async () => {
    const crd = CRDS[1]; // helmreleases: v2 and v2beta1 served
    const before = (await must(["get", "crd", crd, "-o", "jsonpath={.spec.versions[*].name}"])).trim().split(/\s+/);
    const v3 = { name: "v3", served: true, storage: false, subresources: { status: {} }, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } };
    await must(["patch", "crd", crd, "--type=json", "-p", JSON.stringify([{ op: "add", path: "/spec/versions/-", value: v3 }])]);
    try {
      // the API server now prefers v3, and a discovery pass has seen it
      await waitFor(async () => JSON.parse(await must(["get", "--raw", "/apis/helm.toolkit.fluxcd.io"])).preferredVersion.version === "v3", 30_000);
      await waitFor(() => store.snapshot().resources.find((r) => r.resource === "helmreleases")?.versions?.[0] === "v3", 30_000, 50);
      await new Promise((r) => setTimeout(r, 1500)); // three more passes, time for a wrong switch to show
      expect(kindState(store, "HelmRelease")).toMatchObject({ state: "synced" });
      expect(kindState(store, "HelmRelease")?.message ?? "").not.toMatch(/not installed/);
      const web = [...store.snapshot().objects.HelmRelease.values()].find((o) => o.metadata.namespace === ns && o.metadata.name === "web");
      expect(web?.apiVersion).toBe("helm.toolkit.fluxcd.io/v2");
    } finally {
      await must(["patch", "crd", crd, "--type=json", "-p", JSON.stringify([{ op: "remove", path: `/spec/versions/${before.length}` }])]);
    }
  });

  it("served but forbidden to Rolecall's identity: the Flux kinds are 'not permitted', the rest syncs", async () => {
    await waitFor(async () => (await kubectl(["get", "crd", CRDS[0]])).code === 0, 10_000);
    const rules = [
      { apiGroups: [""], resources: ["namespaces", "serviceaccounts", "pods", "services"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "clusterroles", "rolebindings", "clusterrolebindings"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["apps"], resources: ["deployments", "replicasets", "statefulsets", "daemonsets"], verbs: ["get", "list", "watch"] },
    ];
    const limited = startLive(await kubeconfigWithRules(ns, "noflux", rules));
    await limited.whenSynced(30_000);
    const states = Object.fromEntries(limited.snapshot().kinds.map((k) => [k.kind, k.state]));
    expect(states.Kustomization).toBe("not-permitted");
    expect(states.HelmRelease).toBe("not-permitted");
    expect(Object.entries(states).filter(([k, s]) => s !== "synced" && k !== "Kustomization" && k !== "HelmRelease")).toEqual([]);
  });
});

// Flux dependsOn as runs-after edges, and the status of Flux objects from their conditions.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifests } from "@/lib/source/manifests";
import type { Condition, FluxObject, KubeObject } from "@/lib/store/types";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { ChainsEngine, type ChainsView } from "./index";
import { fluxStatus } from "./status";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const build = (objs: KubeObject[]): ChainsView => new ChainsEngine().build(snapshotFromObjects(objs), { now: NOW, canI: () => true });

type Dep = { name: string; namespace?: string };
const ks = (name: string, ns: string, dependsOn?: Dep[], status?: FluxObject["status"], extra: Partial<NonNullable<FluxObject["spec"]>> = {}): FluxObject => ({
  apiVersion: "kustomize.toolkit.fluxcd.io/v1",
  kind: "Kustomization",
  metadata: { name, namespace: ns, generation: 1 },
  spec: { ...(dependsOn ? { dependsOn } : {}), ...extra },
  ...(status ? { status } : {}),
});
const hr = (name: string, ns: string, dependsOn?: Dep[], apiVersion = "helm.toolkit.fluxcd.io/v2"): FluxObject => ({
  apiVersion,
  kind: "HelmRelease",
  metadata: { name, namespace: ns, generation: 1 },
  spec: dependsOn ? { dependsOn } : {},
});
const edges = (v: ChainsView) => v.edges.filter((e) => e.type === "runs-after").map((e) => `${e.from} → ${e.to}: ${e.mechanism}`);
const node = (v: ChainsView, id: string) => v.nodes.find((n) => n.id === id);
const ready = (status: string, reason?: string, message?: string): Condition => ({ type: "Ready", status, ...(reason ? { reason } : {}), ...(message ? { message } : {}) });

describe("Flux dependsOn → runs-after", () => {
  it("same namespace by default: dependent → dependency, both nodes of their kind", () => {
    const v = build([ks("infra", "flux-system"), ks("apps", "flux-system", [{ name: "infra" }])]);
    expect(edges(v)).toEqual(["Kustomization/flux-system/apps → Kustomization/flux-system/infra: Flux dependsOn"]);
    expect(node(v, "Kustomization/flux-system/apps")).toMatchObject({ kind: "Kustomization", namespace: "flux-system", name: "apps" });
    expect(node(v, "Kustomization/flux-system/infra")?.health).not.toBe("Missing");
    expect(v.diagnostics).toEqual([]);
    expect(v.chains).toHaveLength(1);
  });

  it("cross-namespace: the entry's namespace wins", () => {
    const v = build([ks("crds", "infra"), ks("apps", "team", [{ name: "crds", namespace: "infra" }])]);
    expect(edges(v)).toEqual(["Kustomization/team/apps → Kustomization/infra/crds: Flux dependsOn"]);
  });

  it("a dependency that does not exist is a Missing node with a missing-target diagnostic (found in another namespace)", () => {
    const v = build([ks("crds", "infra"), ks("apps", "team", [{ name: "crds" }])]);
    expect(edges(v)).toEqual(["Kustomization/team/apps → Kustomization/team/crds: Flux dependsOn"]);
    expect(node(v, "Kustomization/team/crds")).toMatchObject({ health: "Missing", status: "Not found" });
    expect(v.diagnostics).toHaveLength(1);
    const d = v.diagnostics[0];
    expect(d).toMatchObject({ severity: "error", code: "missing-target", nodes: ["Kustomization/team/apps", "Kustomization/team/crds"] });
    expect(d.message).toContain("Kustomization/apps runs after Kustomization/crds in namespace team (spec.dependsOn), which does not exist");
    expect(d.message).toContain("Found in namespace infra: name that namespace in the dependsOn entry.");
    expect(d.fix).toBe(
      `# dependsOn crds in namespace infra\nkubectl patch kustomizations.kustomize.toolkit.fluxcd.io apps -n team --type=json -p '[{"op":"test","path":"/spec/dependsOn/0/name","value":"crds"},{"op":"add","path":"/spec/dependsOn/0/namespace","value":"infra"}]'`,
    );
  });

  it("the fix patches exactly the entry at fault, by its position, checked against its name", () => {
    const v = build([ks("crds", "infra"), ks("base", "team"), hr("db", "data"), hr("api", "team", [{ name: "x" }, { name: "db" }]), ks("apps", "team", [{ name: "base" }, { name: "crds" }])]);
    const fixes = v.diagnostics.filter((d) => d.code === "missing-target" && d.fix?.includes("infra")).map((d) => d.fix);
    expect(fixes).toHaveLength(1);
    expect(fixes[0]).toContain(`[{"op":"test","path":"/spec/dependsOn/1/name","value":"crds"},{"op":"add","path":"/spec/dependsOn/1/namespace","value":"infra"}]`);
    const api = v.diagnostics.find((d) => d.nodes[1] === "HelmRelease/team/db");
    expect(api?.fix).toContain(`kubectl patch helmreleases.helm.toolkit.fluxcd.io api -n team --type=json -p '[{"op":"test","path":"/spec/dependsOn/1/name","value":"db"},{"op":"add","path":"/spec/dependsOn/1/namespace","value":"data"}]'`);
  });

  it("dependsOn stays within its kind: a HelmRelease naming a Kustomization gets a Missing HelmRelease and says why", () => {
    const v = build([ks("infra", "apps"), hr("redis", "apps", [{ name: "infra" }])]);
    expect(edges(v)).toEqual(["HelmRelease/apps/redis → HelmRelease/apps/infra: Flux dependsOn"]);
    expect(node(v, "HelmRelease/apps/infra")?.health).toBe("Missing");
    expect(node(v, "Kustomization/apps/infra")).toBeUndefined();
    expect(v.diagnostics.map((d) => d.code)).toEqual(["missing-target"]);
    expect(v.diagnostics[0].message).toContain("A Kustomization named infra exists there, but a HelmRelease's dependsOn only names HelmReleases.");
    // Nothing to paste: the advice is in the message.
    expect(v.diagnostics[0].message).toContain("Remove this entry and apply HelmRelease/redis from a Kustomization whose spec.dependsOn names Kustomization/infra (namespace apps).");
    expect(v.diagnostics[0]).not.toHaveProperty("fix");
  });

  it("HelmRelease → HelmRelease (v2beta1 and v2 alike); a Kustomization naming a HelmRelease is told to use healthChecks", () => {
    const v = build([hr("db", "apps", undefined, "helm.toolkit.fluxcd.io/v2beta1"), hr("api", "apps", [{ name: "db" }]), ks("web", "apps", [{ name: "db" }])]);
    expect(edges(v).sort()).toEqual(["HelmRelease/apps/api → HelmRelease/apps/db: Flux dependsOn", "Kustomization/apps/web → Kustomization/apps/db: Flux dependsOn"]);
    const d = v.diagnostics.find((x) => x.nodes[0] === "Kustomization/apps/web");
    expect(d?.message).toContain("Wait for the HelmRelease through a health check (spec.healthChecks) instead.");
    expect(d?.fix).toBe(
      `# the dependsOn entry becomes a health check on HelmRelease/db\nkubectl patch kustomizations.kustomize.toolkit.fluxcd.io web -n apps --type=json -p '[{"op":"test","path":"/spec/dependsOn/0/name","value":"db"},{"op":"remove","path":"/spec/dependsOn/0"},{"op":"add","path":"/spec/healthChecks","value":[{"apiVersion":"helm.toolkit.fluxcd.io/v2","kind":"HelmRelease","name":"db","namespace":"apps"}]}]'`,
    );
    // An existing healthChecks list is appended to, not replaced.
    const withChecks = { ...ks("web", "apps", [{ name: "db" }]), spec: { dependsOn: [{ name: "db" }], healthChecks: [{ kind: "Deployment", name: "x" }] } } as unknown as KubeObject;
    const w = build([hr("db", "apps"), withChecks]).diagnostics.find((x) => x.nodes[0] === "Kustomization/apps/web");
    expect(w?.fix).toContain(`{"op":"add","path":"/spec/healthChecks/-","value":{"apiVersion":"helm.toolkit.fluxcd.io/v2","kind":"HelmRelease","name":"db","namespace":"apps"}}`);
  });

  it("no dependsOn, malformed entries and self-references make no edge and no node", () => {
    const v = build([
      ks("alone", "a"),
      { ...ks("odd", "a"), spec: { dependsOn: [null, { namespace: "x" }, { name: 5 }, "infra"] } } as unknown as KubeObject,
      ks("self", "a", [{ name: "self" }]),
      { ...ks("notalist", "a"), spec: { dependsOn: { name: "alone" } } } as unknown as KubeObject,
    ]);
    expect(v.edges).toEqual([]);
    expect(v.nodes).toEqual([]);
  });

  it("two Kustomizations that depend on each other are a cycle: Flux applies neither", () => {
    const v = build([ks("a", "flux-system", [{ name: "b" }]), ks("b", "flux-system", [{ name: "a" }]), ks("c", "flux-system", [{ name: "a" }])]);
    const cycles = v.diagnostics.filter((d) => d.code === "cycle");
    expect(cycles).toHaveLength(1);
    expect([...cycles[0].nodes].sort()).toEqual(["Kustomization/flux-system/a", "Kustomization/flux-system/b"]);
    expect(cycles[0].message).toContain("Deadlock: Kustomization/");
    expect(cycles[0].message).toContain("so Flux reconciles none of them");
    expect(cycles[0].message).toContain("Break the cycle: remove one of these spec.dependsOn entries.");
    expect(cycles[0]).not.toHaveProperty("fix");
  });

  it("a suspended dependency that is Ready holds nothing back (Flux checks Ready, not suspend); one that is not Ready does", () => {
    const readyInfra = ks("infra", "f", undefined, { observedGeneration: 1, conditions: [ready("True", "ReconciliationSucceeded", "Applied")] }, { suspend: true });
    const apps = ks("apps", "f", [{ name: "infra" }], { observedGeneration: 1, conditions: [ready("False", "BuildFailed", "kustomize build failed")] });
    const v = build([readyInfra, apps]);
    expect(node(v, "Kustomization/f/infra")?.health).toBe("Suspended");
    // apps shows its own failure, not "Blocked by", and no failed-upstream blames infra
    expect(node(v, "Kustomization/f/apps")).toMatchObject({ health: "Degraded", status: "BuildFailed: kustomize build failed" });
    expect(node(v, "Kustomization/f/apps")?.blockedBy).toBeUndefined();
    expect(v.diagnostics.filter((d) => d.code === "failed-upstream")).toEqual([]);

    const stuck = build([ks("infra", "f", undefined, undefined, { suspend: true }), ks("apps", "f", [{ name: "infra" }])]);
    expect(node(stuck, "Kustomization/f/apps")?.status).toBe("Blocked by Kustomization/infra (Suspended)");
    expect(stuck.diagnostics.map((d) => d.code)).toEqual(["failed-upstream"]);
  });

  it("a chain of three is one chain whose health is its worst member's", () => {
    const v = build([
      ks("crds", "f", undefined, { conditions: [ready("True", "ReconciliationSucceeded", "Applied revision: main@sha1:abc")] }),
      ks("infra", "f", [{ name: "crds" }], { conditions: [ready("False", "HealthCheckFailed", "timeout waiting for: [Deployment/x]")] }),
      ks("apps", "f", [{ name: "infra" }], { conditions: [ready("False", "DependencyNotReady", "dependency 'f/infra' is not ready")] }),
    ]);
    expect(v.chains).toEqual([{ id: "Kustomization/f/apps", health: "Degraded", nodes: ["Kustomization/f/apps", "Kustomization/f/crds", "Kustomization/f/infra"] }]);
    expect(node(v, "Kustomization/f/crds")).toMatchObject({ health: "Healthy", status: "Applied revision: main@sha1:abc" });
    expect(node(v, "Kustomization/f/infra")).toMatchObject({ health: "Degraded", status: "HealthCheckFailed: timeout waiting for: [Deployment/x]" });
    // held back by a failing dependency, like a waiter by its upstream: Blocked, not progress; Flux's own words stay
    expect(node(v, "Kustomization/f/apps")).toMatchObject({
      health: "Blocked",
      ownHealth: "Progressing",
      status: "Blocked by Kustomization/infra (Degraded)",
      ownStatus: "dependency 'f/infra' is not ready",
      blockedBy: ["Kustomization/f/infra"],
    });
    expect(v.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      "failed-upstream: Kustomization/infra is failing (HealthCheckFailed: timeout waiting for: [Deployment/x]); Flux will not reconcile Kustomization/apps until it is Ready.",
    ]);
  });

  it("a status-only change reuses the structure and updates the node", () => {
    const engine = new ChainsEngine();
    const a = ks("infra", "f");
    const b = ks("apps", "f", [{ name: "infra" }]);
    const v1 = engine.build(snapshotFromObjects([a, b]), { now: NOW });
    expect(node(v1, "Kustomization/f/infra")?.status).toBe("Not reconciled yet");
    const a2 = { ...a, status: { observedGeneration: 1, conditions: [ready("True", "ReconciliationSucceeded", "Applied")] } };
    const v2 = engine.build(snapshotFromObjects([a2, b], { version: 2 }), { now: NOW });
    expect(engine.structureBuilds).toBe(1);
    expect(node(v2, "Kustomization/f/infra")).toMatchObject({ health: "Healthy", status: "Applied" });
  });
});

describe("Flux status (first match wins)", () => {
  const s = (status?: FluxObject["status"], spec: Partial<NonNullable<FluxObject["spec"]>> = {}, generation = 1) => {
    const o = ks("k", "f", undefined, status, spec);
    o.metadata.generation = generation;
    return fluxStatus(o);
  };
  it("spec.suspend → Suspended, even when Ready (and Flux still counts it as a ready dependency)", () => {
    expect(s({ conditions: [ready("True")] }, { suspend: true })).toEqual({ health: "Suspended", text: "Suspended", dependencyReady: true });
    expect(s(undefined, { suspend: true })).toEqual({ health: "Suspended", text: "Suspended" });
  });
  it("Stalled True → Degraded", () => {
    expect(s({ conditions: [ready("False", "BuildFailed", "x"), { type: "Stalled", status: "True", reason: "BuildFailed", message: "kustomize build failed" }] })).toEqual({
      health: "Degraded",
      text: "Stalled: BuildFailed · kustomize build failed",
    });
  });
  it("Ready False → Degraded with reason and message", () => {
    expect(s({ conditions: [ready("False", "InstallFailed", "Helm install failed: timed out")] })).toEqual({ health: "Degraded", text: "InstallFailed: Helm install failed: timed out" });
  });
  it("Ready False because a dependency is not ready → Progressing (waiting, not failing)", () => {
    expect(s({ conditions: [ready("False", "DependencyNotReady", "dependency 'f/infra' is not ready")] })).toEqual({ health: "Progressing", text: "dependency 'f/infra' is not ready" });
  });
  it("Reconciling True → Progressing", () => {
    expect(s({ conditions: [ready("True"), { type: "Reconciling", status: "True", reason: "Progressing", message: "Running health checks" }] })).toEqual({
      health: "Progressing",
      text: "Reconciling: Running health checks",
      dependencyReady: true, // Flux reads Ready alone
    });
  });
  it("Ready Unknown → Progressing", () => {
    expect(s({ conditions: [ready("Unknown", "Progressing", "Reconciliation in progress")] })).toEqual({ health: "Progressing", text: "Progressing: Reconciliation in progress" });
  });
  it("Ready True → Healthy with the controller's message; stale observedGeneration → Progressing", () => {
    expect(s({ observedGeneration: 2, conditions: [ready("True", "ReconciliationSucceeded", "Applied revision: main@sha1:1234")] }, {}, 2)).toEqual({
      health: "Healthy",
      text: "Applied revision: main@sha1:1234",
      dependencyReady: true,
    });
    expect(s({ observedGeneration: 1, conditions: [ready("True", "ReconciliationSucceeded", "Applied")] }, {}, 2)).toEqual({ health: "Progressing", text: "Spec not yet observed" });
  });
  it("no status (not reconciled, or no Flux controller) → Progressing, Not reconciled yet", () => {
    expect(s(undefined)).toEqual({ health: "Progressing", text: "Not reconciled yet" });
    expect(s({ conditions: "junk" as never })).toEqual({ health: "Progressing", text: "Not reconciled yet" });
  });
  it("a deleting Flux object is Terminating (the common row)", () => {
    const o = ks("infra", "f", undefined, { conditions: [ready("True")] });
    o.metadata.deletionTimestamp = "2026-11-28T11:00:00Z";
    const v = build([o, ks("apps", "f", [{ name: "infra" }])]);
    expect(node(v, "Kustomization/f/infra")).toMatchObject({ health: "Progressing", status: "Terminating" });
  });
});

describe("examples/flux (the offline app)", () => {
  it("loads without problems and shows both dependsOn edges with the failing HelmRelease holding its dependent", () => {
    const loaded = loadManifests(path.resolve(__dirname, "../../examples/flux"));
    expect(loaded.problems).toEqual([]);
    const v = build(loaded.objects);
    expect(edges(v).sort()).toEqual([
      "HelmRelease/web/podinfo → HelmRelease/cache/redis: Flux dependsOn",
      "Kustomization/flux-system/apps → Kustomization/flux-system/infrastructure: Flux dependsOn",
    ]);
    expect(node(v, "HelmRelease/cache/redis")?.health).toBe("Degraded");
    expect(node(v, "HelmRelease/web/podinfo")).toMatchObject({ health: "Blocked", ownHealth: "Progressing", status: "Blocked by HelmRelease/redis (Degraded)", ownStatus: "dependency 'cache/redis' is not ready" });
    expect(v.chains.map((c) => c.health).sort()).toEqual(["Degraded", "Healthy"]);
    expect(v.diagnostics.map((d) => [d.code, d.nodes])).toEqual([["failed-upstream", ["HelmRelease/cache/redis", "HelmRelease/web/podinfo"]]]);
  });
});

// Error diagnostics roll into node and chain health: a deadlock, a missing target, a missing
// permission or a failed upstream never looks like normal progress.
import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { KubeObject } from "@/lib/store/types";
import type { CanI } from "./diagnostics";
import { ChainsEngine, chainsInNamespace, type ChainsView } from "./index";
import { canIFromRbac } from "./rbac";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const ROOT = path.resolve(__dirname, "../..");
const allow: CanI = () => true;

function loadDir(dir: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => /\.ya?ml$/.test(x)).sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, f), "utf8"))) {
      const o = doc.toJS() as KubeObject | null;
      if (!o?.kind) continue;
      if (!["Namespace", "ClusterRole", "ClusterRoleBinding"].includes(o.kind)) o.metadata.namespace ??= "default";
      out.push(o);
    }
  }
  return out;
}
const build = (objs: KubeObject[], canI: CanI = canIFromRbac): ChainsView => new ChainsEngine().build(snapshotFromObjects(objs), { now: NOW, canI });
const node = (v: ChainsView, id: string) => v.nodes.find((n) => n.id === id);

const deploy = (name: string, ns: string, init?: object, status?: object): KubeObject => ({
  kind: "Deployment",
  metadata: { name, namespace: ns, generation: 1 },
  spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { ...(init ? { initContainers: [{ name: "wait", ...init }] } : {}), containers: [{ name: "app", image: "app" }] } } },
  ...(status ? { status } : {}),
});
const job = (name: string, ns: string, status?: object): KubeObject => ({ kind: "Job", metadata: { name, namespace: ns, generation: 1 }, spec: { template: { spec: { containers: [{ name: "m" }] } } }, ...(status ? { status } : {}) });
const waitJob = (target: string) => ({ image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ["job-wr", target] });
const available = { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 };

describe("the platform example: what the page showed as Progressing", () => {
  const v = build(loadDir(path.join(ROOT, "examples/platform")));

  it("the legacy deadlock is Blocked, node and chain, with its own status kept", () => {
    for (const id of ["Deployment/legacy/legacy-auth", "Deployment/legacy/legacy-sessions"]) {
      expect(node(v, id)).toMatchObject({ health: "Blocked", ownHealth: "Progressing", status: "Deadlock: 4 objects wait for each other" });
      expect(node(v, id)?.ownStatus).toMatch(/updated/);
    }
    expect(chainsInNamespace(v, "legacy").chains.map((c) => c.health)).toEqual(["Blocked"]);
  });
  it("the waiter whose ServiceAccount may not get jobs is Degraded", () => {
    expect(node(v, "Deployment/analytics/analytics-backfill")).toMatchObject({
      health: "Degraded",
      ownHealth: "Progressing",
      status: "Wait forbidden for ServiceAccount analytics/analytics-backfill",
    });
    const chain = v.chains.find((c) => c.nodes.includes("Deployment/analytics/analytics-backfill"))!;
    expect(chain.health).toBe("Degraded");
  });
  it("no node an error holds, and no chain with an error, is Progressing; chains with errors come first", () => {
    const errorNodes = new Set(v.diagnostics.filter((d) => d.severity === "error").flatMap((d) => d.nodes));
    expect(errorNodes.size).toBeGreaterThan(0);
    const withError = v.chains.filter((c) => c.nodes.some((id) => errorNodes.has(id)));
    for (const c of withError) expect(c.health, c.id).not.toBe("Progressing");
    const firstClean = v.chains.findIndex((c) => !withError.includes(c));
    if (firstClean >= 0) expect(v.chains.slice(firstClean).some((c) => withError.includes(c))).toBe(false);
  });
});

describe("rollup by diagnostic", () => {
  it("missing target: the waiter is Blocked, the missing object stays Missing", () => {
    const v = build(loadDir(path.join(ROOT, "examples/go-todo")));
    expect(node(v, "Deployment/go-todo/go-todo-deployment")).toMatchObject({ health: "Blocked", status: "Waits for Job/go-todo-pre-deploy, which does not exist" });
    expect(node(v, "Job/go-todo/go-todo-pre-deploy")).toMatchObject({ health: "Missing" });
    expect(v.chains.find((c) => c.nodes.includes("Job/go-todo/go-todo-pre-deploy"))?.health).toBe("Blocked");
  });
  it("a selector that matches nothing: the waiter is Blocked", () => {
    const v = build([deploy("api", "app", { image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ["pod-wr", "-l", "app in (db)"] })], allow);
    expect(node(v, "Deployment/app/api")).toMatchObject({ health: "Blocked", status: "Waits for objects its selector matches, and there are none" });
  });
  it("failed upstream: the waiter is Blocked and says by what", () => {
    const failed = job("migrate", "app", { failed: 2, conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded" }] });
    const v = build([deploy("api", "app", waitJob("migrate")), failed], allow);
    expect(node(v, "Deployment/app/api")).toMatchObject({ health: "Blocked", ownHealth: "Progressing", status: "Blocked by Job/migrate (Degraded)" });
    expect(v.chains[0].health).toBe("Degraded");
  });
  it("an invalid selector: the waiter's own wait fails, Degraded", () => {
    const v = build([deploy("api", "app", { image: "bitnami/kubectl", args: ["wait", "--for=condition=ready", "pod", "-l", "app in db"] })], allow);
    expect(node(v, "Deployment/app/api")).toMatchObject({ health: "Degraded", status: "Wait has an invalid label selector" });
  });
  it("a finished (Healthy) waiter keeps its health: the error bites on its next start", () => {
    const v = build([deploy("api", "app", waitJob("migrate"), available), job("migrate", "app", { succeeded: 1, conditions: [{ type: "Complete", status: "True" }] })], () => false);
    expect(v.diagnostics.map((d) => d.code)).toEqual(["missing-permission"]);
    expect(node(v, "Deployment/app/api")).toMatchObject({ health: "Healthy" });
    expect(node(v, "Deployment/app/api")).not.toHaveProperty("ownHealth");
  });
  it("warnings hold nothing", () => {
    const v = build([deploy("api", "app", { ...waitJob("migrate"), image: "groundnuty/k8s-wait-for:v1.5.1" }), job("migrate", "app")], allow);
    expect(v.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(["warning outdated-waiter"]);
    expect(node(v, "Deployment/app/api")).toMatchObject({ health: "Progressing" });
    expect(node(v, "Deployment/app/api")?.status).toMatch(/^Blocked by Job\/migrate \(Progressing\)$/);
  });
});

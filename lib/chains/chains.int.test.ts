// Chains against the real local control plane: the job controller, the scheduler and kwok
// move the go-todo objects; a live store (list+watch) feeds the pure engine.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyYaml, kubectl, testKubeconfig, waitFor } from "@/cluster/testing";
import { resolveClusterConfig } from "@/lib/source/kubeconfig";
import { LiveSource } from "@/lib/source/live";
import { SnapshotStore } from "@/lib/store/store";
import { ChainsEngine, type ChainsView } from "./index";
import { canIFromRbac } from "./rbac";

const suffix = crypto.randomBytes(3).toString("hex");
const todoNs = `chains-todo-${suffix}`;
const permNs = `chains-perm-${suffix}`;
let store: SnapshotStore;
let source: LiveSource;
const engine = new ChainsEngine();
const view = (): ChainsView => engine.build(store.snapshot(), { now: Date.now(), canI: canIFromRbac });

/** The go-todo example as published, moved into namespace `ns` (the Job too, as `-n` would). */
function goTodoIn(ns: string): string {
  const dir = path.resolve(__dirname, "../../examples/go-todo");
  const docs: string[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".yaml")).sort()) {
    for (const d of parseAllDocuments(fs.readFileSync(path.join(dir, f), "utf8"))) {
      const o = d.toJS() as { kind?: string; metadata: { name: string; namespace?: string }; subjects?: { namespace?: string }[] } | null;
      if (!o?.kind) continue;
      if (o.kind === "Namespace") o.metadata.name = ns;
      else o.metadata.namespace = ns;
      for (const s of o.subjects ?? []) if (s.namespace) s.namespace = ns;
      docs.push(JSON.stringify(o));
    }
  }
  // Namespace first
  docs.sort((a, b) => Number(!a.includes('"kind":"Namespace"')) - Number(!b.includes('"kind":"Namespace"')));
  return docs.join("\n---\n");
}

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
  await kubectl(["delete", "namespace", todoNs, permNs, "--wait=false", "--ignore-not-found"]);
});

describe("go-todo on a real control plane", () => {
  it("the Job goes Progressing → Complete and the Deployment turns Healthy", async () => {
    const jobId = `Job/${todoNs}/go-todo-pre-deploy`;
    const depId = `Deployment/${todoNs}/go-todo-deployment`;
    const seen: string[] = [];
    const record = () => {
      const v = view();
      const j = v.nodes.find((n) => n.id === jobId);
      const d = v.nodes.find((n) => n.id === depId);
      const s = j ? `${j.health}:${j.status.split(":")[0].split(" ")[0]}` : "";
      if (s && seen[seen.length - 1] !== s) seen.push(s);
      return { v, j, d };
    };
    const unsubscribe = store.subscribe(() => record());
    try {
      await applyYaml(goTodoIn(todoNs));
      const { v } = await waitFor(() => {
        const r = record();
        return r.j?.health === "Healthy" && r.d?.health === "Healthy" ? r : undefined;
      }, 90_000, 20);
      // The job controller and kwok took it through Progressing before Complete (the
      // Deployment may reach the store first: the Job is "Missing" until its watch event).
      const firstProgressing = seen.findIndex((x) => x.startsWith("Progressing"));
      const complete = seen.indexOf("Healthy:Complete");
      expect(firstProgressing, seen.join(" → ")).toBeGreaterThanOrEqual(0);
      expect(complete, seen.join(" → ")).toBeGreaterThan(firstProgressing);
      expect(seen.slice(0, firstProgressing).every((x) => x.startsWith("Missing")), seen.join(" → ")).toBe(true);
      console.info(`go-todo Job as seen by the chains: ${seen.join(" → ")}`);
      const edge = v.edges.find((e) => e.from === depId);
      expect(edge).toMatchObject({ to: jobId, type: "waits-for", mechanism: "k8s-wait-for job", container: "wait-for-pre-deploy" });
      expect(v.nodes.find((n) => n.id === jobId)?.status).toMatch(/^Complete 1\/1/);
      const dep = v.nodes.find((n) => n.id === depId)!;
      expect(dep.status).toBe("1/1 available");
      expect(dep.pods?.[0]).toMatchObject({ health: "Healthy" });
      // go-todo-sa may read jobs through Role pod-reader: no permission problem.
      expect(v.diagnostics.filter((d) => d.nodes.includes(depId)).map((d) => d.code)).toEqual([]);
    } finally {
      unsubscribe();
    }
  });
});

describe("missing-permission against the real RBAC objects", () => {
  it("appears for a waiter whose SA cannot read jobs, and clears within 2 s of applying the suggested fix", async () => {
    await applyYaml(`apiVersion: v1
kind: Namespace
metadata:
  name: ${permNs}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: waiter
  namespace: ${permNs}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: seed
  namespace: ${permNs}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: seed
          image: seed:1
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ${permNs}
spec:
  replicas: 1
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      serviceAccountName: waiter
      initContainers:
        - name: wait-for-seed
          image: bitnami/kubectl:1.34
          args: ["wait", "--for=condition=complete", "job/seed", "--timeout=300s"]
      containers:
        - name: api
          image: api:1
`);
    const waiterId = `Deployment/${permNs}/api`;
    const diag = await waitFor(() => view().diagnostics.find((d) => d.code === "missing-permission" && d.nodes.includes(waiterId)), 30_000, 20);
    expect(diag.message).toContain(`ServiceAccount ${permNs}/waiter cannot get jobs (seed), list jobs, watch jobs in namespace ${permNs}`);
    expect(diag.serviceAccount).toEqual({ namespace: permNs, name: "waiter" });
    // The real authorizer agrees before the fix…
    const before = await kubectl(["auth", "can-i", "watch", "jobs", "-n", permNs, `--as=system:serviceaccount:${permNs}:waiter`]);
    expect(before.stdout.trim()).toBe("no");

    await applyYaml(diag.fix!);
    const t0 = Date.now();
    await waitFor(() => !view().diagnostics.some((d) => d.code === "missing-permission" && d.nodes.includes(waiterId)), 2_000, 10);
    const ms = Date.now() - t0;
    expect(ms).toBeLessThan(2_000);
    console.info(`missing-permission cleared ${ms} ms after applying the suggested fix`);
    // …and after it.
    for (const verb of ["get", "list", "watch"]) {
      const after = await kubectl(["auth", "can-i", verb, verb === "get" ? "jobs/seed" : "jobs", "-n", permNs, `--as=system:serviceaccount:${permNs}:waiter`]);
      expect(after.stdout.trim(), verb).toBe("yes");
    }
  });
});

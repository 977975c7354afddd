// Broken manifests (no spec, null containers, non-string args, odd env and selectors) must
// never make the chains engine throw: one bad object would otherwise fail the whole page.
import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { KubeObject } from "@/lib/store/types";
import { ChainsEngine, chainOf, chainsInNamespace } from "./index";
import { canIFromRbac } from "./rbac";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const meta = (name: string, extra: object = {}) => ({ name, namespace: "app", ...extra });
const tpl = (spec: unknown) => ({ template: { metadata: { labels: { app: "x" } }, spec } });

const broken = [
  { kind: "Pod", metadata: meta("no-spec") },
  { kind: "Pod", metadata: meta("null-spec"), spec: null, status: null },
  { kind: "Deployment", metadata: meta("no-spec") },
  { kind: "Deployment", metadata: meta("null-template"), spec: { template: null } },
  { kind: "StatefulSet", metadata: meta("null-containers"), spec: tpl({ initContainers: null, containers: null }) },
  { kind: "DaemonSet", metadata: meta("null-entries"), spec: tpl({ initContainers: [null, {}], containers: [null] }) },
  { kind: "Job", metadata: meta("numbers"), spec: tpl({ initContainers: [{ name: "w", image: "busybox", command: ["nc", "-z", "db", 5432], args: [true, null, { x: 1 }] }], containers: [{ name: "m" }] }) },
  { kind: "Job", metadata: meta("string-command"), spec: tpl({ initContainers: [{ name: "w", image: "busybox", command: "sh -c 'until nc -z db 5432; do sleep 1; done'", args: "x" }] }) },
  { kind: "Job", metadata: meta("shell-numbers"), spec: tpl({ initContainers: [{ name: "w", image: "busybox", command: ["sh", "-c", 42] }, { name: "v", image: "busybox", command: ["sh", "-c"] }] }) },
  { kind: "Job", metadata: meta("odd-env"), spec: tpl({ initContainers: [{ name: "w", image: "busybox", env: [null, { name: "A", value: 5432 }, { name: "B", valueFrom: null }, { value: "x" }], command: ["sh", "-c", "until nc -z db $(A); do sleep 1; done"] }] }) },
  { kind: "Job", metadata: meta("env-object"), spec: tpl({ initContainers: [{ name: "w", image: "busybox", env: { A: "b" }, command: ["nc", "-z", "db", "1"] }] }) },
  { kind: "Job", metadata: meta("kwf-no-target"), spec: tpl({ initContainers: [{ name: "w", image: "groundnuty/k8s-wait-for:v1.0", args: ["job"] }, { name: "v", image: "bitnami/kubectl", args: ["wait", "--for"] }] }) },
  { kind: "CronJob", metadata: meta("no-job-template"), spec: {} },
  { kind: "CronJob", metadata: meta("null-job-spec"), spec: { jobTemplate: { spec: null } } },
  { kind: "Service", metadata: meta("db"), spec: { selector: "app=x" } },
  { kind: "Service", metadata: meta("null-spec"), spec: null },
  { kind: "ReplicaSet", metadata: meta("owned", { ownerReferences: [null, { kind: "Deployment" }] }), spec: tpl({ containers: [] }) },
  { kind: "Pod", metadata: meta("odd-status", { labels: { app: "x" } }), spec: { containers: [] }, status: { phase: "Running", conditions: null, containerStatuses: [null], initContainerStatuses: null } },
  { kind: "Job", metadata: meta("odd-status"), spec: tpl({ containers: [] }), status: { conditions: [null, { type: "Failed" }] } },
  { kind: "Job", metadata: meta("annotated", { annotations: { "helm.sh/hook": "pre-install", "helm.sh/hook-weight": "x" } }), spec: tpl({ containers: [] }) },
  { kind: "Job", metadata: meta("annotated-2", { annotations: { "helm.sh/hook": 5, "argocd.argoproj.io/sync-wave": null } }), spec: tpl({ containers: [] }) },
  // (labels and annotations that are not maps of strings are refused by the manifests loader)
  { kind: "Job", metadata: meta("odd-owners", { ownerReferences: "x" }), spec: tpl({ containers: [] }) },
  { kind: "Pod", metadata: meta("odd-owners", { ownerReferences: { kind: "Job" } }), spec: { containers: [] } },
  { kind: "Deployment", metadata: meta("ok"), spec: tpl({ initContainers: [{ name: "w", image: "busybox", command: ["sh", "-c", "until nc -z db 5432; do sleep 1; done"] }], containers: [{ name: "a" }] }) },
] as unknown as KubeObject[];

describe("broken objects", () => {
  it("every object alone builds without throwing", () => {
    for (const o of broken) {
      expect(() => new ChainsEngine().build(snapshotFromObjects([o]), { now: NOW, canI: canIFromRbac }), `${o.kind}/${o.metadata.name}`).not.toThrow();
    }
  });

  it("all together still give the good chain, and its filters answer", () => {
    const view = new ChainsEngine().build(snapshotFromObjects(broken), { now: NOW, canI: canIFromRbac });
    expect(view.edges).toContainEqual(expect.objectContaining({ from: "Deployment/app/ok", to: "Service/app/db" }));
    expect(() => JSON.stringify(chainsInNamespace(view, "app"))).not.toThrow();
    expect(chainOf(view, "Deployment/app/ok")?.nodes.length).toBeGreaterThan(0);
  });
});

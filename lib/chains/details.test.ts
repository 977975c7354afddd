// The node panel's details: conditions and init-container states, alone and as the engine
// puts them on a chain's nodes.
import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "@/lib/store/types";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { conditionsOf, initContainerStates } from "./details";
import { ChainsEngine } from "./index";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const WAIT = { image: "groundnuty/k8s-wait-for:v2.0", args: ["job", "migrate"] };

describe("conditionsOf", () => {
  it("keeps type, status, reason, message and since; none without conditions", () => {
    const o = { kind: "Deployment", metadata: { name: "a" }, status: { conditions: [{ type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability.", lastTransitionTime: "2026-11-28T11:00:00Z" }, { type: "Progressing", status: "True" }] } } as KubeObject;
    expect(conditionsOf(o)).toEqual([
      { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability.", since: "2026-11-28T11:00:00Z" },
      { type: "Progressing", status: "True" },
    ]);
    expect(conditionsOf({ kind: "Service", metadata: { name: "s" } } as KubeObject)).toBeUndefined();
    expect(conditionsOf(undefined)).toBeUndefined();
  });
  it("cuts a long message", () => {
    const o = { kind: "HelmRelease", metadata: { name: "h" }, status: { conditions: [{ type: "Ready", status: "False", message: "x".repeat(5000) }] } } as KubeObject;
    const [c] = conditionsOf(o)!;
    expect(c.message!.length).toBe(300);
    expect(c.message!.endsWith("…")).toBe(true);
  });
});

describe("initContainerStates", () => {
  const pod = (status: Pod["status"]): Pod => ({
    kind: "Pod",
    metadata: { name: "api-1", namespace: "app" },
    spec: { initContainers: [{ name: "wait-for-migration", ...WAIT }, { name: "seed" }], containers: [{ name: "api" }] },
    status,
  });
  it("in spec order, with reason and exit code; not reported yet is waiting; never the kubelet's message", () => {
    const states = initContainerStates(
      pod({
        initContainerStatuses: [
          { name: "seed", ready: false, restartCount: 0, state: { waiting: { reason: "PodInitializing" } } },
          { name: "wait-for-migration", ready: false, restartCount: 3, state: { terminated: { exitCode: 1, reason: "Error", message: "token=abc" } } },
        ],
      }),
    );
    expect(states).toEqual([
      { name: "wait-for-migration", state: "terminated", exitCode: 1, reason: "Error", ready: false, restarts: 3 },
      { name: "seed", state: "waiting", reason: "PodInitializing", ready: false, restarts: 0 },
    ]);
    expect(JSON.stringify(states)).not.toContain("token");
    expect(initContainerStates(pod(undefined))).toEqual([
      { name: "wait-for-migration", state: "waiting", ready: false, restarts: 0 },
      { name: "seed", state: "waiting", ready: false, restarts: 0 },
    ]);
    expect(initContainerStates({ ...pod(undefined), spec: { containers: [{ name: "api" }] } })).toBeUndefined();
  });
});

describe("the engine puts them on the nodes", () => {
  it("a Deployment's conditions and its pods' init containers; a Job's conditions", () => {
    const deploy: KubeObject = {
      kind: "Deployment",
      metadata: { name: "api", namespace: "app", uid: "d1", generation: 1 },
      spec: { selector: { matchLabels: { app: "api" } }, template: { metadata: { labels: { app: "api" } }, spec: { containers: [{ name: "api" }], initContainers: [{ name: "wait-for-migration", ...WAIT }] } } },
      status: { observedGeneration: 1, replicas: 1, conditions: [{ type: "Available", status: "False", reason: "MinimumReplicasUnavailable" }] },
    } as KubeObject;
    const rs: KubeObject = { kind: "ReplicaSet", metadata: { name: "api-5f", namespace: "app", uid: "r1", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "api", uid: "d1", controller: true }] }, spec: { template: { spec: { containers: [] } } } } as KubeObject;
    const pod: KubeObject = {
      kind: "Pod",
      metadata: { name: "api-5f-x", namespace: "app", uid: "p1", labels: { app: "api" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "api-5f", uid: "r1", controller: true }] },
      spec: { initContainers: [{ name: "wait-for-migration", ...WAIT }], containers: [{ name: "api" }] },
      status: { phase: "Pending", initContainerStatuses: [{ name: "wait-for-migration", ready: false, restartCount: 0, state: { running: {} } }] },
    } as KubeObject;
    const job: KubeObject = { kind: "Job", metadata: { name: "migrate", namespace: "app", uid: "j1" }, spec: { template: { spec: { containers: [{ name: "m" }] } } }, status: { active: 1, conditions: [{ type: "Suspended", status: "False" }] } } as KubeObject;
    const view = new ChainsEngine().build(snapshotFromObjects([deploy, rs, pod, job]), { now: NOW });
    const d = view.nodes.find((n) => n.id === "Deployment/app/api")!;
    expect(d.conditions).toEqual([{ type: "Available", status: "False", reason: "MinimumReplicasUnavailable" }]);
    expect(d.pods?.[0]).toMatchObject({ name: "api-5f-x", initContainers: [{ name: "wait-for-migration", state: "running", ready: false, restarts: 0 }] });
    expect(view.nodes.find((n) => n.id === "Job/app/migrate")!.conditions).toEqual([{ type: "Suspended", status: "False" }]);
  });
});

// One test per status rule of status.ts.
import { describe, expect, it } from "vitest";
import type { Job, Pod, Snapshot, Workload, KubeObject } from "@/lib/store/types";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { ChainsEngine } from "./index";
import { daemonSetStatus, deploymentStatus, jobStatus, podStatus, replicaSetStatus, statefulSetStatus } from "./status";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();
const T = (type: string, extra: object = {}) => ({ type, status: "True", ...extra });

const job = (status: Job["status"], spec: Partial<Job["spec"]> = {}): Job => ({
  kind: "Job",
  metadata: { name: "migrate", namespace: "app" },
  spec: { template: { spec: { containers: [{ name: "m" }] } }, ...spec },
  status,
});
const pod = (status: Pod["status"], spec: Partial<Pod["spec"]> = {}, meta: object = {}): Pod => ({
  kind: "Pod",
  metadata: { name: "api-1", namespace: "app", creationTimestamp: ago(600), ...meta },
  spec: { containers: [{ name: "api" }, { name: "side" }], ...spec },
  status,
});
const wl = (kind: Workload["kind"], spec: Partial<Workload["spec"]>, status: Workload["status"], generation = 1): Workload => ({
  kind,
  metadata: { name: "w", namespace: "app", generation },
  spec: { template: { spec: { containers: [{ name: "c" }] } }, ...spec },
  status,
});
const running = (ready: boolean, restartCount = 0) => ({ name: "api", ready, restartCount, state: { running: {} } });

describe("any kind", () => {
  it("referenced, not found → Missing, Not found", () => {
    const waiter: KubeObject = {
      kind: "Deployment",
      metadata: { name: "api", namespace: "app", uid: "u1", generation: 1 },
      spec: { template: { spec: { containers: [], initContainers: [{ name: "w", image: "groundnuty/k8s-wait-for:v2.0", args: ["job", "nope"] }] } } },
    };
    const view = new ChainsEngine().build(snapshotFromObjects([waiter]), { now: NOW });
    expect(view.nodes.find((n) => n.id === "Job/app/nope")).toMatchObject({ health: "Missing", status: "Not found" });
  });
  it("deletionTimestamp set → Progressing, Terminating", () => {
    const j = job({ conditions: [T("Complete")] });
    j.metadata.deletionTimestamp = ago(1);
    const w: KubeObject = {
      kind: "Deployment",
      metadata: { name: "api", namespace: "app", generation: 1 },
      spec: { template: { spec: { containers: [], initContainers: [{ name: "w", image: "groundnuty/k8s-wait-for:v2.0", args: ["job", "migrate"] }] } } },
    };
    const view = new ChainsEngine().build(snapshotFromObjects([w, j]) as Snapshot, { now: NOW });
    expect(view.nodes.find((n) => n.id === "Job/app/migrate")).toMatchObject({ health: "Progressing", status: "Terminating" });
  });
});

describe("Job", () => {
  it("Failed → Degraded, Failed: reason", () => {
    expect(jobStatus(job({ failed: 2, conditions: [T("FailureTarget"), T("Failed", { reason: "BackoffLimitExceeded" })] }))).toEqual({ health: "Degraded", text: "Failed: BackoffLimitExceeded" });
  });
  it("FailureTarget → Degraded, Failing, pods stopping", () => {
    expect(jobStatus(job({ conditions: [T("FailureTarget")] }))).toEqual({ health: "Degraded", text: "Failing, pods stopping" });
  });
  it("Complete → Healthy, Complete s/c in duration", () => {
    expect(jobStatus(job({ succeeded: 1, startTime: ago(65), completionTime: ago(2), conditions: [T("SuccessCriteriaMet"), T("Complete")] }))).toEqual({ health: "Healthy", text: "Complete 1/1 in 1m3s" });
  });
  it("SuccessCriteriaMet → Progressing, Succeeded, pods terminating", () => {
    expect(jobStatus(job({ succeeded: 1, conditions: [T("SuccessCriteriaMet")] }))).toEqual({ health: "Progressing", text: "Succeeded, pods terminating" });
  });
  it("Suspended → Suspended", () => {
    expect(jobStatus(job({ conditions: [T("Suspended")] }, { suspend: true }))).toEqual({ health: "Suspended", text: "Suspended" });
  });
  it("otherwise → Progressing with active / ready / succeeded of completions / failed", () => {
    expect(jobStatus(job({ active: 1, ready: 0, failed: 1, conditions: [{ type: "Complete", status: "False" }] }, { completions: 3 }))).toEqual({
      health: "Progressing",
      text: "Running: 1 active, 0 ready, 0/3 succeeded, 1 failed",
    });
  });
});

describe("Pod", () => {
  it("phase Succeeded → Healthy, Completed", () => {
    expect(podStatus(pod({ phase: "Succeeded" }), NOW)).toEqual({ health: "Healthy", text: "Completed" });
  });
  it("phase Failed → Degraded, message / OOMKilled / exit code", () => {
    expect(podStatus(pod({ phase: "Failed", message: "migration failed: table exists" }), NOW).text).toBe("migration failed: table exists");
    expect(podStatus(pod({ phase: "Failed", containerStatuses: [{ name: "api", ready: false, restartCount: 0, state: { terminated: { exitCode: 137, reason: "OOMKilled" } } }] }), NOW)).toEqual({ health: "Degraded", text: "OOMKilled" });
    expect(podStatus(pod({ phase: "Failed", containerStatuses: [{ name: "api", ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } }] }), NOW).text).toBe("exit code 3");
  });
  it("init container terminated non-zero or waiting in …BackOff → Degraded, Init:reason", () => {
    const spec = { initContainers: [{ name: "wait" }] };
    expect(podStatus(pod({ phase: "Pending", initContainerStatuses: [{ name: "wait", ready: false, restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } } }] }, spec), NOW)).toEqual({ health: "Degraded", text: "Init:CrashLoopBackOff" });
    expect(podStatus(pod({ phase: "Pending", initContainerStatuses: [{ name: "wait", ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: "Error" } } }] }, spec), NOW)).toEqual({ health: "Degraded", text: "Init:Error" });
    expect(podStatus(pod({ phase: "Pending", initContainerStatuses: [{ name: "wait", ready: false, restartCount: 0, state: { waiting: { reason: "ErrImagePull" } } }] }, spec), NOW).text).toBe("Init:ErrImagePull");
  });
  it("init containers not done → Progressing, Init:i/n (waiting on container)", () => {
    const spec = { initContainers: [{ name: "a" }, { name: "wait" }] };
    const st = { phase: "Pending", initContainerStatuses: [
      { name: "a", ready: true, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } },
      { name: "wait", ready: false, restartCount: 0, state: { running: {} } },
    ] };
    expect(podStatus(pod(st, spec), NOW)).toEqual({ health: "Progressing", text: "Init:1/2 (wait)" });
  });
  it("a container waiting with …BackOff (restartPolicy Always) → Degraded, reason", () => {
    expect(podStatus(pod({ phase: "Running", containerStatuses: [{ name: "api", ready: false, restartCount: 4, state: { waiting: { reason: "CrashLoopBackOff" } } }] }), NOW)).toEqual({ health: "Degraded", text: "CrashLoopBackOff" });
  });
  it("Unschedulable for more than 15 s → Degraded, Unschedulable (not before)", () => {
    const st = (s: number) => ({ phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", lastTransitionTime: ago(s) }] });
    expect(podStatus(pod(st(20)), NOW)).toEqual({ health: "Degraded", text: "Unschedulable" });
    expect(podStatus(pod(st(5)), NOW).health).toBe("Progressing");
  });
  it("Running and Ready → Healthy, Running r/t", () => {
    expect(podStatus(pod({ phase: "Running", conditions: [T("Ready")], containerStatuses: [running(true), { ...running(true), name: "side" }] }), NOW)).toEqual({ health: "Healthy", text: "Running 2/2" });
  });
  it("Running, not Ready, has restarted → Degraded, Restarting (n)", () => {
    expect(podStatus(pod({ phase: "Running", conditions: [{ type: "Ready", status: "False" }], containerStatuses: [running(false, 3)] }), NOW)).toEqual({ health: "Degraded", text: "Restarting (3)" });
  });
  it("otherwise → Progressing, phase or waiting reason", () => {
    expect(podStatus(pod({ phase: "Pending" }), NOW)).toEqual({ health: "Progressing", text: "Pending" });
    expect(podStatus(pod({ phase: "Pending", containerStatuses: [{ name: "api", ready: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating" } } }] }), NOW).text).toBe("ContainerCreating");
  });
});

describe("Deployment", () => {
  const ok = { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 2 };
  it("spec.paused → Suspended, Paused", () => {
    expect(deploymentStatus(wl("Deployment", { replicas: 2, paused: true }, ok))).toEqual({ health: "Suspended", text: "Paused" });
  });
  it("generation > observedGeneration → Progressing, Spec not yet observed", () => {
    expect(deploymentStatus(wl("Deployment", { replicas: 2 }, ok, 2))).toEqual({ health: "Progressing", text: "Spec not yet observed" });
  });
  it("ProgressDeadlineExceeded → Degraded", () => {
    expect(deploymentStatus(wl("Deployment", { replicas: 2 }, { ...ok, availableReplicas: 0, conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }] }))).toEqual({ health: "Degraded", text: "Progress deadline exceeded" });
  });
  it("updated < desired, replicas > updated, or available < updated → Progressing, counts", () => {
    expect(deploymentStatus(wl("Deployment", { replicas: 2 }, { ...ok, updatedReplicas: 1, replicas: 3 }))).toEqual({ health: "Progressing", text: "1/2 updated, 2 available, 2 old" });
    expect(deploymentStatus(wl("Deployment", { replicas: 2 }, { ...ok, availableReplicas: 1 })).health).toBe("Progressing");
  });
  it("otherwise → Healthy, available/desired", () => {
    expect(deploymentStatus(wl("Deployment", { replicas: 2 }, ok))).toEqual({ health: "Healthy", text: "2/2 available" });
  });
});

describe("StatefulSet, DaemonSet, ReplicaSet", () => {
  it("StatefulSet: stale generation, ready < replicas, partition not rolled, revision rolling → Progressing", () => {
    const st = { observedGeneration: 1, replicas: 3, readyReplicas: 3, updatedReplicas: 3, currentRevision: "a", updateRevision: "a" };
    expect(statefulSetStatus(wl("StatefulSet", { replicas: 3 }, st, 2), [], NOW).text).toBe("Spec not yet observed");
    expect(statefulSetStatus(wl("StatefulSet", { replicas: 3 }, { ...st, readyReplicas: 2 }), [], NOW).health).toBe("Progressing");
    expect(statefulSetStatus(wl("StatefulSet", { replicas: 3, updateStrategy: { rollingUpdate: { partition: 1 } } }, { ...st, updatedReplicas: 1 }), [], NOW).health).toBe("Progressing");
    expect(statefulSetStatus(wl("StatefulSet", { replicas: 3 }, { ...st, updateRevision: "b" }), [], NOW).health).toBe("Progressing");
    expect(statefulSetStatus(wl("StatefulSet", { replicas: 3 }, st), [], NOW)).toEqual({ health: "Healthy", text: "3/3 ready" });
  });
  it("DaemonSet: stale generation, updated or available < desired → Progressing", () => {
    const st = { observedGeneration: 1, desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2 };
    expect(daemonSetStatus(wl("DaemonSet", {}, st, 2), [], NOW).health).toBe("Progressing");
    expect(daemonSetStatus(wl("DaemonSet", {}, { ...st, numberAvailable: 1 }), [], NOW)).toEqual({ health: "Progressing", text: "1/2 available, 2 updated" });
    expect(daemonSetStatus(wl("DaemonSet", {}, st), [], NOW).health).toBe("Healthy");
  });
  it("StatefulSet, DaemonSet: a pod Degraded for minutes → Degraded, Pod name: reason", () => {
    const bad = pod({ phase: "Running", containerStatuses: [{ name: "api", ready: false, restartCount: 5, state: { waiting: { reason: "CrashLoopBackOff" } } }] }, {}, { name: "db-0", creationTimestamp: ago(600) });
    const fresh = pod(bad.status, {}, { name: "db-0", creationTimestamp: ago(30) });
    const st = { observedGeneration: 1, replicas: 1, readyReplicas: 0, updatedReplicas: 1 };
    expect(statefulSetStatus(wl("StatefulSet", { replicas: 1 }, st), [bad], NOW)).toEqual({ health: "Degraded", text: "Pod db-0: CrashLoopBackOff" });
    expect(statefulSetStatus(wl("StatefulSet", { replicas: 1 }, st), [fresh], NOW).health).toBe("Progressing");
    expect(daemonSetStatus(wl("DaemonSet", {}, { observedGeneration: 1, desiredNumberScheduled: 1, updatedNumberScheduled: 1, numberAvailable: 0 }), [bad], NOW).health).toBe("Degraded");
  });
  it("ReplicaSet: ReplicaFailure → Degraded, message", () => {
    expect(replicaSetStatus(wl("ReplicaSet", { replicas: 1 }, { conditions: [T("ReplicaFailure", { message: 'pods "x" is forbidden: exceeded quota' })] }))).toEqual({ health: "Degraded", text: 'pods "x" is forbidden: exceeded quota' });
  });
});

describe("edge", () => {
  it("upstream not Healthy → downstream says Blocked by kind/name (health)", () => {
    const w: KubeObject = {
      kind: "Deployment",
      metadata: { name: "api", namespace: "app", generation: 1 },
      spec: { replicas: 1, template: { spec: { containers: [], initContainers: [{ name: "w", image: "groundnuty/k8s-wait-for:v2.0", args: ["job", "migrate"] }] } } },
      status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 0 },
    };
    const engine = new ChainsEngine();
    const v1 = engine.build(snapshotFromObjects([w, job({ active: 1 })]), { now: NOW });
    expect(v1.nodes.find((n) => n.id === "Deployment/app/api")).toMatchObject({ health: "Progressing", status: "Blocked by Job/migrate (Progressing)", ownStatus: "1/1 updated, 0 available" });
    const v2 = engine.build(snapshotFromObjects([w, job({ succeeded: 1, conditions: [T("Complete")] })], { version: 2 }), { now: NOW });
    expect(v2.nodes.find((n) => n.id === "Deployment/app/api")?.status).toBe("1/1 updated, 0 available");
  });
});

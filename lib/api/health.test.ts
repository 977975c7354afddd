import { describe, expect, it } from "vitest";
import type { Job, Pod, Workload } from "@/lib/store/types";
import { jobHealth, podHealth, workloadHealth } from "./health";

const pod = (status: Pod["status"], init = 0): Pod => ({
  kind: "Pod",
  metadata: { name: "p" },
  spec: { containers: [{ name: "c" }], initContainers: Array.from({ length: init }, (_, i) => ({ name: `i${i}` })) },
  status,
});

describe("podHealth", () => {
  it.each([
    [pod(undefined), "unknown", "no status"],
    [pod({ phase: "Running", containerStatuses: [{ name: "c", ready: true, restartCount: 0 }] }), "healthy", "Running 1/1"],
    [pod({ phase: "Running", containerStatuses: [{ name: "c", ready: false, restartCount: 0 }] }), "progressing", "Running 0/1"],
    [pod({ phase: "Succeeded" }), "healthy", "Completed"],
    [pod({ phase: "Failed" }), "degraded", "Failed"],
    [pod({ phase: "Pending", initContainerStatuses: [{ name: "i0", ready: false, restartCount: 0, state: { running: {} } }] }, 1), "progressing", "Init:0/1"],
    [pod({ phase: "Pending", initContainerStatuses: [{ name: "i0", ready: false, restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } } }] }, 1), "degraded", "Init:CrashLoopBackOff"],
    [pod({ phase: "Running", containerStatuses: [{ name: "c", ready: false, restartCount: 5, state: { waiting: { reason: "CrashLoopBackOff" } } }] }), "degraded", "CrashLoopBackOff"],
  ])("%#", (p, health, status) => {
    expect(podHealth(p)).toEqual({ health, status });
  });
});

describe("workloadHealth and jobHealth", () => {
  const dep = (spec: Partial<Workload["spec"]>, status?: Workload["status"]): Workload => ({ kind: "Deployment", metadata: { name: "d" }, spec: { template: { spec: { containers: [] } }, ...spec }, status });
  it("reads replicas, pause and a stuck rollout", () => {
    expect(workloadHealth(dep({ replicas: 2 }, { readyReplicas: 2 }))).toEqual({ health: "healthy", status: "Ready 2/2" });
    expect(workloadHealth(dep({ replicas: 2 }, { readyReplicas: 1 }))).toEqual({ health: "progressing", status: "Ready 1/2" });
    expect(workloadHealth(dep({ paused: true }, {})).health).toBe("suspended");
    expect(workloadHealth(dep({}, { conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }] }))).toEqual({ health: "degraded", status: "ProgressDeadlineExceeded" });
    expect(workloadHealth(dep({}))).toEqual({ health: "unknown", status: "no status" });
  });
  it("reads Job conditions", () => {
    const job = (status?: Job["status"], suspend?: boolean): Job => ({ kind: "Job", metadata: { name: "j" }, spec: { template: { spec: { containers: [] } }, suspend }, status });
    expect(jobHealth(job({ succeeded: 1, conditions: [{ type: "Complete", status: "True" }] }))).toEqual({ health: "healthy", status: "Complete 1/1" });
    expect(jobHealth(job({ conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded" }] }))).toEqual({ health: "degraded", status: "Failed (BackoffLimitExceeded)" });
    expect(jobHealth(job(undefined, true)).health).toBe("suspended");
    expect(jobHealth(job({ active: 1 })).health).toBe("progressing");
  });
});

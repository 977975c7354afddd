// A one-line status and a health colour for pods and workloads, as the SA page shows them.
// Pure: reads only the object's own status. Manifests carry no status → "unknown".
import type { CronJob, Job, Pod, Workload } from "@/lib/store/types";
import type { Health } from "./types";

export interface HealthView {
  health: Health;
  status: string;
}

export function podHealth(pod: Pod): HealthView {
  const st = pod.status;
  if (pod.metadata.deletionTimestamp) return { health: "progressing", status: "Terminating" };
  if (!st?.phase) return { health: "unknown", status: "no status" };
  const inits = pod.spec.initContainers ?? [];
  const initStatuses = st.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const s = initStatuses[i];
    const reason = s.state?.waiting?.reason;
    if (reason === "CrashLoopBackOff" || reason === "ErrImagePull" || reason === "ImagePullBackOff") {
      return { health: "degraded", status: `Init:${reason}` };
    }
    if (s.state?.terminated && s.state.terminated.exitCode !== 0) return { health: "degraded", status: `Init:Error` };
    if (!s.state?.terminated && st.phase === "Pending") return { health: "progressing", status: `Init:${i}/${inits.length || initStatuses.length}` };
  }
  const cs = st.containerStatuses ?? [];
  for (const s of cs) {
    const reason = s.state?.waiting?.reason;
    if (reason === "CrashLoopBackOff" || reason === "ErrImagePull" || reason === "ImagePullBackOff" || reason === "CreateContainerConfigError") {
      return { health: "degraded", status: reason };
    }
  }
  switch (st.phase) {
    case "Succeeded":
      return { health: "healthy", status: "Completed" };
    case "Failed":
      return { health: "degraded", status: st.reason ? `Failed (${st.reason})` : "Failed" };
    case "Pending":
      return { health: "progressing", status: "Pending" };
    case "Running": {
      const total = cs.length || pod.spec.containers.length;
      const ready = cs.filter((s) => s.ready).length;
      return { health: ready === total ? "healthy" : "progressing", status: `Running ${ready}/${total}` };
    }
    default:
      return { health: "unknown", status: st.phase };
  }
}

function hasCondition(conds: { type: string; status: string; reason?: string }[] | undefined, type: string, status = "True") {
  return conds?.find((c) => c.type === type && c.status === status);
}

export function workloadHealth(w: Workload): HealthView {
  const st = w.status;
  if (!st) return { health: "unknown", status: "no status" };
  if (w.kind === "DaemonSet") {
    const want = st.desiredNumberScheduled ?? 0;
    const ready = st.numberReady ?? 0;
    return { health: ready >= want ? "healthy" : "progressing", status: `Ready ${ready}/${want}` };
  }
  const want = w.spec.replicas ?? 1;
  const ready = st.readyReplicas ?? 0;
  if (w.kind === "Deployment") {
    if (w.spec.paused) return { health: "suspended", status: `Paused ${ready}/${want}` };
    const stuck = w.status?.conditions?.find((c) => c.type === "Progressing" && c.status === "False");
    if (stuck) return { health: "degraded", status: stuck.reason ?? "Not progressing" };
  }
  if (want === 0) return { health: "suspended", status: "Scaled to 0" };
  return { health: ready >= want ? "healthy" : "progressing", status: `Ready ${ready}/${want}` };
}

export function jobHealth(j: Job): HealthView {
  const st = j.status;
  const want = j.spec.completions ?? 1;
  if (hasCondition(st?.conditions, "Complete")) return { health: "healthy", status: `Complete ${st?.succeeded ?? 0}/${want}` };
  if (hasCondition(st?.conditions, "Failed")) {
    const c = hasCondition(st?.conditions, "Failed");
    return { health: "degraded", status: c?.reason ? `Failed (${c.reason})` : "Failed" };
  }
  if (j.spec.suspend) return { health: "suspended", status: "Suspended" };
  if (!st) return { health: "unknown", status: "no status" };
  return { health: "progressing", status: `Running ${st.succeeded ?? 0}/${want}` };
}

export function cronJobHealth(c: CronJob): HealthView {
  if (c.spec.suspend) return { health: "suspended", status: `Suspended (${c.spec.schedule})` };
  if (c.status?.active?.length) return { health: "progressing", status: `Active ${c.status.active.length} (${c.spec.schedule})` };
  return { health: "healthy", status: `Schedule ${c.spec.schedule}` };
}

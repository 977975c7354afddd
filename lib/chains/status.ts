// One health word and one short text per object, per kind: the first matching rule below
// wins. `now` is passed in.
import type { Condition, CronJob, FluxObject, Job, KubeObject, Pod, Service, Workload } from "@/lib/store/types";
import { redact } from "./redact";
import type { Status } from "./types";

const ms = (t: string | undefined) => (t ? Date.parse(t) : NaN);

/** Condition of a type whose status is "True" (the only ones that count). */
function trueCondition(conds: Condition[] | undefined, type: string): Condition | undefined {
  return conds?.find((c) => c.type === type && c.status === "True");
}

export function formatDuration(msec: number): string {
  if (!Number.isFinite(msec) || msec < 0) return "";
  let s = Math.round(msec / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (h) return `${h}h${m ? `${m}m` : ""}`;
  if (m) return `${m}m${s ? `${s}s` : ""}`;
  return `${s}s`;
}

export const MISSING: Status = { health: "Missing", text: "Not found" };

export function jobStatus(job: Job): Status {
  const conds = job.status?.conditions;
  const st = job.status ?? {};
  const failed = trueCondition(conds, "Failed");
  if (failed) return { health: "Degraded", text: `Failed: ${failed.reason ?? "unknown reason"}` };
  if (trueCondition(conds, "FailureTarget")) return { health: "Degraded", text: "Failing, pods stopping" };
  const completions = job.spec?.completions ?? 1;
  if (trueCondition(conds, "Complete")) {
    const d = formatDuration(ms(st.completionTime) - ms(st.startTime));
    return { health: "Healthy", text: `Complete ${st.succeeded ?? 0}/${completions}${d ? ` in ${d}` : ""}` };
  }
  if (trueCondition(conds, "SuccessCriteriaMet")) return { health: "Progressing", text: "Succeeded, pods terminating" };
  if (trueCondition(conds, "Suspended") || job.spec?.suspend) return { health: "Suspended", text: "Suspended" };
  return {
    health: "Progressing",
    text: `Running: ${st.active ?? 0} active, ${st.ready ?? 0} ready, ${st.succeeded ?? 0}/${completions} succeeded, ${st.failed ?? 0} failed`,
  };
}

const BAD_WAITING = (reason: string | undefined) => !!reason && (/Error$/.test(reason) || /BackOff$/.test(reason) || /^Err/.test(reason));

export function podStatus(pod: Pod, now: number): Status {
  const st = pod.status ?? {};
  const phase = st.phase ?? "Pending";
  if (phase === "Succeeded") return { health: "Healthy", text: "Completed" };
  if (phase === "Failed") {
    const term = [...(st.containerStatuses ?? []), ...(st.initContainerStatuses ?? [])].map((c) => c.state?.terminated).find((t) => t && t.exitCode !== 0);
    const text = st.message || (term?.reason === "OOMKilled" ? "OOMKilled" : term ? `exit code ${term.exitCode}` : st.reason || "Failed");
    return { health: "Degraded", text };
  }
  const inits = pod.spec?.initContainers ?? [];
  const initStatuses = st.initContainerStatuses ?? [];
  if (inits.length && initStatuses.length) {
    let done = 0;
    for (const cs of initStatuses) {
      const t = cs.state?.terminated;
      if (t && t.exitCode === 0) {
        done++;
        continue;
      }
      if (t && t.exitCode !== 0) return { health: "Degraded", text: `Init:${t.reason || `ExitCode:${t.exitCode}`}` };
      const w = cs.state?.waiting?.reason;
      if (BAD_WAITING(w)) return { health: "Degraded", text: `Init:${w}` };
    }
    // sidecars (restartPolicy Always init containers) count as done once started
    if (done < inits.length && phase === "Pending") {
      const running = initStatuses.find((cs) => !cs.state?.terminated)?.name ?? inits[done]?.name;
      return { health: "Progressing", text: `Init:${done}/${inits.length}${running ? ` (${running})` : ""}` };
    }
  }
  const cstat = st.containerStatuses ?? [];
  if ((pod.spec?.restartPolicy ?? "Always") === "Always") {
    const bad = cstat.map((c) => c.state?.waiting?.reason).find(BAD_WAITING);
    if (bad) return { health: "Degraded", text: bad };
  }
  const sched = st.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False" && c.reason === "Unschedulable");
  if (sched && now - ms(sched.lastTransitionTime) > 15_000) return { health: "Degraded", text: "Unschedulable" };
  const total = pod.spec?.containers?.length ?? cstat.length;
  const readyCount = cstat.filter((c) => c.ready).length;
  const ready = !!trueCondition(st.conditions, "Ready");
  if (phase === "Running" && ready) return { health: "Healthy", text: `Running ${readyCount}/${total}` };
  const restarts = cstat.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  if (phase === "Running" && restarts > 0) return { health: "Degraded", text: `Restarting (${restarts})` };
  const waiting = cstat.map((c) => c.state?.waiting?.reason).find((r) => !!r);
  return { health: "Progressing", text: waiting ?? phase };
}

export function deploymentStatus(d: Workload): Status {
  const st = d.status ?? {};
  if (d.spec?.paused) return { health: "Suspended", text: "Paused" };
  if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { health: "Progressing", text: "Spec not yet observed" };
  const prog = st.conditions?.find((c) => c.type === "Progressing");
  if (prog?.reason === "ProgressDeadlineExceeded") return { health: "Degraded", text: "Progress deadline exceeded" };
  const desired = d.spec?.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  const replicas = st.replicas ?? 0;
  const available = st.availableReplicas ?? 0;
  if (updated < desired || replicas > updated || available < updated)
    return { health: "Progressing", text: `${updated}/${desired} updated, ${available} available${replicas > updated ? `, ${replicas - updated} old` : ""}` };
  return { health: "Healthy", text: `${available}/${desired} available` };
}

/** A pod Degraded for this long makes its StatefulSet/DaemonSet Degraded. */
export const POD_DEGRADED_AFTER_MS = 120_000;

function degradedPod(pods: readonly Pod[], now: number): { pod: Pod; status: Status } | undefined {
  for (const pod of pods) {
    const s = podStatus(pod, now);
    if (s.health !== "Degraded") continue;
    const since = Math.max(
      ms(pod.metadata.creationTimestamp),
      ...(pod.status?.conditions ?? []).filter((c) => c.type === "Ready").map((c) => ms(c.lastTransitionTime)),
    );
    if (Number.isFinite(since) && now - since >= POD_DEGRADED_AFTER_MS) return { pod, status: s };
  }
  return undefined;
}

export function statefulSetStatus(s: Workload, pods: readonly Pod[], now: number): Status {
  // The "pod Degraded for minutes" row is checked first: a bad pod also keeps ready < replicas,
  // so checked after the counts it could never match.
  const bad = degradedPod(pods, now);
  if (bad) return { health: "Degraded", text: `Pod ${bad.pod.metadata.name}: ${bad.status.text}` };
  const st = s.status ?? {};
  const replicas = s.spec?.replicas ?? 1;
  const ready = st.readyReplicas ?? 0;
  const partition = s.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  const updated = st.updatedReplicas ?? 0;
  const counts = `${ready}/${replicas} ready, ${updated} updated`;
  if ((s.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { health: "Progressing", text: "Spec not yet observed" };
  if (ready < replicas) return { health: "Progressing", text: counts };
  if (s.spec?.updateStrategy?.type !== "OnDelete" && updated < replicas - partition) return { health: "Progressing", text: counts };
  if (partition === 0 && st.updateRevision && st.currentRevision !== st.updateRevision) return { health: "Progressing", text: `${counts}, rolling` };
  return { health: "Healthy", text: `${ready}/${replicas} ready` };
}

export function daemonSetStatus(d: Workload, pods: readonly Pod[], now: number): Status {
  const bad = degradedPod(pods, now);
  if (bad) return { health: "Degraded", text: `Pod ${bad.pod.metadata.name}: ${bad.status.text}` };
  const st = d.status ?? {};
  const desired = st.desiredNumberScheduled ?? 0;
  const updated = st.updatedNumberScheduled ?? 0;
  const available = st.numberAvailable ?? 0;
  if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { health: "Progressing", text: "Spec not yet observed" };
  if (updated < desired || available < desired) return { health: "Progressing", text: `${available}/${desired} available, ${updated} updated` };
  return { health: "Healthy", text: `${available}/${desired} available` };
}

export function replicaSetStatus(r: Workload): Status {
  const failure = trueCondition(r.status?.conditions, "ReplicaFailure");
  if (failure) return { health: "Degraded", text: failure.message ?? failure.reason ?? "ReplicaFailure" };
  const want = r.spec?.replicas ?? 1;
  const ready = r.status?.readyReplicas ?? 0;
  if (ready < want) return { health: "Progressing", text: `${ready}/${want} ready` };
  return { health: "Healthy", text: `${ready}/${want} ready` };
}

/** CronJobs are not in the table: suspended, else the newest Job made from it speaks for it. */
export function cronJobStatus(cj: CronJob, jobs: readonly Job[]): Status {
  if (cj.spec?.suspend) return { health: "Suspended", text: "Suspended" };
  const newest = [...jobs].sort((a, b) => ms(b.metadata.creationTimestamp) - ms(a.metadata.creationTimestamp) || (a.metadata.name < b.metadata.name ? 1 : -1))[0];
  if (!newest) return { health: "Healthy", text: `Scheduled (${cj.spec?.schedule ?? "?"}), no runs yet` };
  const s = jobStatus(newest);
  return { health: s.health, text: `Last run ${newest.metadata.name}: ${s.text}` };
}

/** Services are not in the table: they are done when a pod behind the selector is ready. */
export function serviceStatus(svc: Service, readyPods: number, totalPods: number): Status {
  if (svc.spec?.type === "ExternalName") return { health: "Healthy", text: `ExternalName ${svc.spec.externalName ?? ""}`.trim() };
  if (!svc.spec?.selector || Object.keys(svc.spec.selector).length === 0) return { health: "Healthy", text: "No selector (manual endpoints)" };
  if (readyPods > 0) return { health: "Healthy", text: `${readyPods}/${totalPods} pods ready` };
  return { health: "Progressing", text: totalPods ? `0/${totalPods} pods ready` : "No pods selected" };
}

/** Controller messages can quote URLs with credentials: redacted, then cut short. */
const clip = (t: string, n = 120) => {
  const r = redact(t);
  return r.length > n ? `${r.slice(0, n - 1)}…` : r;
};

/**
 * Flux Kustomization / HelmRelease (not in the table), from the controller's conditions, first
 * match wins: spec.suspend → Suspended; Stalled True → Degraded; Ready False → Degraded with
 * reason and message, except DependencyNotReady (waiting on its dependsOn, not failing) →
 * Progressing; Reconciling True or Ready Unknown → Progressing; Ready True → Healthy (unless
 * the controller has not yet observed the latest generation → Progressing). No Ready
 * condition at all (no status: Flux has not reconciled it, or no Flux controller runs) →
 * Progressing "Not reconciled yet": it is pending, and Unknown (the worst word) would paint
 * every fresh object as worse than a failure.
 */
export function fluxStatus(o: FluxObject): Status {
  const st = fluxHealth(o);
  return fluxReady(o) ? { ...st, dependencyReady: true } : st;
}

/** What Flux checks before reconciling a dependent: Ready True, and the current generation observed. */
function fluxReady(o: FluxObject): boolean {
  const conds = Array.isArray(o.status?.conditions) ? o.status.conditions : [];
  const observed = o.status?.observedGeneration;
  return conds.some((c) => c.type === "Ready" && c.status === "True") && (observed === undefined || (o.metadata.generation ?? 0) <= observed);
}

function fluxHealth(o: FluxObject): Status {
  if (o.spec?.suspend === true) return { health: "Suspended", text: "Suspended" };
  const conds = Array.isArray(o.status?.conditions) ? o.status.conditions : [];
  const stalled = trueCondition(conds, "Stalled");
  if (stalled) return { health: "Degraded", text: clip(`Stalled: ${stalled.reason ?? ""}${stalled.message ? ` · ${stalled.message}` : ""}`) };
  const ready = conds.find((c) => c.type === "Ready");
  const why = (c: Condition) => [c.reason, c.message].filter(Boolean).join(": ");
  if (ready?.status === "False") {
    if (ready.reason === "DependencyNotReady") return { health: "Progressing", text: clip(ready.message || "Waiting for dependencies") };
    return { health: "Degraded", text: clip(why(ready) || "Not ready") };
  }
  const reconciling = trueCondition(conds, "Reconciling");
  if (reconciling) return { health: "Progressing", text: clip(`Reconciling${reconciling.message ? `: ${reconciling.message}` : ""}`) };
  if (ready?.status === "Unknown") return { health: "Progressing", text: clip(why(ready) || "Reconciling") };
  if (ready?.status === "True") {
    const observed = o.status?.observedGeneration;
    if (observed !== undefined && (o.metadata.generation ?? 0) > observed) return { health: "Progressing", text: "Spec not yet observed" };
    return { health: "Healthy", text: clip(ready.message || "Ready") };
  }
  return { health: "Progressing", text: "Not reconciled yet" };
}

/** Common rows first: "deletionTimestamp set" applies to every kind. */
export function terminating(obj: KubeObject): Status | undefined {
  return obj.metadata.deletionTimestamp ? { health: "Progressing", text: "Terminating" } : undefined;
}

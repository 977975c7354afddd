// What the chains page's node panel shows beyond health and status text: the object's own
// conditions and, for pods, the state of each init container (where a wait runs). Only
// status fields: no spec, no env, and container messages are left out (reasons and exit
// codes say enough, and a message may quote a command line).
import type { Condition, ContainerStatus, KubeObject, Pod } from "@/lib/store/types";
import type { ChainCondition, ContainerState } from "./types";

/** A condition message longer than this is cut (some controllers put whole logs there). */
const MAX_MESSAGE = 300;

export function conditionsOf(o: KubeObject | undefined): ChainCondition[] | undefined {
  const raw = (o as { status?: { conditions?: unknown } } | undefined)?.status?.conditions;
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const out: ChainCondition[] = [];
  for (const c of raw as Condition[]) {
    if (!c || typeof c.type !== "string") continue;
    const message = typeof c.message === "string" && c.message ? (c.message.length > MAX_MESSAGE ? `${c.message.slice(0, MAX_MESSAGE - 1)}…` : c.message) : undefined;
    out.push({
      type: c.type,
      status: String(c.status),
      ...(c.reason ? { reason: c.reason } : {}),
      ...(message ? { message } : {}),
      ...(c.lastTransitionTime ? { since: c.lastTransitionTime } : {}),
    });
  }
  return out.length ? out : undefined;
}

function stateOf(c: ContainerStatus): ContainerState {
  const s = c.state;
  const base = { name: c.name, ready: c.ready === true, restarts: c.restartCount ?? 0 };
  if (s?.terminated) return { ...base, state: "terminated", exitCode: s.terminated.exitCode, ...(s.terminated.reason ? { reason: s.terminated.reason } : {}) };
  if (s?.running) return { ...base, state: "running" };
  if (s?.waiting) return { ...base, state: "waiting", ...(s.waiting.reason ? { reason: s.waiting.reason } : {}) };
  return { ...base, state: "unknown" };
}

/**
 * Each init container of the pod in spec order, with its state; one the kubelet has not
 * reported yet is "waiting" (it has not started).
 */
export function initContainerStates(pod: Pod): ContainerState[] | undefined {
  const spec = pod.spec?.initContainers ?? [];
  const statuses = pod.status?.initContainerStatuses ?? [];
  if (!spec.length && !statuses.length) return undefined;
  const byName = new Map(statuses.map((s) => [s.name, s]));
  const out: ContainerState[] = spec.map((c) => {
    const s = byName.get(c.name);
    return s ? stateOf(s) : { name: c.name, state: "waiting", ready: false, restarts: 0 };
  });
  // statuses for containers the spec (as stored) does not list: kept, after the others
  for (const s of statuses) if (!spec.some((c) => c.name === s.name)) out.push(stateOf(s));
  return out;
}

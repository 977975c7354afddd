// View-model shapes of startup dependency chains. Everything here may reach the browser:
// no env values, no raw pod specs, command text only after redaction.
import type { LabelSelector } from "@/lib/k8s/selectors";

/** A node's id: `Kind/namespace/name` (Missing nodes may have namespace `*`). */
export const nodeId = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

/**
 * Health words, best first; a chain's health is its worst member's. Blocked is not an
 * object's own status: it is an unfinished object that an error diagnostic says can never
 * finish as things are (a deadlock, a target that does not exist, a failed upstream).
 */
export const HEALTH_ORDER = ["Healthy", "Suspended", "Progressing", "Missing", "Blocked", "Degraded", "Unknown"] as const;
export type Health = (typeof HEALTH_ORDER)[number];

export function worseHealth(a: Health, b: Health): Health {
  return HEALTH_ORDER.indexOf(a) >= HEALTH_ORDER.indexOf(b) ? a : b;
}
export function worstHealth(hs: Iterable<Health>): Health {
  let w: Health = "Healthy";
  for (const h of hs) w = worseHealth(w, h);
  return w;
}

export interface Status {
  health: Health;
  text: string;
  /** Flux objects: whether Flux counts it as a ready dependency (Ready at its current generation; suspension does not matter). */
  dependencyReady?: boolean;
}

export interface ChainPod {
  name: string;
  /** Owner path below the node, e.g. "ReplicaSet/api-7d9f" or "Job/report-2891". */
  via?: string;
  health: Health;
  status: string;
  /** Its init containers in spec order (where waits run), with their state. */
  initContainers?: ContainerState[];
}

/** One of an object's status conditions (message cut to a few hundred characters). */
export interface ChainCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  /** lastTransitionTime. */
  since?: string;
}

/** A container's state as the kubelet reports it: reason and exit code, never its message. */
export interface ContainerState {
  name: string;
  state: "waiting" | "running" | "terminated" | "unknown";
  reason?: string;
  exitCode?: number;
  ready: boolean;
  restarts: number;
}

export interface ChainNode {
  /** Stable id `Kind/namespace/name` (a selector that matched nothing: `Selector/ns/kind:sel`). */
  id: string;
  kind: string;
  namespace: string;
  name: string;
  /** Its own health, made worse by the error diagnostics on it (see ownHealth). */
  health: Health;
  /** The object's own health, when an error diagnostic made `health` worse (Init:0/1 in a deadlock is Progressing on its own, Blocked here). */
  ownHealth?: Health;
  /**
   * Status text; "Blocked by Kind/name (health)" when an unfinished upstream holds it, or
   * what an error diagnostic says of it ("Deadlock: …", "Wait forbidden: …").
   */
  status: string;
  /** The node's own status text when `status` says something else. */
  ownStatus?: string;
  blockedBy?: string[];
  serviceAccount?: string;
  pods?: ChainPod[];
  /** The object's status conditions (Available, Progressing, Ready, Complete…). */
  conditions?: ChainCondition[];
  /** A Pod node's own init containers (other nodes list theirs under `pods`). */
  initContainers?: ContainerState[];
}

export type EdgeType = "waits-for" | "runs-after";

export interface ChainEdge {
  from: string;
  to: string;
  type: EdgeType;
  /** `k8s-wait-for job`, `kubectl wait`, `tcp 5432`, `helm pre-install`… */
  mechanism: string;
  container?: string;
  /** The waiting command, redacted (never env values). */
  command?: string;
}

export type Severity = "error" | "warning" | "info";
export const SEVERITY_ORDER: Severity[] = ["error", "warning", "info"];

export type DiagnosticCode =
  | "missing-target"
  | "missing-permission"
  | "cycle"
  | "fragile-target"
  | "failed-upstream"
  | "unresolved-target"
  | "outdated-waiter";

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  nodes: string[];
  /** YAML or a command that fixes it; shown with a copy button. */
  fix?: string;
  /** The ServiceAccount involved (`namespace/name`), for a link to its page. */
  serviceAccount?: { namespace: string; name: string };
}

export interface Chain {
  /** Id of the chain: the smallest node id in it (stable while members stay). */
  id: string;
  health: Health;
  nodes: string[];
}

export interface ChainsView {
  nodes: ChainNode[];
  edges: ChainEdge[];
  diagnostics: Diagnostic[];
  chains: Chain[];
}

// ---- Parsed waits (server side only) ----

/** What a wait looks for. `namespace: null` = all namespaces. */
export type WaitTarget =
  | {
      type: "object";
      kind: string; // Job, Pod, Service, Deployment, StatefulSet, DaemonSet, ReplicaSet, CronJob
      namespace: string | null;
      name?: string;
      /** The label selector, parsed (set-based requirements included). */
      selector?: LabelSelector;
      /** Raw selector text, as written (for display). */
      selectorText?: string;
      /** Why the API server would reject the selector text (the wait can then never succeed). */
      selectorError?: string;
    }
  | { type: "host"; host: string; port?: number; scheme?: string };

export interface RbacNeed {
  verb: string;
  resource: string;
  apiGroup: string;
  namespace: string | null;
  name?: string;
}

export interface Wait {
  tool:
    | "k8s-wait-for"
    | "kubectl-wait"
    | "kubectl-rollout"
    | "wait-for-it"
    | "dockerize"
    | "dns"
    | "nc"
    | "pg_isready"
    | "curl"
    | "wget"
    | "wait4x"
    | "other-net";
  /** k8s-wait-for mode (pod, pod-we, job-wr…) or kubectl wait `--for`. */
  mode?: string;
  mechanism: string;
  container: string;
  image?: string;
  target: WaitTarget;
  /** Why the target cannot be known (a value from a Secret, a ConfigMap, an unset variable). */
  unresolved?: string;
  /** The command, redacted, as written (before variable expansion). */
  command: string;
  /** Whether this wait talks to the API server (needs a token and RBAC). */
  usesApi: boolean;
  needs: RbacNeed[];
}

// `rolecall check`: the chains diagnostics and RBAC findings of a manifest set, as the server
// computes them (same engines, same records), each with the file and line of the objects
// involved. Pure apart from the clock the caller passes.
import { ChainsEngine, type Chain, type ChainsView, type Diagnostic } from "@/lib/chains";
import { canIFromRbac } from "@/lib/chains/rbac";
import { findings as allFindings, withSuggestions, type Finding } from "@/lib/rbac/findings";
import type { Severity as RiskSeverity } from "@/lib/rbac/risk";
import { BUILTIN_RESOURCES } from "@/lib/k8s/builtin-resources";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { Snapshot, SourceInfo } from "@/lib/store/types";
import { objectKeyOf, type Inputs, type Location } from "./inputs";

/** Levels as SARIF and most CI tools name them: error, warning, note (info). */
export type Level = "error" | "warning" | "info";
export const LEVELS: readonly Level[] = ["error", "warning", "info"];
export type FailOn = Level | "never";

/** A finding's level: critical and high are errors, medium a warning, low a note. */
export function findingLevel(s: RiskSeverity): Level {
  return s === "critical" || s === "high" ? "error" : s === "medium" ? "warning" : "info";
}

/** Whether a level makes the command fail under `--fail-on`. */
export function failsAt(level: Level, failOn: FailOn): boolean {
  return failOn !== "never" && LEVELS.indexOf(level) <= LEVELS.indexOf(failOn);
}

/** An object of the input that a record involves, where it was written. */
export interface Located extends Location {
  /** `Kind/namespace/name`, or `Kind/name` for a cluster-scoped object. */
  object: string;
}

export interface DiagnosticRecord extends Diagnostic {
  locations: Located[];
}
export interface FindingRecord extends Finding {
  level: Level;
  locations: Located[];
}

export interface CheckReport {
  /** The chains as GET /api/v1/chains answers them, diagnostics with locations. */
  chains: Omit<ChainsView, "diagnostics"> & { diagnostics: DiagnosticRecord[] };
  /** The RBAC findings of the input's bindings, as GET /api/v1/findings gives them, with locations. */
  findings: FindingRecord[];
  summary: {
    files: number;
    objects: number;
    chains: number;
    error: number;
    warning: number;
    info: number;
    /** Where objects without a namespace went (files). */
    namespace: string;
    /** The Kubernetes version whose bootstrap RBAC policy was assumed (files). */
    bootstrapPolicy?: string;
    /** The cluster read instead of files (--live): its kubeconfig context. */
    cluster?: string;
  };
  /** Something at or above --fail-on. */
  failing: boolean;
}

export interface CheckOptions {
  failOn: FailOn;
  /** "1.37": the k8s-wait-for version quirks depend on it. */
  clusterVersion: string;
  /** The Kubernetes version of the bootstrap policy assumed (shown in the summary). */
  bootstrapPolicy?: string;
  now?: number;
  label?: string;
  /** A cluster's snapshot instead of the input's objects (--live). */
  snapshot?: Snapshot;
}

/** The snapshot the engines read: the input's objects and resources, Kubernetes' built-in resources. */
export function snapshotOf(inputs: Inputs, label = "manifests"): Snapshot {
  const source: SourceInfo = { mode: "manifests", label };
  return snapshotFromObjects(inputs.objects, { source, resources: inputs.resources.length ? [...BUILTIN_RESOURCES, ...inputs.resources] : BUILTIN_RESOURCES });
}

export function check(inputs: Inputs, opts: CheckOptions): CheckReport {
  const snap = opts.snapshot ?? snapshotOf(inputs, opts.label);
  const view = new ChainsEngine().build(snap, { now: opts.now ?? Date.now(), canI: canIFromRbac, clusterVersion: opts.clusterVersion });
  const locate = locator(inputs);
  // the objects of each kind and name, in any namespace (where a missing target really is)
  const byName = new Map<string, string[]>();
  for (const key of inputs.locations.keys()) {
    const [kind, , ...name] = key.split("/");
    const k = `${kind}/${name.join("/")}`;
    byName.set(k, [...(byName.get(k) ?? []), key]);
  }
  const diagnostics = view.diagnostics.map((d) => withPlacement(d, inputs, locate, byName));
  // Findings about the bootstrap policy's own bindings (every cluster has them) are nobody's change.
  // On a cluster (--live), the bootstrap policy's own bindings are left out the same way.
  const mine = (f: Finding) => (opts.snapshot ? !f.system : inputs.locations.has(objectKeyOf(f.binding.kind, f.binding.namespace, f.binding.name)));
  const findings = withSuggestions(allFindings(snap).filter(mine)).map(
    (f): FindingRecord => ({ ...f, level: findingLevel(f.severity), locations: findingLocations(f, locate) }),
  );
  const count = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) count[d.severity]++;
  for (const f of findings) count[f.level]++;
  const failing = diagnostics.some((d) => failsAt(d.severity, opts.failOn)) || findings.some((f) => failsAt(f.level, opts.failOn));
  return {
    chains: { ...view, diagnostics },
    findings,
    summary: { files: inputs.files.length, objects: opts.snapshot ? Object.values(snap.objects).reduce((n, m) => n + m.size, 0) : inputs.objects.length, chains: view.chains.length,
      ...count,
      namespace: inputs.namespace,
      ...(opts.snapshot ? { cluster: snap.source.label } : { bootstrapPolicy: opts.bootstrapPolicy }),
    },
    failing,
  };
}

type Locate = (key: string) => Located | undefined;

function locator(inputs: Inputs): Locate {
  return (key) => {
    const at = inputs.locations.get(key);
    // cluster-scoped objects as `Kind/name`
    return at ? { object: key.replace(/^([^/]+)\/\//, "$1/"), ...at } : undefined;
  };
}

function findingLocations(f: Finding, locate: Locate): Located[] {
  const keys = [objectKeyOf(f.binding.kind, f.binding.namespace, f.binding.name)];
  if (f.role) keys.push(objectKeyOf(f.role.kind, f.role.namespace, f.role.name));
  if (f.subject.kind === "ServiceAccount") keys.push(objectKeyOf("ServiceAccount", f.subject.namespace, f.subject.name));
  return keys.map(locate).filter((l): l is Located => !!l);
}

/**
 * The diagnostic with the locations of its objects. When an object it names was placed by
 * `--namespace` (no metadata.namespace), the message says so: that is how a Job applied
 * without `-n` ends up where nobody waits for it. A missing target found elsewhere gets the
 * copy's location and, when that copy was placed, a fix in the manifest instead of the
 * server's re-create command.
 */
function withPlacement(d: Diagnostic, inputs: Inputs, locate: Locate, byName: ReadonlyMap<string, string[]>): DiagnosticRecord {
  const keys = [...d.nodes];
  let message = d.message;
  let fix = d.fix;
  if (d.code === "missing-target") {
    const target = d.nodes[d.nodes.length - 1];
    const [kind, ns, ...rest] = target.split("/");
    const name = rest.join("/");
    const copies = (byName.get(`${kind}/${name}`) ?? []).filter((k) => k !== target);
    for (const copy of copies) {
      keys.push(copy);
      if (!inputs.placed.has(copy)) continue;
      const at = inputs.locations.get(copy)!;
      const where = copy.split("/")[1];
      message += ` ${kind}/${name} (${at.file}:${at.line}) has no metadata.namespace, so \`kubectl apply\` without -n puts it in namespace ${where}${where === inputs.namespace ? ` (--namespace ${where})` : ""}, not in ${ns}.`;
      fix = `# ${at.file}:${at.line}: give ${kind}/${name} its namespace\nmetadata:\n  name: ${name}\n  namespace: ${ns}`;
    }
  } else {
    const placed = d.nodes.filter((k) => inputs.placed.has(k));
    if (placed.length) message += ` (${placed.map((k) => `${k.split("/")[0]}/${k.split("/").slice(2).join("/")}`).join(", ")} named no namespace and ${placed.length > 1 ? "were" : "was"} placed in ${inputs.namespace}, as \`kubectl apply\` without -n would.)`;
  }
  const locations = [...new Set(keys)].map(locate).filter((l): l is Located => !!l);
  return { ...d, message, ...(fix !== undefined ? { fix } : {}), locations };
}

/** The chain a diagnostic or finding belongs to (by its first located object), for grouping. */
export function chainOfNodes(chains: readonly Chain[], nodes: readonly string[]): Chain | undefined {
  return chains.find((c) => nodes.some((n) => c.nodes.includes(n)));
}

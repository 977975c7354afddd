// Fix commands to copy: each one runs as shown (bash, kubectl, jq) and clears its diagnostic
// (lib/chains/fixes.int.test.ts and, for Flux, flux-fixes.int.test.ts apply every one on a real control plane). They fetch what
// they change from the cluster rather than quoting it: a manifest here would carry env values.
import type { PodSpec } from "@/lib/store/types";

/** A word for a bash command line: bare when safe, else single-quoted. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * jq that turns an object fetched with `kubectl get -o json` back into a manifest: no
 * namespace (the apply names it), none of the fields the API server sets, and for a Job none
 * of the selector and labels its controller-uid ties to the old object (the API server
 * rejects a new Job carrying them); a Service drops its cluster IPs.
 */
function cleanFilter(kind: string): string {
  const del = [
    ".metadata.namespace",
    ".metadata.uid",
    ".metadata.resourceVersion",
    ".metadata.generation",
    ".metadata.creationTimestamp",
    ".metadata.managedFields",
    ".metadata.ownerReferences",
    '.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]',
    ".status",
  ];
  if (kind === "Job") {
    const uidLabels = '["controller-uid", "batch.kubernetes.io/controller-uid", "job-name", "batch.kubernetes.io/job-name"]';
    del.push(`.metadata.labels${uidLabels}`, `.spec.template.metadata.labels${uidLabels}`);
    return `del(${del.join(", ")}) | if .spec.manualSelector then . else del(.spec.selector) end`;
  }
  if (kind === "Service") del.push(".spec.clusterIP", ".spec.clusterIPs");
  if (kind === "Pod") del.push(".spec.nodeName");
  return `del(${del.join(", ")})`;
}

const RESOURCE: Record<string, string> = {
  Job: "job",
  Pod: "pod",
  Service: "service",
  Deployment: "deployment",
  StatefulSet: "statefulset",
  DaemonSet: "daemonset",
  ReplicaSet: "replicaset",
  CronJob: "cronjob",
  // resource.group: a bare "kustomization" could name another API group's kind
  Kustomization: "kustomizations.kustomize.toolkit.fluxcd.io",
  HelmRelease: "helmreleases.helm.toolkit.fluxcd.io",
};
const resource = (kind: string) => RESOURCE[kind] ?? kind.toLowerCase();

/** Kinds whose object can be moved by re-creating it from the cluster's copy. */
export const MOVABLE = new Set(["Job"]);

/** Re-create an object of namespace `from` in namespace `to` (kubectl refuses to apply an object naming another namespace). */
export function recreateIn(kind: string, name: string, from: string, to: string): string {
  return [
    `kubectl get ${resource(kind)} ${shellWord(name)} -n ${shellWord(from)} -o json \\`,
    `  | jq ${shellWord(cleanFilter(kind))} \\`,
    `  | kubectl apply -n ${shellWord(to)} -f -`,
  ].join("\n");
}

/** Where a kind keeps its pod spec (JSON pointer). */
const POD_SPEC: Record<string, string> = {
  Deployment: "/spec/template/spec",
  StatefulSet: "/spec/template/spec",
  DaemonSet: "/spec/template/spec",
  ReplicaSet: "/spec/template/spec",
  CronJob: "/spec/jobTemplate/spec/template/spec",
  Job: "/spec/template/spec",
  Pod: "/spec",
};

/** One change to a pod spec: `path` below it, and what must be there first (so a stale fix fails instead of editing the wrong thing). */
export interface SpecEdit {
  path: (string | number)[];
  value: unknown;
  expect?: { path: (string | number)[]; value: unknown };
}

const pointer = (base: string, path: (string | number)[]) => `${base}/${path.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;
const jqPath = (path: (string | number)[]) => path.map((p) => (typeof p === "number" ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join("");

/**
 * A command that edits a workload's pod template: a JSON patch where the template may change,
 * else (a Job's template, a Pod's spec) re-creating the object with the edit (its run restarts).
 */
export function editPodSpec(kind: string, name: string, namespace: string, edits: SpecEdit[]): string | undefined {
  const base = POD_SPEC[kind];
  if (!base) return undefined;
  if (kind === "Job" || kind === "Pod") {
    const specPath = kind === "Job" ? ".spec.template.spec" : ".spec";
    const jq = [cleanFilter(kind), ...edits.map((e) => `${specPath}${jqPath(e.path)} = ${JSON.stringify(e.value)}`)].join(" | ");
    return [
      `# A ${kind}'s pod template cannot change: re-create it with the change (it runs again)`,
      `kubectl get ${resource(kind)} ${shellWord(name)} -n ${shellWord(namespace)} -o json \\`,
      `  | jq ${shellWord(jq)} \\`,
      `  | kubectl replace --force -n ${shellWord(namespace)} -f -`,
    ].join("\n");
  }
  const ops: object[] = [];
  for (const e of edits) {
    if (e.expect) ops.push({ op: "test", path: pointer(base, e.expect.path), value: e.expect.value });
    // "add" sets an object member whether or not it is there; on an array index it would insert
    ops.push({ op: typeof e.path[e.path.length - 1] === "number" ? "replace" : "add", path: pointer(base, e.path), value: e.value });
  }
  return patchJson(kind, name, namespace, ops);
}

/** Where a container sits in a pod spec, by name. */
export function containerPath(spec: PodSpec, container: string): ["initContainers" | "containers", number] | undefined {
  for (const list of ["initContainers", "containers"] as const) {
    const cs = spec[list];
    if (!Array.isArray(cs)) continue;
    const i = cs.findIndex((c) => c?.name === container);
    if (i >= 0) return [list, i];
  }
  return undefined;
}

/** A command that changes the image of one container of a workload. */
export function setImage(kind: string, name: string, namespace: string, spec: PodSpec, container: string, image: string): string | undefined {
  const at = containerPath(spec, container);
  if (!at) return undefined;
  return editPodSpec(kind, name, namespace, [{ path: [...at, "image"], value: image, expect: { path: [...at, "name"], value: container } }]);
}

/** A JSON patch of one object; a leading "test" op makes it fail rather than edit the wrong entry. */
export function patchJson(kind: string, name: string, namespace: string, ops: readonly object[]): string {
  return `kubectl patch ${resource(kind)} ${shellWord(name)} -n ${shellWord(namespace)} --type=json -p ${shellWord(JSON.stringify(ops))}`;
}

/** Patch a Job's spec or metadata in place (fields that may change on a live Job). */
export function patchObject(kind: string, name: string, namespace: string, patch: object): string {
  return `kubectl patch ${resource(kind)} ${shellWord(name)} -n ${shellWord(namespace)} --type=merge -p ${shellWord(JSON.stringify(patch))}`;
}

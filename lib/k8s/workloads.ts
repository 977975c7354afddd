// Pure facts about workloads: where a kind keeps its pod template, which ServiceAccount a pod
// spec runs as, and which owner reference is an object's controller. One owner for each, used
// by the chains graph, the runs-as index and search.
import type { CronJob, Job, KubeObject, Pod, PodSpec, Workload } from "@/lib/store/types";

export type OwnerRef = NonNullable<KubeObject["metadata"]["ownerReferences"]>[number];

export interface PodTemplate {
  spec: PodSpec;
  labels?: Record<string, string>;
}

// Manifests may hold anything under spec: only an object counts as a pod spec.
const isSpec = (v: unknown): v is PodSpec => !!v && typeof v === "object" && !Array.isArray(v);

/**
 * The pod template of an object: a Pod's own spec and labels, a CronJob's
 * `spec.jobTemplate.spec.template`, every other workload's `spec.template`. Undefined when
 * there is none (or it is not an object).
 */
export function podTemplateOf(o: KubeObject): PodTemplate | undefined {
  switch (o.kind) {
    case "Pod": {
      const spec = (o as Pod).spec;
      return isSpec(spec) ? { spec, labels: o.metadata.labels } : undefined;
    }
    case "CronJob": {
      const t = (o as CronJob).spec?.jobTemplate?.spec?.template;
      return isSpec(t?.spec) ? { spec: t.spec, labels: t.metadata?.labels } : undefined;
    }
    default: {
      const t = (o as Workload | Job).spec?.template;
      return isSpec(t?.spec) ? { spec: t.spec, labels: t.metadata?.labels } : undefined;
    }
  }
}

/** The ServiceAccount a pod spec runs as: serviceAccountName, the deprecated serviceAccount, else "default" (as the API server fills it in). */
export function serviceAccountOfSpec(spec: PodSpec | undefined): string {
  return spec?.serviceAccountName || spec?.serviceAccount || "default";
}

/** The controller reference, else the first reference (manifests may hold anything here: only objects count). */
export function controllerOf(o: KubeObject): OwnerRef | undefined {
  const all: unknown = o.metadata.ownerReferences;
  if (!Array.isArray(all)) return undefined;
  let first: OwnerRef | undefined;
  for (const r of all as OwnerRef[]) {
    if (!r || typeof r !== "object") continue;
    if (r.controller) return r;
    first ??= r;
  }
  return first;
}

// `runs-after` edges from ordering annotations (apply order, not runtime waits):
// Helm hooks by phase and weight, Argo CD sync waves and hooks, and Flux `dependsOn` on
// Kustomization / HelmRelease objects.
import type { FluxObject, KubeObject } from "@/lib/store/types";
import { patchJson } from "./fixes";
import { nodeId, type Diagnostic } from "./types";

export interface OrderedItem {
  id: string;
  obj: KubeObject;
}
export interface OrderEdge {
  from: string;
  to: string;
  mechanism: string;
}

const HELM_PRE = new Set(["pre-install", "pre-upgrade"]);
const HELM_POST = new Set(["post-install", "post-upgrade"]);

function intAnnotation(v: string | undefined): number {
  const n = Number.parseInt((v ?? "0").trim(), 10);
  return Number.isFinite(n) ? n : 0;
}

interface Step {
  order: [number, number];
  label: string;
  ids: string[];
}

function chainSteps(steps: Step[], out: OrderEdge[]) {
  steps.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  for (let i = 1; i < steps.length; i++) {
    const prev = steps[i - 1];
    const cur = steps[i];
    const label = cur.label.startsWith("helm release") ? prev.label : cur.label;
    for (const from of cur.ids) for (const to of prev.ids) if (from !== to) out.push({ from, to, mechanism: label });
  }
}

function addStep(map: Map<string, Step>, key: string, order: [number, number], label: string, id: string) {
  let s = map.get(key);
  if (!s) map.set(key, (s = { order, label, ids: [] }));
  s.ids.push(id);
}

export function orderingEdges(items: readonly OrderedItem[]): OrderEdge[] {
  const out: OrderEdge[] = [];
  // Group by namespace + release/app; hooks rarely carry the release annotation, so fall back
  // to the instance label, then to the namespace.
  const groups = new Map<string, OrderedItem[]>();
  for (const it of items) {
    const m = it.obj.metadata;
    const a = m.annotations ?? {};
    const l = m.labels ?? {};
    const tracking = a["argocd.argoproj.io/tracking-id"]?.split(":")[0];
    const rel = a["meta.helm.sh/release-name"] ?? tracking ?? l["app.kubernetes.io/instance"] ?? l["release"] ?? "";
    const key = `${m.namespace ?? ""}\n${rel}`;
    const g = groups.get(key);
    if (g) g.push(it);
    else groups.set(key, [it]);
  }
  for (const group of groups.values()) {
    const anyArgo = group.some((it) => {
      const a = it.obj.metadata.annotations ?? {};
      return "argocd.argoproj.io/hook" in a || "argocd.argoproj.io/sync-wave" in a;
    });
    if (anyArgo) {
      const steps = new Map<string, Step>();
      for (const it of group) {
        const a = it.obj.metadata.annotations ?? {};
        const hook = a["argocd.argoproj.io/hook"]?.split(",")[0]?.trim();
        if (hook === "Skip" || hook === "SyncFail" || hook === "PostDelete") continue;
        const phase = hook === "PreSync" ? 0 : hook === "PostSync" ? 2 : 1;
        const wave = intAnnotation(a["argocd.argoproj.io/sync-wave"]);
        const label = hook && hook !== "Sync" ? `argocd ${hook}${wave ? ` wave ${wave}` : ""}` : `argocd wave ${wave}`;
        addStep(steps, `${phase}/${wave}`, [phase * 1e6 + wave, 0], label, it.id);
      }
      if (steps.size > 1) chainSteps([...steps.values()], out);
      continue; // Argo ignores Helm hooks
    }
    const hasHooks = group.some((it) => "helm.sh/hook" in (it.obj.metadata.annotations ?? {}));
    if (!hasHooks) continue;
    const steps = new Map<string, Step>();
    for (const it of group) {
      const a = it.obj.metadata.annotations ?? {};
      const hooks = (a["helm.sh/hook"] ?? "").split(",").map((h) => h.trim()).filter(Boolean);
      const weight = intAnnotation(a["helm.sh/hook-weight"]);
      const w = weight ? ` (weight ${weight})` : "";
      if (!hooks.length) addStep(steps, "main", [1, 0], "helm release", it.id);
      else if (hooks.some((h) => HELM_PRE.has(h))) addStep(steps, `pre/${weight}`, [0, weight], `helm ${hooks.find((h) => HELM_PRE.has(h))}${w}`, it.id);
      else if (hooks.some((h) => HELM_POST.has(h))) addStep(steps, `post/${weight}`, [2, weight], `helm ${hooks.find((h) => HELM_POST.has(h))}${w}`, it.id);
    }
    if (steps.size > 1) chainSteps([...steps.values()], out);
  }
  return out;
}

// ---- Flux dependsOn ----

export const FLUX_DEPENDS_ON = "Flux dependsOn";

export interface FluxEnd {
  id: string;
  kind: string;
  namespace: string;
  name: string;
  /** Its key in the snapshot's map; undefined when the object does not exist. */
  key?: string;
  /** Absent: namespaces holding an object of that kind and name. */
  foundIn?: string[];
  /** Absent: the other Flux kind has an object of that name there (dependsOn never crosses kinds). */
  otherKind?: string;
}
export interface FluxDependsOnEdge {
  /** The object whose spec.dependsOn names the dependency. */
  from: FluxEnd & { key: string };
  /** The dependency: same kind, `namespace` defaulting to the dependent's own. */
  to: FluxEnd;
  /** The entry's position in the dependent's spec.dependsOn (a fix patches exactly it). */
  index: number;
  /** Whether the dependent has a spec.healthChecks list (a fix appends to it or creates it). */
  healthChecks: boolean;
}

/**
 * One edge per `spec.dependsOn` entry of every Kustomization and HelmRelease (the snapshot's
 * maps, keyed as stored). Flux resolves a dependency within the dependent's own kind only (a
 * HelmRelease depends on HelmReleases), in `namespace` or else the dependent's namespace.
 * Entries without a name, and an object naming itself, make no edge.
 */
export function fluxDependsOnEdges(maps: readonly (ReadonlyMap<string, KubeObject> | undefined)[]): FluxDependsOnEdge[] {
  const keyById = new Map<string, string>();
  const byKindName = new Map<string, string[]>();
  for (const m of maps) {
    for (const [key, o] of m ?? []) {
      const ns = o.metadata.namespace ?? "";
      keyById.set(nodeId(o.kind, ns, o.metadata.name), key);
      const k = `${o.kind}/${o.metadata.name}`;
      const l = byKindName.get(k);
      if (l) l.push(ns);
      else byKindName.set(k, [ns]);
    }
  }
  const out: FluxDependsOnEdge[] = [];
  if (!keyById.size) return out;
  for (const m of maps) {
    for (const [key, obj] of m ?? []) {
      const o = obj as FluxObject;
      const deps: unknown = o.spec?.dependsOn;
      if (!Array.isArray(deps)) continue;
      const own = o.metadata.namespace ?? "";
      const from = { id: nodeId(o.kind, own, o.metadata.name), kind: o.kind, namespace: own, name: o.metadata.name, key };
      const healthChecks = Array.isArray((o.spec as { healthChecks?: unknown } | undefined)?.healthChecks);
      for (const [index, d] of (deps as unknown[]).entries()) {
        if (!d || typeof d !== "object") continue;
        const { name, namespace } = d as { name?: unknown; namespace?: unknown };
        if (typeof name !== "string" || !name) continue;
        const ns = typeof namespace === "string" && namespace ? namespace : own;
        const id = nodeId(o.kind, ns, name);
        if (id === from.id) continue;
        const to: FluxEnd = { id, kind: o.kind, namespace: ns, name };
        const toKey = keyById.get(id);
        if (toKey) to.key = toKey;
        else {
          const other = o.kind === "Kustomization" ? "HelmRelease" : "Kustomization";
          const foundIn = (byKindName.get(`${o.kind}/${name}`) ?? []).filter((x) => x !== ns);
          if (foundIn.length) to.foundIn = foundIn;
          if (keyById.has(nodeId(other, ns, name))) to.otherKind = other;
        }
        out.push({ from, to, index, healthChecks });
      }
    }
  }
  return out;
}

const FLUX_API: Record<string, string> = { Kustomization: "kustomize.toolkit.fluxcd.io/v1", HelmRelease: "helm.toolkit.fluxcd.io/v2" };

/**
 * `missing-target` for every dependsOn naming something absent: Flux holds the dependent
 * ("dependency not found") and retries forever. Says where an object of that name is when
 * it is in another namespace or of the other Flux kind; the fix patches exactly the entry at
 * fault (its position, checked against its name), leaving the other entries as they are.
 */
export function fluxDependsOnDiagnostics(edges: readonly FluxDependsOnEdge[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { from, to, index, healthChecks } of edges) {
    if (to.key) continue;
    const { kind, namespace, name } = to;
    const who = `${from.kind}/${from.name}`;
    let message = `${who} runs after ${kind}/${name} in namespace ${namespace} (spec.dependsOn), which does not exist: Flux will not reconcile ${who} until it does.`;
    let fix: string | undefined;
    const entry = `/spec/dependsOn/${index}`;
    const check = { op: "test", path: `${entry}/name`, value: name };
    if (to.foundIn?.length) {
      const there = to.foundIn[0];
      message += ` Found in namespace ${to.foundIn.join(", ")}: name that namespace in the dependsOn entry.`;
      fix = `# dependsOn ${name} in namespace ${there}\n${patchJson(from.kind, from.name, from.namespace, [check, { op: "add", path: `${entry}/namespace`, value: there }])}`;
    } else if (to.otherKind) {
      message += ` A ${to.otherKind} named ${name} exists there, but a ${kind}'s dependsOn only names ${kind}s.`;
      if (kind === "Kustomization") {
        message += ` Wait for the ${to.otherKind} through a health check (spec.healthChecks) instead.`;
        const hc = { apiVersion: FLUX_API[to.otherKind], kind: to.otherKind, name, namespace };
        const add = healthChecks ? { op: "add", path: "/spec/healthChecks/-", value: hc } : { op: "add", path: "/spec/healthChecks", value: [hc] };
        fix = `# the dependsOn entry becomes a health check on ${to.otherKind}/${name}\n${patchJson(from.kind, from.name, from.namespace, [check, { op: "remove", path: entry }, add])}`;
      } else {
        // Nothing to patch on the HelmRelease itself: the ordering has to come from a Kustomization.
        message += ` Remove this entry and apply ${who} from a Kustomization whose spec.dependsOn names ${to.otherKind}/${name} (namespace ${namespace}).`;
      }
    }
    out.push({ severity: "error", code: "missing-target", message, nodes: [from.id, to.id], ...(fix ? { fix } : {}) });
  }
  return out;
}

// `runs-after` edges from ordering annotations (apply order, not runtime waits):
// Helm hooks by phase and weight, Argo CD sync waves and hooks. Flux `dependsOn` lives on
// Kustomization/HelmRelease objects, which the snapshot does not carry.
import type { KubeObject } from "@/lib/store/types";

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

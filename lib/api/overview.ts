// The front page: how big the world is, how risky, how its chains are doing, and the few
// things to look at first. Built from the same engines as the pages it links to, so each
// number equals what that page shows.
import type { ChainsView, Health } from "@/lib/chains/types";
import { chainsInNamespace } from "@/lib/chains";
import { filterFindings, findings, hiddenBootstrapFindings, type FindingFilter } from "@/lib/rbac/findings";
import type { Snapshot } from "@/lib/store/types";
import { bindingList } from "./bindings";
import { ruleLookup } from "./escalation";
import { serviceAccountList } from "./serviceaccounts";
import { wireFinding, type OverviewResponse } from "./wire";

/** How many findings and stuck chains the overview lists (the rest are a click away). */
export const OVERVIEW_LIST = 5;

/** Chains a user should look at, worst first: an error holds them, or they cannot finish. */
const ATTENTION: readonly Health[] = ["Blocked", "Degraded", "Missing"];

export function overview(snap: Snapshot, chains: ChainsView, namespace?: string): OverviewResponse {
  const filter: FindingFilter = { hideSystem: true, ...(namespace ? { namespace } : {}) };
  const all = findings(snap);
  const shown = filterFindings(all, filter);
  const counts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of shown) counts[f.severity]++;
  const ruleOf = ruleLookup(snap);

  const view = chainsInNamespace(chains, namespace);
  const health: Partial<Record<Health, number>> = {};
  for (const c of view.chains) health[c.health] = (health[c.health] ?? 0) + 1;
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const stuck = view.chains.filter((c) => ATTENTION.includes(c.health)).sort((a, b) => ATTENTION.indexOf(a.health) - ATTENTION.indexOf(b.health) || a.id.localeCompare(b.id));
  return {
    version: snap.version,
    ...(namespace ? { namespace } : {}),
    serviceAccounts: serviceAccountList(snap, namespace).items.length,
    bindings: bindingList(snap, namespace).items.length,
    findings: { ...counts, hiddenBuiltIn: hiddenBootstrapFindings(all, filter) },
    worstFindings: shown.slice(0, OVERVIEW_LIST).map((f) => wireFinding(f, ruleOf)),
    chains: { total: view.chains.length, health },
    chainsNeedingAttention: stuck.slice(0, OVERVIEW_LIST).map((c) => {
      const root = byId.get(c.id)!;
      const members = new Set(c.nodes);
      const problem = view.diagnostics.find((d) => d.severity === "error" && d.nodes.some((n) => members.has(n)))?.message;
      return { id: c.id, health: c.health, objects: c.nodes.length, root: { kind: root.kind, namespace: root.namespace, name: root.name }, ...(problem ? { problem } : {}) };
    }),
    chainsNeedingAttentionTotal: stuck.length,
  };
}

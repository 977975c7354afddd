// Aggregated ClusterRoles. A live cluster already holds the rules the controller filled in;
// manifests usually say `rules: []`, so there we compute what the controller would
// (pkg/controller/clusterroleaggregation): for each selector, the matching ClusterRoles
// sorted by name, skipping itself, their rules appended without duplicates. When nothing
// matches, the declared rules stay (the controller's server-side apply of an empty list
// removes nothing it does not own) — checked against the real controller by the differential test.
import type { PolicyRule, Role, SourceInfo } from "@/lib/store/types";
import { selectorMatches } from "./labels";

export function isLiveSource(source: SourceInfo): boolean {
  return source.mode === "cluster" || source.mode === "in-cluster";
}

export function isAggregated(role: Role): boolean {
  return role.kind === "ClusterRole" && !!role.aggregationRule && (role.aggregationRule.clusterRoleSelectors?.length ?? 0) > 0;
}

function ruleKey(r: PolicyRule): string {
  return JSON.stringify([r.verbs ?? [], r.apiGroups ?? [], r.resources ?? [], r.resourceNames ?? [], r.nonResourceURLs ?? []]);
}

/**
 * Rules of every ClusterRole after aggregation, by name. Nested aggregation is iterated to a
 * fixed point, as the controller converges to one. Non-aggregated roles keep their rules.
 */
export function aggregateClusterRoles(clusterRoles: ReadonlyMap<string, Role>): Map<string, PolicyRule[]> {
  const out = new Map<string, PolicyRule[]>();
  const sorted = [...clusterRoles.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  for (const r of sorted) out.set(r.metadata.name, r.rules ?? []);
  const aggregated = sorted.filter(isAggregated);
  if (aggregated.length === 0) return out;
  for (let round = 0; round <= aggregated.length; round++) {
    let changed = false;
    for (const agg of aggregated) {
      const rules: PolicyRule[] = [];
      const seen = new Set<string>();
      for (const sel of agg.aggregationRule!.clusterRoleSelectors!) {
        for (const cr of sorted) {
          if (cr.metadata.name === agg.metadata.name || !selectorMatches(sel, cr.metadata.labels)) continue;
          for (const rule of out.get(cr.metadata.name) ?? []) {
            const k = ruleKey(rule);
            if (!seen.has(k)) {
              seen.add(k);
              rules.push(rule);
            }
          }
        }
      }
      // The controller applies its rules with server-side apply: an empty result is an
      // omitted field, which leaves the rules the manifest declared in place.
      if (rules.length === 0) continue;
      const before = out.get(agg.metadata.name) ?? [];
      if (before.length !== rules.length || before.some((r, i) => ruleKey(r) !== ruleKey(rules[i]))) {
        out.set(agg.metadata.name, rules);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return out;
}

const byName = (a: Role, b: Role) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);

/** The ClusterRoles an aggregated ClusterRole's selectors pick (itself left out, as the controller does), by name. */
export function aggregatedMembers(clusterRoles: ReadonlyMap<string, Role>, role: Role): Role[] {
  if (!isAggregated(role)) return [];
  const selectors = role.aggregationRule!.clusterRoleSelectors!;
  const out: Role[] = [];
  for (const cr of clusterRoles.values()) {
    if (cr.metadata.name === role.metadata.name) continue;
    if (selectors.some((s) => selectorMatches(s, cr.metadata.labels))) out.push(cr);
  }
  return out.sort(byName);
}

/** The aggregated ClusterRoles whose selectors pick this ClusterRole (its rules are added to theirs), by name. */
export function aggregatingRoles(clusterRoles: ReadonlyMap<string, Role>, role: Role): Role[] {
  if (role.kind !== "ClusterRole") return [];
  const out: Role[] = [];
  for (const agg of clusterRoles.values()) {
    if (agg.metadata.name === role.metadata.name || !isAggregated(agg)) continue;
    if (agg.aggregationRule!.clusterRoleSelectors!.some((s) => selectorMatches(s, role.metadata.labels))) out.push(agg);
  }
  return out.sort(byName);
}

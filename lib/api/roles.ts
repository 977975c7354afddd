// A Role's or ClusterRole's page: its rules as written, aggregation both ways (which
// ClusterRoles it picks, which pick it), the bindings naming it, and the findings whose grant
// comes through it. Everything is read from the engine's answers (the RBAC index, the bindings
// list, the findings list), so the page says what the other pages say.
import { aggregatedMembers, aggregatingRoles, isAggregated } from "@/lib/rbac/aggregation";
import { findings, withSuggestions } from "@/lib/rbac/findings";
import { rbacIndex, rulesOf } from "@/lib/rbac/indexes";
import type { PolicyRule, Role, Snapshot } from "@/lib/store/types";
import { bindingList } from "./bindings";
import { builtInMark } from "./builtin";
import { ruleLookup } from "./escalation";
import { wireFinding, type RoleBindingWire, type RoleDetailResponse } from "./wire";

export type RoleRef = { kind: "Role"; namespace: string; name: string } | { kind: "ClusterRole"; name: string };

/** The role a ref names, as the engine knows it (offline with the bootstrap policy's roles). */
export function findRole(snap: Snapshot, ref: RoleRef): Role | undefined {
  const idx = rbacIndex(snap);
  return ref.kind === "Role" ? idx.roles.get(`${ref.namespace}/${ref.name}`) : idx.clusterRoles.get(ref.name);
}

const sameRole = (r: { kind: string; namespace?: string; name: string } | undefined, ref: RoleRef) =>
  !!r && r.kind === ref.kind && r.name === ref.name && (ref.kind === "ClusterRole" || r.namespace === ref.namespace);

const ruleKey = (r: PolicyRule) => JSON.stringify([r.verbs ?? [], r.apiGroups ?? [], r.resources ?? [], r.resourceNames ?? [], r.nonResourceURLs ?? []]);

const wireRule = (r: PolicyRule) => ({
  verbs: r.verbs ?? [],
  ...(r.apiGroups ? { apiGroups: r.apiGroups } : {}),
  ...(r.resources ? { resources: r.resources } : {}),
  ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}),
  ...(r.nonResourceURLs ? { nonResourceURLs: r.nonResourceURLs } : {}),
});

const named = (r: Role) => ({ name: r.metadata.name, ...builtInMark(r) });

/** `GET /api/v1/roles/{ns}/{name}`, `GET /api/v1/clusterroles/{name}`; undefined when no such role exists (404). */
export function roleDetail(snap: Snapshot, ref: RoleRef): RoleDetailResponse | undefined {
  const role = findRole(snap, ref);
  if (!role) return undefined;
  const idx = rbacIndex(snap);
  const written = role.rules ?? [];
  const effective = rulesOf(idx, role);
  const differs = effective.length !== written.length || effective.some((r, i) => ruleKey(r) !== ruleKey(written[i]));

  // The bindings list resolves each roleRef the way the authorizer does (a RoleBinding's Role in its own namespace).
  const bindings: RoleBindingWire[] = bindingList(snap).items
    .filter((b) => sameRole(b.role, ref))
    .map((b) => ({ kind: b.kind, ...(b.namespace ? { namespace: b.namespace } : {}), name: b.name, subjects: b.subjects, ...(b.builtIn ? { builtIn: b.builtIn } : {}) }));

  const ruleOf = ruleLookup(snap);
  const through = withSuggestions(findings(snap).filter((f) => sameRole(f.role, ref))).map((f) => wireFinding(f, ruleOf));

  const into = role.kind === "ClusterRole" ? aggregatingRoles(idx.clusterRoles, role) : [];
  const labels = role.metadata.labels;
  return {
    version: snap.version,
    kind: ref.kind,
    ...(ref.kind === "Role" ? { namespace: ref.namespace } : {}),
    name: ref.name,
    ...builtInMark(role),
    ...(role.metadata.creationTimestamp ? { createdAt: role.metadata.creationTimestamp } : {}),
    ...(labels && Object.keys(labels).length ? { labels: { ...labels } } : {}),
    rules: written.map(wireRule),
    ...(differs ? { aggregatedRules: effective.map(wireRule) } : {}),
    ...(isAggregated(role)
      ? {
          aggregation: {
            selectors: role.aggregationRule!.clusterRoleSelectors!.map((s) => ({
              ...(s.matchLabels ? { matchLabels: { ...s.matchLabels } } : {}),
              ...(s.matchExpressions ? { matchExpressions: s.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, ...(e.values ? { values: [...e.values] } : {}) })) } : {}),
            })),
            aggregates: aggregatedMembers(idx.clusterRoles, role).map(named),
          },
        }
      : {}),
    ...(into.length ? { aggregatedInto: into.map(named) } : {}),
    bindings,
    findings: through,
  };
}

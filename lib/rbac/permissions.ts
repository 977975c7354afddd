// Effective permissions of an identity (usually an SA): a resource × verb matrix per
// namespace and cluster-wide, every cell with its provenance. `*` is expanded over the
// served resources; the raw rules are kept beside the matrix.
import { csvCell } from "./csv";
import type { PolicyRule, Snapshot } from "@/lib/store/types";
import { bindingRef, roleRefOf, subjectView, type ObjectRef, type SubjectRefView } from "./authorize";
import { rbacIndex, rulesOf, type MatchedBy } from "./indexes";
import { isClusterScoped, resourceCatalog, type ResourceCatalog } from "./resources";
import { cellRisk } from "./risk";
import { bindingsForIdentity, type BindingMatch, type Identity } from "./subjects";

export const MATRIX_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"] as const;
const MATRIX_VERB_SET: ReadonlySet<string> = new Set(MATRIX_VERBS);

/** Why a cell is allowed: one applicable (binding, role, rule), by index into PermissionView.rules. */
export type GrantRef = number;
export interface Cell {
  verb: string;
  access: "all" | "named";
  names?: string[];
  /** Indexes into the view's `rules`: binding → role → rule #n and the subject that matched. */
  grants: GrantRef[];
  /** Every grant came from a `*` (verb, resource or apiGroup). */
  wildcard: boolean;
  /** Risk id (see risk.ts) when this verb on this resource is a risky permission. */
  risk?: string;
}
export interface Row {
  apiGroup: string;
  resource: string;
  /** undefined: the cluster does not serve this resource (the rule names it anyway). */
  namespaced?: boolean;
  ineffective: boolean;
  /** Verbs allowed; the 8 matrix verbs plus others (`*`, escalate, bind, use, …). */
  cells: Cell[];
}
export interface NonResourceRow {
  url: string;
  cells: Cell[];
}
export interface RawRule {
  binding: ObjectRef;
  role: ObjectRef;
  rule: number;
  subject: SubjectRefView;
  matchedBy: MatchedBy;
  policyRule: PolicyRule;
  /** Granted through a group the identity is in (not the SA itself or its user name). */
  viaGroup?: string;
  /** A RoleBinding rule naming only cluster-scoped resources: no real request can use it. */
  ineffective?: boolean;
}
export interface PermissionView {
  /** null: cluster-wide (ClusterRoleBindings only). */
  namespace: string | null;
  rows: Row[];
  nonResource: NonResourceRow[];
  rules: RawRule[];
  /** Applicable bindings whose role does not exist: shown, granting nothing. */
  orphans: { binding: ObjectRef; role: ObjectRef; subject: SubjectRefView; matchedBy: MatchedBy }[];
}

interface Target {
  group: string;
  resource: string;
  wildcard: boolean;
}

/** The (group, resource) pairs a rule names, `*` expanded over the catalog. */
export function expandRuleResources(cat: ResourceCatalog, rule: PolicyRule, onlyNamespaced: boolean): Target[] {
  const out = new Map<string, Target>();
  const add = (group: string, resource: string, wildcard: boolean) => {
    const k = `${group}\n${resource}`;
    const cur = out.get(k);
    if (!cur || (cur.wildcard && !wildcard)) out.set(k, { group, resource, wildcard });
  };
  const groups = rule.apiGroups ?? [];
  const anyGroup = groups.includes("*");
  const groupList = anyGroup ? cat.groups : groups;
  for (const r of rule.resources ?? []) {
    if (r === "*" || (r.startsWith("*/") && r.length > 2)) {
      const sub = r === "*" ? undefined : r.slice(1); // "/scale"
      for (const g of groupList) {
        for (const res of cat.byGroup.get(g) ?? []) {
          if (onlyNamespaced && !res.namespaced) continue;
          if (sub === undefined || (res.resource.endsWith(sub) && res.resource.indexOf("/") === res.resource.length - sub.length)) add(g, res.resource, true);
        }
      }
      continue;
    }
    if (anyGroup) {
      const served = cat.byName.get(r) ?? [];
      for (const res of served) add(res.group, r, true);
      if (served.length === 0) add("*", r, false);
    } else {
      // groups × resources is a cross product; pairs the cluster does not serve are shown only
      // when no listed group serves the resource (a CRD not installed yet, a typo)
      const served = groups.filter((g) => cat.byKey.has(`${g}\n${r}`));
      for (const g of served.length ? served : groups) add(g, r, false);
    }
  }
  return [...out.values()];
}

function expandVerbs(rule: PolicyRule): { verb: string; wildcard: boolean }[] {
  const out: { verb: string; wildcard: boolean }[] = [];
  for (const v of rule.verbs ?? []) {
    if (v === "*") {
      for (const m of MATRIX_VERBS) out.push({ verb: m, wildcard: true });
      out.push({ verb: "*", wildcard: false });
    } else out.push({ verb: v, wildcard: false });
  }
  return out;
}

function addGrant(cells: Map<string, Cell>, verb: string, grant: GrantRef, names: string[] | undefined, wildcard: boolean, risk: string | undefined) {
  let c = cells.get(verb);
  if (!c) {
    c = names ? { verb, access: "named", names: [...names], grants: [grant], wildcard } : { verb, access: "all", grants: [grant], wildcard };
    if (risk) c.risk = risk;
    cells.set(verb, c);
    return;
  }
  if (c.grants[c.grants.length - 1] !== grant) c.grants.push(grant);
  if (!wildcard) c.wildcard = false;
  if (!names) {
    c.access = "all";
    delete c.names;
  } else if (c.access === "named") {
    for (const n of names) if (!c.names!.includes(n)) c.names!.push(n);
  }
}

function verbOrder(v: string): number {
  const i = (MATRIX_VERBS as readonly string[]).indexOf(v);
  return i >= 0 ? i : MATRIX_VERBS.length;
}

/** Namespaces worth a view for this identity: where its RoleBindings are, plus `extra` (its own). */
export function permissionNamespaces(matches: readonly BindingMatch[], extra: string[] = []): string[] {
  const s = new Set(extra);
  for (const m of matches) if (m.binding.kind === "RoleBinding") s.add(m.binding.metadata.namespace ?? "");
  return [...s].filter(Boolean).sort();
}

/**
 * The matrix for one namespace (ClusterRoleBindings + that namespace's RoleBindings) or,
 * with namespace null, cluster-wide (ClusterRoleBindings only: cluster-scoped resources and
 * namespaced resources in every namespace).
 */
export function permissionView(snap: Snapshot, id: Identity, namespace: string | null, matches = bindingsForIdentity(snap, id)): PermissionView {
  const idx = rbacIndex(snap);
  const cat = resourceCatalog(snap);
  const rows = new Map<string, { row: Row; cells: Map<string, Cell> }>();
  const nonRes = new Map<string, Map<string, Cell>>();
  const rules: RawRule[] = [];
  const orphans: PermissionView["orphans"] = [];

  for (const m of matches) {
    const b = m.binding;
    const isRB = b.kind === "RoleBinding";
    if (namespace === null ? isRB : isRB && b.metadata.namespace !== namespace) continue;
    const base = { binding: bindingRef(b), role: roleRefOf(b), subject: subjectView(b, m.subjectIndex), matchedBy: m.matchedBy };
    if (!m.role) {
      orphans.push(base);
      continue;
    }
    const viaGroup = m.matchedBy.type === "Group" ? m.matchedBy.group : undefined;
    const ruleList = rulesOf(idx, m.role);
    for (let ri = 0; ri < ruleList.length; ri++) {
      const rule = ruleList[ri];
      const gi = rules.length;
      const raw: RawRule = { binding: base.binding, role: base.role, rule: ri, subject: base.subject, matchedBy: base.matchedBy, policyRule: rule };
      if (viaGroup) raw.viaGroup = viaGroup;
      rules.push(raw);
      let anyEffective = false;
      const verbs = expandVerbs(rule);
      const names = rule.resourceNames?.length ? rule.resourceNames : undefined;
      // non-resource URLs only count through ClusterRoleBindings, and only cluster-wide
      if (rule.nonResourceURLs?.length && !isRB && namespace === null) {
        anyEffective = true;
        for (const url of rule.nonResourceURLs) {
          let cells = nonRes.get(url);
          if (!cells) nonRes.set(url, (cells = new Map()));
          for (const v of verbs) addGrant(cells, v.verb, gi, undefined, v.wildcard, undefined);
        }
      }
      for (const t of expandRuleResources(cat, rule, isRB)) {
        const scoped = isClusterScoped(cat, t.group, t.resource);
        // in a namespace view, cluster-scoped rows come only from RoleBindings (ineffective)
        if (namespace !== null && !isRB && scoped === true) continue;
        const ineffective = isRB && scoped === true;
        if (!ineffective) anyEffective = true;
        const key = `${t.group}\n${t.resource}`;
        let entry = rows.get(key);
        if (!entry) {
          const row: Row = { apiGroup: t.group, resource: t.resource, ineffective: true, cells: [] };
          if (scoped !== undefined) row.namespaced = !scoped;
          entry = { row, cells: new Map() };
          rows.set(key, entry);
        }
        if (!ineffective) entry.row.ineffective = false;
        for (const v of verbs) addGrant(entry.cells, v.verb, gi, names, t.wildcard || v.wildcard, cellRisk(v.verb, t.group, t.resource));
      }
      if (!anyEffective && (rule.resources?.length || rule.nonResourceURLs?.length)) raw.ineffective = true;
    }
  }
  const sortCells = (m: Map<string, Cell>) => [...m.values()].sort((a, b) => verbOrder(a.verb) - verbOrder(b.verb) || a.verb.localeCompare(b.verb));
  const rowList = [...rows.values()]
    .map(({ row, cells }) => ({ ...row, cells: sortCells(cells) }))
    .sort((a, b) => a.apiGroup.localeCompare(b.apiGroup) || a.resource.localeCompare(b.resource));
  const nonResource = [...nonRes.entries()].map(([url, cells]) => ({ url, cells: sortCells(cells) })).sort((a, b) => a.url.localeCompare(b.url));
  return { namespace, rows: rowList, nonResource, rules, orphans };
}

export function isMatrixVerb(v: string): boolean {
  return MATRIX_VERB_SET.has(v);
}

function via(view: PermissionView, c: Cell): string {
  return c.grants
    .map((i) => view.rules[i])
    .map((g) => `${g.binding.kind}/${g.binding.namespace ? g.binding.namespace + "/" : ""}${g.binding.name}>${g.role.kind}/${g.role.name}#${g.rule}${g.viaGroup ? ` (group ${g.viaGroup})` : ""}`)
    .join(" ");
}

/** CSV of a view: one line per (resource, verb) cell. */
export function permissionViewCsv(view: PermissionView): string {
  const lines = ["scope,apiGroup,resource,verb,access,names,ineffective,risk,via"];
  const scope = view.namespace ?? "cluster-wide";
  for (const r of view.rows)
    for (const c of r.cells)
      lines.push(
        [scope, r.apiGroup, r.resource, c.verb, c.access, (c.names ?? []).join(" "), String(r.ineffective), c.risk ?? "", via(view, c)]
        .map(csvCell)
        .join(","),
      );
  for (const n of view.nonResource)
    for (const c of n.cells) lines.push([scope, "", n.url, c.verb, c.access, "", "false", "", via(view, c)].map(csvCell).join(","));
  return lines.join("\n") + "\n";
}

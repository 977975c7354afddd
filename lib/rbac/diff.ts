// The permissions diff between two snapshots (`rolecall diff` between two manifest sets, and
// the history recorder between two store snapshots): for every subject (ServiceAccount, user,
// group), the permissions one side grants that the other does not, each with the binding → role
// → rule that grants it and its risk. Decided by the RBAC engine's own rule matching: a
// permission is gained only if no rule of the other side allows it (a new `get pods` beside an
// old `*` on pods is no gain).
import { bindingRef, roleRefOf, subjectView, type ObjectRef, type SubjectRefView } from "./authorize";
import { bindingScope, rbacIndex, resolveRole, rulesOf, subjectKey, type RbacIndex } from "./indexes";
import { ruleRisks, severityRank, type Severity } from "./risk";
import { ruleAllows, type RequestAttributes } from "./rules";
import { parseServiceAccountUser } from "./subjects";
import type { Binding, PolicyRule, Snapshot } from "@/lib/store/types";

/** Where an object is written in a manifest set. */
export interface Location {
  file: string;
  line: number;
}

/** The key of an object in a location map: `kind/namespace/name`. */
export const objectKeyOf = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ""}/${name}`;

export type Risk = Severity | "none";
export const GAIN_THRESHOLDS = ["critical", "high", "medium", "never"] as const;
export type GainThreshold = (typeof GAIN_THRESHOLDS)[number];

export interface Grant {
  binding: ObjectRef;
  role: ObjectRef;
  /** Index of the rule in the role's effective rules (aggregation applied). */
  rule: number;
  /** Where the binding is written (in the side that grants it), when it is in the input. */
  at?: Location;
}

/** One permission: a verb on a resource (or a non-resource URL) in a namespace or cluster-wide. */
export interface Permission {
  /** Namespace, or "" for cluster-wide (a ClusterRoleBinding: every namespace and cluster scope). */
  namespace: string;
  verb: string;
  apiGroup?: string;
  /** Plural, may be `res/sub` or `*`. */
  resource?: string;
  /** Only this object (resourceNames). */
  resourceName?: string;
  nonResourceURL?: string;
}

export interface PermissionChange extends Permission {
  /** The grants on the side that has it (AFTER for a gain, BEFORE for a loss). */
  via: Grant[];
  risk: Risk;
  /** The risk ids (finding risks) it carries, e.g. secrets-read, wildcard. */
  risks: string[];
}

export interface SubjectDiff {
  subject: SubjectRefView;
  gained: PermissionChange[];
  lost: PermissionChange[];
  /** The worst risk among the gains. */
  worstGain: Risk;
}

export interface DiffReport {
  subjects: SubjectDiff[];
  summary: { subjects: number; gained: number; lost: number; worstGain: Risk; failOnGain: GainThreshold };
  failing: boolean;
}

interface Entry {
  scope: string;
  rule: PolicyRule;
  grant: Grant;
}

const RISK_ORDER: readonly Risk[] = ["critical", "high", "medium", "low", "none"];
const worse = (a: Risk, b: Risk) => (RISK_ORDER.indexOf(a) <= RISK_ORDER.indexOf(b) ? a : b);

/** Whether a gain of this risk makes `diff` fail under `--fail-on-gain`. */
export function gainFails(risk: Risk, threshold: GainThreshold): boolean {
  return threshold !== "never" && risk !== "none" && severityRank(risk) <= severityRank(threshold);
}

const subjectId = (s: SubjectRefView) => `${s.kind}/${s.namespace ?? ""}/${s.name}`;

/** The bindings to read: all, or those naming one of `keys` (index keys, see subjectKey). */
function bindingsOf(idx: RbacIndex, keys: ReadonlySet<string> | undefined): Iterable<Binding> {
  if (!keys) {
    const all: Binding[] = [...idx.clusterBindings];
    for (const list of idx.roleBindingsByNamespace.values()) all.push(...list);
    return all;
  }
  const some = new Set<Binding>();
  for (const k of keys) for (const ref of idx.bySubject.get(k) ?? []) some.add(ref.binding);
  return some;
}

/** Every (scope, rule) each subject holds, by subject (only the subjects of `keys` when given). */
function grantsBySubject(snap: Snapshot, locations?: ReadonlyMap<string, Location>, keys?: ReadonlySet<string>): Map<string, { subject: SubjectRefView; entries: Entry[] }> {
  const idx = rbacIndex(snap);
  const out = new Map<string, { subject: SubjectRefView; entries: Entry[] }>();
  for (const b of bindingsOf(idx, keys)) {
    const role = resolveRole(idx, b);
    if (!role) continue; // a binding to a missing role grants nothing
    const rules = rulesOf(idx, role);
    const at = locations?.get(objectKeyOf(b.kind, b.metadata.namespace, b.metadata.name));
    for (let si = 0; si < (b.subjects?.length ?? 0); si++) {
      const key = subjectKey(b, si);
      if (!key || (keys && !keys.has(key.key))) continue;
      // a User named system:serviceaccount:ns:name is that ServiceAccount (one identity, one entry)
      const named = subjectView(b, si);
      const sa = named.kind === "User" ? parseServiceAccountUser(named.name) : undefined;
      const subject: SubjectRefView = sa ? { kind: "ServiceAccount", name: sa.name, namespace: sa.namespace } : named;
      const id = subjectId(subject);
      let s = out.get(id);
      if (!s) out.set(id, (s = { subject, entries: [] }));
      rules.forEach((rule, ri) => s.entries.push({ scope: bindingScope(b), rule, grant: { binding: bindingRef(b), role: roleRefOf(b), rule: ri, ...(at ? { at } : {}) } }));
    }
  }
  return out;
}

/** The permissions one rule grants in a scope, one per verb × group × resource × name (wildcards kept as written). */
function permissionsOf(e: Entry): Permission[] {
  const out: Permission[] = [];
  const r = e.rule;
  const verbs = r.verbs ?? [];
  if (r.nonResourceURLs?.length) {
    // only a ClusterRoleBinding grants non-resource URLs
    if (e.scope === "") for (const url of r.nonResourceURLs) for (const verb of verbs) out.push({ namespace: "", verb, nonResourceURL: url });
  }
  if (!r.resources?.length) return out;
  const names = r.resourceNames?.length ? r.resourceNames : [undefined];
  for (const apiGroup of r.apiGroups ?? [])
    for (const resource of r.resources)
      for (const verb of verbs)
        for (const name of names) out.push({ namespace: e.scope, verb, apiGroup, resource, ...(name !== undefined ? { resourceName: name } : {}) });
  return out;
}

function request(p: Permission): RequestAttributes {
  if (p.nonResourceURL !== undefined) return { kind: "nonResource", verb: p.verb, path: p.nonResourceURL };
  const res = p.resource ?? "";
  const i = res.indexOf("/");
  return {
    kind: "resource",
    verb: p.verb,
    apiGroup: p.apiGroup ?? "",
    resource: i < 0 ? res : res.slice(0, i),
    subresource: i < 0 ? "" : res.slice(i + 1),
    name: p.resourceName ?? "",
    namespace: p.namespace,
  };
}

/** Whether any of the entries allows the permission where it applies (a cluster-wide grant covers every namespace). */
function allowedBy(entries: readonly Entry[] | undefined, p: Permission): boolean {
  if (!entries) return false;
  const req = request(p);
  return entries.some((e) => (e.scope === "" || e.scope === p.namespace) && ruleAllows(req, e.rule));
}

function riskOf(p: Permission): { risk: Risk; risks: string[] } {
  if (p.nonResourceURL !== undefined) return { risk: "none", risks: [] };
  const rule: PolicyRule = { verbs: [p.verb], apiGroups: [p.apiGroup ?? ""], resources: [p.resource ?? ""], ...(p.resourceName ? { resourceNames: [p.resourceName] } : {}) };
  let risk: Risk = "none";
  const risks: string[] = [];
  for (const rr of ruleRisks(rule)) {
    risk = worse(risk, rr.severity);
    risks.push(rr.risk.id);
  }
  return { risk, risks };
}

const permKey = (p: Permission) => `${p.namespace}|${p.verb}|${p.apiGroup ?? ""}|${p.resource ?? ""}|${p.resourceName ?? ""}|${p.nonResourceURL ?? ""}`;

/** What `side` grants each subject that `other` does not. */
function changes(side: Map<string, { subject: SubjectRefView; entries: Entry[] }>, other: Map<string, { subject: SubjectRefView; entries: Entry[] }>): Map<string, PermissionChange[]> {
  const out = new Map<string, PermissionChange[]>();
  for (const [id, { entries }] of side) {
    const theirs = other.get(id)?.entries;
    const found = new Map<string, PermissionChange>();
    for (const e of entries) {
      for (const p of permissionsOf(e)) {
        const k = permKey(p);
        const had = found.get(k);
        if (had) {
          had.via.push(e.grant);
          continue;
        }
        if (allowedBy(theirs, p)) continue;
        found.set(k, { ...p, via: [e.grant], ...riskOf(p) });
      }
    }
    if (found.size) out.set(id, [...found.values()]);
  }
  return out;
}

export interface DiffOptions {
  failOnGain: GainThreshold;
  beforeLocations?: ReadonlyMap<string, Location>;
  afterLocations?: ReadonlyMap<string, Location>;
  /**
   * Only these subjects (index keys: `u:<user>` — a ServiceAccount is its user
   * `system:serviceaccount:ns:name` — or `g:<group>`); all when absent. The recorder passes the
   * subjects of the objects that changed, so one changed binding costs its own subjects.
   */
  subjects?: ReadonlySet<string>;
}

export function diff(before: Snapshot, after: Snapshot, opts: DiffOptions): DiffReport {
  const b = grantsBySubject(before, opts.beforeLocations, opts.subjects);
  const a = grantsBySubject(after, opts.afterLocations, opts.subjects);
  const gained = changes(a, b);
  const lost = changes(b, a);
  const ids = [...new Set([...gained.keys(), ...lost.keys()])];
  const subjects: SubjectDiff[] = ids.map((id) => {
    const g = (gained.get(id) ?? []).sort(byRisk);
    const l = (lost.get(id) ?? []).sort(byRisk);
    return { subject: (a.get(id) ?? b.get(id))!.subject, gained: g, lost: l, worstGain: g.reduce<Risk>((w, c) => worse(w, c.risk), "none") };
  });
  subjects.sort((x, y) => RISK_ORDER.indexOf(x.worstGain) - RISK_ORDER.indexOf(y.worstGain) || subjectId(x.subject).localeCompare(subjectId(y.subject)));
  const worstGain = subjects.reduce<Risk>((w, s) => worse(w, s.worstGain), "none");
  return {
    subjects,
    summary: {
      subjects: subjects.length,
      gained: subjects.reduce((n, s) => n + s.gained.length, 0),
      lost: subjects.reduce((n, s) => n + s.lost.length, 0),
      worstGain,
      failOnGain: opts.failOnGain,
    },
    failing: gainFails(worstGain, opts.failOnGain),
  };
}

function byRisk(x: PermissionChange, y: PermissionChange): number {
  return RISK_ORDER.indexOf(x.risk) - RISK_ORDER.indexOf(y.risk) || permKey(x).localeCompare(permKey(y));
}

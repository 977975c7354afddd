// Risk findings: who holds which dangerous permission, through which binding, role and
// rule, why it matters and a narrower Role to use instead.
import { csvCell } from "./csv";
import { stringify } from "yaml";
import type { Binding, PolicyRule, Role, Snapshot } from "@/lib/store/types";
import { bindingRef, roleRefOf, subjectView, type ObjectRef, type SubjectRefView } from "./authorize";
import { rbacIndex, resolveRole, rulesOf, subjectKey } from "./indexes";
import { ruleRisks, severityRank, type RuleRisk, type Severity } from "./risk";
import { isBootstrapBinding, serviceAccountOfSubject, serviceAccountPresence, serviceAccountState } from "./service-accounts";
import { parseServiceAccountUser, serviceAccountGroups } from "./subjects";
import { CLUSTER_ADMIN, reachingClusterAdmin, type EscalationPath } from "./escalation";
import { memoOnKinds } from "@/lib/store/memo";

export interface Finding {
  id: string;
  severity: Severity;
  risk: string;
  title: string;
  subject: SubjectRefView;
  /** Namespace the finding belongs to (SA's namespace, else the binding's; "" cluster-wide). */
  namespace: string;
  binding: ObjectRef;
  role?: ObjectRef;
  rule?: number;
  policyRule?: PolicyRule;
  scope: "cluster" | "namespace";
  why: string;
  fix: string;
  /** Filled by withSuggestions() for the findings being returned (YAML of a narrower Role + RoleBinding). */
  suggestedRole?: string;
  /**
   * A binding of the bootstrap policy itself (labelled kubernetes.io/bootstrapping=rbac-defaults):
   * in every cluster, nobody's decision, hidden by default (and counted). A user's binding to a
   * built-in role such as cluster-admin or edit is not: that grant is the user's.
   */
  system: boolean;
  /** risk "reaches-cluster-admin": the escalation path, first hop from this subject. */
  path?: EscalationPath;
}

const READ = ["get", "list", "watch"];

/** A narrower rule for a risky one: no wildcards, Secrets by name, read instead of write where it was a wildcard. */
export function narrowRule(rule: PolicyRule, risk: string): PolicyRule {
  const ruleVerbs = rule.verbs ?? [];
  const verbs = ruleVerbs.includes("*") ? READ : ruleVerbs.filter((v) => !["escalate", "bind", "impersonate"].includes(v));
  let resources = (rule.resources ?? []).filter((r) => r !== "*" && !r.startsWith("*/"));
  if (risk === "wildcard" && resources.length === 0) resources = ["<resources-this-workload-needs>"];
  if (risk === "pod-exec") resources = resources.filter((r) => !/^pods\/(exec|attach|portforward|ephemeralcontainers)$/.test(r));
  if (risk === "sa-token") resources = resources.filter((r) => r !== "serviceaccounts/token");
  if (risk === "nodes-proxy") resources = resources.filter((r) => r !== "nodes/proxy");
  const out: PolicyRule = {
    apiGroups: (rule.apiGroups ?? []).includes("*") ? ["<api-group>"] : [...(rule.apiGroups ?? [])],
    resources: resources.length ? resources : ["<resources-this-workload-needs>"],
    verbs: verbs.length ? verbs : READ,
  };
  if (risk === "secrets-read") {
    out.verbs = ["get"];
    out.resourceNames = rule.resourceNames?.length ? [...rule.resourceNames] : ["<secret-name>"];
  } else if (rule.resourceNames?.length) out.resourceNames = [...rule.resourceNames];
  if (risk === "workload-create") out.verbs = verbs.filter((v) => v !== "create").length ? verbs.filter((v) => v !== "create") : READ;
  return out;
}

/** The narrower Role (and its RoleBinding) to use instead of the finding's rule; YAML to copy. */
export function suggestedRole(f: Finding): string | undefined {
  if (!f.policyRule || !f.role || f.rule === undefined) return undefined;
  return suggestedRoleYaml(f.binding, f.role.name, f.policyRule, f.risk, f.subject);
}

/** The findings with their suggested Role filled in (for the ones being returned). */
export function withSuggestions(list: readonly Finding[]): Finding[] {
  return list.map((f) => {
    const y = suggestedRole(f);
    return y ? { ...f, suggestedRole: y } : f;
  });
}

function suggestedRoleYaml(b: ObjectRef, roleName: string, rule: PolicyRule, risk: string, subject: SubjectRefView): string {
  const ns = b.kind === "RoleBinding" ? (b.namespace ?? "default") : (subject.namespace ?? "<namespace>");
  const name = `${roleName.replace(/^system:/, "")}-narrowed`;
  const docs = [
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name, namespace: ns }, rules: [narrowRule(rule, risk)] },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name, namespace: ns },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
      subjects: [subject.kind === "ServiceAccount" ? { kind: "ServiceAccount", name: subject.name, namespace: subject.namespace } : { kind: subject.kind, apiGroup: "rbac.authorization.k8s.io", name: subject.name }],
    },
  ];
  return docs.map((d) => stringify(d)).join("---\n");
}

function fixText(b: Binding, rr: RuleRisk): string {
  const parts: string[] = [];
  if (b.kind === "ClusterRoleBinding") parts.push("Bind a Role with a RoleBinding in the namespaces that need it instead of cluster-wide.");
  if (rr.risk.id === "wildcard") parts.push("List the verbs and resources explicitly.");
  if (rr.risk.id === "secrets-read") parts.push("Limit to get on the named Secrets (resourceNames), drop list/watch.");
  if (rr.risk.id === "workload-create") parts.push("Let a deployment pipeline create workloads, not a running pod's identity.");
  if (rr.risk.id === "escalate-bind" || rr.risk.id === "impersonate") parts.push(`Remove the ${rr.risk.id === "impersonate" ? "impersonate" : "escalate/bind"} verbs.`);
  if (parts.length === 0) parts.push("Remove this rule unless the workload needs it; grant it only in one namespace.");
  return parts.join(" ");
}

/** What a binding grants, as the worst severity of its risky rules ("low": nothing risky, or no role). */
function grantSeverity(b: Binding, role: Role | undefined, perRule: readonly RuleRisk[][]): Severity {
  if (!role) return "low";
  if (b.roleRef?.kind === "ClusterRole" && b.roleRef.name === "cluster-admin") return b.kind === "ClusterRoleBinding" ? "critical" : "high";
  let worst: Severity = "low";
  for (const risks of perRule) for (const rr of risks) if (severityRank(rr.severity) < severityRank(worst)) worst = rr.severity;
  return worst;
}

// The findings read RBAC objects, ServiceAccounts and Namespaces only: a snapshot that changed
// none of them (a Pod's status, the most frequent change) reuses the list.
const INPUT_KINDS = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ServiceAccount", "Namespace"] as const;

const inputsBeyondKinds = (snap: Snapshot) => [serviceAccountPresence(snap).known, rbacIndex(snap).live];
// One per process (shareAs): Next's copies of this module (routes, pages) share the lists.
const grantFindings = memoOnKinds(INPUT_KINDS, computeFindings, inputsBeyondKinds, "findings.grants");

// Escalation paths read more than the grants do (Pods: exec acts as a pod's ServiceAccount).
const ESCALATION_KINDS = [...INPUT_KINDS, "Pod"] as const;

/** Every subject that can become cluster-admin (the engine's answer), memoised on the kinds it reads. */
export const clusterAdminPaths = memoOnKinds(ESCALATION_KINDS, reachingClusterAdmin, inputsBeyondKinds, "findings.clusterAdminPaths");

// Also keyed on the engine's answer itself: when a Pod change moved no path and the engine
// gives back the same answer, the findings and the lists built on them are reused.
const escalationMemo = new WeakMap<readonly EscalationPath[], { bindings: readonly object[]; value: Finding[] }>();
function escalationFindings(snap: Snapshot): Finding[] {
  const paths = clusterAdminPaths(snap);
  // the "system" mark reads the first step's binding
  const bindings = [snap.objects.RoleBinding, snap.objects.ClusterRoleBinding];
  const hit = escalationMemo.get(paths);
  if (hit && hit.bindings.every((b, i) => b === bindings[i])) return hit.value;
  const value = computeEscalationFindings(snap, paths);
  escalationMemo.set(paths, { bindings, value });
  return value;
}

const mergedMemo = new WeakMap<readonly Finding[], WeakMap<readonly Finding[], Finding[]>>();

/** Every finding of the snapshot (memoised on what it reads); filter with filterFindings. */
export function findings(snap: Snapshot): Finding[] {
  const grants = grantFindings(snap);
  const escalations = escalationFindings(snap);
  let inner = mergedMemo.get(grants);
  if (!inner) mergedMemo.set(grants, (inner = new WeakMap()));
  let all = inner.get(escalations);
  if (!all) inner.set(escalations, (all = mergeSorted(escalations, grants)));
  return all;
}

/** Two lists sorted by compareFindings as one: O(n), the grants' list (tens of thousands) is sorted once per RBAC change. */
function mergeSorted(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compareFindings(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

function compareFindings(a: Finding, b: Finding): number {
  return severityRank(a.severity) - severityRank(b.severity) || a.namespace.localeCompare(b.namespace) || a.subject.name.localeCompare(b.subject.name) || a.id.localeCompare(b.id);
}

/** An escalation subject (`system:serviceaccount:NS:NAME`, `user:NAME`, `group:NAME`) as a binding subject reads. */
export function escalationSubjectView(subject: string): SubjectRefView | undefined {
  const sa = parseServiceAccountUser(subject);
  if (sa) return { kind: "ServiceAccount", namespace: sa.namespace, name: sa.name };
  if (subject.startsWith("user:") && subject.length > 5) return { kind: "User", name: subject.slice(5) };
  if (subject.startsWith("group:") && subject.length > 6) return { kind: "Group", name: subject.slice(6) };
  return undefined;
}

/** `ServiceAccount ns/name`, `User alice`, `Group devs`, `cluster-admin`: a subject in a sentence. */
export function escalationSubjectText(subject: string): string {
  if (subject === CLUSTER_ADMIN) return "cluster-admin";
  const v = escalationSubjectView(subject);
  return v ? `${v.kind} ${v.namespace ? `${v.namespace}/` : ""}${v.name}` : subject;
}

function findBinding(idx: ReturnType<typeof rbacIndex>, ref: ObjectRef): Binding | undefined {
  const list = ref.kind === "RoleBinding" ? idx.roleBindingsByNamespace.get(ref.namespace ?? "") : ref.kind === "ClusterRoleBinding" ? idx.clusterBindings : undefined;
  return list?.find((b) => b.metadata.name === ref.name);
}

/**
 * "Reaches cluster-admin in N steps": one finding per subject whose shortest path to
 * cluster-admin has a first step other than its own rules allowing everything (a subject
 * that may already do everything has the cluster-admin or wildcard finding of its binding).
 * A ServiceAccount whose group reaches cluster-admin in as many steps is left to the group's
 * finding, which reaches it on the list and on the findings page already. The finding sits on
 * the first step's binding: removing that grant breaks the path; it is the bootstrap policy's
 * own (hidden by default) when that binding is. A path through legacy token Secrets, which
 * Rolecall never reads, is possible only: high instead of critical.
 */
function computeEscalationFindings(snap: Snapshot, paths: readonly EscalationPath[]): Finding[] {
  const idx = rbacIndex(snap);
  const hopsOf = new Map(paths.map((p) => [p.subject, p.hops]));
  const out: Finding[] = [];
  for (const p of paths) {
    const first = p.path[0];
    const via = first?.via[0];
    if (!first || !via || first.technique === "all-permissions") continue;
    const subject = escalationSubjectView(p.subject);
    if (!subject) continue;
    if (subject.kind === "ServiceAccount" && serviceAccountGroups(subject.namespace!).some((g) => (hopsOf.get(`group:${g}`) ?? Infinity) <= p.hops)) continue;
    const binding = findBinding(idx, via.binding);
    const steps = `${p.hops} step${p.hops === 1 ? "" : "s"}`;
    const firstRef = `${via.binding.kind} ${via.binding.namespace ? `${via.binding.namespace}/` : ""}${via.binding.name} → ${via.role.kind} ${via.role.name} rule #${via.rule}`;
    out.push({
      id: `Escalation/${p.subject}/cluster-admin`,
      severity: p.certain ? "critical" : "high",
      risk: "reaches-cluster-admin",
      title: `${p.certain ? "Reaches" : "May reach"} cluster-admin in ${steps}`,
      subject,
      namespace: subject.namespace ?? via.binding.namespace ?? "",
      binding: via.binding,
      role: via.role,
      rule: via.rule,
      scope: via.binding.kind === "RoleBinding" ? "namespace" : "cluster",
      why:
        `${escalationSubjectText(p.subject)} can act as cluster-admin (every verb on every resource) in ${steps}: ` +
        p.path.map((h, i) => `${i + 1}. ${h.why}`).join(" ") +
        (p.certain ? "" : " A step goes through legacy token Secrets, which Rolecall does not read: possible, not certain."),
      fix: `Break the first step: remove or narrow ${firstRef}, which allows ${first.technique}. Removing the grant behind any later step breaks this path too, unless another one remains.`,
      system: binding ? isBootstrapBinding(binding) : false,
      path: p,
    });
  }
  return out.sort(compareFindings);
}

function computeFindings(snap: Snapshot): Finding[] {
  const idx = rbacIndex(snap);
  const presence = serviceAccountPresence(snap);
  const out: Finding[] = [];
  const risksByRole = new Map<Role, RuleRisk[][]>();
  const riskySAs = new Map<string, { severity: Severity; finding: Finding }>();
  const all: Binding[] = [...idx.clusterBindings];
  for (const list of idx.roleBindingsByNamespace.values()) all.push(...list);

  for (const b of all) {
    const role = resolveRole(idx, b);
    const system = isBootstrapBinding(b);
    const rules = role ? rulesOf(idx, role) : [];
    let perRule = role ? risksByRole.get(role) : [];
    if (role && !perRule) risksByRole.set(role, (perRule = rules.map(ruleRisks)));
    const n = b.subjects?.length ?? 0;
    for (let si = 0; si < n; si++) {
      if (!subjectKey(b, si)) continue;
      const subject = subjectView(b, si);
      const namespace = subject.namespace ?? (b.kind === "RoleBinding" ? (b.metadata.namespace ?? "") : "");
      const base = { subject, namespace, binding: bindingRef(b), scope: (b.kind === "RoleBinding" ? "namespace" : "cluster") as Finding["scope"], system };
      const idBase = `${b.kind}/${b.metadata.namespace ?? ""}/${b.metadata.name}/${si}`;
      const emit = (f: Finding) => {
        out.push(f);
        if (subject.kind === "ServiceAccount" && severityRank(f.severity) <= severityRank("high")) {
          const k = `${subject.namespace}/${subject.name}`;
          const cur = riskySAs.get(k);
          if (!cur || severityRank(f.severity) < severityRank(cur.severity)) riskySAs.set(k, { severity: f.severity, finding: f });
        }
      };
      // A binding to a ServiceAccount that does not exist waits for whoever creates it.
      const named = system ? undefined : serviceAccountOfSubject(b, si);
      if (named && serviceAccountState(presence, named.namespace, named.name) === "missing") {
        const grant = grantSeverity(b, role, perRule ?? []);
        const who = `${named.namespace}/${named.name}`;
        const ref = `${b.kind} ${b.kind === "RoleBinding" ? `${b.metadata.namespace}/` : ""}${b.metadata.name}`;
        const nsMissing = !presence.namespaces.has(named.namespace);
        emit({
          ...base,
          namespace: named.namespace,
          id: `${idBase}/missing-sa`,
          severity: grant,
          risk: "missing-sa",
          title: "Bound ServiceAccount does not exist",
          role: roleRefOf(b),
          why:
            `No ServiceAccount ${who} exists${nsMissing ? ` (nor the namespace ${named.namespace})` : ""}, yet ${ref} grants it ${b.roleRef?.kind ?? "a role"} ${b.roleRef?.name ?? ""}${role ? "" : ", which does not exist either"}. ` +
            `The authorizer does not check that a ServiceAccount exists: whoever may create one ${nsMissing ? "(and the namespace)" : `in ${named.namespace}`} gets this grant, and so does every pod that then runs as it.`,
          fix: `Create the ServiceAccount if a workload is meant to run as it (kubectl create serviceaccount ${named.name} -n ${named.namespace}), or remove this subject from ${ref}.`,
        });
      }
      if (b.roleRef?.kind === "ClusterRole" && b.roleRef.name === "cluster-admin") {
        emit({
          ...base,
          id: `${idBase}/cluster-admin`,
          severity: b.kind === "ClusterRoleBinding" ? "critical" : "high",
          risk: "cluster-admin",
          title: b.kind === "ClusterRoleBinding" ? "Bound to cluster-admin" : "Bound to cluster-admin in a namespace",
          role: roleRefOf(b),
          why: "cluster-admin allows every verb on every resource" + (b.kind === "ClusterRoleBinding" ? " in the whole cluster." : " in the namespace, including its Secrets and RoleBindings."),
          fix: "Bind a Role that lists only what this subject needs.",
        });
      }
      if (subject.kind === "Group" && (subject.name === "system:authenticated" || subject.name === "system:unauthenticated") && role && rules.length > 0) {
        emit({
          ...base,
          id: `${idBase}/public-group`,
          severity: subject.name === "system:unauthenticated" ? "critical" : perRule!.some((r) => r.length > 0) ? "critical" : "medium",
          risk: "public-group",
          title: `Granted to every ${subject.name === "system:unauthenticated" ? "anonymous caller" : "authenticated identity"}`,
          role: roleRefOf(b),
          why: `${subject.name} includes every ${subject.name === "system:unauthenticated" ? "anonymous request" : "ServiceAccount token and user"} of the cluster.`,
          fix: "Bind the role to the specific ServiceAccounts or groups that need it.",
        });
      }
      if (subject.kind === "ServiceAccount" && subject.name === "default" && role && rules.length > 0) {
        emit({
          ...base,
          id: `${idBase}/default-sa`,
          severity: "medium",
          risk: "default-sa",
          title: "The namespace's default ServiceAccount has bindings",
          role: roleRefOf(b),
          why: "Every pod that names no ServiceAccount runs as `default`, so every such pod gets these permissions.",
          fix: "Create a dedicated ServiceAccount for the workload that needs this and bind that instead.",
        });
      }
      if (!role || b.roleRef?.name === "cluster-admin") continue;
      perRule!.forEach((risks, ri) => {
        for (const rr of risks) {
          emit({
            ...base,
            id: `${idBase}/${ri}/${rr.risk.id}`,
            severity: rr.severity,
            risk: rr.risk.id,
            title: rr.risk.title + (rr.namedOnly ? " (named objects only)" : ""),
            role: roleRefOf(b),
            rule: ri,
            policyRule: rules[ri],
            why: rr.risk.why,
            fix: fixText(b, rr),
          });
        }
      });
    }
  }
  // automounted tokens on SAs that hold a high or critical permission
  for (const [k, { finding }] of riskySAs) {
    const sa = presence.objects.get(k);
    // `default` implied offline has automount unset, as Kubernetes creates it
    const implied = !sa && serviceAccountState(presence, finding.subject.namespace ?? "", finding.subject.name) === "implied";
    if ((!sa && !implied) || sa?.automountServiceAccountToken === false) continue;
    out.push({
      ...finding,
      id: `ServiceAccount/${k}/automount`,
      severity: "medium",
      risk: "automount",
      title: "Token automounted on a ServiceAccount with risky permissions",
      why: `Every pod running as this ServiceAccount gets a token that can: ${finding.title.toLowerCase()}. A compromised container inherits it.`,
      fix: "Set automountServiceAccountToken: false on the ServiceAccount and mount a projected token only in the pods that need it.",
      rule: undefined,
      policyRule: undefined,
    });
  }
  return out.sort(compareFindings);
}

export interface FindingFilter {
  severity?: Severity[];
  namespace?: string;
  hideSystem?: boolean;
  serviceAccount?: { namespace: string; name: string };
}

/** Groups whose members include ServiceAccounts. */
const SA_GROUP = /^system:(serviceaccounts(:.*)?|authenticated)$/;

/**
 * Which ServiceAccounts a finding's grant reaches: one ("ns/name", named as subject or by its
 * user name), the members of a group, or none. The bootstrap policy's grants to a group
 * (basic-user, discovery, public-info-viewer for system:authenticated) reach every identity
 * of every cluster alike: they are left out here.
 */
export function serviceAccountReach(f: Finding): { serviceAccount: string } | { group: string } | undefined {
  const s = f.subject;
  if (s.kind === "ServiceAccount" && s.namespace) return { serviceAccount: `${s.namespace}/${s.name}` };
  if (s.kind === "User") {
    const sa = parseServiceAccountUser(s.name);
    return sa ? { serviceAccount: `${sa.namespace}/${sa.name}` } : undefined;
  }
  if (s.kind === "Group" && !f.system && SA_GROUP.test(s.name)) return { group: s.name };
  return undefined;
}

/** Whether a finding's grant reaches a ServiceAccount (see serviceAccountReach). */
export function reachesServiceAccount(f: Finding, namespace: string, name: string): boolean {
  const r = serviceAccountReach(f);
  if (!r) return false;
  return "serviceAccount" in r ? r.serviceAccount === `${namespace}/${name}` : serviceAccountGroups(namespace).includes(r.group);
}

function matchesExceptSystem(x: Finding, f: FindingFilter): boolean {
  return (
    (!f.severity?.length || f.severity.includes(x.severity)) &&
    (f.namespace === undefined || x.namespace === f.namespace || x.binding.namespace === f.namespace) &&
    (!f.serviceAccount || reachesServiceAccount(x, f.serviceAccount.namespace, f.serviceAccount.name))
  );
}

export function filterFindings(list: readonly Finding[], f: FindingFilter): Finding[] {
  return list.filter((x) => (!f.hideSystem || !x.system) && matchesExceptSystem(x, f));
}

/**
 * The first `limit` findings the filter keeps, how many it keeps (matched) and how many it leaves
 * out only as the bootstrap policy's own (hidden): filterFindings and hiddenBootstrapFindings in
 * one pass, without a copy of a list of a hundred thousand.
 */
export function pageOfFindings(list: readonly Finding[], f: FindingFilter, limit: number): { items: Finding[]; matched: number; hidden: number } {
  const items: Finding[] = [];
  let matched = 0;
  let hidden = 0;
  for (const x of list) {
    if (!matchesExceptSystem(x, f)) continue;
    if (f.hideSystem && x.system) hidden++;
    else if (matched++ < limit) items.push(x);
  }
  return { items, matched, hidden };
}

/** How many findings the filter leaves out only because they are the bootstrap policy's own ("12 hidden"). */
export function hiddenBootstrapFindings(list: readonly Finding[], f: FindingFilter): number {
  if (!f.hideSystem) return 0;
  let n = 0;
  for (const x of list) if (x.system && matchesExceptSystem(x, f)) n++;
  return n;
}

export function findingsCsv(list: readonly Finding[]): string {
  const lines = ["severity,risk,subjectKind,subjectNamespace,subject,binding,role,rule,scope,why"];
  for (const f of list)
    lines.push(
      [f.severity, f.risk, f.subject.kind, f.subject.namespace ?? "", f.subject.name, `${f.binding.kind}/${f.binding.namespace ? f.binding.namespace + "/" : ""}${f.binding.name}`, f.role ? `${f.role.kind}/${f.role.name}` : "", f.rule === undefined ? "" : String(f.rule), f.scope, f.why]
        .map(csvCell)
        .join(","),
    );
  return lines.join("\n") + "\n";
}

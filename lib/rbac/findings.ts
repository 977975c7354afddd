// Risk findings: who holds which dangerous permission, through which binding, role and
// rule, why it matters and a narrower Role to use instead.
import { csvCell } from "./csv";
import { stringify } from "yaml";
import type { Binding, PolicyRule, Role, ServiceAccount, Snapshot } from "@/lib/store/types";
import { bindingRef, roleRefOf, subjectView, type ObjectRef, type SubjectRefView } from "./authorize";
import { rbacIndex, resolveRole, rulesOf, subjectKey } from "./indexes";
import { ruleRisks, severityRank, type RuleRisk, type Severity } from "./risk";
import { parseServiceAccountUser, serviceAccountGroups } from "./subjects";

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
  /** Built-in `system:` role or binding (hidden by default). */
  system: boolean;
}

const BOOTSTRAP_LABEL = "kubernetes.io/bootstrapping";
function isSystemObject(o: { metadata: { name: string; labels?: Record<string, string> } } | undefined): boolean {
  if (!o) return false;
  return o.metadata.name.startsWith("system:") || o.metadata.labels?.[BOOTSTRAP_LABEL] === "rbac-defaults";
}
export function isSystemBinding(b: Binding, role: Role | undefined): boolean {
  return isSystemObject(b) || isSystemObject(role) || (b.roleRef?.name ?? "").startsWith("system:");
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

const memo = new WeakMap<Snapshot, Finding[]>();

/** Every finding of the snapshot (memoised per snapshot); filter with filterFindings. */
export function findings(snap: Snapshot): Finding[] {
  const hit = memo.get(snap);
  if (hit) return hit;
  const idx = rbacIndex(snap);
  const out: Finding[] = [];
  const risksByRole = new Map<Role, RuleRisk[][]>();
  const riskySAs = new Map<string, { severity: Severity; finding: Finding }>();
  const all: Binding[] = [...idx.clusterBindings];
  for (const list of idx.roleBindingsByNamespace.values()) all.push(...list);

  for (const b of all) {
    const role = resolveRole(idx, b);
    const system = isSystemBinding(b, role);
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
  const saByKey = new Map<string, ServiceAccount>();
  for (const o of snap.objects.ServiceAccount.values()) saByKey.set(`${o.metadata.namespace ?? ""}/${o.metadata.name}`, o as ServiceAccount);
  for (const [k, { finding }] of riskySAs) {
    const sa = saByKey.get(k);
    if (!sa || sa.automountServiceAccountToken === false) continue;
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
  out.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.namespace.localeCompare(b.namespace) || a.subject.name.localeCompare(b.subject.name) || a.id.localeCompare(b.id));
  memo.set(snap, out);
  return out;
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
 * user name), the members of a group, or none. Built-in system: grants to a group (basic-user,
 * discovery, public-info-viewer for system:authenticated) reach every identity alike: they are
 * left out here, as the findings page hides them by default.
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

export function filterFindings(list: readonly Finding[], f: FindingFilter): Finding[] {
  return list.filter(
    (x) =>
      (!f.hideSystem || !x.system) &&
      (!f.severity?.length || f.severity.includes(x.severity)) &&
      (f.namespace === undefined || x.namespace === f.namespace || x.binding.namespace === f.namespace) &&
      (!f.serviceAccount || reachesServiceAccount(x, f.serviceAccount.namespace, f.serviceAccount.name)),
  );
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

// The permissions that escalation hops are made of, read off one role's rules: for each rule,
// which escalation-relevant requests it allows (and for which names). Pure function of the
// rules array, memoised on it (rules arrays are never mutated: a changed role is a new object).
import type { PolicyRule } from "@/lib/store/types";
import { apiGroupMatches, combinedResource, resourceMatches, resourceNameMatches, splitResource, verbMatches, type ResourceRequest } from "./rules";

export type Perm =
  | "create-pods"
  | "create-workloads"
  | "update-workloads"
  | "token"
  | "exec"
  | "imp-users"
  | "imp-groups"
  | "imp-sas"
  | "bind-roles"
  | "bind-clusterroles"
  | "create-rb"
  | "create-crb"
  | "escalate-roles"
  | "escalate-clusterroles"
  | "update-roles"
  | "update-clusterroles"
  | "secrets"
  | "nodes-proxy"
  | "csr-create"
  | "csr-approval"
  | "csr-signer"
  | "webhooks"
  | "all";

/** One escalation-relevant permission a rule gives. */
export interface Grant {
  perm: Perm;
  /** Index of the rule in the role's effective rules. */
  rule: number;
  /** The names the rule is limited to (resourceNames); undefined: any name. */
  names?: readonly string[];
  /** The request, in words: "create pods", "impersonate users". */
  what: string;
  /** update-workloads: the kind whose pod template is updated. */
  kind?: string;
}

/**
 * Permissions granted only at cluster scope (cluster-scoped resources, or everything): a
 * RoleBinding's grant of them applies to no request.
 */
export const CLUSTER_ONLY: ReadonlySet<Perm> = new Set<Perm>(["imp-users", "imp-groups", "create-crb", "escalate-clusterroles", "update-clusterroles", "nodes-proxy", "csr-create", "csr-approval", "csr-signer", "webhooks", "all"]);

const RBAC = "rbac.authorization.k8s.io";
/** The signers whose certificates the API server accepts as client certificates (any user, any group). */
export const CLIENT_SIGNERS = ["kubernetes.io/kube-apiserver-client", "kubernetes.io/*"];

interface Check {
  perm: Perm;
  verbs: string[];
  group: string;
  resource: string; // may be res/sub
  combined: string;
  subresource: string;
  /**
   * The request carries the object's name (pods/exec, impersonate, bind…), so a rule's
   * resourceNames limit it to those names. Unnamed requests (create, list) are never allowed
   * by a rule with resourceNames; for read-secrets, nodes/proxy and webhooks a named rule is
   * not taken (which names matter is not known here).
   */
  named: boolean;
  kind?: string;
  /** One grant per perm and kind per rule. */
  key: string;
}

const c = (perm: Perm, verbs: string[], group: string, resource: string, named: boolean, kind?: string): Check => {
  const { resource: res, subresource } = splitResource(resource);
  return { perm, verbs, group, resource, combined: combinedResource(res, subresource), subresource, named, ...(kind ? { kind } : {}), key: `${perm}\n${kind ?? ""}` };
};

// Workload kinds whose pod template names the ServiceAccount. A Job's template is immutable
// (so not updatable); ReplicationControllers are not read by Rolecall, so whether one exists
// to update is unknown.
const CREATE_WORKLOADS: [string, string][] = [
  ["apps", "deployments"],
  ["apps", "replicasets"],
  ["apps", "statefulsets"],
  ["apps", "daemonsets"],
  ["batch", "jobs"],
  ["batch", "cronjobs"],
  ["", "replicationcontrollers"],
];
export const UPDATE_WORKLOADS: [string, string, string][] = [
  ["apps", "deployments", "Deployment"],
  ["apps", "replicasets", "ReplicaSet"],
  ["apps", "statefulsets", "StatefulSet"],
  ["apps", "daemonsets", "DaemonSet"],
  ["batch", "cronjobs", "CronJob"],
];

const CHECKS: readonly Check[] = [
  c("create-pods", ["create"], "", "pods", false),
  ...CREATE_WORKLOADS.map(([g, res]) => c("create-workloads", ["create"], g, res, false)),
  ...UPDATE_WORKLOADS.map(([g, res, kind]) => c("update-workloads", ["update", "patch"], g, res, true, kind)),
  c("token", ["create"], "", "serviceaccounts/token", true),
  c("exec", ["create"], "", "pods/exec", true),
  c("exec", ["create"], "", "pods/attach", true),
  c("exec", ["update", "patch"], "", "pods/ephemeralcontainers", true),
  c("imp-users", ["impersonate"], "", "users", true),
  c("imp-groups", ["impersonate"], "", "groups", true),
  c("imp-sas", ["impersonate"], "", "serviceaccounts", true),
  c("bind-roles", ["bind"], RBAC, "roles", true),
  c("bind-clusterroles", ["bind"], RBAC, "clusterroles", true),
  c("create-rb", ["create"], RBAC, "rolebindings", false),
  c("create-crb", ["create"], RBAC, "clusterrolebindings", false),
  c("escalate-roles", ["escalate"], RBAC, "roles", true),
  c("escalate-clusterroles", ["escalate"], RBAC, "clusterroles", true),
  c("update-roles", ["update", "patch"], RBAC, "roles", true),
  c("update-clusterroles", ["update", "patch"], RBAC, "clusterroles", true),
  c("secrets", ["get", "list", "watch"], "", "secrets", false),
  c("nodes-proxy", ["get", "create"], "", "nodes/proxy", false),
  c("csr-create", ["create"], "certificates.k8s.io", "certificatesigningrequests", false),
  // the CSR's name is the requester's choice: a rule limited to names still lets it approve one
  c("csr-approval", ["update", "patch"], "certificates.k8s.io", "certificatesigningrequests/approval", true),
  c("csr-signer", ["approve"], "certificates.k8s.io", "signers", true),
  c("webhooks", ["create", "update", "patch"], "admissionregistration.k8s.io", "mutatingwebhookconfigurations", false),
  c("webhooks", ["create", "update", "patch"], "admissionregistration.k8s.io", "validatingwebhookconfigurations", false),
];

/** A request as the authorizer sees it (the namespace plays no part in rule matching). */
export function requestOf(verb: string, group: string, resource: string, name: string, namespace = ""): ResourceRequest {
  return { kind: "resource", verb, apiGroup: group, ...splitResource(resource), name, namespace };
}

/** Whether a rule allows everything: every verb on every resource of every group, any name. */
export function allowsEverything(rule: PolicyRule): boolean {
  return !!rule.verbs?.includes("*") && !!rule.apiGroups?.includes("*") && !!rule.resources?.includes("*") && !(rule.resourceNames?.length ?? 0);
}

/** The checks of each group and resource ("group\nresource"): a rule without wildcards can only pass those. */
const CHECKS_BY_TARGET = new Map<string, Check[]>();
for (const ch of CHECKS) {
  const k = `${ch.group}\n${ch.resource}`;
  CHECKS_BY_TARGET.set(k, [...(CHECKS_BY_TARGET.get(k) ?? []), ch]);
}
const hasWildcard = (xs: readonly string[] | undefined) => !!xs?.some((x) => x.startsWith("*"));

/** The checks a rule may pass, in the table's order: most rules name one group and resource. */
function checksFor(rule: PolicyRule): readonly Check[] {
  if (hasWildcard(rule.apiGroups) || hasWildcard(rule.resources)) return CHECKS;
  const found = new Set<Check>();
  for (const g of rule.apiGroups ?? []) for (const r of rule.resources ?? []) for (const ch of CHECKS_BY_TARGET.get(`${g}\n${r}`) ?? []) found.add(ch);
  return found.size < 2 ? [...found] : CHECKS.filter((ch) => found.has(ch));
}

function grantsOfRule(rule: PolicyRule, i: number, out: Grant[]) {
  if (allowsEverything(rule)) out.push({ perm: "all", rule: i, what: "do anything (every verb on every resource)" });
  const names = rule.resourceNames?.length ? rule.resourceNames : undefined;
  const seen = new Set<string>();
  for (const ch of checksFor(rule)) {
    if (names && !ch.named) continue;
    if (seen.has(ch.key)) continue;
    // the name part of the match: a named rule was only taken for named requests, whose name
    // is then one of its names; the signer check asks for the client signers by name
    if (ch.perm === "csr-signer" && !CLIENT_SIGNERS.some((n) => resourceNameMatches(rule, n))) continue;
    if (!apiGroupMatches(rule, ch.group) || !resourceMatches(rule, ch.combined, ch.subresource)) continue;
    const verb = ch.verbs.find((v) => verbMatches(rule, v));
    if (!verb) continue;
    seen.add(ch.key);
    const limited = names && ch.perm !== "csr-approval" && ch.perm !== "csr-signer";
    out.push({ perm: ch.perm, rule: i, what: `${verb} ${ch.resource}`, names: limited ? names : undefined, kind: ch.kind });
  }
}

const memo = new WeakMap<readonly PolicyRule[], readonly Grant[]>();

/** The escalation-relevant permissions of a role's effective rules (memoised on the array). */
export function grantsOf(rules: readonly PolicyRule[]): readonly Grant[] {
  let hit = memo.get(rules);
  if (!hit) {
    const out: Grant[] = [];
    rules.forEach((rule, i) => grantsOfRule(rule, i, out));
    memo.set(rules, (hit = out));
  }
  return hit;
}

/** Whether a grant's names (undefined: any) include `name`. */
export const namesAllow = (g: { names?: readonly string[] }, name: string) => !g.names || g.names.includes(name);

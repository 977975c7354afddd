// The risky permissions worth a finding (the reference's list), as requests a rule may allow.
import type { PolicyRule } from "@/lib/store/types";
import { ruleAllows, type ResourceRequest } from "./rules";

export type Severity = "critical" | "high" | "medium" | "low";
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];
export const severityRank = (s: Severity) => SEVERITIES.indexOf(s);
export function lowerSeverity(s: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.length - 1, severityRank(s) + 1)];
}

export interface RiskCheck {
  id: string;
  title: string;
  severity: Severity;
  why: string;
  /** [verb, apiGroup, resource or res/sub] triples: the rule is risky if it allows any of them. */
  requests: readonly (readonly [string, string, string])[];
}

const workloads: [string, string][] = [
  ["", "pods"],
  ["", "replicationcontrollers"],
  ["apps", "deployments"],
  ["apps", "replicasets"],
  ["apps", "statefulsets"],
  ["apps", "daemonsets"],
  ["batch", "jobs"],
  ["batch", "cronjobs"],
];

export const RISKS: readonly RiskCheck[] = [
  {
    id: "secrets-read",
    title: "Reads Secrets",
    severity: "high",
    why: "Secrets hold credentials and service account tokens of other identities; reading them is usually a path to more privilege.",
    requests: ["get", "list", "watch"].map((v) => [v, "", "secrets"] as const),
  },
  {
    id: "workload-create",
    title: "Creates pods or workloads",
    severity: "high",
    why: "Whoever creates a pod can run it as any ServiceAccount of the namespace and mount its token, secrets and host paths.",
    requests: workloads.map(([g, r]) => ["create", g, r] as const),
  },
  {
    id: "pod-exec",
    title: "Exec, attach, port-forward or ephemeral containers in pods",
    severity: "high",
    why: "Running commands in another pod acts with that pod's identity and reads its files and environment.",
    requests: [
      ["create", "", "pods/exec"],
      ["get", "", "pods/exec"],
      ["create", "", "pods/attach"],
      ["get", "", "pods/attach"],
      ["create", "", "pods/portforward"],
      ["get", "", "pods/portforward"],
      ["update", "", "pods/ephemeralcontainers"],
      ["patch", "", "pods/ephemeralcontainers"],
    ],
  },
  {
    id: "sa-token",
    title: "Mints ServiceAccount tokens",
    severity: "high",
    why: "Creating serviceaccounts/token issues a token for any SA of the namespace: acting as it.",
    requests: [["create", "", "serviceaccounts/token"]],
  },
  {
    id: "escalate-bind",
    title: "Escalate or bind roles",
    severity: "critical",
    why: "escalate and bind bypass RBAC's privilege-escalation check: the holder can grant itself any permission.",
    requests: [
      ["escalate", "rbac.authorization.k8s.io", "roles"],
      ["escalate", "rbac.authorization.k8s.io", "clusterroles"],
      ["bind", "rbac.authorization.k8s.io", "roles"],
      ["bind", "rbac.authorization.k8s.io", "clusterroles"],
    ],
  },
  {
    id: "impersonate",
    title: "Impersonates users, groups or service accounts",
    severity: "critical",
    why: "Impersonation lets the holder act as another identity, including cluster administrators.",
    requests: [
      ["impersonate", "", "users"],
      ["impersonate", "", "groups"],
      ["impersonate", "", "serviceaccounts"],
    ],
  },
  {
    id: "nodes-proxy",
    title: "Uses nodes/proxy",
    severity: "critical",
    why: "nodes/proxy reaches the kubelet API directly: exec into any pod on the node, unaudited.",
    requests: [
      ["get", "", "nodes/proxy"],
      ["create", "", "nodes/proxy"],
    ],
  },
  {
    id: "webhook-write",
    title: "Writes admission webhook configurations",
    severity: "critical",
    why: "A mutating or validating webhook sees (and may change) every matching object sent to the API server, Secrets included.",
    requests: ["create", "update", "patch"].flatMap((v) =>
      ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"].map((r) => [v, "admissionregistration.k8s.io", r] as const),
    ),
  },
  {
    id: "csr-approve",
    title: "Approves certificate signing requests",
    severity: "high",
    why: "Approving CSRs can issue client certificates for any user or group the signer allows.",
    requests: [
      ["update", "certificates.k8s.io", "certificatesigningrequests/approval"],
      ["approve", "certificates.k8s.io", "signers"],
    ],
  },
];

export const WILDCARD_RISK = {
  id: "wildcard",
  title: "Wildcard verb or resource",
  severity: "critical" as Severity,
  why: "`*` grants every current and future verb or resource, including escalate, impersonate and Secrets.",
};

function request(verb: string, group: string, combined: string, name = ""): ResourceRequest {
  const i = combined.indexOf("/");
  return { kind: "resource", verb, apiGroup: group, resource: i < 0 ? combined : combined.slice(0, i), subresource: i < 0 ? "" : combined.slice(i + 1), name, namespace: "" };
}

export interface RuleRisk {
  risk: RiskCheck | typeof WILDCARD_RISK;
  severity: Severity;
  /** Only for the listed object names (resourceNames): one level less severe. */
  namedOnly: boolean;
}

/** The risks one rule carries. */
export function ruleRisks(rule: PolicyRule): RuleRisk[] {
  const out: RuleRisk[] = [];
  if (rule.verbs?.includes("*") || rule.resources?.includes("*")) {
    const named = (rule.resourceNames?.length ?? 0) > 0;
    out.push({ risk: WILDCARD_RISK, severity: named ? lowerSeverity(WILDCARD_RISK.severity) : WILDCARD_RISK.severity, namedOnly: named });
  }
  if (!rule.resources?.length) return out;
  for (const risk of RISKS) {
    let any = false;
    let named = false;
    for (const [v, g, r] of risk.requests) {
      if (ruleAllows(request(v, g, r), rule)) {
        any = true;
        break;
      }
      if (!named && rule.resourceNames?.length && ruleAllows(request(v, g, r, rule.resourceNames[0]), rule)) named = true;
    }
    if (any) out.push({ risk, severity: risk.severity, namedOnly: false });
    else if (named) out.push({ risk, severity: lowerSeverity(risk.severity), namedOnly: true });
  }
  return out;
}

/** The risk of one matrix cell (verb on group/resource), if any. */
let cellRiskMap: Map<string, string> | undefined;
export function cellRisk(verb: string, group: string, combined: string): string | undefined {
  if (!cellRiskMap) {
    cellRiskMap = new Map();
    for (const risk of RISKS) for (const [v, g, r] of risk.requests) if (!cellRiskMap.has(`${v} ${g} ${r}`)) cellRiskMap.set(`${v} ${g} ${r}`, risk.id);
  }
  return cellRiskMap.get(`${verb} ${group} ${combined}`);
}

// What each rule id of the reports means: the chains' diagnostic codes and the RBAC findings'
// risk ids (SARIF rules, and `rolecall check --help`).
import { RISKS, WILDCARD_RISK } from "@/lib/rbac/risk";

export interface RuleText {
  name: string;
  title: string;
  description: string;
  tags: string[];
}

const chain = (name: string, title: string, description: string): RuleText => ({ name, title, description, tags: ["kubernetes", "startup-chain"] });
const rbac = (name: string, title: string, description: string): RuleText => ({ name, title, description, tags: ["kubernetes", "rbac", "security"] });

export const RULES: Record<string, RuleText> = {
  "missing-target": chain(
    "MissingTarget",
    "A wait's target does not exist",
    "An init container or a Flux dependsOn waits for an object that is not in the manifests where it looks (often: applied into another namespace because it names none). It waits forever.",
  ),
  "missing-permission": chain(
    "MissingPermission",
    "A waiting container's ServiceAccount may not read what it waits for",
    "Waits such as k8s-wait-for and kubectl wait ask the API server as the pod's ServiceAccount; without the verbs they need they fail with Forbidden and the pod crash-loops (or, in k8s-wait-for service mode, waits forever).",
  ),
  cycle: chain("Cycle", "Objects wait for each other", "A deadlock: each object of the cycle waits for the next, so none of them starts."),
  "fragile-target": chain(
    "FragileTarget",
    "A waited-for Job deletes itself",
    "The Job is removed after it succeeds (ttlSecondsAfterFinished, a hook delete policy); the next pod restart finds no Job and fails or waits.",
  ),
  "failed-upstream": chain("FailedUpstream", "An upstream object is failing", "An object others wait for is failing or stuck (from the status in the manifests), so they will not start."),
  "unresolved-target": chain(
    "UnresolvedTarget",
    "What a wait waits for cannot be known",
    "The wait's target comes from a Secret, a ConfigMap or an unset variable, or its label selector is invalid.",
  ),
  "outdated-waiter": chain("OutdatedWaiter", "The wait tool misreads this cluster version", "A k8s-wait-for image or mode that treats a running or failed Job wrongly on this Kubernetes version."),
  "missing-sa": rbac("MissingServiceAccount", "Bound ServiceAccount does not exist", "A binding grants a ServiceAccount that no manifest creates: whoever may create it gets the grant."),
  "cluster-admin": rbac("ClusterAdmin", "Bound to cluster-admin", "cluster-admin allows every verb on every resource."),
  "public-group": rbac("PublicGroup", "Granted to every authenticated or anonymous identity", "system:authenticated and system:unauthenticated include every caller of the cluster."),
  "default-sa": rbac("DefaultServiceAccount", "The namespace's default ServiceAccount has bindings", "Every pod that names no ServiceAccount runs as default and gets these permissions."),
  automount: rbac(
    "AutomountedRiskyToken",
    "Token automounted on a ServiceAccount with risky permissions",
    "Every pod running as this ServiceAccount gets a token with a high or critical permission.",
  ),
  [WILDCARD_RISK.id]: rbac("Wildcard", WILDCARD_RISK.title, WILDCARD_RISK.why),
};
for (const r of RISKS) RULES[r.id] ??= rbac(r.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()), r.title, r.why);

export function ruleOf(id: string): RuleText {
  return RULES[id] ?? { name: id, title: id, description: id, tags: ["kubernetes"] };
}

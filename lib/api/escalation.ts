// API v1 answers about escalation paths: one ServiceAccount's (what it can become), every
// subject that reaches cluster-admin, and the blast radius of a workload or pod (its
// ServiceAccount, what it can become, and whose Secrets, pods and nodes are then within reach).
import { isAllowed } from "@/lib/rbac/authorize";
import { CLUSTER_ADMIN, escalationOf, reachingClusterAdmin, type EscalationPath } from "@/lib/rbac/escalation";
import { rbacIndex, rulesOf } from "@/lib/rbac/indexes";
import { ruleAllows, type ResourceRequest } from "@/lib/rbac/rules";
import { parseServiceAccountUser, serviceAccountIdentity, serviceAccountUserName, type Identity } from "@/lib/rbac/subjects";
import { controllerOf, podTemplateOf, serviceAccountOfSpec } from "@/lib/k8s/workloads";
import type { KubeObject, Pod, Snapshot } from "@/lib/store/types";
import { runsAs, serviceAccountsByName, tokenMount } from "./runs-as";
import { serviceAccountDetail, serviceAccountKnown } from "./serviceaccounts";
import { namespaces } from "./status";
import { wireEscalation, wireEscalationTarget, type BlastRadiusResponse, type EscalationResponse, type EscalationTargetResponse, type ReachEntry, type RuleLookup } from "./wire";

/** Rule #n of a role as its effective rules read (aggregation applied offline), for the text beside each hop. */
export function ruleLookup(snap: Snapshot): RuleLookup {
  const idx = rbacIndex(snap);
  return (ref, i) => {
    const role = ref.kind === "Role" ? idx.roles.get(`${ref.namespace ?? ""}/${ref.name}`) : ref.kind === "ClusterRole" ? idx.clusterRoles.get(ref.name) : undefined;
    return role ? rulesOf(idx, role)[i] : undefined;
  };
}

/** `GET /api/v1/serviceaccounts/{ns}/{name}/escalation?limit=N`: the first `limit` identities it can become; undefined when the ServiceAccount has no page (404). */
export function serviceAccountEscalation(snap: Snapshot, namespace: string, name: string, limit = Infinity): EscalationResponse | undefined {
  if (!serviceAccountKnown(snap, namespace, name)) return undefined;
  // the engine builds only the paths asked for and counts the rest
  const e = escalationOf(snap, serviceAccountUserName(namespace, name), { limit });
  return e && wireEscalation(e, snap.version, ruleLookup(snap), limit);
}

/** `GET /api/v1/escalation?target=cluster-admin&limit=N`: the first `limit` subjects (by hops then subject), and how many there are. */
export function escalationTarget(snap: Snapshot, limit = Infinity): EscalationTargetResponse {
  return wireEscalationTarget(reachingClusterAdmin(snap), snap.version, ruleLookup(snap), limit);
}

/** The identity an escalation subject acts as: an SA with its groups, a user or a group member (both authenticated). */
export function identityOfSubject(subject: string): Identity | undefined {
  const sa = parseServiceAccountUser(subject);
  if (sa) return serviceAccountIdentity(sa.namespace, sa.name);
  if (subject.startsWith("user:")) return { user: subject.slice(5), groups: ["system:authenticated"] };
  if (subject.startsWith("group:")) return { user: "", groups: [subject.slice(6), "system:authenticated"] };
  return undefined;
}

const res = (verb: string, resource: string, namespace: string, subresource = ""): ResourceRequest => ({ kind: "resource", verb, apiGroup: "", resource, subresource, name: "", namespace });

/** What "within reach" means, per kind of target: the verb shown and the request that allows it. */
const SECRETS: [string, (ns: string) => ResourceRequest][] = [
  ["get", (ns) => res("get", "secrets", ns)],
  ["list", (ns) => res("list", "secrets", ns)],
];
const PODS: [string, (ns: string) => ResourceRequest][] = [
  ["create", (ns) => res("create", "pods", ns)],
  ["exec", (ns) => res("create", "pods", ns, "exec")],
  ["delete", (ns) => res("delete", "pods", ns)],
];
const NODES: [string, (ns: string) => ResourceRequest][] = [
  ["get", () => res("get", "nodes", "")],
  ["proxy", () => res("get", "nodes", "", "proxy")],
  ["patch", () => res("patch", "nodes", "")],
  ["delete", () => res("delete", "nodes", "")],
];

interface Reacher {
  subject: string;
  hops: number;
  certain: boolean;
  /** Whether what it reached allows the request: an identity's permissions, or the rights a bind or escalate step gains. */
  allows: (req: ResourceRequest) => boolean;
}

/**
 * The rights a bind or escalate step gains, as the engine names them: `namespace-admin:NS`
 * (everything in NS), `role:ClusterRole/NAME` (cluster-wide), `…@NS` (in NS), `…@*` (in every
 * namespace), `role:Role/NS/NAME`; NAME `*` is any role. Undefined for anything else.
 */
export function capabilityAllows(snap: Snapshot, node: string): ((req: ResourceRequest) => boolean) | undefined {
  if (node.startsWith("namespace-admin:")) {
    const ns = node.slice("namespace-admin:".length);
    return (req) => !!req.namespace && req.namespace === ns;
  }
  if (!node.startsWith("role:")) return undefined;
  const idx = rbacIndex(snap);
  const [ref, scope] = node.slice(5).split("@");
  const inScope = (req: ResourceRequest) => (scope === undefined ? true : scope === "*" ? !!req.namespace : req.namespace === scope);
  if (ref.startsWith("Role/")) {
    const [ns, name] = ref.slice(5).split("/");
    const role = idx.roles.get(`${ns}/${name}`);
    const rules = role ? rulesOf(idx, role) : [];
    return (req) => req.namespace === ns && rules.some((r) => ruleAllows(req, r));
  }
  const name = ref.slice("ClusterRole/".length);
  if (name === "*") return inScope;
  const role = idx.clusterRoles.get(name);
  const rules = role ? rulesOf(idx, role) : [];
  return (req) => inScope(req) && rules.some((r) => ruleAllows(req, r));
}

/**
 * Per namespace (null: every namespace, a cluster-wide grant), the verbs of `checks` that the
 * identities allow, with the closest identity that holds one (fewest steps, certain first).
 */
function reachOf(snap: Snapshot, reachers: readonly Reacher[], checks: typeof SECRETS, scopes: readonly string[]): ReachEntry[] {
  const out: ReachEntry[] = [];
  const clusterWide = new Set<string>();
  for (const ns of ["", ...scopes]) {
    let best: Reacher | undefined;
    const verbs = new Set<string>();
    for (const r of reachers) {
      for (const [verb, req] of checks) {
        if (ns && clusterWide.has(verb)) continue;
        if (!r.allows(req(ns))) continue;
        verbs.add(verb);
        if (!best || (r.certain && !best.certain) || (r.certain === best.certain && r.hops < best.hops)) best = r;
      }
    }
    if (!best) continue;
    if (!ns) for (const v of verbs) clusterWide.add(v);
    out.push({ namespace: ns || null, verbs: checks.map(([v]) => v).filter((v) => verbs.has(v)), subject: best.subject, hops: best.hops, certain: best.certain });
  }
  return out;
}

/** The workload (or pod) named, found by kind, namespace and name (live objects are keyed by UID). */
function findWorkload(snap: Snapshot, kind: WorkloadKind, namespace: string, name: string): KubeObject | undefined {
  for (const o of snap.objects[kind].values()) if (o.metadata.name === name && (o.metadata.namespace ?? "default") === namespace) return o;
  return undefined;
}

export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/**
 * `GET /api/v1/blast-radius/{namespace}/{kind}/{name}`: what a compromised container of this
 * workload holds. Its ServiceAccount's token (if mounted), what that may do on its own, what
 * it can become, and, over the union of those identities' permissions, which namespaces'
 * Secrets and pods and which node permissions are within reach. Undefined: no such object.
 */
export function blastRadius(snap: Snapshot, namespace: string, kind: WorkloadKind, name: string): BlastRadiusResponse | undefined {
  const obj = findWorkload(snap, kind, namespace, name);
  if (!obj) return undefined;
  const spec = podTemplateOf(obj)?.spec;
  const saName = serviceAccountOfSpec(spec);
  const detail = serviceAccountDetail(snap, namespace, saName);
  const sa = serviceAccountsByName(snap).get(`${namespace}/${saName}`);
  const subject = serviceAccountUserName(namespace, saName);
  const escalation = escalationOf(snap, subject);
  const wired = escalation ? wireEscalation(escalation, snap.version, ruleLookup(snap)) : { subject, reachesClusterAdmin: false, canBecome: [], total: 0, truncated: false, version: snap.version };
  // Where its pods run: the pod itself, or the pods whose outermost known owner is this workload.
  const pods = kind === "Pod" ? [obj as Pod] : runsAs(snap, namespace, saName).pods.filter((p) => p.owner?.kind === kind && p.owner.name === name).map((p) => findWorkload(snap, "Pod", namespace, p.ref.name) as Pod | undefined);
  const nodes = [...new Set(pods.map((p) => p?.spec?.nodeName).filter((n): n is string => !!n))].sort();

  const asIdentity = (id: Identity) => (req: ResourceRequest) => isAllowed(snap, id, req);
  const reachers: Reacher[] = [{ subject, hops: 0, certain: true, allows: asIdentity(serviceAccountIdentity(namespace, saName)) }];
  // Every node a path passes through: the identities, and the rights a bind or escalate step
  // gains on the way (the engine lists only identities as reached, a role's rights are a step).
  const steps = new Map<string, { hops: number; certain: boolean }>();
  for (const p of escalation?.canBecome ?? []) {
    let certain = true;
    p.path.forEach((h, i) => {
      certain &&= h.certain;
      const cur = steps.get(h.to);
      if (!cur || (certain && !cur.certain) || (certain === cur.certain && i + 1 < cur.hops)) steps.set(h.to, { hops: i + 1, certain });
    });
  }
  for (const [node, at] of steps) {
    if (node === CLUSTER_ADMIN || node === subject) continue;
    const identity = identityOfSubject(node);
    const allows = identity ? asIdentity(identity) : capabilityAllows(snap, node);
    if (allows) reachers.push({ subject: node, ...at, allows });
  }
  const scopes = [...new Set([...namespaces(snap), ...rbacIndex(snap).roleBindingsByNamespace.keys()])].filter(Boolean).sort();
  const everything: EscalationPath | undefined = escalation?.reachesClusterAdmin ? escalation.clusterAdmin : undefined;
  return {
    workload: { kind: obj.kind, namespace, name },
    ...(kind !== "Pod" || !controllerOf(obj) ? {} : { owner: { kind: controllerOf(obj)!.kind, namespace, name: controllerOf(obj)!.name } }),
    serviceAccount: { namespace, name: saName, exists: detail?.exists ?? false },
    token: tokenMount(spec?.automountServiceAccountToken, sa?.automountServiceAccountToken),
    nodes,
    findings: detail?.findings ?? 0,
    ...(detail?.findingsBySeverity ? { findingsBySeverity: detail.findingsBySeverity } : {}),
    escalation: wired,
    reach: {
      everything: !!everything,
      secrets: reachOf(snap, reachers, SECRETS, scopes),
      pods: reachOf(snap, reachers, PODS, scopes),
      nodes: reachOf(snap, reachers, NODES, []),
    },
    version: snap.version,
  };
}

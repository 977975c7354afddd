// The shapes of escalation paths (see escalation.ts), apart so that the graph and the search
// beside it import them without importing the module that imports them.
import type { ObjectRef } from "./authorize";

export const CLUSTER_ADMIN = "cluster-admin"; // the target "subject" meaning: may do anything

/** Subjects are written `system:serviceaccount:NS:NAME`, `user:NAME`, `group:NAME`. */
export type Technique =
  | "create-pods" // create pods in N → any ServiceAccount of N (a pod may name any SA of its namespace)
  | "create-workloads" // create deployments/replicasets/statefulsets/daemonsets (apps), jobs/cronjobs (batch), replicationcontrollers in N → any SA of N
  | "update-workloads" // update or patch those in N (resourceNames: only the named ones, still any SA of N: the template names the SA) → any SA of N
  | "token-request" // create serviceaccounts/token in N → the SAs of N (resourceNames: the named ones)
  | "exec" // create pods/exec or pods/attach, or update/patch pods/ephemeralcontainers, in N → the SAs of N's pods that mount their token (resourceNames: those pods)
  | "impersonate" // impersonate users / groups / serviceaccounts (resourceNames honoured) → those identities; group system:masters → cluster-admin
  | "bind" // bind on roles/clusterroles (resourceNames honoured) + create rolebindings in N / clusterrolebindings → that role's rights (cluster-admin when it is one)
  | "escalate" // escalate + update/patch on a role the subject is bound to → any rule at that binding's scope (cluster-wide: cluster-admin)
  | "read-secrets" // get/list/watch secrets in N → the SAs of N, certain: false (legacy token Secrets, which Rolecall never reads)
  | "nodes-proxy" // get or create nodes/proxy → cluster-admin (the kubelet API runs commands in every pod of a node)
  | "approve-csr" // create CSRs + update certificatesigningrequests/approval + approve on signers (kubernetes.io/kube-apiserver-client or *) → cluster-admin (a client certificate for any user but the superuser group, e.g. the controller manager's)
  | "webhooks" // create/update/patch mutating or validating webhook configurations → cluster-admin (every write passes through the webhook)
  | "all-permissions"; // its rules allow every verb on every resource cluster-wide → cluster-admin

export const TECHNIQUES: readonly Technique[] = [
  "create-pods",
  "create-workloads",
  "update-workloads",
  "token-request",
  "exec",
  "impersonate",
  "bind",
  "escalate",
  "read-secrets",
  "nodes-proxy",
  "approve-csr",
  "webhooks",
  "all-permissions",
];

export interface HopVia {
  binding: ObjectRef; // as authorize.ts's bindingRef (name "": the binding the previous bind hop creates)
  role: ObjectRef; // as authorize.ts's roleRefOf
  rule: number; // index in the role's effective rules (as Reason.rule)
}
export interface Hop {
  technique: Technique;
  from: string; // a subject
  to: string; // a subject, CLUSTER_ADMIN, or a role's rights (`role:…`, `namespace-admin:N`) after bind/escalate
  certain: boolean; // false only for read-secrets
  why: string; // one plain sentence: what the subject does to take the hop
  via: HopVia[]; // every permission the hop needs (bind needs two, approve-csr three)
}
export interface EscalationPath {
  subject: string; // the subject reached (or CLUSTER_ADMIN)
  hops: number; // path.length
  certain: boolean; // every hop certain
  path: Hop[]; // ordered, first hop from the asked subject
}
export interface Escalation {
  subject: string;
  reachesClusterAdmin: boolean; // by a certain path
  clusterAdmin?: EscalationPath; // shortest path to CLUSTER_ADMIN (certain preferred)
  canBecome: EscalationPath[]; // every subject reachable, shortest path each, sorted by hops then subject
}
/** One page of an Escalation (`escalationOf(snap, subject, { offset, limit })`): `canBecome` is a slice of the whole list. */
export interface EscalationPage extends Escalation {
  total: number; // the whole list's length
}

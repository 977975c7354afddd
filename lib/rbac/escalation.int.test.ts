// Escalation walks: each technique of the escalation engine taken for real on the local control
// plane. For each one, a namespace of its own holds a starting ServiceAccount whose roles grant
// exactly that technique's permissions and a target (a ServiceAccount, user or group that may
// `get configmaps` there, which the starter may not). The test
//   1. asks the engine, on a live snapshot of that setup, for the starter's direct hops and
//      requires the technique's hop to the target, traced to the walk's own bindings;
//   2. takes the hop with the starter's own token (TokenRequest) over HTTPS, as an attacker would;
//   3. shows who it became (a SelfSubjectReview, a request that now succeeds) and asks a
//      SubjectAccessReview for the reached identity.
// Where this cluster stops a walk short of the end (kwok's nodes have no kubelet behind exec,
// attach and the node proxy; the controller manager has no CA to sign certificates), the walk
// shows that the API server authorized the step, and prints what it answered after the run.
// A hop the engine claims that the API server refuses fails here. Negative cases check that
// the API server refuses what the engine does not claim. Every technique the engine lists must
// have a walk (a test compares the two lists).
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, type ExpectStatic } from "vitest";
import { waitFor } from "@/cluster/testing";
import { resolveClusterConfig } from "@/lib/source/kubeconfig";
import { LiveSource } from "@/lib/source/live";
import { SnapshotStore } from "@/lib/store/store";
import type { Kind, Snapshot } from "@/lib/store/types";
import { ApiServer, certificateRequest, type Answer, type Credential } from "./escalation-walks.test-helpers";
import { CLUSTER_ADMIN, directHops, escalationOf, TECHNIQUES, type Technique } from "./escalation";

const sfx = crypto.randomBytes(3).toString("hex");
const LABEL = "rolecall.dev/esc-walk";
const RBAC = "rbac.authorization.k8s.io";
const RBAC_V1 = `${RBAC}/v1`;
const IMAGE = "registry.k8s.io/pause:3.10";

// ------------------------------------------------------------------ objects
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } } & Record<string, unknown>;
type Rule = { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] };

const meta = (name: string, namespace?: string, extra: Partial<Obj["metadata"]> = {}) => ({ name, ...(namespace ? { namespace } : {}), labels: { [LABEL]: sfx }, ...extra });
const cluster = (name: string) => `esc-walk-${sfx}-${name}`; // a cluster-scoped object's name
const saSubject = (ns: string, name: string) => ({ kind: "ServiceAccount", name, namespace: ns });
const userSubject = (name: string) => ({ kind: "User", apiGroup: RBAC, name });
const groupSubject = (name: string) => ({ kind: "Group", apiGroup: RBAC, name });
const serviceAccount = (ns: string, name: string): Obj => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: meta(name, ns) });
const role = (ns: string, name: string, rules: Rule[]): Obj => ({ apiVersion: RBAC_V1, kind: "Role", metadata: meta(name, ns), rules });
const clusterRole = (name: string, rules: Rule[]): Obj => ({ apiVersion: RBAC_V1, kind: "ClusterRole", metadata: meta(name), rules });
const roleBinding = (ns: string, name: string, roleRef: { kind: "Role" | "ClusterRole"; name: string }, subjects: object[]): Obj => ({
  apiVersion: RBAC_V1,
  kind: "RoleBinding",
  metadata: meta(name, ns),
  roleRef: { apiGroup: RBAC, ...roleRef },
  subjects,
});
const clusterRoleBinding = (name: string, roleName: string, subjects: object[]): Obj => ({
  apiVersion: RBAC_V1,
  kind: "ClusterRoleBinding",
  metadata: meta(name),
  roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: roleName },
  subjects,
});
const podSpec = (serviceAccountName?: string, nodeName?: string) => ({
  ...(serviceAccountName ? { serviceAccountName } : {}),
  ...(nodeName ? { nodeName } : {}),
  containers: [{ name: "c", image: IMAGE }],
});
/** A pod on the node (kwok makes it Running), as `serviceAccountName`, mounting its token. */
const victim = (ns: string, name: string, serviceAccountName: string): Obj => ({ apiVersion: "v1", kind: "Pod", metadata: meta(name, ns), spec: podSpec(serviceAccountName, "__NODE__") });
const deployment = (ns: string, name: string, serviceAccountName?: string): Obj => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: meta(name, ns),
  spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: podSpec(serviceAccountName) } },
});

/** Where objects of a kind are created: [API prefix, plural, namespaced]. */
const KIND_PATH: Record<string, [string, string, boolean]> = {
  Namespace: ["/api/v1", "namespaces", false],
  ServiceAccount: ["/api/v1", "serviceaccounts", true],
  ConfigMap: ["/api/v1", "configmaps", true],
  Secret: ["/api/v1", "secrets", true],
  Pod: ["/api/v1", "pods", true],
  Deployment: ["/apis/apps/v1", "deployments", true],
  Role: [`/apis/${RBAC_V1}`, "roles", true],
  RoleBinding: [`/apis/${RBAC_V1}`, "rolebindings", true],
  ClusterRole: [`/apis/${RBAC_V1}`, "clusterroles", false],
  ClusterRoleBinding: [`/apis/${RBAC_V1}`, "clusterrolebindings", false],
};
function collectionPath(kind: string, namespace?: string): string {
  const [prefix, plural, namespaced] = KIND_PATH[kind];
  return namespaced ? `${prefix}/namespaces/${namespace}/${plural}` : `${prefix}/${plural}`;
}

// ------------------------------------------------------------------ subjects as the engine writes them
const sa = (ns: string, name: string) => `system:serviceaccount:${ns}:${name}`;
const saGroups = (ns: string) => ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"];
const user = (name: string) => `user:${name}`;
const group = (name: string) => `group:${name}`;

/** The permission that tells the target apart: `get configmaps` (the marker) in the walk's namespace. */
const readMarker = (ns: string) => ({ verb: "get", resource: "configmaps", name: "marker", namespace: ns });
const markerPath = (ns: string) => `/api/v1/namespaces/${ns}/configmaps/marker`;

// ------------------------------------------------------------------ the walks
interface Ctx {
  ns: string;
  api: ApiServer;
  /** The starting ServiceAccount's token (TokenRequest). */
  starter: Credential;
  /** A token of any other ServiceAccount of the namespace (also minted for the walk). */
  tokenOf(name: string): Promise<Credential>;
  /** The first node (kwok plays its kubelet). */
  node: string;
  expect: ExpectStatic;
}
/** A hop the engine must claim; `to` is a subject, CLUSTER_ADMIN, or a role's rights after bind/escalate. */
interface Claim {
  from: string;
  technique: Technique;
  to: string;
  certain?: boolean;
}
/** Hops the engine must not claim: from `from`, of `technique` (any when absent), to `to` (any when absent). */
interface NotClaim {
  from: string;
  technique?: Technique;
  to?: string;
}
interface Walk {
  /** The test's title (negative cases; a technique's walk is titled by the technique). */
  title?: string;
  /** What the namespace is called after (`esc-walk-<tag>-<suffix>`). */
  tag: string;
  /** The objects besides the common ones (namespace, SAs starter and target, the marker, target's role). */
  objects(ns: string): Obj[];
  /** The hops the engine must claim (from, technique, to). */
  claims(ns: string): Claim[];
  /** Hops the engine must NOT claim (negative cases): from, and the targets it must not reach. */
  notClaims?(ns: string): NotClaim[];
  /** Takes the hop against the API server and proves who was reached. */
  walk(c: Ctx): Promise<void>;
}

/** The starter's grants in its namespace: a Role with `rules`, bound to SA starter by RoleBinding `starter-grants`. */
const starterRole = (ns: string, rules: Rule[], who = "starter"): Obj[] => [role(ns, `${who}-grants`, rules), roleBinding(ns, `${who}-grants`, { kind: "Role", name: `${who}-grants` }, [saSubject(ns, who)])];
/** The starter's cluster-wide grants: a ClusterRole with `rules`, bound to SA starter by a ClusterRoleBinding. */
const starterClusterRole = (ns: string, tag: string, rules: Rule[]): Obj[] => [clusterRole(cluster(tag), rules), clusterRoleBinding(cluster(tag), cluster(tag), [saSubject(ns, "starter")])];

/** The starter may not read the marker, the reached SA may (SubjectAccessReviews as admin). */
async function gainedBySa(c: Ctx, reached: string) {
  c.expect(await c.api.allowed(sa(c.ns, "starter"), saGroups(c.ns), readMarker(c.ns)), "the starter itself must not read the marker").toBe(false);
  c.expect(await c.api.allowed(sa(c.ns, reached), saGroups(c.ns), readMarker(c.ns)), `the reached ${reached} reads the marker`).toBe(true);
}

/** The starter reads the marker now (the API server's RBAC cache takes a moment to see a change). */
async function reachedSoon(c: Ctx, when: string) {
  const ok = await waitFor(() => c.api.allowed(sa(c.ns, "starter"), saGroups(c.ns), readMarker(c.ns)), 5000, 100).catch(() => false);
  c.expect(ok, `${when}: the starter reads the marker (SubjectAccessReview)`).toBe(true);
}

/** The walk's ServiceAccount `name` may do everything now (the walk gave it cluster-admin). */
async function everythingSoon(c: Ctx, name: string) {
  const ok = await waitFor(() => c.api.allowed(sa(c.ns, name), saGroups(c.ns), { verb: "*", group: "*", resource: "*" }), 5000, 100).catch(() => false);
  c.expect(ok, `${name} may do everything (SubjectAccessReview)`).toBe(true);
}

/** Waits until the namespace has a pod (made by the controllers) running as `serviceAccount`. */
async function podRunningAs(c: Ctx, serviceAccount: string, owner = "ReplicaSet") {
  return waitFor(async () => {
    const pods = await c.api.must(c.api.admin, "GET", `/api/v1/namespaces/${c.ns}/pods`);
    return (pods.json.items as { metadata: { name: string; ownerReferences?: { kind: string }[] }; spec: { serviceAccountName?: string } }[]).find(
      (p) => p.spec.serviceAccountName === serviceAccount && p.metadata.ownerReferences?.some((o) => o.kind === owner),
    );
  }, 30_000);
}

/** A pod's spec mounts its ServiceAccount's token (the projected volume the admission adds). */
function mountsToken(pod: Answer["json"]): boolean {
  return (pod.spec?.volumes ?? []).some((v: { projected?: { sources?: { serviceAccountToken?: unknown }[] } }) => v.projected?.sources?.some((s) => s.serviceAccountToken));
}

/** The API server's own refusal: a Status with reason Forbidden (RBAC said no). */
const refusedByApiServer = (r: Answer) => r.status === 403 && r.json.kind === "Status" && r.json.reason === "Forbidden";

/**
 * The request got through authentication and RBAC. What comes after may still fail: kwok's
 * nodes have no kubelet, so exec or the node proxy ends in an upgrade error or a dial that is
 * refused (by the network, not by the API server's authorizer: no Forbidden Status).
 */
function passedAuthorization(c: Ctx, r: Answer | "timeout", what: string) {
  if (r === "timeout") return; // RBAC refuses at once; only an authorized request goes on to dial the kubelet
  c.expect(refusedByApiServer(r), `${what}: HTTP ${r.status} ${r.text.slice(0, 300)}`).toBe(false);
  c.expect(r.status, `${what}: HTTP ${r.status} ${r.text.slice(0, 300)}`).not.toBe(401);
}
/** A request the kubelet would answer: kwok's nodes have none, so it may hang until a short deadline. */
async function kubeletBound(c: Ctx, as: Credential, method: string, path: string): Promise<Answer | "timeout"> {
  try {
    return await c.api.request(as, method, path, undefined, { timeoutMs: 4000 });
  } catch (e) {
    if (e instanceof Error && /timeout/.test(e.message)) return "timeout";
    throw e;
  }
}

const IMPERSONATED = cluster("alice"); // the user the starter may impersonate
const NOT_IMPERSONATED = cluster("mallory"); // bound too, but not among the resourceNames
const IMPERSONATED_GROUP = cluster("readers");
const CSR_USER = cluster("csr-user"); // the user a certificate is approved for
/** What the API server answered where the walk cannot go further (kwok has no kubelet), printed at the end. */
const seen: Record<string, string> = {};
const answered = (r: Answer | "timeout") => (r === "timeout" ? "no answer within 4 s (dialling the kubelet)" : `HTTP ${r.status} ${(r.json.message as string | undefined) ?? r.text.slice(0, 160)}`);

const WALKS: Record<Technique, Walk> = {
  "create-pods": {
    tag: "pods",
    objects: (ns) => starterRole(ns, [{ verbs: ["create"], apiGroups: [""], resources: ["pods"] }]),
    claims: (ns) => [{ from: sa(ns, "starter"), technique: "create-pods", to: sa(ns, "target") }],
    async walk(c) {
      const r = await c.api.must(c.starter, "POST", `/api/v1/namespaces/${c.ns}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: "as-target" }, spec: podSpec("target") });
      c.expect(r.json.spec.serviceAccountName).toBe("target");
      c.expect(mountsToken(r.json), "the pod mounts target's token").toBe(true);
      await gainedBySa(c, "target");
    },
  },
  "create-workloads": {
    tag: "workloads",
    objects: (ns) => [
      ...starterRole(ns, [{ verbs: ["create"], apiGroups: ["apps"], resources: ["deployments"] }]),
      ...starterRole(ns, [{ verbs: ["create"], apiGroups: ["batch"], resources: ["jobs"] }], "job-maker"),
      serviceAccount(ns, "job-maker"),
      serviceAccount(ns, "job-target"),
      roleBinding(ns, "job-target-reads", { kind: "Role", name: "target-reads" }, [saSubject(ns, "job-target")]),
    ],
    claims: (ns) => [
      { from: sa(ns, "starter"), technique: "create-workloads", to: sa(ns, "target") },
      { from: sa(ns, "job-maker"), technique: "create-workloads", to: sa(ns, "job-target") },
    ],
    async walk(c) {
      const d = deployment(c.ns, "as-target", "target");
      delete d.metadata.namespace;
      await c.api.must(c.starter, "POST", collectionPath("Deployment", c.ns), d);
      // the deployment and replicaset controllers create the pod, with target's ServiceAccount
      const pod = await podRunningAs(c, "target");
      c.expect(mountsToken(pod)).toBe(true);
      await gainedBySa(c, "target");
      // a Job: the job controller creates its pod
      const job = { apiVersion: "batch/v1", kind: "Job", metadata: { name: "as-job-target" }, spec: { template: { spec: { ...podSpec("job-target"), restartPolicy: "Never" } } } };
      await c.api.must(await c.tokenOf("job-maker"), "POST", `/apis/batch/v1/namespaces/${c.ns}/jobs`, job);
      c.expect(mountsToken(await podRunningAs(c, "job-target", "Job"))).toBe(true);
      c.expect(await c.api.allowed(sa(c.ns, "job-target"), saGroups(c.ns), readMarker(c.ns))).toBe(true);
      c.expect(await c.api.allowed(sa(c.ns, "job-maker"), saGroups(c.ns), readMarker(c.ns))).toBe(false);
    },
  },
  "update-workloads": {
    tag: "update",
    objects: (ns) => [deployment(ns, "app"), ...starterRole(ns, [{ verbs: ["patch"], apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["app"] }])],
    claims: (ns) => [{ from: sa(ns, "starter"), technique: "update-workloads", to: sa(ns, "target") }],
    async walk(c) {
      const patch = { spec: { template: { spec: { serviceAccountName: "target" } } } };
      await c.api.must(c.starter, "PATCH", `/apis/apps/v1/namespaces/${c.ns}/deployments/app`, patch, { contentType: "application/strategic-merge-patch+json" });
      const pod = await podRunningAs(c, "target");
      c.expect(mountsToken(pod)).toBe(true);
      await gainedBySa(c, "target");
    },
  },
  "token-request": {
    tag: "token",
    objects: (ns) => starterRole(ns, [{ verbs: ["create"], apiGroups: [""], resources: ["serviceaccounts/token"], resourceNames: ["target"] }]),
    claims: (ns) => [{ from: sa(ns, "starter"), technique: "token-request", to: sa(ns, "target") }],
    notClaims: (ns) => [{ from: sa(ns, "starter"), technique: "token-request", to: sa(ns, "starter-peer") }],
    async walk(c) {
      const token = await c.api.token(c.ns, "target", c.starter);
      c.expect((await c.api.whoAmI({ token })).username).toBe(sa(c.ns, "target"));
      c.expect((await c.api.request({ token }, "GET", markerPath(c.ns))).status, "target's token reads the marker").toBe(200);
      c.expect((await c.api.request(c.starter, "GET", markerPath(c.ns))).status, "the starter's own does not").toBe(403);
      // resourceNames honoured: another ServiceAccount of the namespace is refused
      const other = await c.api.request(c.starter, "POST", `/api/v1/namespaces/${c.ns}/serviceaccounts/starter-peer/token`, { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} });
      c.expect(other.status, other.text).toBe(403);
      await gainedBySa(c, "target");
    },
  },
  exec: {
    tag: "exec",
    objects: (ns) => [
      victim(ns, "victim", "target"),
      ...starterRole(ns, [{ verbs: ["create"], apiGroups: [""], resources: ["pods/exec"] }]),
      ...starterRole(ns, [{ verbs: ["patch"], apiGroups: [""], resources: ["pods/ephemeralcontainers"] }], "debugger"),
      serviceAccount(ns, "attacher"),
      ...starterRole(ns, [{ verbs: ["create"], apiGroups: [""], resources: ["pods/attach"] }], "attacher"),
    ],
    claims: (ns) => [
      { from: sa(ns, "starter"), technique: "exec", to: sa(ns, "target") },
      { from: sa(ns, "debugger"), technique: "exec", to: sa(ns, "target") },
      { from: sa(ns, "attacher"), technique: "exec", to: sa(ns, "target") },
    ],
    async walk(c) {
      const exec = `/api/v1/namespaces/${c.ns}/pods/victim/exec?container=c&command=cat&command=%2Fvar%2Frun%2Fsecrets%2Fkubernetes.io%2Fserviceaccount%2Ftoken&stdout=true`;
      // control: a ServiceAccount without the permission is refused, so "not 403" below means something
      const refused = await c.api.request(await c.tokenOf("nobody"), "POST", exec);
      c.expect(refusedByApiServer(refused), refused.text).toBe(true);
      const execAnswer = await kubeletBound(c, c.starter, "POST", exec);
      seen["POST pods/exec"] = answered(execAnswer);
      passedAuthorization(c, execAnswer, "exec into the target's pod");
      const attach = `/api/v1/namespaces/${c.ns}/pods/victim/attach?container=c&stdout=true`;
      const refusedAttach = await c.api.request(await c.tokenOf("nobody"), "POST", attach);
      c.expect(refusedByApiServer(refusedAttach), refusedAttach.text).toBe(true);
      passedAuthorization(c, await kubeletBound(c, await c.tokenOf("attacher"), "POST", attach), "attach to the target's pod");
      const debuggerToken = await c.tokenOf("debugger");
      const ephemeral = { spec: { ephemeralContainers: [{ name: "debug", image: IMAGE, targetContainerName: "c" }] } };
      const refusedDebug = await c.api.request(await c.tokenOf("nobody"), "PATCH", `/api/v1/namespaces/${c.ns}/pods/victim/ephemeralcontainers`, ephemeral, { contentType: "application/strategic-merge-patch+json" });
      c.expect(refusedDebug.status, refusedDebug.text).toBe(403);
      const r = await c.api.must(debuggerToken, "PATCH", `/api/v1/namespaces/${c.ns}/pods/victim/ephemeralcontainers`, ephemeral, { contentType: "application/strategic-merge-patch+json" });
      c.expect(r.json.spec.ephemeralContainers.map((e: { name: string }) => e.name)).toContain("debug");
      c.expect(r.json.spec.serviceAccountName, "the pod entered runs as target").toBe("target");
      c.expect(mountsToken(r.json)).toBe(true);
      await gainedBySa(c, "target");
    },
  },
  impersonate: {
    tag: "impersonate",
    objects: (ns) => [
      roleBinding(ns, "users-read", { kind: "Role", name: "target-reads" }, [userSubject(IMPERSONATED), userSubject(NOT_IMPERSONATED)]),
      role(ns, "group-lists", [{ verbs: ["list"], apiGroups: [""], resources: ["configmaps"] }]),
      roleBinding(ns, "group-lists", { kind: "Role", name: "group-lists" }, [groupSubject(IMPERSONATED_GROUP)]),
      ...starterClusterRole(ns, "impersonate", [
        { verbs: ["impersonate"], apiGroups: [""], resources: ["users"], resourceNames: [IMPERSONATED] },
        { verbs: ["impersonate"], apiGroups: [""], resources: ["groups"], resourceNames: [IMPERSONATED_GROUP] },
      ]),
      ...starterRole(ns, [{ verbs: ["impersonate"], apiGroups: [""], resources: ["serviceaccounts"], resourceNames: ["target"] }]),
      // a second starter that may impersonate group system:masters (with one user to carry it)
      serviceAccount(ns, "masters"),
      clusterRole(cluster("impersonate-masters"), [
        { verbs: ["impersonate"], apiGroups: [""], resources: ["users"], resourceNames: [cluster("anyone")] },
        { verbs: ["impersonate"], apiGroups: [""], resources: ["groups"], resourceNames: ["system:masters"] },
      ]),
      clusterRoleBinding(cluster("impersonate-masters"), cluster("impersonate-masters"), [saSubject(ns, "masters")]),
    ],
    claims: (ns) => [
      { from: sa(ns, "starter"), technique: "impersonate", to: user(IMPERSONATED) },
      { from: sa(ns, "starter"), technique: "impersonate", to: group(IMPERSONATED_GROUP) },
      { from: sa(ns, "starter"), technique: "impersonate", to: sa(ns, "target") },
      { from: sa(ns, "masters"), technique: "impersonate", to: CLUSTER_ADMIN },
    ],
    // resourceNames honoured: mallory is bound to the same role, but not impersonable
    notClaims: (ns) => [{ from: sa(ns, "starter"), to: user(NOT_IMPERSONATED) }],
    async walk(c) {
      const as = (u: string, groups?: string[]): Credential => ({ ...(c.starter as { token: string }), impersonate: { user: u, groups } });
      c.expect((await c.api.whoAmI(as(IMPERSONATED))).username).toBe(IMPERSONATED);
      c.expect((await c.api.request(as(IMPERSONATED), "GET", markerPath(c.ns))).status, "alice reads the marker").toBe(200);
      // the group: alice alone may not list configmaps, alice as a member of the group may
      const list = `/api/v1/namespaces/${c.ns}/configmaps`;
      c.expect((await c.api.request(as(IMPERSONATED), "GET", list)).status).toBe(403);
      const withGroup = await c.api.whoAmI(as(IMPERSONATED, [IMPERSONATED_GROUP]));
      c.expect(withGroup.groups).toContain(IMPERSONATED_GROUP);
      c.expect((await c.api.request(as(IMPERSONATED, [IMPERSONATED_GROUP]), "GET", list)).status, "the group lists configmaps").toBe(200);
      // the ServiceAccount
      c.expect((await c.api.whoAmI(as(sa(c.ns, "target")))).username).toBe(sa(c.ns, "target"));
      c.expect((await c.api.request(as(sa(c.ns, "target")), "GET", markerPath(c.ns))).status).toBe(200);
      // negative: a user outside the resourceNames is refused
      const mallory = await c.api.request(as(NOT_IMPERSONATED), "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" });
      c.expect(mallory.status, mallory.text).toBe(403);
      // SubjectAccessReviews for the identities reached
      c.expect(await c.api.allowed(IMPERSONATED, ["system:authenticated"], readMarker(c.ns))).toBe(true);
      c.expect(await c.api.allowed(cluster("probe"), [IMPERSONATED_GROUP], { verb: "list", resource: "configmaps", namespace: c.ns })).toBe(true);
      await gainedBySa(c, "target");
      // group system:masters: every permission
      const masters: Credential = { ...((await c.tokenOf("masters")) as { token: string }), impersonate: { user: cluster("anyone"), groups: ["system:masters"] } };
      c.expect((await c.api.whoAmI(masters)).groups).toContain("system:masters");
      c.expect((await c.api.request(masters, "GET", "/api/v1/nodes")).status, "system:masters lists nodes").toBe(200);
      c.expect(await c.api.allowed(cluster("anyone"), ["system:masters"], { verb: "*", group: "*", resource: "*" })).toBe(true);
    },
  },
  bind: {
    tag: "bind",
    objects: (ns) => [
      clusterRole(cluster("bind-reader"), [{ verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["marker"] }]),
      ...starterRole(ns, [
        { verbs: ["create"], apiGroups: [RBAC], resources: ["rolebindings"] },
        { verbs: ["bind"], apiGroups: [RBAC], resources: ["clusterroles"], resourceNames: [cluster("bind-reader")] },
      ]),
      // a second starter that may bind cluster-admin cluster-wide
      serviceAccount(ns, "admin-binder"),
      clusterRole(cluster("bind-admin"), [
        { verbs: ["create"], apiGroups: [RBAC], resources: ["clusterrolebindings"] },
        { verbs: ["bind"], apiGroups: [RBAC], resources: ["clusterroles"], resourceNames: ["cluster-admin"] },
      ]),
      clusterRoleBinding(cluster("bind-admin"), cluster("bind-admin"), [saSubject(ns, "admin-binder")]),
    ],
    claims: (ns) => [
      // the rights gained: the ClusterRole's, in this namespace (a RoleBinding)
      { from: sa(ns, "starter"), technique: "bind", to: `role:ClusterRole/${cluster("bind-reader")}@${ns}` },
      { from: sa(ns, "admin-binder"), technique: "bind", to: CLUSTER_ADMIN },
    ],
    async walk(c) {
      const binder = await c.tokenOf("admin-binder");
      c.expect(await c.api.allowed(sa(c.ns, "admin-binder"), saGroups(c.ns), { verb: "*", group: "*", resource: "*" }), "before").toBe(false);
      await c.api.must(binder, "POST", collectionPath("ClusterRoleBinding"), clusterRoleBinding(cluster("bound-admin"), "cluster-admin", [saSubject(c.ns, "admin-binder")]));
      await everythingSoon(c, "admin-binder");
      c.expect(await c.api.allowed(sa(c.ns, "starter"), saGroups(c.ns), readMarker(c.ns)), "before the binding").toBe(false);
      const rb = roleBinding(c.ns, "gained", { kind: "ClusterRole", name: cluster("bind-reader") }, [saSubject(c.ns, "starter")]);
      await c.api.must(c.starter, "POST", collectionPath("RoleBinding", c.ns), rb);
      await reachedSoon(c, "after the binding");
      c.expect((await c.api.request(c.starter, "GET", markerPath(c.ns))).status).toBe(200);
    },
  },
  escalate: {
    tag: "escalate",
    objects: (ns) => [
      ...starterRole(ns, [{ verbs: ["escalate", "update"], apiGroups: [RBAC], resources: ["roles"], resourceNames: ["starter-grants"] }]),
      // a second starter bound cluster-wide to a ClusterRole it may escalate
      serviceAccount(ns, "wide"),
      clusterRole(cluster("escalate-wide"), [{ verbs: ["escalate", "update"], apiGroups: [RBAC], resources: ["clusterroles"], resourceNames: [cluster("escalate-wide")] }]),
      clusterRoleBinding(cluster("escalate-wide"), cluster("escalate-wide"), [saSubject(ns, "wide")]),
    ],
    claims: (ns) => [
      // any rule at the binding's scope: every permission in the namespace, or cluster-wide
      { from: sa(ns, "starter"), technique: "escalate", to: `namespace-admin:${ns}` },
      { from: sa(ns, "wide"), technique: "escalate", to: CLUSTER_ADMIN },
    ],
    async walk(c) {
      const wide = clusterRole(cluster("escalate-wide"), [{ verbs: ["escalate", "update"], apiGroups: [RBAC], resources: ["clusterroles"], resourceNames: [cluster("escalate-wide")] }, ...[{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }, { verbs: ["*"], nonResourceURLs: ["*"] }]]);
      c.expect(await c.api.allowed(sa(c.ns, "wide"), saGroups(c.ns), { verb: "*", group: "*", resource: "*" }), "before").toBe(false);
      await c.api.must(await c.tokenOf("wide"), "PUT", `/apis/${RBAC_V1}/clusterroles/${cluster("escalate-wide")}`, wide);
      await everythingSoon(c, "wide");
      c.expect(await c.api.allowed(sa(c.ns, "starter"), saGroups(c.ns), readMarker(c.ns)), "before the update").toBe(false);
      const own = starterRole(c.ns, [
        { verbs: ["escalate", "update"], apiGroups: [RBAC], resources: ["roles"], resourceNames: ["starter-grants"] },
        { verbs: ["get"], apiGroups: [""], resources: ["configmaps"] },
      ])[0];
      await c.api.must(c.starter, "PUT", `/apis/${RBAC_V1}/namespaces/${c.ns}/roles/starter-grants`, own);
      await reachedSoon(c, "after the update");
      c.expect((await c.api.request(c.starter, "GET", markerPath(c.ns))).status).toBe(200);
    },
  },
  "read-secrets": {
    tag: "secrets",
    objects: (ns) => [
      { apiVersion: "v1", kind: "Secret", type: "kubernetes.io/service-account-token", metadata: meta("target-token", ns, { annotations: { "kubernetes.io/service-account.name": "target" } }) },
      ...starterRole(ns, [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"] }]),
    ],
    claims: (ns) => [{ from: sa(ns, "starter"), technique: "read-secrets", to: sa(ns, "target"), certain: false }],
    async walk(c) {
      // the starter reads the Secret; the token controller fills a legacy token Secret with a token of its ServiceAccount
      const read = await c.api.must(c.starter, "GET", `/api/v1/namespaces/${c.ns}/secrets/target-token`);
      c.expect(read.json.type).toBe("kubernetes.io/service-account-token");
      let filled: Answer["json"] | undefined;
      try {
        filled = await waitFor(async () => {
          const r = await c.api.must(c.starter, "GET", `/api/v1/namespaces/${c.ns}/secrets/target-token`);
          return r.json.data?.token ? r.json : undefined;
        }, 10_000);
      } catch {
        seen["legacy token Secret"] = "not filled by the token controller within 10 s: the hop stays uncertain";
      }
      if (filled) {
        seen["legacy token Secret"] = "filled by the token controller";
        const token = Buffer.from(filled.data.token as string, "base64").toString("utf8");
        c.expect((await c.api.whoAmI({ token })).username).toBe(sa(c.ns, "target"));
        c.expect((await c.api.request({ token }, "GET", markerPath(c.ns))).status).toBe(200);
      }
      await gainedBySa(c, "target");
    },
  },
  "nodes-proxy": {
    tag: "nodes-proxy",
    objects: (ns) => starterClusterRole(ns, "nodes-proxy", [{ verbs: ["get"], apiGroups: [""], resources: ["nodes/proxy"] }]),
    claims: (ns) => [{ from: sa(ns, "starter"), technique: "nodes-proxy", to: CLUSTER_ADMIN }],
    async walk(c) {
      const path = `/api/v1/nodes/${c.node}/proxy/pods`;
      const refused = await c.api.request(await c.tokenOf("nobody"), "GET", path);
      c.expect(refusedByApiServer(refused), refused.text).toBe(true);
      const proxied = await kubeletBound(c, c.starter, "GET", path);
      seen["GET nodes/proxy"] = answered(proxied);
      passedAuthorization(c, proxied, "nodes/proxy");
      // the kubelet API behind it runs commands in any pod of the node: that is what the SAR grants
      c.expect(await c.api.allowed(sa(c.ns, "starter"), saGroups(c.ns), { verb: "create", resource: "nodes", subresource: "proxy", name: c.node })).toBe(false);
      c.expect(await c.api.allowed(sa(c.ns, "starter"), saGroups(c.ns), { verb: "get", resource: "nodes", subresource: "proxy", name: c.node })).toBe(true);
    },
  },
  "approve-csr": {
    tag: "csr",
    objects: (ns) => [
      roleBinding(ns, "csr-user-reads", { kind: "Role", name: "target-reads" }, [userSubject(CSR_USER)]),
      ...starterClusterRole(ns, "csr", [
        { verbs: ["create"], apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests"] },
        { verbs: ["update"], apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests/approval"] },
        { verbs: ["approve"], apiGroups: ["certificates.k8s.io"], resources: ["signers"], resourceNames: ["kubernetes.io/kube-apiserver-client"] },
      ]),
    ],
    claims: (ns) => [{ from: sa(ns, "starter"), technique: "approve-csr", to: CLUSTER_ADMIN }],
    async walk(c) {
      const path = "/apis/certificates.k8s.io/v1/certificatesigningrequests";
      const csrFor = (name: string, csrPem: string) => ({
        apiVersion: "certificates.k8s.io/v1",
        kind: "CertificateSigningRequest",
        metadata: meta(name),
        spec: { request: Buffer.from(csrPem).toString("base64"), signerName: "kubernetes.io/kube-apiserver-client", usages: ["client auth"], expirationSeconds: 600 },
      });
      // The default admission (CertificateSubjectRestriction) refuses this signer a system:masters
      // subject, so the certificate names a user instead: any user or group bound to anything,
      // cluster-admin included, is within reach of whoever may approve for this signer.
      const masters = await c.api.request(c.starter, "POST", path, csrFor(cluster("masters"), certificateRequest(cluster("masters"), "system:masters").csrPem));
      seen["CSR for O=system:masters"] = answered(masters);
      c.expect(masters.status, masters.text).toBe(403);
      c.expect(masters.json.message).toMatch(/system:masters/);
      // so the engine must not explain the hop with a system:masters certificate
      const why = directHops(setupSnapshot, sa(c.ns, "starter")).find((h) => h.technique === "approve-csr")?.why ?? "";
      c.expect.soft(why, `engine's why promises what the API server refuses (${masters.json.message})`).not.toMatch(/system:masters/);
      const { csrPem, keyPem } = certificateRequest(CSR_USER);
      const created = await c.api.must(c.starter, "POST", path, csrFor(cluster("csr-user"), csrPem));
      const csr = created.json;
      csr.status = { conditions: [{ type: "Approved", status: "True", reason: "EscalationWalk", message: "approved by the escalation walk" }] };
      const approved = await c.api.must(c.starter, "PUT", `${path}/${cluster("csr-user")}/approval`, csr);
      c.expect(approved.json.status.conditions.map((x: { type: string }) => x.type)).toContain("Approved");
      // The controller manager signs it only when it has a signing CA (--cluster-signing-*).
      let cert = "";
      try {
        cert = await waitFor(async () => (await c.api.must(c.api.admin, "GET", `${path}/${cluster("csr-user")}`)).json.status?.certificate as string | undefined, 3000);
      } catch {
        console.info("approve-csr: the approval was accepted; this controller manager has no signing CA, so no certificate was issued");
      }
      seen["CSR for a user, approved"] = cert ? "signed by the controller manager" : "approved, not signed (no signing CA)";
      if (cert) {
        const me = await c.api.whoAmI({ cert: Buffer.from(cert, "base64").toString("utf8"), key: keyPem });
        c.expect(me.username).toBe(CSR_USER);
        c.expect((await c.api.request({ cert: Buffer.from(cert, "base64").toString("utf8"), key: keyPem }, "GET", markerPath(c.ns))).status).toBe(200);
      }
      c.expect(await c.api.allowed(CSR_USER, ["system:authenticated"], readMarker(c.ns)), "the certificate's user reads the marker").toBe(true);
    },
  },
  webhooks: {
    tag: "webhooks",
    objects: (ns) => starterClusterRole(ns, "webhooks", [{ verbs: ["create"], apiGroups: ["admissionregistration.k8s.io"], resources: ["mutatingwebhookconfigurations"] }]),
    claims: (ns) => [{ from: sa(ns, "starter"), technique: "webhooks", to: CLUSTER_ADMIN }],
    async walk(c) {
      const path = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
      try {
        // harmless by construction: it fails open and selects objects carrying a label no one uses
        const r = await c.api.request(c.starter, "POST", path, {
          apiVersion: "admissionregistration.k8s.io/v1",
          kind: "MutatingWebhookConfiguration",
          metadata: meta(cluster("webhook")),
          webhooks: [
            {
              name: `esc-walk-${sfx}.rolecall.dev`,
              clientConfig: { url: "https://127.0.0.1:9/never" },
              rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["configmaps"] }],
              objectSelector: { matchLabels: { "rolecall.dev/esc-walk-never": sfx } },
              failurePolicy: "Ignore",
              sideEffects: "None",
              admissionReviewVersions: ["v1"],
              timeoutSeconds: 1,
            },
          ],
        });
        c.expect(r.status, r.text).toBe(201);
      } finally {
        await c.api.request(c.api.admin, "DELETE", `${path}/${cluster("webhook")}`);
      }
    },
  },
  "all-permissions": {
    tag: "all",
    objects: (ns) => starterClusterRole(ns, "all", [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }, { verbs: ["*"], nonResourceURLs: ["*"] }]),
    claims: (ns) => [{ from: sa(ns, "starter"), technique: "all-permissions", to: CLUSTER_ADMIN }],
    async walk(c) {
      // binding cluster-admin without `bind` succeeds only for a subject that already holds every permission
      await c.api.must(c.starter, "POST", collectionPath("ClusterRoleBinding"), clusterRoleBinding(cluster("all-admin"), "cluster-admin", [saSubject(c.ns, "starter")]));
      c.expect(await c.api.allowed(sa(c.ns, "starter"), saGroups(c.ns), { verb: "*", group: "*", resource: "*" })).toBe(true);
    },
  },
};

/** Negative cases: the API server refuses and the engine claims no hop. */
const NEGATIVE: Walk[] = [
  {
    title: "create rolebindings without bind or escalate does not reach a role the subject does not hold",
    tag: "nobind",
    objects: (ns) => [
      clusterRole(cluster("nobind-reader"), [{ verbs: ["get"], apiGroups: [""], resources: ["configmaps"] }]),
      ...starterRole(ns, [{ verbs: ["create"], apiGroups: [RBAC], resources: ["rolebindings"] }]),
    ],
    claims: () => [],
    notClaims: (ns) => [
      { from: sa(ns, "starter"), technique: "bind" },
      { from: sa(ns, "starter"), technique: "escalate" },
    ],
    async walk(c) {
      const rb = roleBinding(c.ns, "wanted", { kind: "ClusterRole", name: cluster("nobind-reader") }, [saSubject(c.ns, "starter")]);
      const r = await c.api.request(c.starter, "POST", collectionPath("RoleBinding", c.ns), rb);
      c.expect(refusedByApiServer(r), r.text).toBe(true);
      c.expect(r.json.message).toMatch(/attempting to grant RBAC permissions not currently held/);
      c.expect(await c.api.allowed(sa(c.ns, "starter"), saGroups(c.ns), readMarker(c.ns))).toBe(false);
    },
  },
  {
    title: "bind limited by resourceNames reaches the named role only",
    tag: "bind-named",
    objects: (ns) => [
      clusterRole(cluster("bind-named-ok"), [{ verbs: ["list"], apiGroups: [""], resources: ["configmaps"] }]),
      clusterRole(cluster("bind-named-other"), [{ verbs: ["get"], apiGroups: [""], resources: ["configmaps"] }]),
      ...starterRole(ns, [
        { verbs: ["create"], apiGroups: [RBAC], resources: ["rolebindings"] },
        { verbs: ["bind"], apiGroups: [RBAC], resources: ["clusterroles"], resourceNames: [cluster("bind-named-ok")] },
      ]),
    ],
    claims: (ns) => [{ from: sa(ns, "starter"), technique: "bind", to: `role:ClusterRole/${cluster("bind-named-ok")}@${ns}` }],
    notClaims: (ns) => [{ from: sa(ns, "starter"), technique: "bind", to: `role:ClusterRole/${cluster("bind-named-other")}@${ns}` }],
    async walk(c) {
      const to = (role: string) => roleBinding(c.ns, role, { kind: "ClusterRole", name: role }, [saSubject(c.ns, "starter")]);
      const other = await c.api.request(c.starter, "POST", collectionPath("RoleBinding", c.ns), to(cluster("bind-named-other")));
      c.expect(refusedByApiServer(other), other.text).toBe(true);
      await c.api.must(c.starter, "POST", collectionPath("RoleBinding", c.ns), to(cluster("bind-named-ok")));
    },
  },
  {
    title: "patching a Deployment's scale does not change the ServiceAccount it runs as",
    tag: "scale",
    objects: (ns) => [deployment(ns, "app"), ...starterRole(ns, [{ verbs: ["patch", "update"], apiGroups: ["apps"], resources: ["deployments/scale"] }])],
    claims: () => [],
    notClaims: (ns) => [{ from: sa(ns, "starter"), technique: "update-workloads" }],
    async walk(c) {
      const patch = { spec: { template: { spec: { serviceAccountName: "target" } } } };
      const r = await c.api.request(c.starter, "PATCH", `/apis/apps/v1/namespaces/${c.ns}/deployments/app`, patch, { contentType: "application/strategic-merge-patch+json" });
      c.expect(refusedByApiServer(r), r.text).toBe(true);
      await c.api.must(c.starter, "PATCH", `/apis/apps/v1/namespaces/${c.ns}/deployments/app/scale`, { spec: { replicas: 2 } }, { contentType: "application/merge-patch+json" });
    },
  },
  {
    title: "impersonating ServiceAccounts by a RoleBinding reaches that namespace's only",
    tag: "imp-ns",
    objects: (ns) => starterRole(ns, [{ verbs: ["impersonate"], apiGroups: [""], resources: ["serviceaccounts"] }]),
    claims: (ns) => [{ from: sa(ns, "starter"), technique: "impersonate", to: sa(ns, "target") }],
    notClaims: (ns) => [{ from: sa(ns, "starter"), technique: "impersonate", to: sa(nsOf(WALKS["create-pods"]), "target") }],
    async walk(c) {
      const as = (u: string): Credential => ({ ...(c.starter as { token: string }), impersonate: { user: u } });
      c.expect((await c.api.whoAmI(as(sa(c.ns, "target")))).username).toBe(sa(c.ns, "target"));
      const elsewhere = await c.api.request(as(sa(nsOf(WALKS["create-pods"]), "target")), "GET", markerPath(nsOf(WALKS["create-pods"])));
      c.expect(refusedByApiServer(elsewhere), elsewhere.text).toBe(true);
      c.expect(elsewhere.json.message).toMatch(/cannot impersonate/);
    },
  },
  {
    title: "escalate without update does not change a role",
    tag: "escalate-only",
    objects: (ns) => starterRole(ns, [{ verbs: ["escalate", "get"], apiGroups: [RBAC], resources: ["roles"], resourceNames: ["starter-grants"] }]),
    claims: () => [],
    notClaims: (ns) => [{ from: sa(ns, "starter"), technique: "escalate" }],
    async walk(c) {
      const own = starterRole(c.ns, [
        { verbs: ["escalate", "get"], apiGroups: [RBAC], resources: ["roles"], resourceNames: ["starter-grants"] },
        { verbs: ["get"], apiGroups: [""], resources: ["configmaps"] },
      ])[0];
      const r = await c.api.request(c.starter, "PUT", `/apis/${RBAC_V1}/namespaces/${c.ns}/roles/starter-grants`, own);
      c.expect(refusedByApiServer(r), r.text).toBe(true);
    },
  },
  {
    title: "exec limited by resourceNames reaches the named pod's ServiceAccount only",
    tag: "exec-named",
    objects: (ns) => [victim(ns, "victim", "target"), victim(ns, "other", "nobody"), ...starterRole(ns, [{ verbs: ["create"], apiGroups: [""], resources: ["pods/exec"], resourceNames: ["other"] }])],
    claims: (ns) => [{ from: sa(ns, "starter"), technique: "exec", to: sa(ns, "nobody") }],
    notClaims: (ns) => [{ from: sa(ns, "starter"), technique: "exec", to: sa(ns, "target") }],
    async walk(c) {
      const exec = (pod: string) => `/api/v1/namespaces/${c.ns}/pods/${pod}/exec?container=c&command=true&stdout=true`;
      const refused = await c.api.request(c.starter, "POST", exec("victim"));
      c.expect(refusedByApiServer(refused), refused.text).toBe(true);
      passedAuthorization(c, await kubeletBound(c, c.starter, "POST", exec("other")), "exec into the named pod");
    },
  },
  {
    title: "approving CSRs without approve on the signer reaches nothing",
    tag: "csr-nosigner",
    objects: (ns) =>
      starterClusterRole(ns, "csr-nosigner", [
        { verbs: ["create"], apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests"] },
        { verbs: ["update"], apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests/approval"] },
      ]),
    claims: () => [],
    notClaims: (ns) => [{ from: sa(ns, "starter"), technique: "approve-csr" }],
    async walk(c) {
      const path = "/apis/certificates.k8s.io/v1/certificatesigningrequests";
      const name = cluster("csr-nosigner");
      const created = await c.api.must(c.starter, "POST", path, {
        apiVersion: "certificates.k8s.io/v1",
        kind: "CertificateSigningRequest",
        metadata: meta(name),
        spec: { request: Buffer.from(certificateRequest(name).csrPem).toString("base64"), signerName: "kubernetes.io/kube-apiserver-client", usages: ["client auth"] },
      });
      const csr = created.json;
      csr.status = { conditions: [{ type: "Approved", status: "True", reason: "EscalationWalk", message: "refused: no approve on the signer" }] };
      const r = await c.api.request(c.starter, "PUT", `${path}/${name}/approval`, csr);
      c.expect(refusedByApiServer(r), r.text).toBe(true);
      c.expect(r.json.message).toMatch(/signer/);
    },
  },
];

// ------------------------------------------------------------------ setup
const nsOf = (w: Walk) => `esc-walk-${w.tag}-${sfx}`;
const ALL: Walk[] = [...Object.values(WALKS), ...NEGATIVE];

function objectsOf(w: Walk): Obj[] {
  const ns = nsOf(w);
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: meta(ns) },
    ...["starter", "target", "nobody", "starter-peer", "debugger"].map((n) => serviceAccount(ns, n)),
    { apiVersion: "v1", kind: "ConfigMap", metadata: meta("marker", ns), data: { walk: w.tag } },
    role(ns, "target-reads", [{ verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["marker"] }]),
    roleBinding(ns, "target-reads", { kind: "Role", name: "target-reads" }, [saSubject(ns, "target")]),
    ...w.objects(ns),
  ];
}

let api: ApiServer;
let store: SnapshotStore;
let source: LiveSource | undefined;
let setupSnapshot: Snapshot;
let node = "";
const tokens = new Map<string, Promise<Credential>>();
const tokenOf = (ns: string, name: string) => {
  const k = `${ns}/${name}`;
  if (!tokens.has(k)) tokens.set(k, api.token(ns, name).then((token) => ({ token })));
  return tokens.get(k)!;
};

const WEBHOOKS = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
const CLUSTER_KINDS = [`/apis/${RBAC_V1}/clusterrolebindings`, `/apis/${RBAC_V1}/clusterroles`, "/apis/certificates.k8s.io/v1/certificatesigningrequests", WEBHOOKS];

async function deleteLabelled(selector: string) {
  await Promise.all(CLUSTER_KINDS.map((p) => api.request(api.admin, "DELETE", `${p}?labelSelector=${encodeURIComponent(selector)}`)));
}

const STORE_KINDS = new Set<string>(["Namespace", "ServiceAccount", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "Pod", "Deployment"]);
function inStore(s: Snapshot, o: Obj): boolean {
  for (const x of s.objects[o.kind as Kind].values()) if (x.metadata.name === o.metadata.name && (x.metadata.namespace ?? "") === (o.metadata.namespace ?? "")) return true;
  return false;
}

beforeAll(async () => {
  api = new ApiServer();
  // webhook configurations a crashed earlier run left behind (they fail open, but go anyway)
  const stale = await api.must(api.admin, "GET", `${WEBHOOKS}?labelSelector=${LABEL}`);
  for (const w of stale.json.items as { metadata: { name: string; creationTimestamp: string } }[]) {
    if (Date.now() - Date.parse(w.metadata.creationTimestamp) > 10 * 60_000) await api.request(api.admin, "DELETE", `${WEBHOOKS}/${w.metadata.name}`);
  }
  const nodes = await api.must(api.admin, "GET", "/api/v1/nodes");
  node = (nodes.json.items as { metadata: { name: string } }[])[0]?.metadata.name ?? "";
  if (!node) throw new Error("the test cluster has no node");

  const cfg = resolveClusterConfig({ KUBECONFIG: process.env.ROLECALL_TEST_KUBECONFIG || process.env.KUBECONFIG || "" });
  if (!cfg || !("kc" in cfg)) throw new Error("kubeconfig unusable");
  store = new SnapshotStore({ source: cfg.info, coalesceMs: 30 });
  source = new LiveSource({ kc: cfg.kc, info: cfg.info });
  source.start(store);

  const all = ALL.flatMap(objectsOf).map((o) => (o.kind === "Pod" ? JSON.parse(JSON.stringify(o).replace("__NODE__", node)) : o) as Obj);
  const create = (o: Obj) => api.must(api.admin, "POST", collectionPath(o.kind, o.metadata.namespace), o);
  // namespaces, then what lives in them, then what needs their ServiceAccounts
  const late = new Set(["Pod", "Deployment", "Secret"]);
  await Promise.all(all.filter((o) => o.kind === "Namespace").map(create));
  await Promise.all(all.filter((o) => o.kind !== "Namespace" && !late.has(o.kind)).map(create));
  await Promise.all(all.filter((o) => late.has(o.kind)).map(create));
  await store.whenSynced(60_000);
  // the engine's input: a snapshot holding every object of the setup
  const wanted = all.filter((o) => STORE_KINDS.has(o.kind));
  setupSnapshot = await waitFor(() => {
    const s = store.snapshot();
    return wanted.every((o) => inStore(s, o)) ? s : undefined;
  }, 30_000, 50);
}, 120_000);

afterAll(async () => {
  if (Object.keys(seen).length) console.info(`escalation walks (suffix ${sfx}):\n${Object.entries(seen).map(([k, v]) => `  ${k}: ${v}`).join("\n")}`);
  await source?.stop();
  if (!api) return;
  await deleteLabelled(`${LABEL}=${sfx}`);
  await Promise.all(ALL.map((w) => api.request(api.admin, "DELETE", `/api/v1/namespaces/${nsOf(w)}`)));
});

// ------------------------------------------------------------------ the engine's side
const refKey = (r: { kind: string; namespace?: string; name: string }) => `${r.kind}/${r.namespace ?? ""}/${r.name}`;

function checkClaims(w: Walk, e: ExpectStatic) {
  // soft: a claim the engine misses is reported, and the walk still runs
  const ns = nsOf(w);
  const own = new Set(objectsOf(w).filter((o) => o.kind.endsWith("Binding")).map((o) => refKey({ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name })));
  for (const claim of w.claims(ns)) {
    const hops = directHops(setupSnapshot, claim.from);
    const hop = hops.find((h) => h.technique === claim.technique && h.to === claim.to);
    e.soft(hop, `engine: ${claim.from} -[${claim.technique}]-> ${claim.to}; it claims ${JSON.stringify(hops.map((h) => `${h.technique}→${h.to}`))}`).toBeDefined();
    if (!hop) continue;
    e.soft(hop.certain, `certain of ${claim.technique}`).toBe(claim.certain ?? true);
    e.soft(hop.via.length, `via of ${claim.technique}`).toBeGreaterThan(0);
    for (const v of hop.via) e.soft(own.has(refKey(v.binding)), `the hop is traced to the walk's own binding, not ${refKey(v.binding)}`).toBe(true);
    // the closure agrees: the target in one hop
    const esc = escalationOf(setupSnapshot, claim.from);
    if (claim.to === CLUSTER_ADMIN) {
      e.soft(esc?.clusterAdmin?.hops, `closure: ${claim.from} reaches cluster-admin in one hop`).toBe(1);
      e.soft(esc?.reachesClusterAdmin, "reachesClusterAdmin").toBe(hop.certain);
    } else if (!/^(role|namespace-admin):/.test(claim.to)) {
      // (a role's rights are a step on a path, not an identity canBecome lists)
      e.soft(esc?.canBecome.find((p) => p.subject === claim.to)?.hops, `closure: ${claim.from} becomes ${claim.to} in one hop`).toBe(1);
    }
  }
  for (const neg of w.notClaims?.(ns) ?? []) {
    // only hops the walk's own objects allow: other suites share the cluster (and its system:authenticated)
    const wrong = directHops(setupSnapshot, neg.from).filter(
      (h) => (!neg.technique || h.technique === neg.technique) && (!neg.to || h.to === neg.to) && h.via.some((v) => own.has(refKey(v.binding))),
    );
    e.soft(wrong.map((h) => `${h.technique}→${h.to}`), `engine: no ${neg.technique ?? "hop"} from ${neg.from}${neg.to ? ` to ${neg.to}` : ""}`).toEqual([]);
    if (neg.to) e.soft(escalationOf(setupSnapshot, neg.from)?.canBecome.map((p) => p.subject), `engine: ${neg.from} never becomes ${neg.to}`).not.toContain(neg.to);
  }
}

async function run(w: Walk, e: ExpectStatic) {
  const ns = nsOf(w);
  checkClaims(w, e);
  await w.walk({ ns, api, node, expect: e, starter: await tokenOf(ns, "starter"), tokenOf: (name) => tokenOf(ns, name) });
}

describe("escalation walks on the control plane", () => {
  describe.concurrent("each technique, taken with the starter's own token", () => {
    for (const [technique, w] of Object.entries(WALKS)) it(technique, async ({ expect: e }) => run(w, e), 60_000);
  });

  describe.concurrent("negative cases: the API server refuses, the engine claims nothing", () => {
    for (const w of NEGATIVE) it(w.title ?? w.tag, async ({ expect: e }) => run(w, e), 60_000);
  });

  it("every technique the engine knows has a walk", () => {
    expect(Object.keys(WALKS).sort()).toEqual([...TECHNIQUES].sort());
  });
});

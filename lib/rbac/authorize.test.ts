// can-i: which bindings decide a request, and the mistakes other tools made.
import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { KubeObject } from "@/lib/store/types";
import { canI, isAllowed } from "./authorize";
import { clusterRole, clusterRoleBinding, group, r, role, roleBinding, saSubject, user } from "./fixtures.test-helpers";
import { splitResource, type RequestAttributes } from "./rules";
import { identityFor, serviceAccountIdentity } from "./subjects";

const world: KubeObject[] = [
  role("a", "pod-reader", [r(["get", "list", "watch"], [""], ["pods"])]),
  role("b", "pod-reader", [r(["delete"], [""], ["pods"])]),
  clusterRole("deploy-scaler", [r(["update"], ["apps"], ["*/scale"])]),
  clusterRole("node-reader", [r(["get"], [""], ["nodes"])]),
  clusterRole("health", [{ verbs: ["get"], nonResourceURLs: ["/logs/*", "/metrics"] }]),
  clusterRole("secret-one", [r(["get", "list"], [""], ["secrets"], ["db"])]),
  clusterRole("star", [r(["*"], ["*"], ["*"])]),
  clusterRole("pods-sub-star", [r(["get"], [""], ["pods/*"])]),
  clusterRole("cm-by-name", [r(["get"], ["apps"], ["configmaps"])]),
  // a: the SA directly; binding-namespace Role lookup
  roleBinding("a", "read-pods", "Role", "pod-reader", [saSubject("app", "a")]),
  // b: Role looked up in the binding's namespace b, not the subject's a (rolesum)
  roleBinding("b", "cross", "Role", "pod-reader", [saSubject("app", "a")]),
  // c: SA subject without namespace means c:app, not a:app (k9s)
  roleBinding("c", "no-ns", "ClusterRole", "star", [saSubject("app")]),
  // d: a RoleBinding to a ClusterRole grants only in d (k9s showed it cluster-wide)
  roleBinding("d", "scale-in-d", "ClusterRole", "deploy-scaler", [saSubject("app", "a")]),
  roleBinding("e", "scale-in-e", "ClusterRole", "deploy-scaler", [saSubject("other", "x")]),
  // f: group grant through system:serviceaccounts:a (rbac-tool, kubectl-who-can, k9s, Headlamp, rolesum)
  roleBinding("f", "ns-group", "ClusterRole", "secret-one", [group("system:serviceaccounts:a")]),
  // g: subjects after a Group subject still count (rbac-police)
  roleBinding("g", "group-first", "ClusterRole", "node-reader", [group("devs"), saSubject("app", "a")]),
  // RoleBinding to a ClusterRole with nonResourceURLs: never effective
  roleBinding("a", "health-in-ns", "ClusterRole", "health", [saSubject("app", "a")]),
  clusterRoleBinding("health-all", "health", [group("system:authenticated")]),
  clusterRoleBinding("pods-sub-star", "pods-sub-star", [saSubject("app", "a")]),
  clusterRoleBinding("orphan", "does-not-exist", [saSubject("app", "a")]),
  roleBinding("a", "orphan-role", "Role", "missing", [saSubject("app", "a")]),
  clusterRoleBinding("crb-sa-no-ns", "star", [saSubject("app")]),
  clusterRoleBinding("by-user", "cm-by-name", [user("system:serviceaccount:a:app")]),
];
const snap = snapshotFromObjects(world);
const app = serviceAccountIdentity("a", "app");

const res = (verb: string, apiGroup: string, resource: string, namespace: string, name = ""): RequestAttributes => ({ kind: "resource", verb, apiGroup, ...splitResource(resource), name, namespace });
const nonRes = (verb: string, path: string): RequestAttributes => ({ kind: "nonResource", verb, path });

describe("canI for system:serviceaccount:a:app", () => {
  it.each<[string, RequestAttributes, boolean]>([
    ["Role in its namespace", res("list", "", "pods", "a"), true],
    ["RoleBindings don't apply in other namespaces", res("list", "", "pods", "z"), false],
    ["empty namespace uses ClusterRoleBindings only", res("list", "", "pods", ""), false],
    ["Role from the binding's namespace (delete in b)", res("delete", "", "pods", "b"), true],
    ["not the subject namespace's Role in b", res("list", "", "pods", "b"), false],
    ["SA subject without ns in RB means binding's ns", res("get", "", "secrets", "c"), false],
    ["SA subject without ns in CRB matches no one", res("get", "", "secrets", ""), false],
    ["RB→ClusterRole only in its namespace d", res("update", "apps", "deployments/scale", "d"), true],
    ["… not cluster-wide", res("update", "apps", "deployments/scale", ""), false],
    ["… not in e (another SA's binding of the same role)", res("update", "apps", "deployments/scale", "e"), false],
    ["*/scale matches deployments/scale", res("update", "apps", "statefulsets/scale", "d"), true],
    ["*/scale does not match the parent", res("update", "apps", "deployments", "d"), false],
    ["group grant via system:serviceaccounts:a", res("get", "", "secrets", "f", "db"), true],
    ["resourceNames never match unnamed list", res("list", "", "secrets", "f"), false],
    ["resourceNames: other name", res("get", "", "secrets", "f", "other"), false],
    ["subject after a Group subject", res("get", "", "nodes", "g"), true],
    ["RB granting a cluster-scoped resource: SAR says allowed in that namespace", res("get", "", "nodes", "g"), true],
    ["… and denied with an empty namespace", res("get", "", "nodes", ""), false],
    ["pods/* is not a wildcard", res("get", "", "pods/log", "z"), false],
    ["pods/* does not match pods", res("get", "", "pods", "z"), false],
    ["apiGroups are checked (configmaps in apps ≠ core)", res("get", "", "configmaps", "z"), false],
    ["by user name", res("get", "apps", "configmaps", "z"), true],
    ["verb is case-sensitive", res("GET", "apps", "configmaps", "z"), false],
    ["nonResourceURL glob through CRB group", nonRes("get", "/logs/kubelet"), true],
    ["nonResourceURL glob is not the bare path", nonRes("get", "/logs"), false],
    ["nonResourceURL exact", nonRes("get", "/metrics"), true],
    ["… not a prefix", nonRes("get", "/metrics/x"), false],
    // the bootstrap policy every cluster has (assumed offline): system:discovery and
    // system:public-info-viewer are bound to system:authenticated
    ["bootstrap policy: get /healthz", nonRes("get", "/healthz"), true],
    ["bootstrap policy: get /version", nonRes("get", "/version"), true],
    ["bootstrap policy: get /api", nonRes("get", "/api"), true],
    ["bootstrap policy: not post /healthz", nonRes("post", "/healthz"), false],
    ["bootstrap policy: not /healthz/etcd", nonRes("get", "/healthz/etcd"), false],
  ])("%s", (_name, req, want) => {
    expect(canI(snap, app, req).allowed).toBe(want);
    expect(isAllowed(snap, app, req)).toBe(want);
  });

  it("orphan bindings grant nothing and do not fail", () => {
    const d = canI(snap, app, res("get", "", "pods", "a"));
    expect(d.allowed).toBe(true);
    expect(d.reasons.map((x) => x.binding.name)).toEqual(["read-pods"]);
  });

  it("reasons name binding, role (in the binding's namespace), rule index and subject", () => {
    const d = canI(snap, app, res("get", "", "secrets", "f", "db"));
    expect(d.reasons).toEqual([
      {
        binding: { kind: "RoleBinding", namespace: "f", name: "ns-group" },
        role: { kind: "ClusterRole", name: "secret-one" },
        rule: 0,
        subject: { kind: "Group", name: "system:serviceaccounts:a" },
        matchedBy: { type: "Group", group: "system:serviceaccounts:a" },
      },
    ]);
  });

  it("an SA that does not exist still answers from bindings and groups", () => {
    expect(canI(snap, serviceAccountIdentity("a", "ghost"), res("get", "", "secrets", "f", "db")).allowed).toBe(true);
    expect(canI(snap, serviceAccountIdentity("c", "app"), res("get", "", "secrets", "c")).allowed).toBe(true);
  });

  it("without the SA groups the group grant is missed (why SARs must send them)", () => {
    expect(canI(snap, { user: "system:serviceaccount:a:app", groups: [] }, res("get", "", "secrets", "f", "db")).allowed).toBe(false);
    expect(canI(snap, identityFor("system:serviceaccount:a:app"), res("get", "", "secrets", "f", "db")).allowed).toBe(true);
  });
});

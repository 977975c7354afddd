// Escalation paths: one case per technique, the negatives the API server's own checks decide,
// and the closure (cycles, shortest path).
import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { KubeObject, Pod } from "@/lib/store/types";
import { isAllowed } from "./authorize";
import { CLUSTER_ADMIN, directHops, escalationGraph, escalationOf, reachingClusterAdmin, type Escalation } from "./escalation";
import { clusterRole, clusterRoleBinding, group, r, role, roleBinding, sa, saSubject, user } from "./fixtures.test-helpers";
import { splitResource } from "./rules";
import { serviceAccountIdentity } from "./subjects";
import { seededRandom } from "@/lib/testing/random";

const SA = (ns: string, name: string) => `system:serviceaccount:${ns}:${name}`;
const snap = (objects: KubeObject[]) => snapshotFromObjects(objects, { source: { mode: "cluster", label: "test" } });
const reached = (e: Escalation | undefined) => Object.fromEntries((e?.canBecome ?? []).map((p) => [p.subject, p]));
const pod = (ns: string, name: string, serviceAccountName: string, automount?: boolean): Pod => ({
  kind: "Pod",
  metadata: { name, namespace: ns },
  spec: { serviceAccountName, containers: [{ name: "c" }], ...(automount === undefined ? {} : { automountServiceAccountToken: automount }) },
  status: { phase: "Running" },
});

const base: KubeObject[] = [sa("shop", "dev"), sa("shop", "web"), sa("shop", "default"), sa("bank", "vault"), sa("bank", "default")];

describe("create-pods", () => {
  const s = snap([...base, role("shop", "pods", [r(["create"], [""], ["pods"])]), roleBinding("shop", "dev-pods", "Role", "pods", [saSubject("dev", "shop")])]);
  const e = escalationOf(s, SA("shop", "dev"))!;
  it("reaches every ServiceAccount of the namespace in one hop, with binding → role → rule", () => {
    const m = reached(e);
    expect(Object.keys(m).sort()).toEqual([SA("shop", "default"), SA("shop", "web")]);
    expect(m[SA("shop", "web")].path).toEqual([
      expect.objectContaining({
        technique: "create-pods",
        from: SA("shop", "dev"),
        to: SA("shop", "web"),
        certain: true,
        via: [{ binding: { kind: "RoleBinding", namespace: "shop", name: "dev-pods" }, role: { kind: "Role", namespace: "shop", name: "pods" }, rule: 0 }],
      }),
    ]);
    expect(m[SA("shop", "web")].path[0].why).toMatch(/create pods in namespace shop/);
  });
  it("a RoleBinding in shop gives nothing in bank", () => {
    expect(Object.keys(reached(e)).some((k) => k.includes(":bank:"))).toBe(false);
    expect(isAllowed(s, serviceAccountIdentity("shop", "dev"), { kind: "resource", verb: "create", apiGroup: "", resource: "pods", subresource: "", name: "", namespace: "bank" })).toBe(false);
  });
  it("a ClusterRoleBinding reaches the ServiceAccounts of every namespace", () => {
    const s2 = snap([...base, clusterRole("pods", [r(["create"], [""], ["pods"])]), clusterRoleBinding("dev-pods", "pods", [saSubject("dev", "shop")])]);
    // the built-in namespaces' default ServiceAccounts exist in every cluster
    const builtIn = ["default", "kube-node-lease", "kube-public", "kube-system"].map((ns) => SA(ns, "default"));
    expect(Object.keys(reached(escalationOf(s2, SA("shop", "dev")))).sort()).toEqual([SA("bank", "default"), SA("bank", "vault"), ...builtIn, SA("shop", "default"), SA("shop", "web")]);
  });
  it("create pods limited by resourceNames allows no create (the request has no name)", () => {
    const s2 = snap([...base, role("shop", "pods", [r(["create"], [""], ["pods"], ["x"])]), roleBinding("shop", "b", "Role", "pods", [saSubject("dev", "shop")])]);
    expect(escalationOf(s2, SA("shop", "dev"))!.canBecome).toEqual([]);
  });
  it("through a group the subject is a member of (system:serviceaccounts:shop)", () => {
    const s2 = snap([...base, role("shop", "pods", [r(["create"], [""], ["pods"])]), roleBinding("shop", "all", "Role", "pods", [group("system:serviceaccounts:shop")])]);
    const m = reached(escalationOf(s2, SA("shop", "dev")));
    expect(m[SA("shop", "web")].path[0]).toMatchObject({ from: SA("shop", "dev"), to: SA("shop", "web"), technique: "create-pods" });
    expect(m["group:system:serviceaccounts:shop"]).toBeUndefined(); // a member, not something it became
  });
});

describe("token-request", () => {
  it("any name: every ServiceAccount of the namespace", () => {
    const s = snap([...base, role("shop", "tok", [r(["create"], [""], ["serviceaccounts/token"])]), roleBinding("shop", "b", "Role", "tok", [saSubject("dev", "shop")])]);
    const m = reached(escalationOf(s, SA("shop", "dev")));
    expect(Object.keys(m).sort()).toEqual([SA("shop", "default"), SA("shop", "web")]);
    expect(m[SA("shop", "web")].path[0].technique).toBe("token-request");
  });
  it("resourceNames: only the named ServiceAccounts (and only if they exist)", () => {
    const s = snap([...base, role("shop", "tok", [r(["create"], [""], ["serviceaccounts/token"], ["web", "ghost"])]), roleBinding("shop", "b", "Role", "tok", [saSubject("dev", "shop")])]);
    expect(Object.keys(reached(escalationOf(s, SA("shop", "dev"))))).toEqual([SA("shop", "web")]);
  });
});

describe("impersonate", () => {
  const admin = [clusterRole("admin-all", [r(["*"], ["*"], ["*"])]), clusterRoleBinding("alice-admin", "admin-all", [user("alice")])];
  it("resourceNames-limited impersonation reaches only the named user", () => {
    const s = snap([...base, ...admin, clusterRole("imp", [r(["impersonate"], [""], ["users"], ["bob"])]), clusterRoleBinding("b", "imp", [saSubject("dev", "shop"), user("bob")]), clusterRoleBinding("x", "imp", [user("carol")])]);
    const e = escalationOf(s, SA("shop", "dev"))!;
    expect(Object.keys(reached(e))).toEqual(["user:bob"]);
    expect(e.reachesClusterAdmin).toBe(false);
  });
  it("any user: reaches a cluster-admin-equivalent user, so cluster-admin in two hops", () => {
    const s = snap([...base, ...admin, clusterRole("imp", [r(["impersonate"], [""], ["users"])]), clusterRoleBinding("b", "imp", [saSubject("dev", "shop")])]);
    const e = escalationOf(s, SA("shop", "dev"))!;
    expect(e.reachesClusterAdmin).toBe(true);
    expect(e.clusterAdmin!.path.map((h) => [h.technique, h.from, h.to])).toEqual([
      ["impersonate", SA("shop", "dev"), "user:alice"],
      ["all-permissions", "user:alice", CLUSTER_ADMIN],
    ]);
  });
  it("group system:masters (with a user to impersonate) is cluster-admin; without a user it is refused", () => {
    const withUser = snap([...base, clusterRole("imp", [r(["impersonate"], [""], ["groups"], ["system:masters"]), r(["impersonate"], [""], ["users"], ["nobody"])]), clusterRoleBinding("b", "imp", [saSubject("dev", "shop")])]);
    const e = escalationOf(withUser, SA("shop", "dev"))!;
    expect(e.clusterAdmin?.path).toEqual([expect.objectContaining({ technique: "impersonate", to: CLUSTER_ADMIN })]);
    expect(e.clusterAdmin!.path[0].via.map((v) => v.rule)).toEqual([0, 1]);
    const groupOnly = snap([...base, clusterRole("imp", [r(["impersonate"], [""], ["groups"], ["system:masters"])]), clusterRoleBinding("b", "imp", [saSubject("dev", "shop")])]);
    expect(escalationOf(groupOnly, SA("shop", "dev"))!.reachesClusterAdmin).toBe(false);
  });
  it("serviceaccounts by name, in the binding's namespace only", () => {
    const s = snap([...base, role("shop", "imp", [r(["impersonate"], [""], ["serviceaccounts"], ["web", "vault"])]), roleBinding("shop", "b", "Role", "imp", [saSubject("dev", "shop")])]);
    expect(Object.keys(reached(escalationOf(s, SA("shop", "dev"))))).toEqual([SA("shop", "web")]);
  });
  it("users on a RoleBinding: users are cluster-scoped, so it allows nothing", () => {
    const s = snap([...base, ...admin, clusterRole("imp", [r(["impersonate"], [""], ["users"])]), roleBinding("shop", "b", "ClusterRole", "imp", [saSubject("dev", "shop")])]);
    expect(escalationOf(s, SA("shop", "dev"))!.canBecome).toEqual([]);
  });
});

describe("subjects and the closure", () => {
  it("a malformed subject is undefined", () => {
    const s = snap(base);
    for (const bad of ["dev", "user:", "group:", "system:serviceaccount:shop", "serviceaccount:shop:dev"]) expect(escalationOf(s, bad)).toBeUndefined();
    expect(escalationOf(s, "user:system:serviceaccount:shop:dev")?.subject).toBe(SA("shop", "dev"));
  });
  it("cycles terminate (A → B → A) and list each subject once", () => {
    const s = snap([
      ...base,
      role("shop", "tok-web", [r(["create"], [""], ["serviceaccounts/token"], ["web"])]),
      role("shop", "tok-dev", [r(["create"], [""], ["serviceaccounts/token"], ["dev"])]),
      roleBinding("shop", "a", "Role", "tok-web", [saSubject("dev", "shop")]),
      roleBinding("shop", "b", "Role", "tok-dev", [saSubject("web", "shop")]),
    ]);
    const e = escalationOf(s, SA("shop", "dev"))!;
    expect(e.canBecome.map((p) => p.subject)).toEqual([SA("shop", "web")]);
  });
  it("the shortest path is chosen", () => {
    const s = snap([
      ...base,
      role("shop", "tok-web", [r(["create"], [""], ["serviceaccounts/token"], ["web"])]),
      role("bank", "tok-vault", [r(["create"], [""], ["serviceaccounts/token"], ["vault"])]),
      roleBinding("shop", "a", "Role", "tok-web", [saSubject("dev", "shop")]),
      roleBinding("bank", "b", "Role", "tok-vault", [saSubject("web", "shop"), saSubject("dev", "shop")]),
    ]);
    const m = reached(escalationOf(s, SA("shop", "dev")));
    expect(m[SA("bank", "vault")].hops).toBe(1);
    expect(m[SA("shop", "web")].hops).toBe(1);
  });
  it("multi-hop path: token for web, web creates pods in bank, bank's SA is cluster-admin", () => {
    const s = snap([
      ...base,
      role("shop", "tok-web", [r(["create"], [""], ["serviceaccounts/token"], ["web"])]),
      role("bank", "pods", [r(["create"], [""], ["pods"])]),
      clusterRole("everything", [r(["*"], ["*"], ["*"])]),
      roleBinding("shop", "a", "Role", "tok-web", [saSubject("dev", "shop")]),
      roleBinding("bank", "b", "Role", "pods", [saSubject("web", "shop")]),
      clusterRoleBinding("c", "everything", [saSubject("vault", "bank")]),
    ]);
    const e = escalationOf(s, SA("shop", "dev"))!;
    expect(e.clusterAdmin!.path.map((h) => [h.technique, h.from, h.to])).toEqual([
      ["token-request", SA("shop", "dev"), SA("shop", "web")],
      ["create-pods", SA("shop", "web"), SA("bank", "vault")],
      ["all-permissions", SA("bank", "vault"), CLUSTER_ADMIN],
    ]);
    const all = reachingClusterAdmin(s);
    expect(all.map((p) => [p.subject, p.hops])).toEqual([
      [SA("bank", "vault"), 1],
      [SA("shop", "web"), 2],
      [SA("shop", "dev"), 3],
    ]);
    expect(all[2].path).toEqual(e.clusterAdmin!.path);
  });
  it("several bindings giving the same hop: the path names the first binding that makes it as surely", () => {
    const s = snap([
      ...base,
      role("bank", "secrets", [r(["get"], [""], ["secrets"])]),
      role("bank", "pods", [r(["create"], [""], ["pods"])]),
      role("bank", "deploys", [r(["create"], ["apps"], ["deployments"])]),
      role("shop", "tok-web", [r(["create"], [""], ["serviceaccounts/token"], ["web"])]),
      // in binding order: bank/a (secrets: possible only), bank/b (pods), bank/c (pods again),
      // bank/d (deployments: the same ServiceAccounts), then shop/e (a token for web)
      roleBinding("bank", "a", "Role", "secrets", [saSubject("dev", "shop")]),
      roleBinding("bank", "b", "Role", "pods", [saSubject("dev", "shop")]),
      roleBinding("bank", "c", "Role", "pods", [saSubject("dev", "shop")]),
      roleBinding("bank", "d", "Role", "deploys", [saSubject("dev", "shop")]),
      roleBinding("shop", "e", "Role", "tok-web", [saSubject("dev", "shop")]),
      clusterRole("everything", [r(["*"], ["*"], ["*"])]),
      clusterRoleBinding("admin", "everything", [saSubject("web", "shop")]),
    ]);
    const first = (p: { path: readonly { technique: string; certain: boolean; via: readonly { binding: { name: string } }[] }[] }) => [p.path[0].technique, p.path[0].certain, p.path[0].via[0].binding.name];
    const e = escalationOf(s, SA("shop", "dev"))!;
    const m = reached(e);
    expect(first(m[SA("bank", "vault")])).toEqual(["create-pods", true, "b"]);
    expect(first(m[SA("shop", "web")])).toEqual(["token-request", true, "e"]);
    expect(first(e.clusterAdmin!)).toEqual(["token-request", true, "e"]);
    const dev = reachingClusterAdmin(s).find((p) => p.subject === SA("shop", "dev"))!;
    expect(dev.path.map((h) => [h.technique, h.via[0].binding.name])).toEqual([
      ["token-request", "e"],
      ["all-permissions", "admin"],
    ]);
  });
  it("directHops lists each hop with its target resolved", () => {
    const s = snap([...base, role("shop", "pods", [r(["create"], [""], ["pods"])]), roleBinding("shop", "b", "Role", "pods", [saSubject("dev", "shop")])]);
    expect(directHops(s, SA("shop", "dev")).map((h) => h.to).sort()).toEqual([SA("shop", "default"), SA("shop", "web")]);
  });
});

describe("exec", () => {
  const rules = role("shop", "exec", [r(["create"], [""], ["pods/exec"])]);
  it("reaches the ServiceAccounts of the namespace's pods that mount their token", () => {
    const s = snap([...base, rules, roleBinding("shop", "b", "Role", "exec", [saSubject("dev", "shop")]), pod("shop", "p1", "web"), pod("shop", "p2", "default", false)]);
    const m = reached(escalationOf(s, SA("shop", "dev")));
    expect(Object.keys(m)).toEqual([SA("shop", "web")]);
    expect(m[SA("shop", "web")].path[0].technique).toBe("exec");
  });
  it("pods with automountServiceAccountToken: false (on the pod, or on the SA) are not exec targets", () => {
    const s = snap([sa("shop", "dev"), sa("shop", "web", false), sa("shop", "api"), rules, roleBinding("shop", "b", "Role", "exec", [saSubject("dev", "shop")]), pod("shop", "p1", "web"), pod("shop", "p2", "api", false), pod("shop", "p3", "web", true)]);
    expect(Object.keys(reached(escalationOf(s, SA("shop", "dev"))))).toEqual([SA("shop", "web")]); // p3 overrides the SA's false
    const none = snap([sa("shop", "dev"), sa("shop", "web", false), rules, roleBinding("shop", "b", "Role", "exec", [saSubject("dev", "shop")]), pod("shop", "p1", "web")]);
    expect(escalationOf(none, SA("shop", "dev"))!.canBecome).toEqual([]);
  });
});

describe("create-workloads and update-workloads", () => {
  const deploy = (ns: string, name: string): KubeObject => ({ kind: "Deployment", metadata: { name, namespace: ns }, spec: { template: { spec: { containers: [] } } } });
  it("create deployments: any ServiceAccount of the namespace", () => {
    const s = snap([...base, role("shop", "d", [r(["create"], ["apps"], ["deployments"])]), roleBinding("shop", "b", "Role", "d", [saSubject("dev", "shop")])]);
    const m = reached(escalationOf(s, SA("shop", "dev")));
    expect(Object.keys(m).sort()).toEqual([SA("shop", "default"), SA("shop", "web")]);
    expect(m[SA("shop", "web")].path[0]).toMatchObject({ technique: "create-workloads" });
  });
  it("patch a named Deployment: any ServiceAccount of the namespace, only if that Deployment exists", () => {
    const rules = [role("shop", "d", [r(["patch"], ["apps"], ["deployments"], ["api"])]), roleBinding("shop", "b", "Role", "d", [saSubject("dev", "shop")])];
    const m = reached(escalationOf(snap([...base, ...rules, deploy("shop", "api")]), SA("shop", "dev")));
    expect(Object.keys(m).sort()).toEqual([SA("shop", "default"), SA("shop", "web")]);
    expect(m[SA("shop", "web")].path[0].technique).toBe("update-workloads");
    expect(escalationOf(snap([...base, ...rules, deploy("shop", "other")]), SA("shop", "dev"))!.canBecome).toEqual([]);
  });
  it("a Job's pod template is immutable: updating jobs is no hop", () => {
    const s = snap([...base, role("shop", "j", [r(["update", "patch"], ["batch"], ["jobs"])]), roleBinding("shop", "b", "Role", "j", [saSubject("dev", "shop")])]);
    expect(escalationOf(s, SA("shop", "dev"))!.canBecome).toEqual([]);
  });
});

describe("bind", () => {
  const RBAC = "rbac.authorization.k8s.io";
  const everything = clusterRole("everything", [r(["*"], ["*"], ["*"])]);
  it("create rolebindings + bind a ClusterRole that allows everything: every permission in the namespace, then its ServiceAccounts", () => {
    const s = snap([...base, everything, role("shop", "binder", [r(["create"], [RBAC], ["rolebindings"]), r(["bind"], [RBAC], ["clusterroles"], ["everything"])]), roleBinding("shop", "b", "Role", "binder", [saSubject("dev", "shop")])]);
    const e = escalationOf(s, SA("shop", "dev"))!;
    expect(e.reachesClusterAdmin).toBe(false);
    const p = reached(e)[SA("shop", "web")];
    expect(p.path.map((h) => [h.technique, h.to])).toEqual([
      ["bind", "namespace-admin:shop"],
      ["create-pods", SA("shop", "web")],
    ]);
    expect(p.path[0].via.map((v) => v.rule)).toEqual([0, 1]);
    expect(Object.keys(reached(e)).some((k) => k.includes(":bank:"))).toBe(false);
  });
  it("create clusterrolebindings + bind a ClusterRole that allows everything: cluster-admin", () => {
    const s = snap([...base, everything, clusterRole("binder", [r(["create"], [RBAC], ["clusterrolebindings"]), r(["bind"], [RBAC], ["clusterroles"])]), clusterRoleBinding("b", "binder", [saSubject("dev", "shop")])]);
    const e = escalationOf(s, SA("shop", "dev"))!;
    expect(e.clusterAdmin!.path).toEqual([expect.objectContaining({ technique: "bind", to: CLUSTER_ADMIN })]);
  });
  it("create rolebindings + bind cluster-wide, with a ClusterRole that allows everything: every permission in each namespace, and on from there", () => {
    const s = snap([
      ...base,
      sa("ops", "root"),
      clusterRole("binder", [r(["create"], ["rbac.authorization.k8s.io"], ["rolebindings"]), r(["bind"], ["rbac.authorization.k8s.io"], ["clusterroles"])]),
      clusterRole("everything", [r(["*"], ["*"], ["*"])]),
      clusterRoleBinding("dev-binder", "binder", [saSubject("dev", "shop")]),
      clusterRoleBinding("root", "everything", [saSubject("root", "ops")]),
    ]);
    const e = escalationOf(s, SA("shop", "dev"))!;
    expect(reached(e)[SA("ops", "root")].path.map((h) => [h.technique, h.to])).toEqual([
      ["bind", "namespace-admin:ops"],
      ["create-pods", SA("ops", "root")],
    ]);
    expect(e.reachesClusterAdmin).toBe(true);
    expect(reachingClusterAdmin(s).find((p) => p.subject === SA("shop", "dev"))?.hops).toBe(3);
  });
  it("bind a narrower role: its rights, and what they lead to", () => {
    const s = snap([...base, role("shop", "tok", [r(["create"], [""], ["serviceaccounts/token"], ["web"])]), role("shop", "binder", [r(["create"], [RBAC], ["rolebindings"]), r(["bind"], [RBAC], ["roles"], ["tok"])]), roleBinding("shop", "b", "Role", "binder", [saSubject("dev", "shop")])]);
    const p = reached(escalationOf(s, SA("shop", "dev")))[SA("shop", "web")];
    expect(p.path.map((h) => [h.technique, h.to])).toEqual([
      ["bind", "role:Role/shop/tok"],
      ["token-request", SA("shop", "web")],
    ]);
  });
  it("create rolebindings without bind gains nothing (the API server only lets it grant what it already holds)", () => {
    const s = snap([...base, everything, role("shop", "binder", [r(["create", "update"], [RBAC], ["rolebindings"])]), roleBinding("shop", "b", "Role", "binder", [saSubject("dev", "shop")])]);
    const e = escalationOf(s, SA("shop", "dev"))!;
    expect(e.canBecome).toEqual([]);
    expect(e.clusterAdmin).toBeUndefined();
    expect(directHops(s, SA("shop", "dev"))).toEqual([]);
  });
  it("bind without create rolebindings gains nothing", () => {
    const s = snap([...base, everything, role("shop", "binder", [r(["bind"], [RBAC], ["clusterroles"])]), roleBinding("shop", "b", "Role", "binder", [saSubject("dev", "shop")])]);
    expect(escalationOf(s, SA("shop", "dev"))!.canBecome).toEqual([]);
  });
});

describe("escalate", () => {
  const RBAC = "rbac.authorization.k8s.io";
  it("escalate + update on the Role it is bound to: any rule in that namespace", () => {
    const s = snap([...base, role("shop", "self", [r(["escalate", "update"], [RBAC], ["roles"], ["self"])]), roleBinding("shop", "b", "Role", "self", [saSubject("dev", "shop")])]);
    const p = reached(escalationOf(s, SA("shop", "dev")))[SA("shop", "web")];
    expect(p.path.map((h) => [h.technique, h.to])).toEqual([
      ["escalate", "namespace-admin:shop"],
      ["create-pods", SA("shop", "web")],
    ]);
  });
  it("escalate + patch on a ClusterRole bound cluster-wide: cluster-admin", () => {
    const s = snap([...base, clusterRole("self", [r(["escalate", "patch"], [RBAC], ["clusterroles"], ["self"])]), clusterRoleBinding("b", "self", [saSubject("dev", "shop")])]);
    expect(escalationOf(s, SA("shop", "dev"))!.clusterAdmin!.path).toEqual([expect.objectContaining({ technique: "escalate", to: CLUSTER_ADMIN })]);
  });
  it("escalate without update, or on a role it is not bound to, gains nothing", () => {
    const noUpdate = snap([...base, role("shop", "self", [r(["escalate"], [RBAC], ["roles"])]), roleBinding("shop", "b", "Role", "self", [saSubject("dev", "shop")])]);
    expect(escalationOf(noUpdate, SA("shop", "dev"))!.canBecome).toEqual([]);
    const notBound = snap([...base, role("shop", "self", [r(["escalate", "update"], [RBAC], ["roles"], ["other"])]), role("shop", "other", []), roleBinding("shop", "b", "Role", "self", [saSubject("dev", "shop")])]);
    expect(escalationOf(notBound, SA("shop", "dev"))!.canBecome).toEqual([]);
  });
});

describe("read-secrets", () => {
  it("possible, not certain: the namespace's ServiceAccounts with certain false; not counted as reaching cluster-admin", () => {
    const s = snap([...base, clusterRole("everything", [r(["*"], ["*"], ["*"])]), clusterRoleBinding("v", "everything", [saSubject("vault", "bank")]), role("bank", "sec", [r(["list"], [""], ["secrets"])]), roleBinding("bank", "b", "Role", "sec", [saSubject("dev", "shop")])]);
    const e = escalationOf(s, SA("shop", "dev"))!;
    expect(reached(e)[SA("bank", "vault")]).toMatchObject({ certain: false, path: [expect.objectContaining({ technique: "read-secrets", certain: false })] });
    expect(e.reachesClusterAdmin).toBe(false);
    expect(e.clusterAdmin).toMatchObject({ certain: false, hops: 2 });
    const all = reachingClusterAdmin(s);
    expect(all.find((p) => p.subject === SA("shop", "dev"))).toMatchObject({ certain: false });
    expect(all.find((p) => p.subject === SA("bank", "vault"))).toMatchObject({ certain: true, hops: 1 });
  });
  it("a certain path is preferred over a shorter uncertain one", () => {
    const s = snap([
      ...base,
      clusterRole("everything", [r(["*"], ["*"], ["*"])]),
      clusterRoleBinding("v", "everything", [saSubject("vault", "bank")]),
      role("bank", "sec", [r(["get"], [""], ["secrets"])]),
      role("shop", "tok", [r(["create"], [""], ["serviceaccounts/token"], ["web"])]),
      role("bank", "tok", [r(["create"], [""], ["serviceaccounts/token"], ["vault"])]),
      roleBinding("bank", "b", "Role", "sec", [saSubject("dev", "shop")]),
      roleBinding("shop", "c", "Role", "tok", [saSubject("dev", "shop")]),
      roleBinding("bank", "d", "Role", "tok", [saSubject("web", "shop")]),
    ]);
    const e = escalationOf(s, SA("shop", "dev"))!;
    expect(e.reachesClusterAdmin).toBe(true);
    expect(e.clusterAdmin).toMatchObject({ certain: true, hops: 3 });
    expect(reached(e)[SA("bank", "vault")]).toMatchObject({ certain: true, hops: 2 });
  });
});

describe("cluster-admin-equivalent routes", () => {
  const one = (rules: ReturnType<typeof r>[], bindingKind: "crb" | "rb" = "crb") =>
    snap([...base, clusterRole("x", rules), bindingKind === "crb" ? clusterRoleBinding("b", "x", [saSubject("dev", "shop")]) : roleBinding("shop", "b", "ClusterRole", "x", [saSubject("dev", "shop")])]);
  const path = (s: ReturnType<typeof snap>) => escalationOf(s, SA("shop", "dev"))!.clusterAdmin?.path.map((h) => h.technique);
  it("nodes/proxy (get or create), cluster-wide only", () => {
    expect(path(one([r(["get"], [""], ["nodes/proxy"])]))).toEqual(["nodes-proxy"]);
    expect(path(one([r(["create"], [""], ["nodes/proxy"])]))).toEqual(["nodes-proxy"]);
    expect(path(one([r(["get"], [""], ["nodes/proxy"])], "rb"))).toBeUndefined();
  });
  it("approving a client CSR: create + approval + approve on the client signer, all three needed", () => {
    const csr = r(["create"], ["certificates.k8s.io"], ["certificatesigningrequests"]);
    const approval = r(["update"], ["certificates.k8s.io"], ["certificatesigningrequests/approval"]);
    const signer = (name: string) => r(["approve"], ["certificates.k8s.io"], ["signers"], [name]);
    const s = one([csr, approval, signer("kubernetes.io/kube-apiserver-client")]);
    const e = escalationOf(s, SA("shop", "dev"))!;
    expect(e.clusterAdmin!.path).toEqual([expect.objectContaining({ technique: "approve-csr", to: CLUSTER_ADMIN })]);
    expect(e.clusterAdmin!.path[0].via.map((v) => v.rule)).toEqual([0, 1, 2]);
    expect(path(one([csr, approval, signer("kubernetes.io/*")]))).toEqual(["approve-csr"]);
    expect(path(one([csr, approval, signer("kubernetes.io/kubelet-serving")]))).toBeUndefined();
    expect(path(one([csr, approval]))).toBeUndefined();
  });
  it("writing webhook configurations", () => {
    expect(path(one([r(["create"], ["admissionregistration.k8s.io"], ["mutatingwebhookconfigurations"])]))).toEqual(["webhooks"]);
    expect(path(one([r(["patch"], ["admissionregistration.k8s.io"], ["validatingwebhookconfigurations"])]))).toEqual(["webhooks"]);
  });
  it("all permissions cluster-wide; on a RoleBinding only the namespace's", () => {
    expect(path(one([r(["*"], ["*"], ["*"])]))).toEqual(["all-permissions"]);
    const rb = one([r(["*"], ["*"], ["*"])], "rb");
    expect(path(rb)).toBeUndefined();
    expect(Object.keys(reached(escalationOf(rb, SA("shop", "dev")))).sort()).toEqual([SA("shop", "default"), SA("shop", "web")]);
  });
  it("cluster-admin can become anyone", () => {
    const e = escalationOf(one([r(["*"], ["*"], ["*"])]), SA("shop", "dev"))!;
    expect(reached(e)[SA("bank", "vault")].hops).toBe(1); // a ClusterRoleBinding to everything also creates pods everywhere
  });
});

describe("the engine agrees with the authorizer (random worlds)", () => {
  // Small random worlds: for every ServiceAccount X and every ServiceAccount T, X has a direct
  // hop of a technique to T exactly when isAllowed says X may make the request that hop needs.
  const RBAC = "rbac.authorization.k8s.io";
  const menu = [
    r(["create"], [""], ["pods"]),
    r(["create", "get"], [""], ["serviceaccounts/token"]),
    r(["create"], [""], ["serviceaccounts/token"], ["a"]),
    r(["impersonate"], [""], ["serviceaccounts"]),
    r(["impersonate"], [""], ["serviceaccounts"], ["b"]),
    r(["create"], [""], ["pods/exec"]),
    r(["create"], [""], ["pods/exec"], ["p-a"]),
    r(["get"], [""], ["pods"]),
    r(["create"], [""], ["pods"], ["x"]),
    r(["*"], [""], ["pods", "pods/exec"]),
    r(["create"], ["*"], ["*"]),
    r(["create"], [RBAC], ["rolebindings"]),
  ];
  const namespaces = ["n1", "n2", "n3"];
  const names = ["a", "b", "c"];
  const { int, rand } = seededRandom(7);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)];
  const req = (verb: string, resource: string, name: string, namespace: string) => ({ kind: "resource" as const, verb, apiGroup: "", ...splitResource(resource), name, namespace });
  for (let world = 0; world < 20; world++) {
    it(`world ${world}`, () => {
      const objects: KubeObject[] = [];
      for (const ns of namespaces) for (const n of names) objects.push(sa(ns, n, rand() < 0.2 ? false : undefined), pod(ns, `p-${n}`, n, rand() < 0.2 ? false : undefined));
      for (let i = 0; i < 4; i++) objects.push(clusterRole(`cr${i}`, [pick(menu), pick(menu)]));
      for (const ns of namespaces) objects.push(role(ns, "r", [pick(menu)]));
      const subject = () => (rand() < 0.8 ? saSubject(pick(names), pick(namespaces)) : group(rand() < 0.5 ? "system:serviceaccounts" : `system:serviceaccounts:${pick(namespaces)}`));
      for (let i = 0; i < 6; i++) {
        const ns = pick(namespaces);
        objects.push(rand() < 0.3 ? clusterRoleBinding(`crb${i}`, `cr${int(4)}`, [subject()]) : roleBinding(ns, `rb${i}`, rand() < 0.5 ? "Role" : "ClusterRole", rand() < 0.5 ? "r" : `cr${int(4)}`, [subject(), subject()]));
      }
      const s = snap(objects);
      for (const xns of namespaces)
        for (const xn of names) {
          const id = serviceAccountIdentity(xns, xn);
          const hops = directHops(s, SA(xns, xn));
          const has = (technique: string, to: string) => hops.some((h) => h.technique === technique && h.to === to);
          for (const ns of namespaces)
            for (const n of names) {
              const to = SA(ns, n);
              if (to === SA(xns, xn)) continue;
              const where = `${SA(xns, xn)} → ${to}`;
              expect(has("create-pods", to), `create-pods ${where}`).toBe(isAllowed(s, id, req("create", "pods", "", ns)));
              expect(has("token-request", to), `token-request ${where}`).toBe(isAllowed(s, id, req("create", "serviceaccounts/token", n, ns)));
              expect(has("impersonate", to), `impersonate ${where}`).toBe(isAllowed(s, id, req("impersonate", "serviceaccounts", n, ns)));
              const p = s.objects.Pod.get(`Pod/${ns}/p-${n}`) as Pod;
              const mounts = p.spec.automountServiceAccountToken ?? (s.objects.ServiceAccount.get(`ServiceAccount/${ns}/${n}`) as ReturnType<typeof sa>).automountServiceAccountToken ?? true;
              expect(has("exec", to), `exec ${where}`).toBe(mounts && isAllowed(s, id, req("create", "pods/exec", `p-${n}`, ns)));
            }
        }
    });
  }
});

describe("following the store", () => {
  const withPods = (s: ReturnType<typeof snap>, version: number, pods: Pod[]) => ({ ...s, version, objects: { ...s.objects, Pod: new Map(pods.map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p as KubeObject])) } });
  const s1 = snap([...base, pod("shop", "web-1", "web"), role("shop", "exec", [r(["create"], [""], ["pods/exec"])]), roleBinding("shop", "dev-exec", "Role", "exec", [saSubject("dev", "shop")])]);

  it("keeps the graph while pods change but not who runs as which ServiceAccount (a status change, a pod replaced by its twin)", () => {
    const g1 = escalationGraph(s1);
    const statusChanged = withPods(s1, 2, [{ ...pod("shop", "web-1", "web"), status: { phase: "Pending" } }]);
    expect(escalationGraph(statusChanged)).toBe(g1);
    expect(reached(escalationOf(statusChanged, SA("shop", "dev")))[SA("shop", "web")]).toBeDefined();
  });

  it("a ServiceAccount only a pod runs as (deleted, or not readable) is answered: its token is in the pod", () => {
    const s = snap([...base, pod("shop", "ghost-1", "ghost"), role("shop", "exec", [r(["create"], [""], ["pods/exec"])]), roleBinding("shop", "dev-exec", "Role", "exec", [saSubject("dev", "shop")]), clusterRole("admin", [r(["*"], ["*"], ["*"])]), clusterRoleBinding("shop-sas", "admin", [group("system:serviceaccounts:shop")])]);
    expect(reached(escalationOf(s, SA("shop", "dev")))[SA("shop", "ghost")]).toBeDefined();
    expect(escalationOf(s, SA("shop", "ghost"))!.reachesClusterAdmin).toBe(true);
    // one no pod runs as and no binding names: nothing
    expect(escalationOf(s, SA("shop", "nobody"))!.canBecome).toEqual([]);
  });

  it("exec into a namespace's pods: of equally short paths, the one through the first ServiceAccount by name, whatever order the pods came in", () => {
    const rest = [role("shop", "exec", [r(["create"], [""], ["pods/exec"])]), roleBinding("shop", "dev-exec", "Role", "exec", [saSubject("dev", "shop")]), clusterRole("admin", [r(["*"], ["*"], ["*"])]), clusterRoleBinding("both", "admin", [saSubject("web", "shop"), saSubject("default", "shop")])];
    const path = (pods: Pod[]) => escalationOf(snap([...base, ...pods, ...rest]), SA("shop", "dev"))!.clusterAdmin!.path.map((h) => h.to);
    expect(path([pod("shop", "web-1", "web"), pod("shop", "d-1", "default")])).toEqual([SA("shop", "default"), CLUSTER_ADMIN]);
    expect(path([pod("shop", "d-1", "default"), pod("shop", "web-1", "web")])).toEqual([SA("shop", "default"), CLUSTER_ADMIN]);
  });

  it("builds it again when a pod runs as another ServiceAccount, and answers from the new one", () => {
    const g1 = escalationGraph(s1);
    const asDefault = withPods(s1, 3, [pod("shop", "web-1", "default")]);
    expect(escalationGraph(asDefault)).not.toBe(g1);
    expect(Object.keys(reached(escalationOf(asDefault, SA("shop", "dev"))))).toEqual([SA("shop", "default")]);
  });
});

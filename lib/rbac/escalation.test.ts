// Escalation paths: one case per technique, the negatives the API server's own checks decide,
// and the closure (cycles, shortest path).
import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { KubeObject, Pod } from "@/lib/store/types";
import { isAllowed } from "./authorize";
import { CLUSTER_ADMIN, directHops, escalationOf, reachingClusterAdmin, type Escalation } from "./escalation";
import { clusterRole, clusterRoleBinding, group, r, role, roleBinding, sa, saSubject, user } from "./fixtures.test-helpers";
import { serviceAccountIdentity } from "./subjects";

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

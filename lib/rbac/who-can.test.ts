import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { clusterRole, clusterRoleBinding, group, r, role, roleBinding, sa, saSubject, user } from "./fixtures.test-helpers";
import type { RequestAttributes } from "./rules";
import { whoCan } from "./who-can";

// A cluster holding exactly these objects (live: no bootstrap policy assumed, as offline).
const LIVE = { source: { mode: "cluster" as const, label: "test" } };
const snap = snapshotFromObjects([
  sa("go-todo", "go-todo-sa"),
  sa("go-todo", "other"),
  role("go-todo", "pod-reader", [r(["get", "list", "watch"], ["", "batch"], ["pods", "jobs"])]),
  roleBinding("go-todo", "read-pods", "Role", "pod-reader", [saSubject("go-todo-sa", "go-todo")]),
  clusterRole("job-getter", [r(["get"], ["batch"], ["jobs"])]),
  roleBinding("go-todo", "ns-sas", "ClusterRole", "job-getter", [group("system:serviceaccounts:go-todo"), user("alice"), saSubject("defaulted")]),
  roleBinding("elsewhere", "other-ns", "ClusterRole", "job-getter", [saSubject("x", "elsewhere")]),
  clusterRoleBinding("crb", "job-getter", [group("ops"), saSubject("no-ns")]),
  clusterRoleBinding("orphan", "missing", [group("ops2")]),
], LIVE);
const jobs = (ns: string, verb = "get"): RequestAttributes => ({ kind: "resource", verb, apiGroup: "batch", resource: "jobs", subresource: "", name: "", namespace: ns });

describe("whoCan", () => {
  const got = whoCan(snap, jobs("go-todo"));
  const names = got.subjects.map((s) => `${s.kind}:${s.namespace ?? ""}:${s.name}`);
  it("lists every subject kind allowed, SAs first", () => {
    expect(names).toEqual(["ServiceAccount:go-todo:defaulted", "ServiceAccount:go-todo:go-todo-sa", "User::alice", "Group::ops", "Group::system:serviceaccounts:go-todo"]);
  });
  it("does not list RoleBindings of other namespaces, CRB SA subjects without namespace, or orphan bindings", () => {
    expect(names.some((n) => n.includes("elsewhere") || n.includes("no-ns") || n.includes("ops2"))).toBe(false);
  });
  it("keeps reasons per subject", () => {
    const s = got.subjects.find((x) => x.name === "go-todo-sa")!;
    expect(s.reasons).toEqual([{ binding: { kind: "RoleBinding", namespace: "go-todo", name: "read-pods" }, role: { kind: "Role", namespace: "go-todo", name: "pod-reader" }, rule: 0, subject: { kind: "ServiceAccount", name: "go-todo-sa", namespace: "go-todo" } }]);
  });
  it("expands the namespace's SA group to its known SAs", () => {
    expect(got.groupMembers).toEqual([{ group: "system:serviceaccounts:go-todo", serviceAccounts: [{ namespace: "go-todo", name: "go-todo-sa" }, { namespace: "go-todo", name: "other" }], total: 2, open: false }]);
  });
  it("scope cluster uses only ClusterRoleBindings", () => {
    const got = whoCan(snap, jobs(""), { scope: "cluster" });
    expect(got.scope).toBe("cluster");
    expect(got.subjects.map((s) => s.name)).toEqual(["ops"]);
  });
  it("verbs not granted give nobody", () => {
    expect(whoCan(snap, jobs("go-todo", "delete")).subjects).toEqual([]);
  });
});

describe("whoCan without a namespace: every namespace", () => {
  const got = whoCan(snap, jobs(""));
  const where = Object.fromEntries(got.subjects.map((s) => [`${s.kind}:${s.namespace ?? ""}:${s.name}`, { clusterWide: s.clusterWide, namespaces: s.namespaces }]));
  it("lists subjects allowed by RoleBindings with their namespaces, and ClusterRoleBinding subjects as cluster-wide", () => {
    expect(got.scope).toBe("all-namespaces");
    expect(where).toEqual({
      "ServiceAccount:elsewhere:x": { clusterWide: false, namespaces: ["elsewhere"] },
      "ServiceAccount:go-todo:defaulted": { clusterWide: false, namespaces: ["go-todo"] },
      "ServiceAccount:go-todo:go-todo-sa": { clusterWide: false, namespaces: ["go-todo"] },
      "User::alice": { clusterWide: false, namespaces: ["go-todo"] },
      "Group::ops": { clusterWide: true, namespaces: [] },
      "Group::system:serviceaccounts:go-todo": { clusterWide: false, namespaces: ["go-todo"] },
    });
  });
  it("agrees with the one-namespace answer in every namespace", () => {
    for (const ns of ["go-todo", "elsewhere", "nowhere"]) {
      const inNs = whoCan(snap, jobs(ns)).subjects.map((s) => `${s.kind}:${s.namespace ?? ""}:${s.name}`).sort();
      const fromAll = got.subjects.filter((s) => s.clusterWide || s.namespaces!.includes(ns)).map((s) => `${s.kind}:${s.namespace ?? ""}:${s.name}`).sort();
      expect(fromAll, ns).toEqual(inNs);
    }
  });
  it("keeps the reasons of every namespace, ClusterRoleBindings first", () => {
    const both = whoCan(
      snapshotFromObjects([
        clusterRole("job-getter", [r(["get"], ["batch"], ["jobs"])]),
        roleBinding("b", "rb", "ClusterRole", "job-getter", [user("u")]),
        roleBinding("a", "rb", "ClusterRole", "job-getter", [user("u")]),
        clusterRoleBinding("crb", "job-getter", [user("u")]),
      ], LIVE),
      jobs(""),
    ).subjects;
    expect(both).toHaveLength(1);
    expect(both[0].clusterWide).toBe(true);
    expect(both[0].namespaces).toEqual(["a", "b"]);
    expect(both[0].reasons.map((x) => `${x.binding.kind}/${x.binding.namespace ?? ""}/${x.binding.name}`)).toEqual(["ClusterRoleBinding//crb", "RoleBinding/a/rb", "RoleBinding/b/rb"]);
  });
  it("a cluster-scoped resource is decided by ClusterRoleBindings alone, with a note", () => {
    const s = snapshotFromObjects([
      clusterRole("node-reader", [r(["get"], [""], ["nodes"])]),
      roleBinding("a", "rb", "ClusterRole", "node-reader", [user("ns-only")]),
      clusterRoleBinding("crb", "node-reader", [user("everywhere")]),
    ], LIVE);
    const got = whoCan(s, { kind: "resource", verb: "get", apiGroup: "", resource: "nodes", subresource: "", name: "", namespace: "" });
    expect(got.subjects.map((x) => x.name)).toEqual(["everywhere"]);
    expect(got.note).toMatch(/cluster-scoped/);
  });
  it("non-resource requests are cluster scope", () => {
    expect(whoCan(snap, { kind: "nonResource", verb: "get", path: "/healthz" }).scope).toBe("cluster");
  });
});

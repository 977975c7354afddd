import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { clusterRole, clusterRoleBinding, group, r, role, roleBinding, sa, saSubject, user } from "./fixtures.test-helpers";
import type { RequestAttributes } from "./rules";
import { whoCan } from "./who-can";

// A cluster holding exactly these objects (live: no bootstrap policy assumed, as offline).
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
], { source: { mode: "cluster", label: "test" } });
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
  it("cluster scope uses only ClusterRoleBindings", () => {
    expect(whoCan(snap, jobs("")).subjects.map((s) => s.name)).toEqual(["ops"]);
  });
  it("verbs not granted give nobody", () => {
    expect(whoCan(snap, jobs("go-todo", "delete")).subjects).toEqual([]);
  });
});

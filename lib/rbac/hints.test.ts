import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { clusterRole, clusterRoleBinding, r, roleBinding, sa, saSubject, user } from "./fixtures.test-helpers";
import { identityNotes, requestNotes } from "./hints";
import { normaliseAs } from "./questions";
import type { RequestAttributes } from "./rules";
import { identityFor } from "./subjects";
import { canIAnswer, whoCanAnswer } from "./views";

const snap = snapshotFromObjects([
  sa("go-todo", "go-todo-sa"),
  sa("shop", "go-todo-sa"),
  clusterRole("all", [r(["*"], ["*"], ["*"])]),
  clusterRoleBinding("admins", "all", [user("alice")]),
  roleBinding("go-todo", "rb", "ClusterRole", "all", [saSubject("go-todo-sa")]),
]);
const res = (verb: string, resource: string, apiGroup = "", namespace = "go-todo"): RequestAttributes => ({ kind: "resource", verb, apiGroup, resource, subresource: "", name: "", namespace });
const codes = (ns: { code: string }[]) => ns.map((n) => n.code);

describe("requestNotes", () => {
  it("served verbs and resources (and RBAC's special verbs) get no note", () => {
    for (const [v, rs, g] of [["get", "secrets", ""], ["list", "jobs", "batch"], ["impersonate", "serviceaccounts", ""], ["use", "podsecuritypolicies", "policy"], ["escalate", "clusterroles", "rbac.authorization.k8s.io"], ["*", "*", "*"]]) {
      expect(requestNotes(snap, res(v, rs, g)).filter((n) => n.code === "unknown-verb"), v).toEqual([]);
    }
    expect(requestNotes(snap, res("get", "secrets"))).toEqual([]);
    expect(requestNotes(snap, res("create", "deployments", "apps"))).toEqual([]);
  });
  it("an unknown verb and resource type are warned about, with what was probably meant", () => {
    const notes = requestNotes(snap, res("gett", "secretz"));
    expect(codes(notes)).toEqual(["unknown-verb", "unknown-resource"]);
    expect(notes[0].suggestions).toContain("get");
    expect(notes[1].message).toContain(`the server doesn't have a resource type "secretz"`);
    expect(notes[1].suggestions).toContain("secrets");
  });
  it("a served resource in the wrong group names the group that serves it", () => {
    const [n] = requestNotes(snap, res("get", "jobs"));
    expect(n.code).toBe("unknown-resource");
    expect(n.suggestions).toEqual(["jobs.batch"]);
  });
  it("non-resource verbs are HTTP methods", () => {
    expect(requestNotes(snap, { kind: "nonResource", verb: "post", path: "/x" })).toEqual([]);
    expect(codes(requestNotes(snap, { kind: "nonResource", verb: "GET", path: "/healthz" }))).toEqual(["unknown-verb"]);
  });
  it("the decision is still the authorizer's: a * rule allows gett secretz, with the warning", () => {
    const a = canIAnswer(snap, { identity: identityFor("alice"), request: res("gett", "secretz") });
    expect(a.allowed).toBe(true);
    expect(codes(a.notes)).toEqual(["unknown-verb", "unknown-resource"]);
    const w = whoCanAnswer(snap, { request: res("gett", "secretz") });
    expect(w.subjects.map((s) => s.name)).toContain("alice");
    expect(codes(w.notes)).toEqual(["unknown-verb", "unknown-resource"]);
  });
});

describe("identityNotes", () => {
  it("a bare name no binding names suggests the ServiceAccounts of that name", () => {
    const [n] = identityNotes(snap, identityFor("go-todo-sa"));
    expect(n.code).toBe("unknown-user");
    expect(n.message).toBe(`no binding names the user "go-todo-sa"; did you mean system:serviceaccount:go-todo:go-todo-sa or system:serviceaccount:shop:go-todo-sa?`);
    expect(n.suggestions).toEqual(["system:serviceaccount:go-todo:go-todo-sa", "system:serviceaccount:shop:go-todo-sa"]);
  });
  it("a user a binding names, and an existing SA, get no note", () => {
    expect(identityNotes(snap, identityFor("alice"))).toEqual([]);
    expect(identityNotes(snap, identityFor("system:serviceaccount:go-todo:go-todo-sa"))).toEqual([]);
  });
  it("an SA user name with no SA object says so", () => {
    expect(codes(identityNotes(snap, identityFor("system:serviceaccount:go-todo:nope")))).toEqual(["unknown-serviceaccount"]);
  });
  it("ns:name is answered as the ServiceAccount, and the answer says how it was read", () => {
    // as lib/api/schemas reads ?as=go-todo:go-todo-sa&verb=delete&resource=pods&namespace=go-todo
    const a = canIAnswer(snap, {
      identity: identityFor(normaliseAs("go-todo:go-todo-sa")),
      request: { kind: "resource", verb: "delete", apiGroup: "", resource: "pods", subresource: "", name: "", namespace: "go-todo" },
      asWritten: "go-todo:go-todo-sa",
    });
    expect(a.identity.user).toBe("system:serviceaccount:go-todo:go-todo-sa");
    expect(a.allowed).toBe(true);
    expect(a.notes).toEqual([{ level: "info", code: "as-read-as-serviceaccount", message: `"go-todo:go-todo-sa" read as the ServiceAccount user system:serviceaccount:go-todo:go-todo-sa` }]);
  });
});

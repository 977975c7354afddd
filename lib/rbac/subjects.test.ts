import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { Binding, KubeObject, Role, Subject } from "@/lib/store/types";
import { bindingsForIdentity, identityFor, parseServiceAccountUser, serviceAccountIdentity } from "./subjects";

const rb = (ns: string, name: string, roleKind: string, role: string, subjects: Subject[]): Binding => ({
  kind: "RoleBinding",
  metadata: { name, namespace: ns },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: role },
  subjects,
});
const crb = (name: string, role: string, subjects: Subject[]): Binding => ({
  kind: "ClusterRoleBinding",
  metadata: { name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
  subjects,
});
const role = (ns: string, name: string): Role => ({ kind: "Role", metadata: { name, namespace: ns }, rules: [] });
const crole = (name: string): Role => ({ kind: "ClusterRole", metadata: { name }, rules: [] });

describe("serviceAccountIdentity", () => {
  it("has the user name and the three implied groups", () => {
    expect(serviceAccountIdentity("ns1", "app")).toEqual({
      user: "system:serviceaccount:ns1:app",
      groups: ["system:serviceaccounts", "system:serviceaccounts:ns1", "system:authenticated"],
    });
  });
  it.each([
    ["system:serviceaccount:a:b", { namespace: "a", name: "b" }],
    ["system:serviceaccount:a:", undefined],
    ["system:serviceaccount::b", undefined],
    ["system:serviceaccount:a:b:c", undefined],
    ["alice", undefined],
  ])("parseServiceAccountUser(%s)", (u, want) => expect(parseServiceAccountUser(u)).toEqual(want));
  it("identityFor implies SA groups only for SA users", () => {
    expect(identityFor("alice", ["devs"]).groups).toEqual(["devs"]);
    expect(identityFor("system:serviceaccount:x:y", ["devs"]).groups).toContain("system:serviceaccounts:x");
  });
});

describe("bindingsForIdentity", () => {
  const objects: KubeObject[] = [
    role("ns1", "r1"),
    role("other", "r1"),
    crole("view"),
    rb("ns1", "direct", "Role", "r1", [{ kind: "ServiceAccount", name: "app", namespace: "ns1" }]),
    rb("ns1", "no-ns", "Role", "r1", [{ kind: "ServiceAccount", name: "app" }]), // defaults to ns1
    rb("other", "no-ns-other", "Role", "r1", [{ kind: "ServiceAccount", name: "app" }]), // means other:app
    rb("other", "cross-ns", "ClusterRole", "view", [{ kind: "ServiceAccount", name: "app", namespace: "ns1" }]),
    crb("crb-no-ns", "view", [{ kind: "ServiceAccount", name: "app" }]), // matches no one
    crb("by-user", "view", [{ kind: "User", name: "system:serviceaccount:ns1:app" }]),
    // group first, SA later: the SA match is preferred; rbac-police stopped at the first group
    crb("group-then-sa", "view", [
      { kind: "Group", name: "devs" },
      { kind: "Group", name: "system:serviceaccounts:ns1" },
      { kind: "ServiceAccount", name: "app", namespace: "ns1" },
    ]),
    crb("all-sas", "view", [{ kind: "Group", name: "system:serviceaccounts" }]),
    crb("authenticated", "missing-role", [{ kind: "Group", name: "system:authenticated" }]),
    rb("ns1", "other-sa", "Role", "r1", [{ kind: "ServiceAccount", name: "app2", namespace: "ns1" }]),
    rb("ns1", "ns-group-late", "Role", "r1", [
      { kind: "User", name: "bob" },
      { kind: "Group", name: "system:serviceaccounts:ns1" },
    ]),
    rb("ns2", "unknown-kind", "Role", "r1", [{ kind: "Robot", name: "app" }]),
  ];
  const snap = snapshotFromObjects(objects);
  const got = bindingsForIdentity(snap, serviceAccountIdentity("ns1", "app"));
  const byName = new Map(got.map((m) => [m.binding.metadata.name, m]));

  it.each([
    ["direct", { type: "ServiceAccount" }, 0],
    ["no-ns", { type: "ServiceAccount" }, 0],
    ["cross-ns", { type: "ServiceAccount" }, 0],
    ["by-user", { type: "User" }, 0],
    ["group-then-sa", { type: "ServiceAccount" }, 2],
    ["all-sas", { type: "Group", group: "system:serviceaccounts" }, 0],
    ["authenticated", { type: "Group", group: "system:authenticated" }, 0],
    ["ns-group-late", { type: "Group", group: "system:serviceaccounts:ns1" }, 1],
  ])("%s applies via %o (subject %i)", (name, matchedBy, subjectIndex) => {
    const m = byName.get(name);
    expect(m, name).toBeDefined();
    expect(m!.matchedBy).toEqual(matchedBy);
    expect(m!.subjectIndex).toBe(subjectIndex);
  });
  it.each(["no-ns-other", "crb-no-ns", "other-sa", "unknown-kind"])("%s does not apply", (name) => {
    expect(byName.has(name)).toBe(false);
  });
  it("resolves Role in the binding's namespace and marks orphans", () => {
    expect(byName.get("direct")!.role?.metadata.namespace).toBe("ns1");
    expect(byName.get("cross-ns")!.role?.metadata.name).toBe("view");
    expect(byName.get("authenticated")!.role).toBeUndefined();
  });
  it("lists ClusterRoleBindings first, one entry per binding", () => {
    expect(got.length).toBe(byName.size);
    const kinds = got.map((m) => m.binding.kind);
    expect(kinds.indexOf("RoleBinding")).toBeGreaterThan(kinds.lastIndexOf("ClusterRoleBinding"));
  });
});

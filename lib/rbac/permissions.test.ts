import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { clusterRole, clusterRoleBinding, group, r, role, roleBinding, sa, saSubject } from "./fixtures.test-helpers";
import { permissionNamespaces, permissionView, permissionViewCsv, type PermissionView } from "./permissions";
import { bindingsForIdentity, serviceAccountIdentity } from "./subjects";

const snap = snapshotFromObjects([
  sa("go-todo", "go-todo-sa"),
  role("go-todo", "pod-reader", [r(["get", "list", "watch"], ["", "batch"], ["pods", "jobs"])]),
  roleBinding("go-todo", "read-pods", "Role", "pod-reader", [saSubject("go-todo-sa", "go-todo")]),
  role("go-todo", "odd", [r(["get"], [""], ["nodes", "configmaps"], ["cfg"]), r(["*"], ["apps"], ["*/scale"])]),
  roleBinding("go-todo", "odd", "Role", "odd", [group("system:serviceaccounts")]),
  clusterRole("viewer", [r(["get"], [""], ["namespaces", "services"]), { verbs: ["get"], nonResourceURLs: ["/healthz/*"] }]),
  clusterRoleBinding("viewer", "viewer", [group("system:serviceaccounts:go-todo")]),
  clusterRole("ns-admin", [r(["*"], ["*"], ["*"])]),
  roleBinding("team", "admin", "ClusterRole", "ns-admin", [saSubject("go-todo-sa", "go-todo")]),
  roleBinding("go-todo", "missing", "Role", "nope", [saSubject("go-todo-sa", "go-todo")]),
]);
const id = serviceAccountIdentity("go-todo", "go-todo-sa");
const cell = (v: PermissionView, group: string, res: string, verb: string) => v.rows.find((x) => x.apiGroup === group && x.resource === res)?.cells.find((c) => c.verb === verb);

describe("permissionView in go-todo", () => {
  const v = permissionView(snap, id, "go-todo");
  it.each([
    ["", "pods", "get", "all"],
    ["", "pods", "watch", "all"],
    ["batch", "jobs", "list", "all"],
    ["", "configmaps", "get", "named"],
    ["apps", "deployments/scale", "update", "all"],
    ["", "services", "get", "all"], // CRB applies in every namespace
  ])("%s/%s %s → %s", (g, res, verb, access) => expect(cell(v, g, res, verb)?.access).toBe(access));
  it.each([
    ["", "secrets", "get"],
    ["", "pods", "delete"],
    ["", "configmaps", "list"],
    ["", "pods/log", "get"],
    ["batch", "pods", "get"], // apiGroups × resources pairs the cluster does not serve are left out
    ["", "jobs", "get"],
  ])("%s/%s %s → ×", (g, res, verb) => expect(cell(v, g, res, verb)).toBeUndefined());
  it("keeps provenance: binding → role → rule and the subject that matched", () => {
    expect(cell(v, "", "pods", "get")!.grants.map((i) => v.rules[i])).toEqual([
      {
        binding: { kind: "RoleBinding", namespace: "go-todo", name: "read-pods" },
        role: { kind: "Role", namespace: "go-todo", name: "pod-reader" },
        rule: 0,
        subject: { kind: "ServiceAccount", name: "go-todo-sa", namespace: "go-todo" },
        matchedBy: { type: "ServiceAccount" },
        policyRule: { verbs: ["get", "list", "watch"], apiGroups: ["", "batch"], resources: ["pods", "jobs"] },
      },
    ]);
    const scale = cell(v, "apps", "deployments/scale", "update")!;
    expect(scale.wildcard).toBe(true);
    expect(v.rules[scale.grants[0]]).toMatchObject({ matchedBy: { type: "Group", group: "system:serviceaccounts" }, viaGroup: "system:serviceaccounts", rule: 1 });
    expect(cell(v, "", "pods", "get")!.wildcard).toBe(false);
    expect(cell(v, "", "configmaps", "get")!.names).toEqual(["cfg"]);
  });
  it("marks cluster-scoped resources through a RoleBinding as ineffective", () => {
    const nodes = v.rows.find((x) => x.resource === "nodes")!;
    expect(nodes.ineffective).toBe(true);
    expect(v.rows.find((x) => x.resource === "pods")!.ineffective).toBe(false);
    expect(v.rules.find((x) => x.binding.name === "odd" && x.rule === 0)!.ineffective).toBeUndefined(); // configmaps in it are effective
    expect(v.rows.some((x) => x.resource === "namespaces")).toBe(false); // cluster-scoped via CRB: cluster-wide view only
  });
  it("keeps orphan bindings and the raw rules", () => {
    expect(v.orphans.map((o) => o.binding.name)).toEqual(["missing"]);
    expect(v.rules.find((x) => x.binding.name === "odd" && x.rule === 1)!.policyRule.resources).toEqual(["*/scale"]);
  });
  it("exports CSV", () => {
    expect(permissionViewCsv(v).split("\n")[0]).toBe("scope,apiGroup,resource,verb,access,names,ineffective,risk,via");
  });
});

describe("permissionView elsewhere", () => {
  it("RoleBinding→ClusterRole * expands over the namespaced resources of that namespace only", () => {
    const team = permissionView(snap, id, "team");
    expect(cell(team, "", "secrets", "get")?.risk).toBe("secrets-read");
    expect(cell(team, "", "pods/exec", "create")?.access).toBe("all");
    expect(cell(team, "", "pods", "*")?.access).toBe("all");
    expect(team.rows.some((x) => x.resource === "nodes")).toBe(false);
    const other = permissionView(snap, id, "other");
    expect(cell(other, "", "secrets", "get")).toBeUndefined(); // not collapsed into cluster-wide (k9s)
  });
  it("cluster-wide view: ClusterRoleBindings only, with non-resource URLs", () => {
    const cw = permissionView(snap, id, null);
    // with what the bootstrap policy grants every SA (system:basic-user, system:discovery, …)
    expect(cw.rows.map((x) => x.resource).sort()).toEqual(["clustertrustbundles", "namespaces", "selfsubjectaccessreviews", "selfsubjectreviews", "selfsubjectrulesreviews", "services"]);
    expect(cw.nonResource.find((u) => u.url === "/healthz/*")).toEqual({ url: "/healthz/*", cells: [expect.objectContaining({ verb: "get", access: "all" })] });
    expect(cw.nonResource.map((u) => u.url)).toEqual(expect.arrayContaining(["/healthz", "/version", "/api", "/.well-known/openid-configuration"]));
  });
  it("lists the namespaces with RoleBindings", () => {
    expect(permissionNamespaces(bindingsForIdentity(snap, id), ["go-todo"])).toEqual(["go-todo", "team"]);
  });
});

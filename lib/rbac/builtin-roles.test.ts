// Offline (manifests), bindings to the built-in admin, edit and view roles grant what a
// cluster's bootstrap policy grants, and aggregation into them works as in a cluster.
import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { Binding, KubeObject } from "@/lib/store/types";
import { isAllowed } from "./authorize";
import { clusterRole, r, roleBinding, saSubject } from "./fixtures.test-helpers";
import { rbacIndex, resolveRole } from "./indexes";
import { splitResource, type RequestAttributes } from "./rules";
import { serviceAccountIdentity } from "./subjects";

const res = (verb: string, apiGroup: string, resource: string, namespace: string): RequestAttributes => ({ kind: "resource", verb, apiGroup, ...splitResource(resource), name: "", namespace });
const world: KubeObject[] = [
  roleBinding("a", "viewer", "ClusterRole", "view", [saSubject("viewer", "a")]),
  roleBinding("a", "editor", "ClusterRole", "edit", [saSubject("editor", "a")]),
  roleBinding("a", "owner", "ClusterRole", "admin", [saSubject("owner", "a")]),
  // a CRD's roles, labelled as its chart would: view gets read, edit gets write
  clusterRole("widgets-view", [r(["get", "list", "watch"], ["example.com"], ["widgets"])], { "rbac.authorization.k8s.io/aggregate-to-view": "true" }),
  clusterRole("widgets-edit", [r(["create", "delete"], ["example.com"], ["widgets"])], { "rbac.authorization.k8s.io/aggregate-to-edit": "true" }),
];
const snap = snapshotFromObjects(world);
const can = (sa: string, req: RequestAttributes) => isAllowed(snap, serviceAccountIdentity("a", sa), req);

describe("built-in admin, edit and view offline", () => {
  it("bindings to them are not orphans", () => {
    const idx = rbacIndex(snap);
    for (const o of snap.objects.RoleBinding.values()) {
      const b = o as Binding;
      expect(resolveRole(idx, b)?.metadata.name).toBe(b.roleRef?.name);
    }
  });
  it.each([
    ["viewer", res("list", "", "pods", "a"), true],
    ["viewer", res("get", "", "secrets", "a"), false],
    ["viewer", res("create", "apps", "deployments", "a"), false],
    ["editor", res("create", "apps", "deployments", "a"), true],
    ["editor", res("get", "", "secrets", "a"), true],
    ["editor", res("create", "rbac.authorization.k8s.io", "rolebindings", "a"), false],
    ["owner", res("create", "rbac.authorization.k8s.io", "rolebindings", "a"), true],
    ["owner", res("create", "apps", "deployments", "b"), false], // a RoleBinding grants in its namespace only
    // aggregation: view ⊂ edit ⊂ admin, each picking up the CRD's labelled roles
    ["viewer", res("list", "example.com", "widgets", "a"), true],
    ["viewer", res("create", "example.com", "widgets", "a"), false],
    ["editor", res("create", "example.com", "widgets", "a"), true],
    ["owner", res("delete", "example.com", "widgets", "a"), true],
  ] as const)("%s: %j → %s", (sa, req, want) => expect(can(sa, req)).toBe(want));
});

// Broken manifests (missing roleRef, subjects without names, rules without verbs) must never
// make the engine throw: the routes promise no 500.
import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { KubeObject } from "@/lib/store/types";
import { canI } from "./authorize";
import { findings, withSuggestions } from "./findings";
import { permissionView } from "./permissions";
import { serviceAccountIdentity } from "./subjects";
import { whoCan } from "./who-can";

const broken = [
  { kind: "RoleBinding", metadata: { name: "no-roleref", namespace: "a" }, subjects: [{ kind: "ServiceAccount", name: "x" }] },
  { kind: "RoleBinding", metadata: { name: "nameless", namespace: "a" }, roleRef: { apiGroup: "", kind: "Role", name: "r" }, subjects: [{ kind: "Group" }, null] },
  { kind: "ClusterRoleBinding", metadata: { name: "null-subjects" }, roleRef: { apiGroup: "", kind: "ClusterRole", name: "c" }, subjects: null },
  { kind: "Role", metadata: { name: "r", namespace: "a" }, rules: [{}, { verbs: ["get"] }, { verbs: ["*"], apiGroups: ["*"], resources: ["*"] }] },
  { kind: "ClusterRole", metadata: { name: "c" }, rules: null, aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: "k", operator: "Weird" }] }] } },
  { kind: "RoleBinding", metadata: { name: "ok", namespace: "a" }, roleRef: { apiGroup: "", kind: "Role", name: "r" }, subjects: [{ kind: "ServiceAccount", name: "x" }] },
] as unknown as KubeObject[];

describe("broken objects", () => {
  const snap = snapshotFromObjects(broken);
  const id = serviceAccountIdentity("a", "x");
  it("can-i, who-can, permissions and findings answer without throwing", () => {
    expect(canI(snap, id, { kind: "resource", verb: "get", apiGroup: "", resource: "pods", subresource: "", name: "", namespace: "a" }).allowed).toBe(true);
    expect(whoCan(snap, { kind: "resource", verb: "get", apiGroup: "", resource: "pods", subresource: "", name: "", namespace: "a" }).subjects.filter((s) => !s.reasons.every((r) => r.binding.name.startsWith("system:") || r.binding.name === "cluster-admin")).map((s) => s.name)).toEqual(["x"]); // besides the bootstrap policy's
    expect(permissionView(snap, id, "a").rows.length).toBeGreaterThan(0);
    // cluster-wide only what the bootstrap policy grants every ServiceAccount
    expect(permissionView(snap, id, null).rows.map((r) => r.resource).sort()).toEqual(["clustertrustbundles", "selfsubjectaccessreviews", "selfsubjectreviews", "selfsubjectrulesreviews"]);
    expect(() => withSuggestions(findings(snap))).not.toThrow();
  });
});

// The blast radius of a workload: over the identities it can become and the rights a bind or
// escalate step gains (not only identities), on small worlds of the real engine.
import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { KubeObject } from "@/lib/store/types";
import { clusterRole, r, role, roleBinding, sa, saSubject } from "@/lib/rbac/fixtures.test-helpers";
import { blastRadius, capabilityAllows, identityOfSubject } from "./escalation";

const LIVE = { source: { mode: "cluster" as const, label: "test" } };
const pod = (ns: string, name: string, serviceAccountName: string, nodeName?: string): KubeObject => ({
  kind: "Pod",
  metadata: { name, namespace: ns },
  spec: { serviceAccountName, ...(nodeName ? { nodeName } : {}), containers: [{ name: "c", image: "x" }] },
  status: { phase: "Running" },
});
const res = (verb: string, resource: string, namespace: string) => ({ kind: "resource" as const, verb, apiGroup: "", resource, subresource: "", name: "", namespace });

describe("blast radius", () => {
  // binder may bind the ClusterRole secret-reader and create RoleBindings in app: it gains the
  // role's rights in app (a capability, not an identity); it reads no Secret itself.
  const snap = snapshotFromObjects(
    [
      sa("app", "binder"),
      clusterRole("secret-reader", [r(["get", "list"], [""], ["secrets"])]),
      role("app", "binder", [r(["bind"], ["rbac.authorization.k8s.io"], ["clusterroles"], ["secret-reader"]), r(["create"], ["rbac.authorization.k8s.io"], ["rolebindings"])]),
      roleBinding("app", "binder", "Role", "binder", [saSubject("binder", "app")]),
      pod("app", "worker", "binder", "node-a"),
    ],
    LIVE,
  );

  it("counts what a bind step gains: secret-reader's rights in app put app's Secrets within reach", () => {
    const b = blastRadius(snap, "app", "Pod", "worker")!;
    expect(b).toMatchObject({ serviceAccount: { namespace: "app", name: "binder" }, nodes: ["node-a"], token: { mounted: true, decidedBy: "default" } });
    // the first step of a path binds the role: its rights are the step's target
    const bind = b.escalation.canBecome.flatMap((p) => p.path).find((h) => h.technique === "bind");
    expect(bind?.to).toMatch(/^role:ClusterRole\/secret-reader@app$|^namespace-admin:app$/);
    expect(b.reach.secrets).toEqual([{ namespace: "app", verbs: ["get", "list"], subject: bind!.to, hops: 1, certain: true }]);
    expect(b.reach.pods).toEqual([]);
  });

  it("reads the engine's capability names", () => {
    const admin = capabilityAllows(snap, "namespace-admin:app")!;
    expect(admin(res("delete", "pods", "app"))).toBe(true);
    expect(admin(res("delete", "pods", "other"))).toBe(false);
    expect(admin(res("get", "nodes", ""))).toBe(false);
    const inApp = capabilityAllows(snap, "role:ClusterRole/secret-reader@app")!;
    expect([inApp(res("get", "secrets", "app")), inApp(res("get", "secrets", "other")), inApp(res("create", "pods", "app"))]).toEqual([true, false, false]);
    expect(capabilityAllows(snap, "role:ClusterRole/secret-reader")!(res("list", "secrets", ""))).toBe(true);
    expect(capabilityAllows(snap, "role:ClusterRole/*@*")!(res("delete", "pods", "x"))).toBe(true);
    expect(capabilityAllows(snap, "role:Role/app/binder")!(res("create", "rolebindings", "app"))).toBe(false); // another API group
    expect(capabilityAllows(snap, "system:serviceaccount:app:binder")).toBeUndefined();
    expect(identityOfSubject("group:devs")).toEqual({ user: "", groups: ["devs", "system:authenticated"] });
    expect(identityOfSubject("role:ClusterRole/x")).toBeUndefined();
  });
});

// Nothing the RBAC routes send (findings with suggested YAML, can-i, who-can, permissions,
// their CSVs) holds an env value or a command-line credential of the workloads in the snapshot.
import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { KubeObject } from "@/lib/store/types";
import { filterFindings, findings, findingsCsv, withSuggestions } from "./findings";
import { permissionViewCsv } from "./permissions";
import { identityFor } from "./subjects";
import { canIAnswer, permissionsAnswer, whoCanAnswer } from "./views";

const SECRETS = ["hunter2", "s3cret", "abc123"];
const env = [
  { name: "DB_PASSWORD", value: "hunter2" },
  { name: "DATABASE_URL", value: "postgres://user:s3cret@db:5432/x" },
];
const spec = {
  serviceAccountName: "api",
  initContainers: [{ name: "wait", image: "busybox", env, command: ["sh", "-c", "until pg_isready -d postgres://user:s3cret@db:5432/x; do sleep 1; done"] }],
  containers: [{ name: "app", image: "app", env, args: ["--token=abc123"] }],
};
const objects = [
  { kind: "Namespace", metadata: { name: "app" } },
  { kind: "ServiceAccount", metadata: { name: "api", namespace: "app" }, secrets: [{ name: "api-token" }] },
  { kind: "Deployment", metadata: { name: "api", namespace: "app" }, spec: { template: { metadata: { labels: { app: "api" } }, spec } } },
  { kind: "Pod", metadata: { name: "api-1", namespace: "app" }, spec, status: { phase: "Running" } },
  { kind: "Role", metadata: { name: "r", namespace: "app" }, rules: [{ verbs: ["get", "list"], apiGroups: [""], resources: ["secrets"] }, { verbs: ["create"], apiGroups: [""], resources: ["pods/exec"] }] },
  { kind: "RoleBinding", metadata: { name: "rb", namespace: "app" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "r" }, subjects: [{ kind: "ServiceAccount", name: "api" }] },
] as unknown as KubeObject[];

describe("RBAC answers hold no env values or command-line credentials", () => {
  it("findings, can-i, who-can and permissions (JSON and CSV)", () => {
    const snap = snapshotFromObjects(objects);
    const all = findings(snap);
    expect(all.length).toBeGreaterThan(0);
    const request = { kind: "resource" as const, verb: "get", apiGroup: "", resource: "secrets", subresource: "", name: "", namespace: "app" };
    const can = canIAnswer(snap, { identity: identityFor("system:serviceaccount:app:api"), request });
    expect(can.allowed).toBe(true);
    const perms = permissionsAnswer(snap, "app", "api")!;
    const text = JSON.stringify([withSuggestions(filterFindings(all, { hideSystem: true })), findingsCsv(all), can, whoCanAnswer(snap, { request }), perms, perms.views.map(permissionViewCsv)]);
    for (const s of SECRETS) expect(text, `the answer holds "${s}"`).not.toContain(s);
  });
});

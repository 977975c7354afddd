// `check --live` and `diff --live AFTER` against the real local control plane: the cluster's
// own objects (read through the server's live source), compared with manifests.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyYaml, kubectl, testKubeconfig } from "@/cluster/testing";
import { manifests, rolecall } from "./cli.test-helpers";
import { readLiveSnapshot } from "./live";

const ns = `cli-live-${crypto.randomBytes(3).toString("hex")}`;
const live = () => readLiveSnapshot({ KUBECONFIG: testKubeconfig() });

const SA = `apiVersion: v1
kind: Namespace
metadata: {name: ${ns}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: api, namespace: ${ns}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: api-view, namespace: ${ns}}
subjects: [{kind: ServiceAccount, name: api, namespace: ${ns}}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
`;
const EDIT = `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: api-edit, namespace: ${ns}}
subjects: [{kind: ServiceAccount, name: api, namespace: ${ns}}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
`;

beforeAll(async () => {
  await applyYaml(SA);
});
afterAll(async () => {
  await kubectl(["delete", "namespace", ns, "--wait=false", "--ignore-not-found"]);
});

describe("--live", () => {
  it("check --live reports the cluster's own findings (none of the bootstrap policy's)", async () => {
    await applyYaml(`apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: default-admin, namespace: ${ns}}
subjects: [{kind: ServiceAccount, name: default, namespace: ${ns}}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
`);
    const r = await rolecall(["check", "--live", "--format", "json"], { live });
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout);
    const mine = report.findings.filter((f: { namespace: string }) => f.namespace === ns);
    expect(mine.map((f: { risk: string }) => f.risk)).toEqual(expect.arrayContaining(["default-sa", "secrets-read"]));
    expect(report.findings.some((f: { system: boolean }) => f.system)).toBe(false);
    expect(r.code).toBe(1);
    expect(report.summary.objects).toBeGreaterThan(50);
    expect(report.summary.cluster).toBeTruthy();
    const text = await rolecall(["check", "--live"], { live });
    expect(text.stdout).toMatch(/\ncluster \S+: \d+ objects, \d+ chains: \d+ errors?, /);
  });

  it("diff --live AFTER: what applying AFTER would grant, compared with what runs now", async () => {
    const same = manifests({ "sa.yaml": SA });
    const more = manifests({ "sa.yaml": SA + EDIT });
    try {
      const unchanged = await rolecall(["diff", "--live", same.dir, "--format", "json"], { live });
      expect(unchanged.stderr).toBe("");
      expect(JSON.parse(unchanged.stdout).subjects.filter((s: { subject: { namespace?: string } }) => s.subject.namespace === ns)).toEqual([]);
      const r = await rolecall(["diff", "--live", more.dir, "--format", "json"], { live });
      expect(r.code).toBe(1);
      const s = JSON.parse(r.stdout).subjects.find((x: { subject: { namespace?: string; name: string } }) => x.subject.namespace === ns && x.subject.name === "api");
      expect(s.worstGain).toBe("critical");
      expect(s.gained).toContainEqual(expect.objectContaining({ verb: "get", resource: "secrets", namespace: ns, risk: "high" }));
      // view's permissions ran before: no gain
      expect(s.gained.find((c: { verb: string; resource: string }) => c.verb === "list" && c.resource === "pods")).toBeUndefined();
    } finally {
      same.cleanup();
      more.cleanup();
    }
  });

  it("without a usable kubeconfig: exit 2 with the reason, no stack trace", async () => {
    const r = await rolecall(["check", "--live"], { live: () => readLiveSnapshot({ KUBECONFIG: "/nonexistent/kubeconfig", HOME: "/nonexistent" }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rolecall: --live: no cluster/);
  });
});

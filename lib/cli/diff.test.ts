// `rolecall diff`: gains and losses per subject with the grant and the risk, --fail-on-gain.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rolecall, tempFolders } from "./cli.test-helpers";

const folder = tempFolders();

const BASE = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: shop-api, namespace: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: read-config, namespace: shop}
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: shop-api-config, namespace: shop}
subjects: [{kind: ServiceAccount, name: shop-api, namespace: shop}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: read-config}
`;
const EDIT = `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: shop-api-edit
  namespace: shop
subjects:
  - kind: ServiceAccount
    name: shop-api
    namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
`;

type Change = { verb: string; apiGroup?: string; resource?: string; namespace: string; risk: string; risks: string[]; via: { binding: { name: string }; role: { kind: string; name: string }; rule: number; at?: { file: string; line: number } }[] };

describe("a change that adds a RoleBinding to edit", () => {
  const sides = () => ({ before: folder({ "rbac.yaml": BASE }), after: folder({ "rbac.yaml": BASE + EDIT }) });

  it("lists the gains with their risk and the binding → role → rule, and exits 1 (default --fail-on-gain high)", async () => {
    const { before, after } = sides();
    const r = await rolecall(["diff", before, after, "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.subjects).toHaveLength(1);
    const s = report.subjects[0];
    expect(s.subject).toEqual({ kind: "ServiceAccount", name: "shop-api", namespace: "shop" });
    // edit lets it impersonate the namespace's ServiceAccounts
    expect(s.worstGain).toBe("critical");
    expect(s.lost).toEqual([]);
    const gained = s.gained as Change[];
    const secrets = gained.find((c) => c.verb === "get" && c.resource === "secrets")!;
    expect(secrets).toMatchObject({ namespace: "shop", apiGroup: "", risk: "high", risks: ["secrets-read"] });
    expect(secrets.via[0]).toMatchObject({ binding: { name: "shop-api-edit" }, role: { kind: "ClusterRole", name: "edit" } });
    expect(secrets.via[0].at).toMatchObject({ file: expect.stringMatching(/rbac\.yaml$/), line: 23 });
    expect(gained.find((c) => c.verb === "create" && c.resource === "pods/exec")).toMatchObject({ risk: "high", risks: ["pod-exec"] });
    expect(gained.find((c) => c.verb === "impersonate" && c.resource === "serviceaccounts")).toMatchObject({ risk: "critical", risks: ["impersonate"] });
    expect(gained.find((c) => c.verb === "create" && c.apiGroup === "apps" && c.resource === "deployments")).toMatchObject({ risk: "high", risks: ["workload-create"] });
    // held before through read-config: no gain
    expect(gained.find((c) => c.resource === "configmaps" && c.verb === "get")).toBeUndefined();
    // edit's harmless permissions are listed too, without a risk
    expect(gained.find((c) => c.resource === "configmaps" && c.verb === "update")).toMatchObject({ risk: "none" });
  });

  it("reads as a review: who gains what, via which binding, at what risk", async () => {
    const { before, after } = sides();
    const r = await rolecall(["diff", before, after]);
    expect(r.stdout).toMatch(/^ServiceAccount shop\/shop-api \(worst gain: critical\)\n {2}\+ critical impersonate serviceaccounts in shop, via RoleBinding shop\/shop-api-edit → ClusterRole edit rule \d+ \([^)]*rbac\.yaml:23\) \[impersonate\]\n/);
    expect(r.stdout).toMatch(/\n {2}\+ high {5}get,list,watch secrets in shop, via RoleBinding shop\/shop-api-edit → ClusterRole edit rule \d+ \([^)]*rbac\.yaml:23\) \[secrets-read\]\n/);
    expect(r.stdout).toMatch(/\n {2}\+ none {5}create,delete,deletecollection,patch,update configmaps in shop, via /);
    expect(r.stdout).toMatch(/1 subject changed: \d+ permissions gained \(worst: critical\), 0 lost; a gain at or above --fail-on-gain high\n$/);
  });

  it("--fail-on-gain: edit fails every threshold but never; view (nothing risky) passes even medium", async () => {
    const { before, after } = sides();
    for (const t of ["critical", "high", "medium"]) expect((await rolecall(["diff", before, after, "--fail-on-gain", t])).code, t).toBe(1);
    expect((await rolecall(["diff", before, after, "--fail-on-gain", "never"])).code).toBe(0);
    const view = folder({ "rbac.yaml": BASE + EDIT.replace("name: edit", "name: view") });
    const r = await rolecall(["diff", before, view, "--fail-on-gain", "medium", "--format", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).subjects[0]).toMatchObject({ worstGain: "none", gained: expect.arrayContaining([expect.objectContaining({ verb: "list", resource: "pods", risk: "none" })]) });
  });

  it("the other way round it is a loss, and losing is no failure", async () => {
    const { before, after } = sides();
    const r = await rolecall(["diff", after, before, "--format", "json"]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout).subjects[0];
    expect(s.gained).toEqual([]);
    expect((s.lost as Change[]).some((c) => c.verb === "get" && c.resource === "secrets")).toBe(true);
  });

  it("no change, no subject; a wildcard held before covers a narrower new grant", async () => {
    const { before } = sides();
    const same = await rolecall(["diff", before, before]);
    expect(same.code).toBe(0);
    expect(same.stdout).toBe("0 subjects changed: 0 permissions gained (worst: none), 0 lost\n");
    const wide = BASE.replace("resources: [configmaps]\n    verbs: [get, list, watch]", "resources: [configmaps]\n    verbs: ['*']");
    const narrower = wide + `---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: update-config, namespace: shop}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [update]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: shop-api-update, namespace: shop}
subjects: [{kind: ServiceAccount, name: shop-api, namespace: shop}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: update-config}
`;
    const r = await rolecall(["diff", folder({ "a.yaml": wide }), folder({ "a.yaml": narrower }), "--format", "json"]);
    expect(JSON.parse(r.stdout).subjects).toEqual([]);
  });

  it("a grant to the ServiceAccount's user name is the ServiceAccount's (one subject, and no gain when it only moves)", async () => {
    const { before } = sides();
    const asUser = BASE.replace("subjects: [{kind: ServiceAccount, name: shop-api, namespace: shop}]", "subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: \"system:serviceaccount:shop:shop-api\"}]");
    const moved = await rolecall(["diff", before, folder({ "a.yaml": asUser }), "--format", "json"]);
    expect(JSON.parse(moved.stdout).subjects).toEqual([]);
    const more = await rolecall(["diff", before, folder({ "a.yaml": asUser + EDIT.replace("- kind: ServiceAccount\n    name: shop-api\n    namespace: shop", "- kind: User\n    apiGroup: rbac.authorization.k8s.io\n    name: system:serviceaccount:shop:shop-api") }), "--format", "json"]);
    expect(JSON.parse(more.stdout).subjects.map((x: { subject: object }) => x.subject)).toEqual([{ kind: "ServiceAccount", name: "shop-api", namespace: "shop" }]);
  });

  it("a ClusterRoleBinding to cluster-admin is a critical, cluster-wide gain", async () => {
    const { before } = sides();
    const crb = BASE + "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: api-admin}\nsubjects: [{kind: ServiceAccount, name: shop-api, namespace: shop}]\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\n";
    const r = await rolecall(["diff", before, folder({ "a.yaml": crb }), "--format", "json", "--fail-on-gain", "critical"]);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout).subjects[0];
    expect(s.worstGain).toBe("critical");
    expect(s.gained).toContainEqual(expect.objectContaining({ namespace: "", verb: "*", apiGroup: "*", resource: "*", risk: "critical", risks: expect.arrayContaining(["wildcard", "secrets-read"]) }));
  });

  it("standard input as AFTER (helm template … | rolecall diff main/ -)", async () => {
    const { before } = sides();
    const r = await rolecall(["diff", before, "-", "--format", "json"], { stdin: BASE + EDIT });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).subjects[0].gained[0].via[0].at.file).toBe("<stdin>");
  });

  it("sarif and junit", async () => {
    const { before, after } = sides();
    const sarif = JSON.parse((await rolecall(["diff", before, after, "--format", "sarif"])).stdout);
    expect(sarif.version).toBe("2.1.0");
    const results = sarif.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[];
    expect(results.map((x) => x.ruleId)).toContain("gain-secrets-read");
    expect(results.every((x) => x.locations[0].physicalLocation.region.startLine === 23)).toBe(true);
    const junit = (await rolecall(["diff", before, after, "--format", "junit"])).stdout;
    expect(junit).toMatch(/<testcase classname="rolecall\.diff" name="ServiceAccount shop\/shop-api"><failure type="permission-gain"/);
  });

  it("bad input in either side: exit 2", async () => {
    const { before } = sides();
    const bad = folder({ "x.yaml": "kind: [\n" });
    const r = await rolecall(["diff", before, bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/x\.yaml:1: error: /);
    expect(fs.existsSync(path.join(bad, "x.yaml"))).toBe(true);
  });
});

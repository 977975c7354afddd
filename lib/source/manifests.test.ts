import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadManifests, MAX_FILE_BYTES } from "./manifests";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-manifests-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(rel: string, content: string | Buffer) {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}
const sa = (name: string, ns?: string) =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ""}`;
const names = (r: ReturnType<typeof loadManifests>) => r.objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`).sort();

describe("loadManifests", () => {
  it("loads Flux Kustomizations and HelmReleases (v2, v2beta1, v2beta2); kustomize's own kustomization.yaml is not one, and no problem", () => {
    write(
      "flux.yaml",
      [
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: infra\n  namespace: flux-system\nspec:\n  dependsOn:\n    - name: crds\n",
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: redis\nspec: {}\n",
        "apiVersion: helm.toolkit.fluxcd.io/v2beta1\nkind: HelmRelease\nmetadata:\n  name: old\n  namespace: apps\n",
        "apiVersion: helm.toolkit.fluxcd.io/v2beta2\nkind: HelmRelease\nmetadata:\n  name: older\n  namespace: apps\n",
      ].join("---\n"),
    );
    write("base/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [flux.yaml]\n");
    write("legacy.yaml", "apiVersion: helm.fluxcd.io/v1\nkind: HelmRelease\nmetadata:\n  name: flux-v1\n");
    const r = loadManifests(dir);
    expect(r.problems).toEqual([]);
    expect(names(r)).toEqual(["HelmRelease/apps/old", "HelmRelease/apps/older", "HelmRelease/default/redis", "Kustomization/flux-system/infra"]);
    const infra = r.objects.find((o) => o.metadata.name === "infra") as unknown as { spec: { dependsOn: { name: string }[] } };
    expect(infra.spec.dependsOn).toEqual([{ name: "crds" }]);
  });

  it("loads multi-document YAML; namespaced objects without a namespace go to default", () => {
    write("a.yaml", `${sa("one", "team")}---\n${sa("two")}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n---\n`);
    const r = loadManifests(dir);
    expect(r.problems).toEqual([]);
    expect(names(r)).toEqual(["Namespace//team", "ServiceAccount/default/two", "ServiceAccount/team/one"]);
  });

  it("broken YAML: a problem with file and line, the other documents still load", () => {
    write("bad.yaml", `${sa("before")}---\nkind: ServiceAccount\nmetadata:\n  name: [unclosed\n---\n${sa("after")}`);
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ServiceAccount/default/after", "ServiceAccount/default/before"]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].file).toBe("bad.yaml");
    expect(r.problems[0].line).toBeGreaterThanOrEqual(6);
    expect(r.problems[0].line).toBeLessThanOrEqual(8);
    expect(r.problems[0].message).toMatch(/invalid YAML/);
  });

  it("labels or annotations that are not maps of strings: a problem, the object skipped, nothing thrown", () => {
    const job = (meta: string) => `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n${meta}spec: {}\n`;
    write("a.yaml", [job("  annotations: x\n"), job("  annotations:\n    argocd.argoproj.io/sync-wave: 1\n"), job("  labels: [a]\n"), job("  namespace: 5\n"), sa("ok")].join("---\n"));
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ServiceAccount/default/ok"]);
    expect(r.problems.map((p) => p.message)).toEqual([
      "Job j: metadata.annotations is not a map; skipped",
      'Job j: metadata.annotations["argocd.argoproj.io/sync-wave"] is not a string (quote it); skipped',
      "Job j: metadata.labels is not a map; skipped",
      "Job j: metadata.namespace is not a string; skipped",
    ]);
  });

  it("a workload or Service without a spec: a problem, the object skipped", () => {
    write("a.yaml", `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: null\n---\n${sa("ok")}`);
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ServiceAccount/default/ok"]);
    expect(r.problems.map((p) => p.message)).toEqual(["CronJob c has no spec; skipped", "Pod p has no spec; skipped"]);
  });

  it("a null entry in a list (subjects, containers, owners): a problem naming the path, the object skipped", () => {
    write(
      "a.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\n  namespace: x\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects:\n- {kind: User, name: u}\n-\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: x\nspec:\n  containers:\n  - name: c\n    image: i\n    args: [a, null]\n---\n${sa("ok")}`,
    );
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ServiceAccount/default/ok"]);
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [1, "RoleBinding rb: subjects[1] is empty (null); skipped"],
      [11, "Pod p: spec.containers[0].args[1] is empty (null); skipped"],
    ]);
  });

  it("missing kind and missing name: one problem each at the document's line", () => {
    write(
      "x.yaml",
      `${sa("ok")}---\napiVersion: v1\nmetadata:\n  name: nokind\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  labels: {a: b}\n`,
    );
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ServiceAccount/default/ok"]);
    expect(r.problems).toEqual([
      { file: "x.yaml", line: 6, message: "document has no kind (metadata.name: nokind); skipped" },
      { file: "x.yaml", line: 10, message: "ServiceAccount has no metadata.name; skipped" },
    ]);
  });

  it("a document that is not a mapping is a problem", () => {
    write("s.yaml", `just a string\n---\n${sa("ok")}`);
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ServiceAccount/default/ok"]);
    expect(r.problems).toEqual([{ file: "s.yaml", line: 1, message: expect.stringMatching(/not a Kubernetes object/) }]);
  });

  it("a file over 5 MB is skipped with a clear problem; others load", () => {
    write("ok.yaml", sa("ok"));
    write("huge.yaml", `${sa("big")}# ${"x".repeat(MAX_FILE_BYTES)}\n`);
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ServiceAccount/default/ok"]);
    expect(r.problems).toEqual([{ file: "huge.yaml", message: expect.stringMatching(/over the 5 MB limit; skipped/) }]);
  });

  it("a non-UTF-8 file is skipped with the line of the first bad byte; others load", () => {
    write("ok.yaml", sa("ok"));
    write("latin1.yaml", Buffer.concat([Buffer.from(`${sa("x")}  labels:\n    owner: Ren`), Buffer.from([0xe9]), Buffer.from("\n")]));
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ServiceAccount/default/ok"]);
    expect(r.problems).toEqual([{ file: "latin1.yaml", line: 6, message: expect.stringMatching(/not UTF-8.*0xe9/) }]);
  });

  it("a symlink loop is reported once and not followed forever; others load", () => {
    write("sub/ok.yaml", sa("ok"));
    fs.symlinkSync(dir, path.join(dir, "sub", "loop")); // points back at the root
    fs.symlinkSync(path.join(dir, "self"), path.join(dir, "self")); // ELOOP
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ServiceAccount/default/ok"]);
    expect(r.problems.map((p) => p.file).sort()).toEqual(["self", path.join("sub", "loop")]);
    for (const p of r.problems) expect(p.message).toMatch(/symlink loop/);
  });

  it("kind: List and typed lists (items without kind) with per-item lines", () => {
    write(
      "list.yaml",
      [
        "apiVersion: v1",
        "kind: List",
        "items:",
        "  - apiVersion: v1",
        "    kind: ServiceAccount",
        "    metadata: {name: a, namespace: x}",
        "  - apiVersion: v1",
        "    metadata: {name: broken}",
        "---",
        "apiVersion: v1",
        "kind: ServiceAccountList",
        "items:",
        "  - metadata: {name: b, namespace: x}",
        "",
      ].join("\n"),
    );
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ServiceAccount/x/a", "ServiceAccount/x/b"]);
    expect(r.problems).toEqual([{ file: "list.yaml", line: 7, message: expect.stringMatching(/no kind/) }]);
  });

  it("JSON files, including a JSON List and broken JSON with its line", () => {
    write("a.json", JSON.stringify({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "j1" } }, null, "\t"));
    write("list.json", JSON.stringify({ kind: "List", items: [{ kind: "ServiceAccount", metadata: { name: "j2", namespace: "n" } }] }, null, 2));
    write("bad.json", '{\n  "kind": "ServiceAccount",\n  "metadata": {"name": "x"\n');
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ServiceAccount/default/j1", "ServiceAccount/n/j2"]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: "bad.json", message: expect.stringMatching(/invalid JSON/) });
    expect(r.problems[0].line).toBeGreaterThanOrEqual(1);
  });

  it("recursive folders; non-manifest files and dot-folders ignored; a single file works too", () => {
    write("a/b/c/deep.yml", sa("deep"));
    write("a/top.yaml", sa("top"));
    write("a/README.md", "# not a manifest");
    write(".git/x.yaml", sa("hidden"));
    expect(names(loadManifests(dir))).toEqual(["ServiceAccount/default/deep", "ServiceAccount/default/top"]);
    const single = loadManifests(path.join(dir, "a", "top.yaml"));
    expect(names(single)).toEqual(["ServiceAccount/default/top"]);
    expect(single.problems).toEqual([]);
  });

  it("a missing path is one problem, not a crash", () => {
    const r = loadManifests(path.join(dir, "nope"));
    expect(r.objects).toEqual([]);
    expect(r.problems[0].message).toMatch(/ENOENT/);
  });

  it("strips managedFields and last-applied; keeps env; never keeps Secrets", () => {
    write(
      "p.yaml",
      [
        "apiVersion: v1",
        "kind: Pod",
        "metadata:",
        "  name: p",
        "  managedFields: [{manager: kubectl}]",
        "  annotations:",
        "    kubectl.kubernetes.io/last-applied-configuration: '{}'",
        "    keep: me",
        "spec:",
        "  containers:",
        "  - name: c",
        "    env: [{name: DB_HOST, value: db}]",
        "---",
        "apiVersion: v1",
        "kind: Secret",
        "metadata: {name: s}",
        "data: {password: aHVudGVyMg==}",
        "",
      ].join("\n"),
    );
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["Pod/default/p"]);
    const p = r.objects[0];
    expect(p.metadata).not.toHaveProperty("managedFields");
    expect(p.metadata.annotations).toEqual({ keep: "me" });
    expect(p.spec).toEqual({ containers: [{ name: "c", env: [{ name: "DB_HOST", value: "db" }] }] });
  });

  it("CustomResourceDefinitions become resources; duplicates are reported and the later one wins", () => {
    write(
      "crd.yaml",
      [
        "apiVersion: apiextensions.k8s.io/v1",
        "kind: CustomResourceDefinition",
        "metadata: {name: widgets.example.com}",
        "spec:",
        "  group: example.com",
        "  scope: Namespaced",
        "  names: {plural: widgets, kind: Widget}",
        "  versions:",
        "  - {name: v1, served: true, storage: true, subresources: {status: {}}}",
        "---",
        sa("dup"),
        "---",
        `${sa("dup")}  labels: {second: "yes"}`,
        "",
      ].join("\n"),
    );
    const r = loadManifests(dir);
    expect(r.resources).toEqual([
      { group: "example.com", version: "v1", resource: "widgets", kind: "Widget", namespaced: true, verbs: expect.arrayContaining(["list", "watch"]) },
      { group: "example.com", version: "v1", resource: "widgets/status", kind: "Widget", namespaced: true, verbs: ["get", "patch", "update"] },
    ]);
    expect(r.objects).toHaveLength(1);
    expect(r.objects[0].metadata.labels).toEqual({ second: "yes" });
    expect(r.problems).toEqual([{ file: "crd.yaml", line: 17, message: expect.stringMatching(/duplicate ServiceAccount\/default\/dup \(also at crd.yaml:11\)/) }]);
  });
});

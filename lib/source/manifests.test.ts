import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, jsonItemLines, loadManifests, ManifestReader, MAX_FILE_BYTES } from "./manifests";

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

  it("an alias naming no anchor is a problem with file and line; every other document and file loads", () => {
    write("a.yaml", `${sa("before")}---\n${sa("typo")}  labels:\n    team: *nope\n---\n${sa("after")}`);
    write("b.yaml", sa("other"));
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ServiceAccount/default/after", "ServiceAccount/default/before", "ServiceAccount/default/other"]);
    expect(r.problems).toEqual([{ file: "a.yaml", line: 11, message: "unknown alias *nope (no anchor &nope before it); document skipped" }]);
  });

  it("aliases within the budget are written out as yaml does; a cycle is a problem", () => {
    // Anchors belong to their document: *l in the third document names nothing.
    write(
      "a.yaml",
      `kind: List\nitems:\n- ${sa("one").trimEnd().replace(/\n/g, "\n  ")}\n    labels: &l {app: shop}\n- ${sa("two").trimEnd().replace(/\n/g, "\n  ")}\n    labels: *l\n---\nkind: ServiceAccount\nmetadata: &m\n  name: loop\n  labels: {a: *m}\n---\n${sa("three")}  labels: *l\n`,
    );
    const r = loadManifests(dir);
    expect(r.objects.map((o) => [o.metadata.name, o.metadata.labels])).toEqual([
      ["one", { app: "shop" }],
      ["two", { app: "shop" }],
    ]);
    expect(r.problems).toEqual([
      { file: "a.yaml", line: 17, message: "alias *m is inside the node it names (a cycle); document skipped" },
      { file: "a.yaml", line: 23, message: "unknown alias *l (no anchor &l before it); document skipped" },
    ]);
  });

  it("a billion laughs is stopped at the expansion budget, quickly, with file and line; other files load", () => {
    const lol = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lol.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    write("lol.yaml", `kind: ConfigMap\nmetadata: {name: lol}\ndata:\n  ${lol.join("\n  ")}\n`);
    write("ok.yaml", sa("ok"));
    const t0 = performance.now();
    const r = loadManifests(dir);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(names(r)).toEqual(["ServiceAccount/default/ok"]);
    expect(r.problems).toEqual([{ file: "lol.yaml", line: expect.any(Number), message: "expands to more than 16 MB (aliases written out); the rest of the file skipped" }]);
    expect(r.problems[0].line).toBeGreaterThanOrEqual(4);
  });

  it("under yaml's alias count but over the budget: a 200 KB list aliased 999 times, a 4 MB string aliased 299 times", () => {
    const items = Array.from({ length: 20_000 }, (_, i) => `i${i}`).join(", ");
    write("list.yaml", `${sa("first")}---\nkind: ServiceAccount\nmetadata: {name: big}\nbase: &l [${items}]\nrefs: [${Array(999).fill("*l").join(", ")}]\n---\n${sa("after")}`);
    write("string.yaml", `kind: ServiceAccount\nmetadata: {name: s}\ns: &s "${"x".repeat(4_000_000)}"\nrefs: [${Array(299).fill("*s").join(", ")}]\n`);
    write("z.yaml", sa("z"));
    const r = loadManifests(dir);
    // list.yaml stops at the document over budget: the later document is not read
    expect(names(r)).toEqual(["ServiceAccount/default/first", "ServiceAccount/default/z"]);
    expect(r.problems.map((p) => [p.file, p.line])).toEqual([
      ["list.yaml", 9],
      ["string.yaml", 4],
    ]);
    for (const p of r.problems) expect(p.message).toMatch(/expands to more than 16 MB/);
  }, 60_000);

  it("totals: a file that would take all files over the byte or expansion total is skipped whole, with a problem", () => {
    const pad = (name: string) => `${sa(name)}# ${"x".repeat(900)}\n`;
    write("a.yaml", pad("a"));
    write("b.yaml", pad("b"));
    write("c.yaml", pad("c"));
    write("d.yaml", sa("d"));
    const r = loadManifests(dir, { ...DEFAULT_LIMITS, totalBytes: 2500 });
    expect(names(r)).toEqual(["ServiceAccount/default/a", "ServiceAccount/default/b", "ServiceAccount/default/d"]);
    expect(r.problems).toEqual([{ file: "c.yaml", message: expect.stringMatching(/^skipped: all manifests together are over the 0 MB limit/) }]);

    const e = loadManifests(dir, { ...DEFAULT_LIMITS, totalExpanded: 150 });
    expect(names(e)).toEqual(["ServiceAccount/default/a", "ServiceAccount/default/b"]);
    expect(e.problems.map((p) => p.file)).toEqual(["c.yaml", "d.yaml"]);
    expect(e.problems[0].message).toMatch(/all manifests together expand to more than/);
  });

  it("symlinks leaving the folder are reported and not followed; links inside it are", () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-outside-"));
    try {
      fs.writeFileSync(path.join(outside, "x.yaml"), sa("outside"));
      write("real/in.yaml", sa("in"));
      fs.symlinkSync("/", path.join(dir, "root"));
      fs.symlinkSync(outside, path.join(dir, "elsewhere"));
      fs.symlinkSync(path.join(outside, "x.yaml"), path.join(dir, "x.yaml"));
      fs.symlinkSync(path.join(dir, "real"), path.join(dir, "alias"));
      const t0 = performance.now();
      const r = loadManifests(dir);
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(names(r)).toEqual(["ServiceAccount/default/in"]);
      expect(r.files).toEqual([path.join(dir, "alias", "in.yaml")]); // real/ is the same folder, read once
      expect(r.problems.map((p) => [p.file, p.message.replace(/\(to .*\)/, "(to …)")])).toEqual([
        ["elsewhere", "symlink leads outside the folder (to …); not followed"],
        ["real", "symlink loop: real leads back to a folder already read; skipped"],
        ["root", "symlink leads outside the folder (to …); not followed"],
        ["x.yaml", "symlink leads outside the folder (to …); not followed"],
      ]);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it("names the API server would refuse are problems, not objects", () => {
    const obj = (kind: string, name: string, ns?: string) =>
      `apiVersion: ${kind.includes("Role") ? "rbac.authorization.k8s.io/v1" : "v1"}\nkind: ${kind}\nmetadata:\n  name: "${name}"\n${ns ? `  namespace: "${ns}"\n` : ""}${kind === "Service" ? "spec: {}\n" : ""}`;
    write(
      "a.yaml",
      [
        obj("ServiceAccount", "Foo_Bar"),
        obj("Role", "a/b", "x"),
        obj("RoleBinding", "..", "x"),
        obj("ClusterRole", "100%"),
        obj("Namespace", "a.b"),
        obj("Service", "1abc"),
        obj("ServiceAccount", "ok", "Bad_NS"),
        obj("ClusterRole", "system:controller:job-controller"),
        obj("Role", "Read.Only", "x"),
        obj("ServiceAccount", "web.v2", "x"),
      ].join("---\n"),
    );
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ClusterRole//system:controller:job-controller", "Role/x/Read.Only", "ServiceAccount/x/web.v2"]);
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^ServiceAccount "Foo_Bar": invalid metadata.name \(lowercase letters, digits, '-' and '.'/),
      `Role "a/b": invalid metadata.name (may not contain '/' or '%'); skipped`,
      `RoleBinding "..": invalid metadata.name (may not be '.' or '..'); skipped`,
      `ClusterRole "100%": invalid metadata.name (may not contain '/' or '%'); skipped`,
      expect.stringMatching(/^Namespace "a.b": invalid metadata.name \(lowercase letters, digits and '-',/),
      expect.stringMatching(/^Service "1abc": invalid metadata.name \(.*starting with a letter/),
      expect.stringMatching(/^ServiceAccount ok: invalid metadata.namespace "Bad_NS"/),
    ]);
  });

  it("a .json file is JSON: a trailing comma is a problem with its line, though YAML would accept it", () => {
    write("a.json", '{\n  "kind": "ServiceAccount",\n  "metadata": {"name": "x"},\n}\n');
    write("b.yaml", '{"kind": "ServiceAccount", "metadata": {"name": "y"},}\n');
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ServiceAccount/default/y"]);
    expect(r.problems).toEqual([{ file: "a.json", line: 4, message: expect.stringMatching(/^invalid JSON: .*position \d+; file skipped$/) }]);
  });

  it("a .json file nested beyond any object's depth is a problem with its line, and the rest loads", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    write("a.json", `{"kind": "ServiceAccount", "metadata": {"name": "x"},\n"spec": ${deep}}\n`);
    write("b.yaml", "kind: ServiceAccount\nmetadata: {name: y}\n");
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ServiceAccount/default/y"]);
    expect(r.problems).toEqual([{ file: "a.json", line: 2, message: "nested more than 200 levels deep; file skipped" }]);
  });

  it("a .json list's items are located by line, as the API server writes lists (strings with brackets and escapes inside)", () => {
    const items = [
      { kind: "ServiceAccount", metadata: { name: "a", namespace: "n", annotations: { note: 'has "quotes" \\ and [brackets] {braces}' } } },
      { kind: "ServiceAccount", metadata: { name: "b", namespace: "n" } },
      { kind: "ServiceAccount", metadata: { name: "a", namespace: "n" } }, // a duplicate: reported at its line
    ];
    const text = JSON.stringify({ apiVersion: "v1", kind: "List", metadata: { items: ["not", "these"] }, items }, null, 2);
    write("list.json", text);
    const r = loadManifests(dir);
    expect(names(r)).toEqual(["ServiceAccount/n/a", "ServiceAccount/n/b"]);
    const dupLine = text.split("\n").findIndex((l, i, all) => l === "    {" && all.slice(0, i).filter((x) => x === "    {").length === 2) + 1;
    expect(r.problems).toEqual([{ file: "list.json", line: dupLine, message: expect.stringMatching(/duplicate ServiceAccount\/n\/a \(also at list.json:\d+\)/) }]);
    expect(jsonItemLines('{"kind":"List",\n"items":[\n1,\n"x",\n{"a":[2]}\n]}')).toEqual({ value: 1, items: [3, 4, 5], depth: 4, deepest: 5 });
  });

  it("a reader re-parses only files that changed", () => {
    write("a.yaml", sa("a"));
    write("b.yaml", sa("b"));
    const reader = new ManifestReader(dir);
    const first = reader.read();
    expect(first.files.map((f) => f.reused)).toEqual([false, false]);
    const again = reader.read();
    expect(again.files.map((f) => f.reused)).toEqual([true, true]);
    expect(again.files[0].result).toBe(first.files[0].result);
    write("b.yaml", sa("b2"));
    const third = reader.read();
    expect(third.files.map((f) => [f.rel, f.reused])).toEqual([
      ["a.yaml", true],
      ["b.yaml", false],
    ]);
    expect(third.files[1].result.objects[0].metadata.name).toBe("b2");
  });
});

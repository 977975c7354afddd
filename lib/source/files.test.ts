import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SnapshotStore } from "@/lib/store/store";
import { BUILTIN_RESOURCES } from "@/lib/k8s/builtin-resources";
import { FilesSource } from "./files";

let dir: string;
let store: SnapshotStore;
let source: FilesSource | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-files-"));
  store = new SnapshotStore({ source: { mode: "manifests", label: "?" }, coalesceMs: 10 });
});
afterEach(async () => {
  await source?.stop();
  source = undefined;
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sa = (name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n`;
const saNames = () => [...store.snapshot().objects.ServiceAccount.values()].map((o) => o.metadata.name).sort();

async function until(cond: () => boolean, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what} (ServiceAccounts: ${saNames().join(",")}; problems: ${JSON.stringify(store.snapshot().problems)})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function started(opts: Partial<ConstructorParameters<typeof FilesSource>[0]> = {}) {
  source = new FilesSource({ root: dir, debounceMs: 50, ...opts });
  source.start(store);
  await store.whenSynced(60_000);
  return source;
}

describe("FilesSource", { timeout: 120_000 }, () => {
  it("publishes the folder: objects, problems, resources, synced", async () => {
    fs.writeFileSync(path.join(dir, "a.yaml"), `${sa("a")}---\nkind: [\n`);
    await started({ watch: false });
    const snap = store.snapshot();
    expect(snap.source).toEqual({ mode: "manifests", label: dir });
    expect(saNames()).toEqual(["a"]);
    expect(snap.problems).toHaveLength(1);
    expect(snap.problems[0]).toMatchObject({ file: "a.yaml", line: 6 });
    expect(snap.resources).toBe(BUILTIN_RESOURCES);
  });

  it("ends the reader thread when idle; the next thread parses only the files changed meanwhile", async () => {
    for (const n of ["a", "b", "c"]) fs.writeFileSync(path.join(dir, `${n}.yaml`), sa(n));
    const s = await started({ readerIdleMs: 100 });
    expect(s.readerStats).toEqual({ threads: 1, parsed: 3 });
    await new Promise((r) => setTimeout(r, 500)); // idle: the thread (and its heap) is gone

    fs.writeFileSync(path.join(dir, "b.yaml"), sa("b2"));
    await until(() => saNames().join() === "a,b2,c", "edit seen by a new thread");
    expect(s.readerStats).toEqual({ threads: 2, parsed: 4 });
  });

  it("re-reads on change: new file, edited file, deleted file, fixed problem", async () => {
    fs.mkdirSync(path.join(dir, "sub"));
    fs.writeFileSync(path.join(dir, "sub", "a.yaml"), sa("a"));
    fs.writeFileSync(path.join(dir, "bad.yaml"), "kind: [\n");
    await started();
    expect(saNames()).toEqual(["a"]);
    expect(store.snapshot().problems).toHaveLength(1);

    fs.writeFileSync(path.join(dir, "sub", "b.yaml"), sa("b"));
    await until(() => saNames().join() === "a,b", "new file");

    fs.writeFileSync(path.join(dir, "sub", "a.yaml"), sa("a2"));
    await until(() => saNames().join() === "a2,b", "edit");

    fs.rmSync(path.join(dir, "sub", "b.yaml"));
    fs.writeFileSync(path.join(dir, "bad.yaml"), sa("fixed"));
    await until(() => saNames().join() === "a2,fixed" && store.snapshot().problems.length === 0, "delete and fix");
  });

  it("keeps seeing a file after it was replaced atomically (as sed -i and editors do), then its rename and deletion", async () => {
    const file = path.join(dir, "sub", "a.yaml");
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, sa("a"));
    await started();
    const replace = (content: string) => {
      fs.writeFileSync(`${file}.tmp`, content);
      fs.renameSync(`${file}.tmp`, file);
    };
    replace(sa("a2"));
    await until(() => saNames().join() === "a2", "atomic replace");
    fs.writeFileSync(file, sa("a3")); // an edit in place, after the replace
    await until(() => saNames().join() === "a3", "edit after the replace");
    replace(sa("a4"));
    await until(() => saNames().join() === "a4", "second atomic replace");
    fs.renameSync(file, path.join(dir, "sub", "b.yaml"));
    fs.writeFileSync(path.join(dir, "sub", "b.yaml"), sa("b"));
    await until(() => saNames().join() === "b", "rename, then edit");
    fs.rmSync(path.join(dir, "sub", "b.yaml"));
    await until(() => saNames().join() === "", "deletion");
  });

  it("sees the root folder replaced, and folders created inside it", async () => {
    const root = path.join(dir, "root");
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, "a.yaml"), sa("a"));
    await started({ root });
    expect(saNames()).toEqual(["a"]);
    // replaced by another folder (as a deploy by rename does)
    const next = path.join(dir, "next");
    fs.mkdirSync(next);
    fs.writeFileSync(path.join(next, "b.yaml"), sa("b"));
    fs.renameSync(root, path.join(dir, "old"));
    fs.renameSync(next, root);
    await until(() => saNames().join() === "b", "root swapped");
    fs.writeFileSync(path.join(root, "c.yaml"), sa("c"));
    await until(() => saNames().join() === "b,c", "a file in the new root");
    // deleted and created again
    fs.rmSync(root, { recursive: true });
    await until(() => saNames().join() === "" && store.snapshot().problems.some((p) => /ENOENT/.test(p.message)), "root deleted");
    fs.mkdirSync(path.join(root, "deep", "er"), { recursive: true });
    fs.writeFileSync(path.join(root, "deep", "er", "d.yaml"), sa("d"));
    await until(() => saNames().join() === "d" && store.snapshot().problems.length === 0, "root created again");
    fs.writeFileSync(path.join(root, "deep", "er", "d.yaml"), sa("d2"));
    await until(() => saNames().join() === "d2", "an edit deep in the new root");
  });

  it("watches a single file through its folder (editors replace files by rename)", async () => {
    const file = path.join(dir, "one.yaml");
    fs.writeFileSync(file, sa("x"));
    await started({ root: file });
    expect(saNames()).toEqual(["x"]);
    fs.writeFileSync(path.join(dir, "tmp.yaml"), sa("y"));
    fs.renameSync(path.join(dir, "tmp.yaml"), file);
    await until(() => saNames().join() === "y", "replaced");
    fs.writeFileSync(file, sa("z"));
    await until(() => saNames().join() === "z", "edited after the replace");
  });

  it("an unknown alias at start: a problem with file and line, the rest loads, and fixing the file is seen", async () => {
    fs.writeFileSync(path.join(dir, "a.yaml"), sa("a"));
    fs.writeFileSync(path.join(dir, "bad.yaml"), `${sa("b")}  labels: {team: *nope}\n`);
    await started();
    expect(saNames()).toEqual(["a"]);
    expect(store.snapshot().problems).toEqual([{ file: "bad.yaml", line: 5, message: expect.stringMatching(/unknown alias \*nope/) }]);
    fs.rmSync(path.join(dir, "bad.yaml"));
    await until(() => store.snapshot().problems.length === 0, "problem gone");
    fs.writeFileSync(path.join(dir, "late.yaml"), `${sa("late")}  labels: {x: *typo}\n`);
    await until(() => store.snapshot().problems.length === 1, "a new alias error while running");
    expect(store.snapshot().problems[0]).toMatchObject({ file: "late.yaml", line: 5 });
  });

  it("a reload that finds nothing new publishes nothing; a new problem alone is a new version", async () => {
    fs.writeFileSync(path.join(dir, "a.yaml"), sa("a"));
    const s = await started({ watch: false });
    const v = store.snapshot().version;
    await s.reload();
    await s.reload();
    expect(store.snapshot().version).toBe(v);
    fs.writeFileSync(path.join(dir, "b.yaml"), "kind: [\n");
    await s.reload();
    expect(store.snapshot().version).toBe(v + 1);
    expect(store.snapshot().problems.map((p) => p.file)).toEqual(["b.yaml"]);
  });

  it("a file that takes too long to parse is skipped with a problem; the others load, and later reads do not retry it while unchanged", async () => {
    const items = Array.from({ length: 40_000 }, (_, i) => `- {kind: ServiceAccount, metadata: {name: s${i}}}`).join("\n");
    fs.writeFileSync(path.join(dir, "big.yaml"), `kind: List\nitems:\n${items}\n`);
    fs.writeFileSync(path.join(dir, "ok.yaml"), sa("ok"));
    const s = await started({ fileTimeoutMs: 200 });
    expect(saNames()).toEqual(["ok"]);
    expect(store.snapshot().problems).toEqual([{ file: "big.yaml", message: "took longer than 0.2 s to parse; skipped while unchanged" }]);
    const t0 = performance.now();
    await s.reload();
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("never holds the event loop long, even for large single documents (parsed in a thread)", async () => {
    // ~0.5 MB each: one List document, and many small documents
    const list = Array.from({ length: 8_000 }, (_, i) => `- apiVersion: v1\n  kind: ServiceAccount\n  metadata: {name: l${i}, namespace: n}`).join("\n");
    fs.writeFileSync(path.join(dir, "list.yaml"), `apiVersion: v1\nkind: List\nitems:\n${list}\n`);
    fs.writeFileSync(path.join(dir, "docs.yaml"), Array.from({ length: 8_000 }, (_, i) => `${sa(`d${i}`)}  namespace: n\n`).join("---\n"));
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    await new Promise((r) => setTimeout(r, 100)); // the monitor records from its second tick on
    const t0 = performance.now();
    const s = await started({ watch: false });
    expect(store.snapshot().objects.ServiceAccount.size).toBe(16_000);
    fs.appendFileSync(path.join(dir, "docs.yaml"), `---\n${sa("more")}`);
    await s.reload();
    await new Promise((r) => setTimeout(r, 50)); // a loop held until now records its delay on its next turn
    h.disable();
    expect(store.snapshot().objects.ServiceAccount.size).toBe(16_001);
    const maxMs = h.max / 1e6;
    const totalMs = performance.now() - t0;
    console.log(`event loop: max delay ${maxMs.toFixed(0)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(0)} ms, over ${totalMs.toFixed(0)} ms of loading`);
    // Read on the event loop, the longest delay was the whole read. On a busy machine every
    // delay stretches with the load, hence the bound relative to the load's own length too.
    expect(maxMs).toBeLessThan(Math.max(300, totalMs / 8));
  });

  it("CRDs in manifests extend the built-in resources", async () => {
    fs.writeFileSync(
      path.join(dir, "crd.yaml"),
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ws.example.com}\nspec:\n  group: example.com\n  scope: Cluster\n  names: {plural: ws, kind: W}\n  versions: [{name: v1, served: true}]\n",
    );
    await started({ watch: false });
    const res = store.snapshot().resources;
    expect(res.length).toBe(BUILTIN_RESOURCES.length + 1);
    expect(res.find((r) => r.group === "example.com")).toMatchObject({ resource: "ws", namespaced: false });
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SnapshotStore } from "@/lib/store/store";
import { BUILTIN_RESOURCES } from "./builtin-resources";
import { FilesSource } from "./files";

let dir: string;
let store: SnapshotStore;
let source: FilesSource;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-files-"));
  store = new SnapshotStore({ source: { mode: "manifests", label: "?" }, coalesceMs: 10 });
});
afterEach(async () => {
  await source?.stop();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sa = (name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n`;
const saNames = () => [...store.snapshot().objects.ServiceAccount.values()].map((o) => o.metadata.name).sort();

async function until(cond: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("FilesSource", () => {
  it("publishes the folder synchronously on start: objects, problems, resources, synced", () => {
    fs.writeFileSync(path.join(dir, "a.yaml"), `${sa("a")}---\nkind: [\n`);
    source = new FilesSource({ root: dir, watch: false });
    source.start(store);
    const snap = store.snapshot();
    expect(store.isSynced()).toBe(true);
    expect(snap.source).toEqual({ mode: "manifests", label: dir });
    expect(saNames()).toEqual(["a"]);
    expect(snap.problems).toHaveLength(1);
    expect(snap.problems[0]).toMatchObject({ file: "a.yaml", line: 6 });
    expect(snap.resources).toBe(BUILTIN_RESOURCES);
  });

  it("re-reads on change: new file, edited file, deleted file, fixed problem", async () => {
    fs.mkdirSync(path.join(dir, "sub"));
    fs.writeFileSync(path.join(dir, "sub", "a.yaml"), sa("a"));
    fs.writeFileSync(path.join(dir, "bad.yaml"), "kind: [\n");
    source = new FilesSource({ root: dir, debounceMs: 50 });
    source.start(store);
    expect(saNames()).toEqual(["a"]);
    expect(store.snapshot().problems).toHaveLength(1);

    fs.writeFileSync(path.join(dir, "sub", "b.yaml"), sa("b"));
    await until(() => saNames().join() === "a,b");

    fs.writeFileSync(path.join(dir, "sub", "a.yaml"), sa("a2"));
    await until(() => saNames().join() === "a2,b");

    fs.rmSync(path.join(dir, "sub", "b.yaml"));
    fs.writeFileSync(path.join(dir, "bad.yaml"), sa("fixed"));
    await until(() => saNames().join() === "a2,fixed" && store.snapshot().problems.length === 0);
  });

  it("watches a single file through its folder (editors replace files by rename)", async () => {
    const file = path.join(dir, "one.yaml");
    fs.writeFileSync(file, sa("x"));
    source = new FilesSource({ root: file, debounceMs: 50 });
    source.start(store);
    expect(saNames()).toEqual(["x"]);
    fs.writeFileSync(path.join(dir, "tmp.yaml"), sa("y"));
    fs.renameSync(path.join(dir, "tmp.yaml"), file);
    await until(() => saNames().join() === "y");
  });

  it("CRDs in manifests extend the built-in resources", () => {
    fs.writeFileSync(
      path.join(dir, "crd.yaml"),
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ws.example.com}\nspec:\n  group: example.com\n  scope: Cluster\n  names: {plural: ws, kind: W}\n  versions: [{name: v1, served: true}]\n",
    );
    source = new FilesSource({ root: dir, watch: false });
    source.start(store);
    const res = store.snapshot().resources;
    expect(res.length).toBe(BUILTIN_RESOURCES.length + 1);
    expect(res.find((r) => r.group === "example.com")).toMatchObject({ resource: "ws", namespaced: false });
  });
});

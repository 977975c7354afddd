import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TWO_CONTEXT_KUBECONFIG } from "@/lib/testing/kubeconfig";
import { chooseSource, getStore, resetStoreForTests } from "./store";

const saved = { ...process.env };
afterEach(async () => {
  await resetStoreForTests();
  process.env = { ...saved };
});

describe("getStore", () => {
  it("is one store per process, kept on globalThis, started from the environment", { timeout: 90_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-getstore-"));
    fs.writeFileSync(path.join(dir, "sa.yaml"), "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: hello}\n");
    process.env.ROLECALL_MANIFESTS = dir;
    try {
      const a = getStore();
      expect(getStore()).toBe(a);
      // A second module instance (as instrumentation.ts gets) finds the same store.
      expect((globalThis as Record<symbol, { store: unknown }>)[Symbol.for("rolecall.store")].store).toBe(a);
      await a.whenSynced(60_000); // the reader thread starts from source under vitest: seconds
      expect(a.snapshot().source).toEqual({ mode: "manifests", label: dir });
      expect([...a.snapshot().objects.ServiceAccount.values()].map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(["default/hello"]);

      await resetStoreForTests();
      delete process.env.ROLECALL_MANIFESTS;
      process.env.KUBECONFIG = path.join(dir, "no-such-kubeconfig");
      delete process.env.KUBERNETES_SERVICE_HOST;
      const b = getStore();
      expect(b).not.toBe(a);
      expect(b.snapshot().source).toEqual({ mode: "examples", label: "example data" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const kubeconfig = TWO_CONTEXT_KUBECONFIG;

describe("chooseSource", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-choose-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("ROLECALL_MANIFESTS wins over a kubeconfig", () => {
    const f = path.join(dir, "config");
    fs.writeFileSync(f, kubeconfig);
    expect(chooseSource({ ROLECALL_MANIFESTS: dir, KUBECONFIG: f }).info).toEqual({ mode: "manifests", label: dir });
  });
  it("a usable kubeconfig → the cluster; nothing → the bundled examples", () => {
    const f = path.join(dir, "config");
    fs.writeFileSync(f, kubeconfig);
    expect(chooseSource({ KUBECONFIG: f }).info.mode).toBe("cluster");
    expect(chooseSource({ HOME: dir }).info).toEqual({ mode: "examples", label: "example data" });
  });
});

import path from "node:path";
import { describe, expect, it } from "vitest";
import { SnapshotStore } from "@/lib/store/store";
import { examplesSource } from "./examples";

describe("examples source", () => {
  it("loads the bundled examples without problems, labelled example data", { timeout: 90_000 }, async () => {
    const store = new SnapshotStore({ source: { mode: "examples", label: "?" } });
    const source = examplesSource(path.join(process.cwd(), "examples"));
    source.start(store);
    await store.whenSynced(60_000);
    const snap = store.snapshot();
    await source.stop();
    store.close();
    expect(snap.source).toEqual({ mode: "examples", label: "example data" });
    expect(store.isSynced()).toBe(true);
    expect(snap.problems).toEqual([]);
    const sas = [...snap.objects.ServiceAccount.values()].map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(sas.some((s) => s.endsWith("/go-todo-sa"))).toBe(true);
    // The go-todo Job manifest has no namespace: as kubectl apply would, it lands in default.
    const jobs = [...snap.objects.Job.values()].map((o) => o.metadata.namespace);
    expect(jobs).toContain("default");
  });
});

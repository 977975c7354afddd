// The recorder over a real store and each back end: gains and losses within moments with their
// binding, each change once with two recorders on one database, the changes made while it was
// not running recorded as seen at start, write failures retried without a loss, and an
// unreachable database leaving the store untouched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterRole, r, roleBinding, saSubject } from "@/lib/rbac/fixtures.test-helpers";
import { SnapshotStore } from "@/lib/store/store";
import { KINDS, type KubeObject } from "@/lib/store/types";
import { BACKENDS } from "./backends.test-helpers";
import type { Db } from "./db";
import { migrate } from "./migrations";
import { HistoryRecorder } from "./recorder";
import { HistoryRepository } from "./repository";

const quiet = { info() {}, warn() {}, error() {} } as never;
let seq = 0;
const live = <T extends KubeObject>(o: T, rv: string, uid = `${o.kind}-${o.metadata.namespace ?? ""}-${o.metadata.name}`): T => ({ ...o, metadata: { ...o.metadata, uid, resourceVersion: rv } });
const reader = live(clusterRole("secret-reader", [r(["get"], [""], ["secrets"])]), "1");
const grant = (rv: string, subjects = [saSubject("api", "shop")]) => live(roleBinding("shop", "api-secrets", "ClusterRole", "secret-reader", subjects), rv);

function newStore(objects: KubeObject[]): SnapshotStore {
  const store = new SnapshotStore({ source: { mode: "cluster", label: "test" }, coalesceMs: 5 });
  store.replaceAll(objects);
  for (const k of KINDS) store.setKindState(k, { state: "synced" });
  store.flush();
  return store;
}

const fast = { flushMs: 20, retryMs: { min: 20, max: 100 }, log: quiet, retentionDays: 0 };

describe.each(BACKENDS)("history recorder on $name", (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
  });
  afterAll(() => db?.close());
  const repoOf = (cluster: string) => new HistoryRepository(db, cluster);
  // a repository whose close() leaves the shared database open
  const opener = (cluster: string) => async () => Object.assign(repoOf(cluster), { close: async () => {} });

  it("records the gain with its binding when a binding is created, the loss when it is deleted, and a restart's missed change as seen at start", async () => {
    const cluster = `rec-${++seq}`;
    const store = newStore([reader]);
    const rec = new HistoryRecorder({ store, open: opener(cluster), ...fast }).start();
    const written: number[] = [];
    rec.onWritten((n) => written.push(n));
    await rec.whenIdle();
    expect((await repoOf(cluster).query({ limit: 10 })).items).toEqual([]); // a first start records the state only
    expect(written).toEqual([]);

    const t0 = Date.now();
    store.upsert(grant("10"));
    store.flush();
    await rec.whenIdle();
    const gained = (await repoOf(cluster).query({ limit: 10, changes: ["gained"] })).items;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(gained).toHaveLength(1);
    expect(gained[0]).toMatchObject({ subject: { kind: "ServiceAccount", namespace: "shop", name: "api" }, permission: { verb: "get", resource: "secrets", namespace: "shop" }, risk: "high", seenAtStart: false });
    expect(gained[0].via![0]).toEqual({ binding: { kind: "RoleBinding", namespace: "shop", name: "api-secrets" }, role: { kind: "ClusterRole", name: "secret-reader" }, rule: 0 });
    expect(gained[0].cause).toMatchObject({ kind: "RoleBinding", name: "api-secrets", resourceVersion: "10" });
    // the event stream is told once the entries are in the database: created + gained
    expect(written).toEqual([2]);

    store.remove(grant("10"));
    store.flush();
    await rec.whenIdle();
    const lost = (await repoOf(cluster).query({ limit: 10, changes: ["lost", "deleted"] })).items;
    expect(lost.map((e) => e.change).sort()).toEqual(["deleted", "lost"]);
    expect(rec.status()).toMatchObject({ state: "recording", backend: backend.name, cluster });
    await rec.stop();

    // while not running: the binding comes back for another subject
    store.upsert(grant("20", [saSubject("worker", "shop")]));
    store.flush();
    const again = new HistoryRecorder({ store, open: opener(cluster), ...fast }).start();
    const seenWritten: number[] = [];
    again.onWritten((n) => seenWritten.push(n));
    await again.whenIdle();
    expect(seenWritten).toEqual([2]);
    const seen = (await repoOf(cluster).query({ limit: 10, since: new Date(t0) })).items.filter((e) => e.seenAtStart);
    expect(seen.map((e) => `${e.change} ${e.subject?.name ?? e.cause.name}`).sort()).toEqual(["created api-secrets", "gained worker"]);
    await again.stop();
  });

  it("two recorders following the same changes (replicas) record each change once", async () => {
    const cluster = `rec-${++seq}`;
    const a = newStore([reader]);
    const b = newStore([reader]);
    const ra = new HistoryRecorder({ store: a, open: opener(cluster), ...fast }).start();
    const rb = new HistoryRecorder({ store: b, open: opener(cluster), ...fast }).start();
    await Promise.all([ra.whenIdle(), rb.whenIdle()]);
    for (let i = 0; i < 5; i++) {
      for (const s of [a, b]) {
        s.upsert(grant(String(100 + i), i % 2 ? [saSubject("api", "shop")] : [saSubject("worker", "shop")]));
        s.flush();
      }
      await Promise.all([ra.whenIdle(), rb.whenIdle()]);
    }
    const items = (await repoOf(cluster).query({ limit: 100 })).items;
    const keys = items.map((e) => `${e.change}|${e.cause.resourceVersion}|${e.subject?.name ?? ""}`);
    expect(new Set(keys).size).toBe(keys.length);
    // created, then 4 changes each moving the grant between two subjects: a gain and a loss each
    expect(items.filter((e) => e.change === "gained")).toHaveLength(5);
    expect(items.filter((e) => e.change === "lost")).toHaveLength(4);
    expect(ra.status().recorded + rb.status().recorded).toBe(items.length);
    await Promise.all([ra.stop(), rb.stop()]);
  });

  it("retries a failed write and loses no change", async () => {
    const cluster = `rec-${++seq}`;
    const store = newStore([reader]);
    let failures = 3;
    const open = async () => {
      const repo = Object.assign(repoOf(cluster), { close: async () => {} });
      const record = repo.record.bind(repo);
      repo.record = async (batch) => {
        if (batch.entries.length && failures-- > 0) throw new Error("connection reset");
        return record(batch);
      };
      return repo;
    };
    const rec = new HistoryRecorder({ store, open, ...fast }).start();
    await rec.whenIdle();
    store.upsert(grant("30"));
    store.flush();
    const states = new Set<string>();
    const t = setInterval(() => states.add(rec.status().state), 5);
    await rec.whenIdle();
    clearInterval(t);
    expect(states.has("unavailable")).toBe(true);
    expect(failures).toBeLessThan(0);
    expect((await repoOf(cluster).query({ limit: 10, changes: ["gained"] })).items).toHaveLength(1);
    await rec.stop();
  });

  it("with the queue over its limit while the database is down, finds the dropped changes by comparison when it is back", async () => {
    const cluster = `rec-${++seq}`;
    const store = newStore([reader]);
    let down = false;
    const open = async () => {
      const repo = Object.assign(repoOf(cluster), { close: async () => {} });
      const record = repo.record.bind(repo);
      repo.record = async (batch) => {
        if (down) throw new Error("database down");
        return record(batch);
      };
      return repo;
    };
    const rec = new HistoryRecorder({ store, open, ...fast, maxQueued: 1 }).start();
    await rec.whenIdle();
    down = true;
    for (let i = 0; i < 3; i++) {
      store.upsert(grant(String(40 + i), [saSubject(`sa${i}`, "shop")]));
      store.flush();
    }
    await new Promise((res) => setTimeout(res, 300));
    down = false;
    await rec.whenIdle();
    const items = (await repoOf(cluster).query({ limit: 100 })).items;
    // the last state against the recorded one: sa2 gained, as seen after the gap
    expect(items.filter((e) => e.change === "gained").map((e) => [e.subject?.name, e.seenAtStart])).toEqual([["sa2", true]]);
    await rec.stop();
  });
});

describe("history recorder without a database", () => {
  it("says history is unavailable and leaves the store serving", async () => {
    const store = newStore([reader]);
    const rec = new HistoryRecorder({ store, open: async () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:1")), ...fast }).start();
    await new Promise((res) => setTimeout(res, 100));
    expect(rec.status()).toMatchObject({ state: "unavailable", message: expect.stringContaining("ECONNREFUSED") });
    store.upsert(grant("50"));
    store.flush();
    expect(store.snapshot().objects.RoleBinding.size).toBe(1);
    expect(rec.repository()).toBeUndefined();
    await rec.stop();
  });
});

// npm run bench:history — the RBAC history: entries written per second on PGlite (on disk) and
// PostgreSQL (a throwaway server, as the integration suite runs it), the query time of one
// ServiceAccount's timeline and of the feed's first page over BENCH_HISTORY_ENTRIES entries
// (default 1,000,000), and what the recorder adds to a store update (10k ServiceAccounts, 50k
// RoleBindings; 1,000 binding updates, p50/p95 of the store's flush with and without it).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startPostgres } from "@/cluster/postgres";
import { serviceAccountHistorySubjects } from "@/lib/api/history";
import { openPglite, openPostgres, type Db } from "@/lib/history/db";
import { HistoryRecorder } from "@/lib/history/recorder";
import { HistoryRepository } from "@/lib/history/repository";
import type { NewEntry } from "@/lib/history/types";
import { SnapshotStore } from "@/lib/store/store";
import { KINDS, type KubeObject } from "@/lib/store/types";

const TOTAL = Number(process.env.BENCH_HISTORY_ENTRIES || 1_000_000);
const BATCH = 5000;
const quiet = { info() {}, warn() {}, error() {} } as never;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ms = (n: number) => `${n.toFixed(2)} ms`;

function entry(i: number): NewEntry {
  const ns = `ns-${i % 500}`;
  const sa = `sa-${i % 10_000}`;
  return {
    change: i % 3 === 0 ? "lost" : "gained",
    at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    seenAtStart: false,
    subject: { kind: "ServiceAccount", namespace: ns, name: sa },
    namespace: ns,
    permission: { namespace: ns, verb: ["get", "list", "watch", "create"][i % 4], apiGroup: "", resource: ["pods", "secrets", "configmaps"][i % 3] },
    risk: i % 3 === 1 ? "high" : "none",
    via: [{ binding: { kind: "RoleBinding", namespace: ns, name: `rb-${i % 50_000}` }, role: { kind: "Role", namespace: ns, name: `role-${i % 100}` }, rule: 0 }],
    cause: { kind: "RoleBinding", namespace: ns, name: `rb-${i % 50_000}`, uid: `uid-${i % 50_000}`, resourceVersion: String(i) },
  };
}

async function backend(name: string, db: Db) {
  const repo = new HistoryRepository(db, "bench");
  await repo.migrate();
  const t0 = performance.now();
  for (let i = 0; i < TOTAL; i += BATCH) await repo.record({ entries: Array.from({ length: Math.min(BATCH, TOTAL - i) }, (_, j) => entry(i + j)) });
  const secs = (performance.now() - t0) / 1000;
  const times = async (f: () => Promise<unknown>) => {
    const out: number[] = [];
    for (let i = 0; i < 21; i++) {
      const t = performance.now();
      await f();
      out.push(performance.now() - t);
    }
    return out;
  };
  const feed = await times(() => repo.query({ limit: 50 }));
  const sa = await times(() => repo.query({ limit: 50, subjects: serviceAccountHistorySubjects("ns-7", "sa-7") }));
  const risky = await times(() => repo.query({ limit: 50, risks: ["critical", "high"], namespace: "ns-3" }));
  console.log(`${name}: ${TOTAL.toLocaleString()} entries written in ${secs.toFixed(1)} s = ${Math.round(TOTAL / secs).toLocaleString()} entries/s (batches of ${BATCH})`);
  console.log(`${name}: feed first page p50 ${ms(pct(feed, 50))} p95 ${ms(pct(feed, 95))}; one SA's timeline p50 ${ms(pct(sa, 50))} p95 ${ms(pct(sa, 95))}; high+ in one namespace p50 ${ms(pct(risky, 50))}`);
  await db.close();
}

async function recorderOverhead() {
  const objects: KubeObject[] = [];
  for (let n = 0; n < 500; n++) {
    objects.push({ kind: "Namespace", metadata: { name: `ns-${n}`, uid: `ns-${n}`, resourceVersion: "1" } });
    objects.push({ kind: "Role", metadata: { name: "reader", namespace: `ns-${n}`, uid: `role-${n}`, resourceVersion: "1" }, rules: [{ verbs: ["get", "list"], apiGroups: [""], resources: ["pods", "secrets"] }] });
  }
  for (let i = 0; i < 10_000; i++) objects.push({ kind: "ServiceAccount", metadata: { name: `sa-${i}`, namespace: `ns-${i % 500}`, uid: `sa-${i}`, resourceVersion: "1" } });
  const rb = (i: number, rv: number, sa = i % 10_000): KubeObject => ({
    kind: "RoleBinding",
    metadata: { name: `rb-${i}`, namespace: `ns-${sa % 500}`, uid: `rb-${i}`, resourceVersion: String(rv) },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reader" },
    subjects: [{ kind: "ServiceAccount", name: `sa-${sa}`, namespace: `ns-${sa % 500}` }],
  });
  for (let i = 0; i < 50_000; i++) objects.push(rb(i, 1));
  const run = async (withRecorder: boolean) => {
    const store = new SnapshotStore({ source: { mode: "cluster", label: "bench" }, coalesceMs: 1_000_000 });
    store.replaceAll(objects);
    for (const k of KINDS) store.setKindState(k, { state: "synced" });
    store.flush();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-bench-pglite-"));
    let rec: HistoryRecorder | undefined;
    if (withRecorder) {
      const db = await openPglite({ dir });
      rec = new HistoryRecorder({ store, open: async () => new HistoryRepository(db, "bench"), retentionDays: 0, log: quiet }).start();
      await new HistoryRepository(db, "bench").migrate();
      await rec.whenIdle(300_000);
    }
    const flush: number[] = [];
    const t0 = performance.now();
    for (let u = 0; u < 1000; u++) {
      const i = (u * 37) % 50_000;
      store.upsert(rb(i, 2 + u, (i + u + 1) % 10_000)); // the binding moves to another ServiceAccount
      const t = performance.now();
      store.flush();
      flush.push(performance.now() - t);
      if (u % 50 === 49) await new Promise((r) => setImmediate(r));
    }
    await rec?.whenIdle(300_000);
    const total = performance.now() - t0;
    await rec?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    return { flush, total, recorded: rec?.status().recorded ?? 0 };
  };
  const off = await run(false);
  const on = await run(true);
  console.log(`store update (flush) without the recorder: p50 ${ms(pct(off.flush, 50))} p95 ${ms(pct(off.flush, 95))}`);
  console.log(`store update (flush) with the recorder:    p50 ${ms(pct(on.flush, 50))} p95 ${ms(pct(on.flush, 95))} (adds p95 ${ms(pct(on.flush, 95) - pct(off.flush, 95))}); 1,000 updates recorded (${on.recorded} entries) in ${(on.total / 1000).toFixed(1)} s incl. diff and writes`);
}

async function main() {
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  await recorderOverhead();
  const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-bench-pglite-"));
  await backend("pglite", await openPglite({ dir: pgDir }));
  fs.rmSync(pgDir, { recursive: true, force: true });
  const pg = await startPostgres();
  try {
    await backend("postgres", await openPostgres(pg.url));
  } finally {
    await pg.stop();
  }
}

void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);

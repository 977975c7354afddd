// The history of a real cluster: Rolecalls (a live source, its store and a recorder, as the
// server composes them) on the local control plane and one database. A RoleBinding granting
// `get secrets` is a "gained" entry with its binding within 2 s, its deletion a "lost" one; two
// Rolecalls on one PostgreSQL record each change once; a change made while Rolecall was stopped
// is recorded at the next start as seen at start.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyYaml, kubectl, waitFor } from "@/cluster/testing";
import { resolveClusterConfig } from "@/lib/source/kubeconfig";
import { LiveSource } from "@/lib/source/live";
import { SnapshotStore } from "@/lib/store/store";
import { BACKENDS } from "./backends.test-helpers";
import { openPostgres, type Db } from "./db";
import { migrate } from "./migrations";
import { HistoryRecorder } from "./recorder";
import { HistoryRepository } from "./repository";
import type { HistoryEntry } from "./types";

const quiet = { info() {}, warn() {}, error() {} } as never;

interface Rolecall {
  store: SnapshotStore;
  source: LiveSource;
  recorder: HistoryRecorder;
  stop(): Promise<void>;
}

/** A Rolecall as lib/server composes one: the live source into a store, the recorder following it. */
function startRolecall(db: Db, cluster: string): Rolecall {
  const cfg = resolveClusterConfig({ KUBECONFIG: process.env.ROLECALL_TEST_KUBECONFIG ?? process.env.KUBECONFIG });
  if (!cfg || !("kc" in cfg)) throw new Error("no test kubeconfig");
  const store = new SnapshotStore({ source: cfg.info });
  const source = new LiveSource({ kc: cfg.kc, info: cfg.info });
  source.start(store);
  // the database outlives each Rolecall here (the test closes it)
  const open = async () => Object.assign(new HistoryRepository(db, cluster), { close: async () => {} });
  const recorder = new HistoryRecorder({ store, open, retentionDays: 90, log: quiet }).start();
  return {
    store,
    source,
    recorder,
    async stop() {
      await recorder.stop();
      await source.stop();
      store.close();
    },
  };
}

const role = (ns: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: secret-reader, namespace: ${ns}}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: api, namespace: ${ns}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: worker, namespace: ${ns}}
`;
const binding = (ns: string, name: string, sa: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${name}, namespace: ${ns}}
subjects: [{kind: ServiceAccount, name: ${sa}, namespace: ${ns}}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader}
`;

describe.each(BACKENDS)("RBAC history of the local control plane on $name", (backend) => {
  const ns = `history-${backend.name}-${crypto.randomBytes(3).toString("hex")}`;
  const cluster = `live-${crypto.randomBytes(3).toString("hex")}`;
  let db: Db;
  const running: Rolecall[] = [];
  const entries = async (q: Partial<Parameters<HistoryRepository["query"]>[0]> = {}) => (await new HistoryRepository(db, cluster).query({ limit: 500, namespace: ns, ...q })).items;
  const find = (items: HistoryEntry[], change: string, sa: string) => items.find((e) => e.change === change && e.subject?.name === sa && e.permission?.resource === "secrets");

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await kubectl(["create", "namespace", ns]);
    await applyYaml(role(ns), ns);
  });
  afterAll(async () => {
    for (const r of running) await r.stop().catch(() => {});
    await kubectl(["delete", "namespace", ns, "--wait=false"]);
    await db?.close();
  });

  it("records a RoleBinding granting get secrets as gained within 2 s, with its binding, and its deletion as lost", async () => {
    const rc = startRolecall(db, cluster);
    running.push(rc);
    await rc.recorder.whenIdle(60_000);

    const t0 = Date.now();
    await applyYaml(binding(ns, "api-secrets", "api"), ns);
    const gained = await waitFor(async () => find(await entries(), "gained", "api"), 5000, 20);
    const took = Date.now() - t0;
    expect(took).toBeLessThan(2000);
    expect(gained).toMatchObject({
      subject: { kind: "ServiceAccount", namespace: ns, name: "api" },
      permission: { namespace: ns, verb: "get", resource: "secrets" },
      risk: "high",
      seenAtStart: false,
      cause: { kind: "RoleBinding", namespace: ns, name: "api-secrets" },
    });
    expect(gained.via).toEqual([{ binding: { kind: "RoleBinding", namespace: ns, name: "api-secrets" }, role: { kind: "Role", namespace: ns, name: "secret-reader" }, rule: 0 }]);
    const uid = JSON.parse((await kubectl(["get", "rolebinding", "api-secrets", "-n", ns, "-o", "json"])).stdout).metadata.uid;
    expect(gained.cause.uid).toBe(uid);

    await kubectl(["delete", "rolebinding", "api-secrets", "-n", ns]);
    const lost = await waitFor(async () => find(await entries(), "lost", "api"), 5000, 20);
    expect(lost.cause).toMatchObject({ kind: "RoleBinding", name: "api-secrets", uid });
    expect((await entries({ changes: ["deleted"] })).map((e) => e.cause.name)).toContain("api-secrets");
  });

  if (backend.urlOf) {
    it("two Rolecalls on one PostgreSQL record each change once", async () => {
      const other = await openPostgres(backend.urlOf!(db));
      const second = startRolecall(other, cluster);
      running.push(second);
      try {
        await second.recorder.whenIdle(60_000);
        await applyYaml(binding(ns, "worker-secrets", "worker"), ns);
        await waitFor(async () => find(await entries(), "gained", "worker"), 5000, 20);
        await kubectl(["delete", "rolebinding", "worker-secrets", "-n", ns]);
        await waitFor(async () => find(await entries(), "lost", "worker"), 5000, 20);
        await Promise.all(running.map((r) => r.recorder.whenIdle()));
        const items = await entries();
        const worker = items.filter((e) => e.subject?.name === "worker" || e.cause.name === "worker-secrets");
        expect(worker.map((e) => e.change).sort()).toEqual(["created", "deleted", "gained", "lost"]);
        const keys = items.map((e) => `${e.cause.uid}|${e.cause.resourceVersion}|${e.change}|${e.subject?.name ?? ""}|${e.permission?.verb ?? ""}`);
        expect(new Set(keys).size).toBe(keys.length);
      } finally {
        await second.stop();
        running.splice(running.indexOf(second), 1);
        await other.close();
      }
    });
  }

  it("records a change made while Rolecall was stopped as seen at start", async () => {
    for (const r of running.splice(0)) await r.stop();
    await applyYaml(binding(ns, "while-stopped", "worker"), ns);
    const rc = startRolecall(db, cluster);
    running.push(rc);
    await rc.recorder.whenIdle(60_000);
    const items = await entries();
    const gained = items.find((e) => e.change === "gained" && e.cause.name === "while-stopped");
    expect(gained).toMatchObject({ seenAtStart: true, subject: { name: "worker" }, via: [{ binding: { name: "while-stopped" } }] });
    expect(items.find((e) => e.change === "created" && e.cause.name === "while-stopped")?.seenAtStart).toBe(true);
  });
});

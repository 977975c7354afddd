// The history repository, the same suite against PGlite and a real PostgreSQL: idempotent
// writes (two writers, one entry), the recorded objects, the feed's filters and cursor,
// retention, and the migrations from every earlier schema version.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "@/lib/store/types";
import { BACKENDS } from "./backends.test-helpers";
import type { Db } from "./db";
import { LATEST, MIGRATIONS, migrate, schemaVersion } from "./migrations";
import { HistoryRepository } from "./repository";
import type { NewEntry } from "./types";

const binding = (uid: string, rv: string): KubeObject => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: { name: `rb-${uid}`, namespace: "shop", uid, resourceVersion: rv },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "secret-reader" },
  subjects: [{ kind: "ServiceAccount", name: "api", namespace: "shop" }],
});

function gained(uid: string, rv: string, at: string, over: Partial<NewEntry> = {}): NewEntry {
  return {
    change: "gained",
    at,
    seenAtStart: false,
    subject: { kind: "ServiceAccount", namespace: "shop", name: "api" },
    namespace: "shop",
    permission: { namespace: "shop", verb: "get", apiGroup: "", resource: "secrets" },
    risk: "high",
    risks: ["secrets-read"],
    via: [{ binding: { kind: "RoleBinding", namespace: "shop", name: `rb-${uid}` }, role: { kind: "ClusterRole", name: "secret-reader" }, rule: 0 }],
    cause: { kind: "RoleBinding", namespace: "shop", name: `rb-${uid}`, uid, resourceVersion: rv },
    ...over,
  };
}

let n = 0;
const cluster = () => `test-${process.pid}-${++n}`;

describe.each(BACKENDS)("history repository on $name", (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
  });
  afterAll(() => db?.close());

  it("records an entry once however often (and by however many writers) it is written", async () => {
    const repo = new HistoryRepository(db, cluster());
    const e = gained("u1", "100", "2026-01-01T10:00:00.000Z");
    expect(await repo.record({ entries: [e] })).toBe(1);
    // the same change seen by a second writer, a moment later
    expect(await repo.record({ entries: [{ ...e, at: "2026-01-01T10:00:01.000Z" }] })).toBe(0);
    const page = await repo.query({ limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ change: "gained", at: "2026-01-01T10:00:00.000Z", subject: { kind: "ServiceAccount", namespace: "shop", name: "api" }, risk: "high", risks: ["secrets-read"] });
    expect(page.items[0].via![0].binding.name).toBe("rb-u1");
    expect(page.items[0].cause).toEqual({ kind: "RoleBinding", namespace: "shop", name: "rb-u1", uid: "u1", resourceVersion: "100" });
    // the same permission lost later (another resourceVersion) is a new entry
    expect(await repo.record({ entries: [gained("u1", "101", "2026-01-01T11:00:00.000Z", { change: "lost" })] })).toBe(1);
  });

  if (backend.urlOf) {
    it("two writers on one database, writing the same changes at once, record each change once", async () => {
      const { openPostgres } = await import("./db");
      const other = await openPostgres(backend.urlOf!(db));
      try {
        const name = cluster();
        const a = new HistoryRepository(db, name);
        const b = new HistoryRepository(other, name);
        const entries = Array.from({ length: 300 }, (_, i) => gained(`c${i}`, String(i), "2026-01-02T00:00:00.000Z"));
        const [x, y] = await Promise.all([a.record({ entries }), b.record({ entries: [...entries].reverse() })]);
        expect(x + y).toBe(300);
        expect((await a.query({ limit: 1000 })).items).toHaveLength(300);
      } finally {
        await other.close();
      }
    });
  }

  it("keeps each cluster's history apart in one database", async () => {
    const a = new HistoryRepository(db, cluster());
    const b = new HistoryRepository(db, cluster());
    await a.record({ entries: [gained("u1", "1", "2026-01-01T00:00:00.000Z")] });
    expect(await b.record({ entries: [gained("u1", "1", "2026-01-01T00:00:00.000Z")] })).toBe(1);
    expect((await a.query({ limit: 10 })).items.map((e) => e.cluster)).toEqual([a.cluster]);
  });

  it("keeps the last recorded state of each object, replaced and removed", async () => {
    const repo = new HistoryRepository(db, cluster());
    await repo.record({ entries: [], put: [{ uid: "u1", object: binding("u1", "1") }, { uid: "u2", object: binding("u2", "1") }] });
    await repo.record({ entries: [], put: [{ uid: "u1", object: binding("u1", "2") }], gone: ["u2"] });
    const got = await repo.recordedObjects();
    expect(got.map((o) => [o.uid, o.object.metadata.resourceVersion])).toEqual([["u1", "2"]]);
    expect(got[0].object).toEqual(binding("u1", "2"));
  });

  it("writes nothing of a batch that fails (one transaction)", async () => {
    const repo = new HistoryRepository(db, cluster());
    const bad = { ...gained("u9", "1", "not a time") };
    await expect(repo.record({ entries: [gained("u8", "1", "2026-01-01T00:00:00.000Z"), bad], put: [{ uid: "u8", object: binding("u8", "1") }] })).rejects.toThrow();
    expect((await repo.query({ limit: 10 })).items).toEqual([]);
    expect(await repo.recordedObjects()).toEqual([]);
  });

  it("finds a role's entries: its own changes and the permissions gained or lost through a binding to it", async () => {
    const repo = new HistoryRepository(db, cluster());
    const at = "2026-01-02T00:00:00.000Z";
    const viaRole = (ns: string, name: string, uid: string) =>
      gained(uid, "1", at, { namespace: ns, via: [{ binding: { kind: "RoleBinding", namespace: ns, name: `rb-${uid}` }, role: { kind: "Role", name }, rule: 0 }] });
    await repo.record({
      entries: [
        gained("c1", "1", at), // through ClusterRole secret-reader
        viaRole("shop", "pod-reader", "r1"),
        viaRole("web", "pod-reader", "r2"), // another namespace's Role of the same name
        { change: "changed", at, seenAtStart: false, namespace: "shop", risk: "none", cause: { kind: "Role", namespace: "shop", name: "pod-reader", uid: "role1", resourceVersion: "2" } },
        { change: "created", at, seenAtStart: false, namespace: "", risk: "none", cause: { kind: "ClusterRole", name: "secret-reader", uid: "cr1", resourceVersion: "1" } },
      ],
    });
    const names = async (role: { kind: "Role" | "ClusterRole"; namespace?: string; name: string }) =>
      (await repo.query({ limit: 10, role })).items.map((e) => `${e.change} ${e.cause.name}`).sort();
    expect(await names({ kind: "Role", namespace: "shop", name: "pod-reader" })).toEqual(["changed pod-reader", "gained rb-r1"]);
    expect(await names({ kind: "Role", namespace: "web", name: "pod-reader" })).toEqual(["gained rb-r2"]);
    expect(await names({ kind: "ClusterRole", name: "secret-reader" })).toEqual(["created secret-reader", "gained rb-c1"]);
    expect(await names({ kind: "ClusterRole", name: "pod-reader" })).toEqual([]);
  });

  describe("the feed", () => {
    const repo = () => new HistoryRepository(db, name);
    let name = "";
    beforeAll(async () => {
      name = cluster();
      const entries: NewEntry[] = [];
      for (let i = 0; i < 25; i++) {
        const at = new Date(Date.UTC(2026, 0, 1, i)).toISOString();
        entries.push(gained(`f${i}`, "1", at, i % 5 === 0 ? { risk: "critical", subject: { kind: "Group", name: "ops" }, namespace: "" } : {}));
        entries.push({ change: "created", at, seenAtStart: i === 24, namespace: i % 2 ? "shop" : "web", risk: "none", cause: { kind: "RoleBinding", namespace: "shop", name: `rb-f${i}`, uid: `f${i}`, resourceVersion: "1" } });
      }
      await repo().record({ entries });
    });

    it("pages newest first with a cursor, every entry once", async () => {
      const seen: string[] = [];
      let before: string | undefined;
      let pages = 0;
      do {
        const page = await repo().query({ limit: 7, ...(before ? { before } : {}) });
        seen.push(...page.items.map((e) => e.id));
        before = page.next;
        pages++;
      } while (before);
      expect(pages).toBe(8); // 50 entries, 7 a page
      expect(new Set(seen).size).toBe(50);
      expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen);
    });

    it("filters by subject, namespace, time, risk and change", async () => {
      const ops = await repo().query({ limit: 100, subjects: [{ kind: "Group", name: "ops" }] });
      expect(ops.items).toHaveLength(5);
      expect(ops.items.every((e) => e.subject?.name === "ops" && e.risk === "critical")).toBe(true);
      const sa = await repo().query({ limit: 100, subjects: [{ kind: "ServiceAccount", namespace: "shop", name: "api" }, { kind: "Group", name: "ops" }] });
      expect(sa.items).toHaveLength(25);
      expect((await repo().query({ limit: 100, namespace: "web" })).items).toHaveLength(13);
      const window = await repo().query({ limit: 100, since: new Date("2026-01-01T10:00:00Z"), until: new Date("2026-01-01T12:00:00Z") });
      expect(window.items.map((e) => e.at).sort()).toEqual(["2026-01-01T10:00:00.000Z", "2026-01-01T10:00:00.000Z", "2026-01-01T11:00:00.000Z", "2026-01-01T11:00:00.000Z"]);
      expect((await repo().query({ limit: 100, risks: ["high"] })).items).toHaveLength(20);
      const created = await repo().query({ limit: 100, changes: ["created"] });
      expect(created.items).toHaveLength(25);
      expect(created.items.filter((e) => e.seenAtStart).map((e) => e.cause.uid)).toEqual(["f24"]);
    });

    it("prunes entries older than the retention, only this cluster's", async () => {
      const other = new HistoryRepository(db, cluster());
      await other.record({ entries: [gained("old", "1", "2026-01-01T00:00:00.000Z")] });
      expect(await repo().prune(new Date("2026-01-01T20:00:00Z"))).toBe(40);
      expect((await repo().query({ limit: 100 })).items).toHaveLength(10);
      expect((await other.query({ limit: 10 })).items).toHaveLength(1);
    });
  });

  it("migrates from every earlier schema version to the latest, keeping the entries", async () => {
    for (let from = 0; from < LATEST; from++) {
      const fresh = await backend.open();
      try {
        if (from > 0) await migrate(fresh, from);
        expect(await schemaVersion(fresh)).toBe(from);
        // an entry written at that version survives the migrations after it
        if (from > 0) await new HistoryRepository(fresh, "m").record({ entries: [gained("m1", "1", "2026-01-01T00:00:00.000Z")] });
        await migrate(fresh);
        expect(await schemaVersion(fresh)).toBe(LATEST);
        expect(await indexesOf(fresh)).toEqual(await indexesOf(db));
        expect(await columnsOf(fresh)).toEqual(await columnsOf(db));
        expect((await new HistoryRepository(fresh, "m").query({ limit: 10 })).items).toHaveLength(from > 0 ? 1 : 0);
        // a second start (or a second replica) finds nothing to do
        expect(await migrate(fresh)).toEqual([]);
      } finally {
        await fresh.close();
      }
    }
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });
});

async function indexesOf(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ d: string }>("SELECT indexdef AS d FROM pg_indexes WHERE tablename LIKE 'history_%' ORDER BY indexname");
  return rows.map((r) => r.d);
}
async function columnsOf(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ c: string }>(
    "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS c FROM information_schema.columns WHERE table_name LIKE 'history_%' ORDER BY 1",
  );
  return rows.map((r) => r.c);
}

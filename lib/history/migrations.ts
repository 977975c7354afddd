import "server-only";
// The history schema, as numbered migrations run at start (the same for PGlite and PostgreSQL).
// A migration is never edited once released: a change is a new one. Several Rolecalls starting
// at once on one PostgreSQL take an advisory lock, so each migration runs once.
import type { Db, Sql } from "./db";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "entries and recorded objects",
    sql: `
CREATE TABLE history_entries (
  id BIGSERIAL PRIMARY KEY,
  cluster TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  seen_at_start BOOLEAN NOT NULL DEFAULT FALSE,
  change TEXT NOT NULL,
  subject_kind TEXT NOT NULL DEFAULT '',
  subject_namespace TEXT NOT NULL DEFAULT '',
  subject_name TEXT NOT NULL DEFAULT '',
  namespace TEXT NOT NULL DEFAULT '',
  permission TEXT NOT NULL DEFAULT '',
  risk TEXT NOT NULL DEFAULT 'none',
  cause_kind TEXT NOT NULL,
  cause_namespace TEXT NOT NULL DEFAULT '',
  cause_name TEXT NOT NULL,
  cause_uid TEXT NOT NULL,
  cause_rv TEXT NOT NULL,
  detail JSONB NOT NULL DEFAULT '{}'::jsonb,
  CONSTRAINT history_entries_once UNIQUE (cluster, cause_uid, cause_rv, change, subject_kind, subject_namespace, subject_name, permission)
);
CREATE INDEX history_entries_feed ON history_entries (cluster, id DESC);
CREATE TABLE history_objects (
  cluster TEXT NOT NULL,
  uid TEXT NOT NULL,
  kind TEXT NOT NULL,
  namespace TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  resource_version TEXT NOT NULL,
  object JSONB NOT NULL,
  PRIMARY KEY (cluster, uid)
);`,
  },
  {
    version: 2,
    name: "indexes for a subject's timeline, a namespace and retention",
    sql: `
CREATE INDEX history_entries_subject ON history_entries (cluster, subject_kind, subject_namespace, subject_name, id DESC);
CREATE INDEX history_entries_namespace ON history_entries (cluster, namespace, id DESC);
CREATE INDEX history_entries_at ON history_entries (at);`,
  },
];

export const LATEST = MIGRATIONS[MIGRATIONS.length - 1].version;

// pg_advisory_xact_lock key: "rolecall" as an int (any constant shared by every Rolecall works).
const LOCK = 0x726f6c65;

async function applied(tx: Sql): Promise<Set<number>> {
  await tx.query("CREATE TABLE IF NOT EXISTS history_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
  const { rows } = await tx.query<{ version: number }>("SELECT version FROM history_schema");
  return new Set(rows.map((r) => Number(r.version)));
}

/** Brings the schema to `upTo` (default: the latest); returns the versions it applied. */
export async function migrate(db: Db, upTo = LATEST): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [LOCK]);
    const done = await applied(tx);
    const ran: number[] = [];
    for (const m of MIGRATIONS) {
      if (m.version > upTo || done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query("INSERT INTO history_schema (version, name) VALUES ($1, $2)", [m.version, m.name]);
      ran.push(m.version);
    }
    return ran;
  });
}

/** The schema version of a database (0: none yet). */
export async function schemaVersion(db: Sql): Promise<number> {
  const { rows } = await db.query<{ v: number | null }>("SELECT max(version) AS v FROM history_schema").catch(() => ({ rows: [{ v: null }] }));
  return Number(rows[0]?.v ?? 0);
}

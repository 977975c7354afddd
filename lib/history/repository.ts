import "server-only";
// The history repository: the one way Rolecall reads and writes its history, over either back
// end (see db.ts). Writes are idempotent: an entry is keyed by cluster, the uid and
// resourceVersion of the object change that caused it, the subject and the permission, so
// several Rolecalls watching one cluster (replicas) record each change once.
import type { KubeObject } from "@/lib/store/types";
import type { Db } from "./db";
import { migrate } from "./migrations";
import { permissionKey, type HistoryEntry, type HistoryPage, type HistoryQuery, type NewEntry } from "./types";

/** An RBAC object as last recorded: what "seen at start" compares the first full list with. */
export interface RecordedObject {
  uid: string;
  object: KubeObject;
}

export interface RecordBatch {
  entries: readonly NewEntry[];
  /** Objects whose state is now this (created or changed). */
  put?: readonly RecordedObject[];
  /** Objects gone (their uid). */
  gone?: readonly string[];
}

interface EntryRow {
  id: string;
  cluster: string;
  at: Date | string;
  seen_at_start: boolean;
  change: string;
  subject_kind: string;
  subject_namespace: string;
  subject_name: string;
  namespace: string;
  risk: string;
  cause_kind: string;
  cause_namespace: string;
  cause_name: string;
  cause_uid: string;
  cause_rv: string;
  detail: Record<string, unknown> | string;
}

const INSERT_ENTRIES = `
INSERT INTO history_entries (cluster, at, seen_at_start, change, subject_kind, subject_namespace, subject_name, namespace,
  permission, risk, cause_kind, cause_namespace, cause_name, cause_uid, cause_rv, detail)
SELECT $1, u.at::timestamptz, u.seen_at_start, u.change, u.subject_kind, u.subject_namespace, u.subject_name, u.namespace,
  u.permission, u.risk, u.cause_kind, u.cause_namespace, u.cause_name, u.cause_uid, u.cause_rv, u.detail::jsonb
FROM unnest($2::text[], $3::boolean[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
  $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])
  AS u(at, seen_at_start, change, subject_kind, subject_namespace, subject_name, namespace, permission, risk,
  cause_kind, cause_namespace, cause_name, cause_uid, cause_rv, detail)
ON CONFLICT ON CONSTRAINT history_entries_once DO NOTHING`;

const PUT_OBJECTS = `
INSERT INTO history_objects (cluster, uid, kind, namespace, name, resource_version, object)
SELECT $1, u.uid, u.kind, u.namespace, u.name, u.rv, u.object::jsonb
FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(uid, kind, namespace, name, rv, object)
ON CONFLICT (cluster, uid) DO UPDATE SET kind = EXCLUDED.kind, namespace = EXCLUDED.namespace, name = EXCLUDED.name,
  resource_version = EXCLUDED.resource_version, object = EXCLUDED.object`;

/** Rows per statement: a store's first list can be 100,000 objects. */
const CHUNK = 2000;

function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/** The idempotency key's parts (with the cluster): which change, of which subject and permission. */
function entryKey(e: NewEntry): string[] {
  return [e.cause.uid, e.cause.resourceVersion, e.change, e.subject?.kind ?? "", e.subject?.namespace ?? "", e.subject?.name ?? "", e.permission ? permissionKey(e.permission) : ""];
}
function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

function toEntry(r: EntryRow): HistoryEntry {
  const d = (typeof r.detail === "string" ? JSON.parse(r.detail) : r.detail) as Partial<NewEntry>;
  return {
    id: String(r.id),
    cluster: r.cluster,
    change: r.change as HistoryEntry["change"],
    at: new Date(r.at).toISOString(),
    seenAtStart: r.seen_at_start,
    ...(r.subject_kind ? { subject: { kind: r.subject_kind, ...(r.subject_namespace ? { namespace: r.subject_namespace } : {}), name: r.subject_name } } : {}),
    namespace: r.namespace,
    ...(d.permission ? { permission: d.permission } : {}),
    risk: r.risk as HistoryEntry["risk"],
    ...(d.risks?.length ? { risks: d.risks } : {}),
    ...(d.via ? { via: d.via } : {}),
    cause: { kind: r.cause_kind, ...(r.cause_namespace ? { namespace: r.cause_namespace } : {}), name: r.cause_name, uid: r.cause_uid, resourceVersion: r.cause_rv },
    ...(d.fields ? { fields: d.fields } : {}),
  };
}

export class HistoryRepository {
  constructor(
    readonly db: Db,
    /** ROLECALL_CLUSTER_NAME: whose history this is, in a database several clusters share. */
    readonly cluster: string,
  ) {}

  get backend(): Db["backend"] {
    return this.db.backend;
  }

  /** Runs the migrations not yet applied. */
  async migrate(): Promise<void> {
    await migrate(this.db);
  }

  /** Writes entries and the recorded objects' state in one transaction; returns how many entries were new. */
  async record(batch: RecordBatch): Promise<number> {
    return this.db.transaction(async (tx) => {
      let added = 0;
      // In key order: two writers inserting the same entries then lock them in the same order
      // (in any other order, each can wait on a row the other inserted: a deadlock).
      const entries = [...batch.entries].sort((a, b) => compareKeys(entryKey(a), entryKey(b)));
      for (const part of chunks(entries)) {
        const col = <T>(f: (e: NewEntry) => T) => part.map(f);
        const { count } = await tx.query(INSERT_ENTRIES, [
          this.cluster,
          col((e) => e.at),
          col((e) => e.seenAtStart),
          col((e) => e.change),
          col((e) => e.subject?.kind ?? ""),
          col((e) => e.subject?.namespace ?? ""),
          col((e) => e.subject?.name ?? ""),
          col((e) => e.namespace),
          col((e) => (e.permission ? permissionKey(e.permission) : "")),
          col((e) => e.risk),
          col((e) => e.cause.kind),
          col((e) => e.cause.namespace ?? ""),
          col((e) => e.cause.name),
          col((e) => e.cause.uid),
          col((e) => e.cause.resourceVersion),
          col((e) => JSON.stringify({ permission: e.permission, risks: e.risks, via: e.via, fields: e.fields })),
        ]);
        added += count;
      }
      for (const part of chunks(batch.put ?? [])) {
        await tx.query(PUT_OBJECTS, [
          this.cluster,
          part.map((o) => o.uid),
          part.map((o) => o.object.kind),
          part.map((o) => o.object.metadata.namespace ?? ""),
          part.map((o) => o.object.metadata.name),
          part.map((o) => o.object.metadata.resourceVersion ?? ""),
          part.map((o) => JSON.stringify(o.object)),
        ]);
      }
      for (const part of chunks(batch.gone ?? [])) await tx.query("DELETE FROM history_objects WHERE cluster = $1 AND uid = ANY($2::text[])", [this.cluster, part]);
      return added;
    });
  }

  /** Every object as last recorded (empty on a first start). */
  async recordedObjects(): Promise<RecordedObject[]> {
    const { rows } = await this.db.query<{ uid: string; object: KubeObject | string }>("SELECT uid, object FROM history_objects WHERE cluster = $1", [this.cluster]);
    return rows.map((r) => ({ uid: r.uid, object: typeof r.object === "string" ? (JSON.parse(r.object) as KubeObject) : r.object }));
  }

  /** One page of entries, newest first. */
  async query(q: HistoryQuery): Promise<HistoryPage> {
    const where = ["cluster = $1"];
    const params: unknown[] = [this.cluster];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (q.subjects?.length) {
      where.push(
        `(${q.subjects.map((s) => `(subject_kind = ${p(s.kind)} AND subject_namespace = ${p(s.namespace ?? "")} AND subject_name = ${p(s.name)})`).join(" OR ")})`,
      );
    }
    if (q.role) {
      // a Role is referred to from its own namespace's bindings only
      const via = [{ role: { kind: q.role.kind, name: q.role.name }, ...(q.role.kind === "Role" ? { binding: { namespace: q.role.namespace } } : {}) }];
      where.push(
        `((cause_kind = ${p(q.role.kind)} AND cause_namespace = ${p(q.role.namespace ?? "")} AND cause_name = ${p(q.role.name)}) OR detail->'via' @> ${p(JSON.stringify(via))}::jsonb)`,
      );
    }
    if (q.namespace !== undefined) where.push(`namespace = ${p(q.namespace)}`);
    if (q.since) where.push(`at >= ${p(q.since.toISOString())}::timestamptz`);
    if (q.until) where.push(`at < ${p(q.until.toISOString())}::timestamptz`);
    if (q.risks?.length) where.push(`risk = ANY(${p(q.risks)}::text[])`);
    if (q.changes?.length) where.push(`change = ANY(${p(q.changes)}::text[])`);
    if (q.before !== undefined) where.push(`id < ${p(q.before)}::bigint`);
    const sql = `SELECT id::text AS id, cluster, at, seen_at_start, change, subject_kind, subject_namespace, subject_name, namespace, risk,
      cause_kind, cause_namespace, cause_name, cause_uid, cause_rv, detail
      FROM history_entries WHERE ${where.join(" AND ")} ORDER BY history_entries.id DESC LIMIT ${p(q.limit + 1)}`;
    const { rows } = await this.db.query<EntryRow>(sql, params);
    const items = rows.slice(0, q.limit).map(toEntry);
    return rows.length > q.limit ? { items, next: items[items.length - 1].id } : { items };
  }

  /** Deletes this cluster's entries older than `before`; returns how many. */
  async prune(before: Date): Promise<number> {
    const { count } = await this.db.query("DELETE FROM history_entries WHERE cluster = $1 AND at < $2::timestamptz", [this.cluster, before.toISOString()]);
    return count;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

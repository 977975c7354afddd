import "server-only";
// The two back ends behind one small SQL interface: the same statements, the same migrations.
// PGlite (PostgreSQL compiled to WebAssembly, in this process, data in a folder) by default;
// PostgreSQL through node-postgres when several Rolecalls share one history.
import fs from "node:fs";
import type { Pool } from "pg";

export interface Sql {
  /** Runs one statement with $1… parameters; `count` is the rows it inserted, updated or deleted. */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: T[]; count: number }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface Db extends Sql {
  readonly backend: "pglite" | "postgres";
  /** Runs `fn` in one transaction: all its statements or none. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * PGlite in `dir` (created if missing), or in memory when `dir` is undefined (tests). A new
 * database runs initdb in WebAssembly (seconds); `template`, a dumped data directory, skips it.
 */
export async function openPglite(opts: { dir?: string; template?: Blob } = {}): Promise<Db> {
  const { PGlite } = await import("@electric-sql/pglite");
  let unlock = () => {};
  if (opts.dir) {
    fs.mkdirSync(opts.dir, { recursive: true });
    unlock = lockFolder(opts.dir);
  }
  let pg;
  try {
    pg = await PGlite.create({ ...(opts.dir ? { dataDir: opts.dir } : {}), ...(opts.template ? { loadDataDir: opts.template } : {}) });
  } catch (e) {
    unlock();
    throw e;
  }
  type Q = { query: (t: string, p?: unknown[]) => Promise<{ rows: unknown[]; affectedRows?: number }>; exec: (t: string) => Promise<unknown> };
  const wrap = (q: Q): Sql => ({
    async query<T>(text: string, params: readonly unknown[] = []) {
      const r = await q.query(text, [...params]);
      return { rows: r.rows as T[], count: r.affectedRows ?? 0 };
    },
    async exec(text: string) {
      await q.exec(text);
    },
  });
  const sql = wrap(pg as unknown as Q);
  return {
    backend: "pglite",
    query: sql.query,
    exec: sql.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx as unknown as Q))),
    close: () => pg.close().finally(unlock),
  };
}

/**
 * PGlite is one process's database: a second Rolecall on the same folder (two `npm start`, or
 * test servers sharing a home) would write the same files at once. The folder is taken with a
 * lock file holding the owner's pid; a lock whose process is gone is taken over. Returns the
 * release; throws, naming the owner, when another live process holds it.
 */
export function lockFolder(dir: string): () => void {
  const file = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        process.off("exit", release);
        fs.rmSync(file, { force: true });
      };
      process.on("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = Number(fs.readFileSync(file, "utf8"));
      if (owner && (owner === process.pid || alive(owner))) throw new Error(`the history folder ${dir} is in use by another Rolecall (pid ${owner}${owner === process.pid ? ", this one" : ""}); give this one its own ROLECALL_DATA_DIR, or share a PostgreSQL with ROLECALL_DATABASE_URL`);
      fs.rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  throw new Error(`cannot take the lock ${file}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** PostgreSQL at `url` (a libpq connection string). Fails if it cannot connect now. */
export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Db> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 4, connectionTimeoutMillis: 5000 });
  // An idle connection dropped by the server must not crash the process: the next query reconnects.
  pool.on("error", () => {});
  const wrap = (q: { query: Pool["query"] }): Sql => ({
    async query<T>(text: string, params: readonly unknown[] = []) {
      const r = await q.query(text, [...params]);
      return { rows: r.rows as T[], count: r.rowCount ?? 0 };
    },
    async exec(text: string) {
      await q.query(text); // no parameters: the simple protocol, which takes several statements
    },
  });
  const sql = wrap(pool);
  await sql.query("SELECT 1");
  return {
    backend: "postgres",
    query: sql.query,
    exec: sql.exec,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const out = await fn(wrap(client as unknown as { query: Pool["query"] }));
        await client.query("COMMIT");
        return out;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

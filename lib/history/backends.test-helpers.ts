// The two back ends the history tests run the same suites against: PGlite (in memory) and the
// integration run's throwaway PostgreSQL (see cluster/postgres-global-setup.ts), a new database
// per call so each suite starts empty.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { openPglite, openPostgres, type Db } from "./db";

let template: Promise<Blob> | undefined;

/**
 * An empty PGlite data directory, made once and kept in node_modules/.cache (per PGlite
 * version): initdb in WebAssembly takes seconds, loading a dump a fraction of it.
 */
function pgliteTemplate(): Promise<Blob> {
  return (template ??= (async () => {
    const version = (JSON.parse(fs.readFileSync(path.resolve("node_modules/@electric-sql/pglite/package.json"), "utf8")) as { version: string }).version;
    const file = path.resolve("node_modules/.cache/rolecall", `pglite-${version}.tar.gz`);
    if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
    const { PGlite } = await import("@electric-sql/pglite");
    const db = await PGlite.create();
    const dump = await db.dumpDataDir("gzip");
    await db.close();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file);
    return dump;
  })());
}

export interface Backend {
  name: "pglite" | "postgres";
  /** A new, empty database. */
  open(): Promise<Db>;
  /** The connection string of that database (PostgreSQL only), for a second writer. */
  urlOf?(db: Db): string;
}

const urls = new WeakMap<Db, string>();

/** A new empty database in the run's PostgreSQL; its connection string. */
export async function newPostgresDatabase(): Promise<string> {
  const admin = inject("postgresUrl");
  const name = `t_${crypto.randomBytes(6).toString("hex")}`;
  const db = await openPostgres(admin, { max: 1 });
  try {
    await db.query(`CREATE DATABASE ${name}`);
  } finally {
    await db.close();
  }
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

export const BACKENDS: Backend[] = [
  { name: "pglite", open: async () => openPglite({ template: await pgliteTemplate() }) },
  {
    name: "postgres",
    async open() {
      const url = await newPostgresDatabase();
      const db = await openPostgres(url);
      urls.set(db, url);
      return db;
    },
    urlOf: (db) => urls.get(db)!,
  },
];

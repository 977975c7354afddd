// Where the history is kept and for how long, from the environment:
//   ROLECALL_DATABASE_URL   PostgreSQL (node-postgres connection string): one history several
//                           Rolecalls share (replicas, or the Rolecalls of several clusters)
//   ROLECALL_DATA_DIR       the embedded database's folder (default: rolecall/ in the user's cache)
//   ROLECALL_CLUSTER_NAME   whose history it is in a shared database (default "default")
//   ROLECALL_HISTORY_DAYS   retention in days (default 90; 0 keeps everything)
//   ROLECALL_HISTORY=off    no history
// Recorded by default for a live cluster; for manifests or the bundled examples only when a
// database or data folder is given.
import os from "node:os";
import path from "node:path";

export interface HistoryConfig {
  enabled: boolean;
  /** Why it is off. */
  reason?: string;
  databaseUrl?: string;
  /** The PGlite folder (when no databaseUrl). */
  dataDir: string;
  cluster: string;
  retentionDays: number;
}

export const DEFAULT_RETENTION_DAYS = 90;

const CLUSTER_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

export function historyConfig(env: Record<string, string | undefined>, live: boolean, home = os.homedir()): HistoryConfig {
  const cacheRoot = env.XDG_CACHE_HOME || path.join(home, ".cache");
  const dataDir = path.join(env.ROLECALL_DATA_DIR || path.join(cacheRoot, "rolecall"), "history");
  const cluster = env.ROLECALL_CLUSTER_NAME || "default";
  const base = { dataDir, cluster, retentionDays: DEFAULT_RETENTION_DAYS, ...(env.ROLECALL_DATABASE_URL ? { databaseUrl: env.ROLECALL_DATABASE_URL } : {}) };
  const off = (reason: string): HistoryConfig => ({ ...base, enabled: false, reason });
  if (env.ROLECALL_HISTORY === "off") return off("turned off (ROLECALL_HISTORY=off)");
  const days = env.ROLECALL_HISTORY_DAYS;
  if (days !== undefined && days !== "" && !/^\d{1,6}$/.test(days)) return off(`ROLECALL_HISTORY_DAYS must be a whole number of days (0 keeps everything), not "${days.slice(0, 20)}"`);
  if (!CLUSTER_NAME.test(cluster)) return off("ROLECALL_CLUSTER_NAME must be 1-63 letters, digits, '-', '_' or '.'");
  const retentionDays = days ? Number(days) : DEFAULT_RETENTION_DAYS;
  if (!live && !env.ROLECALL_DATABASE_URL && !env.ROLECALL_DATA_DIR) return off("recorded for a live cluster (or with ROLECALL_DATA_DIR or ROLECALL_DATABASE_URL set)");
  return { ...base, retentionDays, enabled: true };
}

/** The connection string without its password, for logs and the status. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(not a URL)";
  }
}

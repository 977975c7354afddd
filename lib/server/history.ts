import "server-only";
// The history recorder of this server process, beside the store: started once (instrumentation)
// and kept on globalThis like the store, because Next loads this module more than once and
// the routes must find the recorder the first instance started.
import { ApiError } from "@/lib/api/errors";
import { log } from "@/lib/log";
import { historyConfig, redactUrl, type HistoryConfig } from "@/lib/history/config";
import { openPglite, openPostgres } from "@/lib/history/db";
import { HistoryRecorder, type HistoryStatus } from "@/lib/history/recorder";
import { HistoryRepository } from "@/lib/history/repository";
import { isLiveSource } from "@/lib/rbac/aggregation";
import type { Store } from "@/lib/store/contract";

const KEY = Symbol.for("rolecall.history");
interface Registry {
  config: HistoryConfig;
  recorder?: HistoryRecorder;
}
const g = globalThis as typeof globalThis & { [KEY]?: Registry };

/** Opens the configured back end, migrated. */
export async function openHistory(config: HistoryConfig): Promise<HistoryRepository> {
  const db = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openPglite({ dir: config.dataDir });
  const repo = new HistoryRepository(db, config.cluster);
  try {
    await repo.migrate();
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
  return repo;
}

/** Starts the recorder of the process's store (once) if the configuration asks for one. */
export function startHistory(store: Store, env: Record<string, string | undefined> = process.env): void {
  if (g[KEY]) return;
  const config = historyConfig(env, isLiveSource(store.snapshot().source));
  const reg: Registry = { config };
  g[KEY] = reg;
  if (!config.enabled) {
    log.info({ reason: config.reason }, "history: off");
    return;
  }
  log.info({ backend: config.databaseUrl ? `postgres ${redactUrl(config.databaseUrl)}` : `pglite ${config.dataDir}`, cluster: config.cluster, retentionDays: config.retentionDays }, "history: starting");
  reg.recorder = new HistoryRecorder({ store, open: () => openHistory(config), retentionDays: config.retentionDays }).start();
}

/** The recorder, if history is on in this process. */
export function historyRecorder(): HistoryRecorder | undefined {
  return g[KEY]?.recorder;
}

/** Calls `listener` whenever history entries are written; nothing happens while history is off. */
export function onHistoryWritten(listener: (entries: number) => void): () => void {
  return historyRecorder()?.onWritten(listener) ?? (() => {});
}

/** What the status and the History page say about the history. */
export function historyStatus(): HistoryStatus {
  const reg = g[KEY];
  if (!reg) return { state: "off", message: "not started", queued: 0, recorded: 0 };
  if (!reg.recorder) return { state: "off", ...(reg.config.reason ? { message: reg.config.reason } : {}), queued: 0, recorded: 0 };
  return reg.recorder.status();
}

/** Stops the recorder and forgets it (tests). */
export async function resetHistoryForTests(): Promise<void> {
  const reg = g[KEY];
  delete g[KEY];
  await reg?.recorder?.stop();
}

/** The repository to answer from, or a 503 saying why history is not available. */
export function historyRepositoryOrFail(): HistoryRepository {
  const repo = historyRecorder()?.repository();
  if (repo) return repo;
  const s = historyStatus();
  throw new ApiError(503, `history is ${s.state === "off" ? "off" : "unavailable"}${s.message ? `: ${s.message}` : ""}`);
}

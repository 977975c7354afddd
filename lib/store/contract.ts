import type { ChangeEvent, Snapshot } from "./types";

/**
 * The one store per server process. `lib/server/store.ts` exports `getStore(): Store`, which
 * picks the source from the environment (cluster, ROLECALL_MANIFESTS, or the bundled
 * examples) on first use and keeps it on globalThis.
 */
export interface Store {
  /** The current immutable snapshot; cheap to call per request. */
  snapshot(): Snapshot;
  /** Called after every new snapshot with what changed. Returns an unsubscribe function. */
  subscribe(listener: (event: ChangeEvent) => void): () => void;
  /** True once every kind has finished its first list (or was found not permitted). */
  isSynced(): boolean;
  /** Resolves when synced; rejects after timeoutMs. */
  whenSynced(timeoutMs?: number): Promise<void>;
}

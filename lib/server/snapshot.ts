import "server-only";
import { getStore } from "./store";
import type { Snapshot } from "@/lib/store/types";
import { notSynced } from "@/lib/api/errors";

/** The current snapshot for an API answer; 503 until every kind has finished its first list. */
export function syncedSnapshot(): Snapshot {
  const store = getStore();
  if (!store.isSynced()) throw notSynced();
  return store.snapshot();
}

/**
 * For server-rendered pages: the snapshot once synced, waiting a little on a cold start so
 * the first paint has data; undefined if still syncing (the page then loads it client-side).
 */
export async function pageSnapshot(waitMs = 3000): Promise<Snapshot | undefined> {
  const store = getStore();
  if (!store.isSynced()) {
    try {
      await store.whenSynced(waitMs);
    } catch {
      return undefined;
    }
  }
  return store.snapshot();
}

import "server-only";
import { RbacIndexer } from "@/lib/rbac/indexes";
import type { Store } from "@/lib/store/contract";
import { getStore } from "./store";
import type { Snapshot } from "@/lib/store/types";
import { notSynced } from "@/lib/api/errors";

// The RBAC index of the store's snapshots, kept up to date from its change events. One per
// module instance, not on globalThis like the store: Next loads these modules more than once
// (route handlers, pages), and the index is memoised in the instance of lib/rbac/indexes that
// this one imports, the one its engines read.
let indexed: { store: Store; indexer: RbacIndexer } | undefined;

/** The store's current snapshot, its RBAC index derived (from the last one) before an engine asks for it. */
function indexedSnapshot(store: Store): Snapshot {
  if (indexed?.store !== store) {
    const indexer = new RbacIndexer();
    store.subscribe((e) => indexer.changed(e));
    indexed = { store, indexer };
  }
  const snap = store.snapshot();
  indexed.indexer.index(snap);
  return snap;
}

/** The current snapshot for an API answer; 503 until every kind has finished its first list. */
export function syncedSnapshot(): Snapshot {
  const store = getStore();
  if (!store.isSynced()) throw notSynced();
  return indexedSnapshot(store);
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
  return indexedSnapshot(store);
}

/** The indexer behind syncedSnapshot (tests: how often it rebuilt instead of deriving). */
export function rbacIndexerOfThisInstance(): RbacIndexer | undefined {
  return indexed?.indexer;
}

import "server-only";
import { RbacIndexer } from "@/lib/rbac/indexes";
import type { Store } from "@/lib/store/contract";
import { getStore } from "./store";
import type { Snapshot } from "@/lib/store/types";
import { notSynced } from "@/lib/api/errors";

// The RBAC index of the store's snapshots, kept up to date from its change events. On
// globalThis beside the store, since Next loads this module more than once.
const KEY = Symbol.for("rolecall.rbacIndexer");
const g = globalThis as typeof globalThis & { [KEY]?: { store: Store; indexer: RbacIndexer } };

/** The store's current snapshot, its RBAC index derived (from the last one) before an engine asks for it. */
function indexedSnapshot(store: Store): Snapshot {
  let r = g[KEY];
  if (r?.store !== store) {
    const indexer = new RbacIndexer();
    store.subscribe((e) => indexer.changed(e));
    g[KEY] = r = { store, indexer };
  }
  const snap = store.snapshot();
  r.indexer.index(snap);
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

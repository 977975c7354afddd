import "server-only";
import path from "node:path";
import { log } from "@/lib/log";
import { examplesSource } from "@/lib/source/examples";
import { FilesSource } from "@/lib/source/files";
import { resolveClusterConfig } from "@/lib/source/kubeconfig";
import { BrokenClusterSource, LiveSource } from "@/lib/source/live";
import type { Source } from "@/lib/source/source";
import type { Store } from "@/lib/store/contract";
import { SnapshotStore } from "@/lib/store/store";

// One store and one source per server process. Kept on globalThis because Next loads this
// module more than once (instrumentation.ts, route handlers and pages are separate module
// instances), and the informers must not be started twice.
const KEY = Symbol.for("rolecall.store");
interface Registry {
  store: SnapshotStore;
  source: Source;
}
const g = globalThis as typeof globalThis & { [KEY]?: Registry };

/** Picks the source from the environment (see README/DESIGN "Configuration"). */
export function chooseSource(env: Record<string, string | undefined> = process.env): Source {
  if (env.ROLECALL_MANIFESTS) return new FilesSource({ root: path.resolve(env.ROLECALL_MANIFESTS) });
  const cluster = resolveClusterConfig(env);
  if (cluster && "kc" in cluster) return new LiveSource({ kc: cluster.kc, info: cluster.info });
  if (cluster) return new BrokenClusterSource(cluster.info, cluster.error);
  return examplesSource(env.ROLECALL_EXAMPLES_DIR || path.join(process.cwd(), "examples"));
}

/** The process-wide store; the first call picks the source and starts it. */
export function getStore(): Store {
  let reg = g[KEY];
  if (!reg) {
    const source = chooseSource();
    const store = new SnapshotStore({ source: source.info });
    reg = { store, source };
    g[KEY] = reg;
    log.info({ mode: source.info.mode, label: source.info.label }, "store source chosen");
    source.start(store);
    // the RBAC history follows the store from its first list (imported here, not above: it loads a database driver)
    void import("./history").then((h) => h.startHistory(store));
  }
  return reg.store;
}

/** Stops the source and forgets the store, so the next getStore() starts over (tests). */
export async function resetStoreForTests(): Promise<void> {
  const reg = g[KEY];
  delete g[KEY];
  if (!reg) return;
  await reg.source.stop();
  reg.store.close();
}

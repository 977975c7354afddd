import "server-only";
// The chains engine of this server process (with its caches), fed the RBAC engine as can-i.
import { ChainsEngine, type ChainsView } from "@/lib/chains";
import { canIFromRbac } from "@/lib/chains/rbac";
import type { Snapshot } from "@/lib/store/types";

const KEY = Symbol.for("rolecall.chains.engine");
const g = globalThis as typeof globalThis & { [KEY]?: ChainsEngine };

export function chainsOf(snap: Snapshot, now = Date.now()): ChainsView {
  const engine = (g[KEY] ??= new ChainsEngine());
  // The live source knows the server version (files and examples do not): k8s-wait-for quirks.
  const clusterVersion = snap.source.serverVersion;
  return engine.build(snap, { now, canI: canIFromRbac, ...(clusterVersion ? { clusterVersion } : {}) });
}

// `--live`: the current kubeconfig's cluster, read once through the server's own live source
// (one list per kind, discovery, never Secrets), then closed.
import { resolveClusterConfig } from "@/lib/source/kubeconfig";
import { LiveSource } from "@/lib/source/live";
import { SnapshotStore } from "@/lib/store/store";
import type { Snapshot } from "@/lib/store/types";

export async function readLiveSnapshot(env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<Snapshot> {
  const cluster = resolveClusterConfig(env);
  if (!cluster) throw new Error("--live: no cluster (no kubeconfig at KUBECONFIG or ~/.kube/config, and not running in a pod)");
  if ("error" in cluster) throw new Error(`--live: ${cluster.error}`);
  const store = new SnapshotStore({ source: cluster.info, coalesceMs: 0 });
  const source = new LiveSource({ kc: cluster.kc, info: cluster.info });
  source.start(store);
  try {
    await store.whenSynced(timeoutMs).catch(() => {
      throw new Error(`--live: ${cluster.info.label} did not answer every list within ${timeoutMs / 1000} s`);
    });
    const snap = store.snapshot();
    const failed = snap.kinds.filter((k) => k.state === "error");
    if (failed.length) throw new Error(`--live: cannot list ${failed.map((k) => `${k.kind} (${k.message ?? "error"})`).join(", ")}`);
    return snap;
  } finally {
    await source.stop();
    store.close();
  }
}

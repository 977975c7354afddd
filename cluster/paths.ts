import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The repository root: the nearest ancestor of this file (or of the cwd) holding cluster/tools/k8s/go.mod. */
export function repoRoot(): string {
  const starts: string[] = [];
  if (typeof __dirname !== "undefined") starts.push(__dirname);
  starts.push(process.cwd());
  for (const start of starts) {
    let dir = path.resolve(start);
    for (;;) {
      if (fs.existsSync(path.join(dir, "cluster", "tools", "k8s", "go.mod"))) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error("cannot find the Rolecall repository root (no cluster/tools/k8s/go.mod above " + process.cwd() + ")");
}

/** Where a cluster keeps its state, kubeconfig, certificates, etcd data and logs. */
export function defaultClusterDir(): string {
  return process.env.ROLECALL_CLUSTER_DIR ? path.resolve(process.env.ROLECALL_CLUSTER_DIR) : path.join(repoRoot(), ".cluster");
}

/** Binary cache outside the repository, so fresh clones on the same machine reuse it. */
export function cacheDir(): string {
  if (process.env.ROLECALL_CACHE_DIR) return path.resolve(process.env.ROLECALL_CACHE_DIR);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "rolecall");
}

/**
 * The admin kubeconfig path of the default cluster. Deterministic, so callers that start before
 * the cluster (e.g. Playwright's webServer, which runs before globalSetup) can be pointed at it.
 */
export function defaultKubeconfigPath(): string {
  return path.join(defaultClusterDir(), "kubeconfig");
}

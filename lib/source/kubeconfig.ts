import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import type { SourceInfo } from "@/lib/store/types";

export const DEFAULT_SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

export type ClusterConfig =
  | { kc: KubeConfig; info: SourceInfo }
  | { error: string; info: SourceInfo };

type Env = Record<string, string | undefined>;

/**
 * The cluster to read, if any: KUBECONFIG (or ~/.kube/config) when it exists and has a usable
 * context (ROLECALL_CONTEXT picks one), else the in-cluster ServiceAccount. Null: no cluster.
 * A named context that does not exist is an error, not a silent fallback to example data.
 */
export function resolveClusterConfig(env: Env = process.env): ClusterConfig | null {
  const files = kubeconfigFiles(env);
  if (files.length) {
    try {
      const fromFiles = fromKubeconfigFiles(files, env.ROLECALL_CONTEXT);
      if (fromFiles) return fromFiles;
    } catch (e) {
      const error = `cannot load kubeconfig ${files.join(", ")}: ${(e as Error).message}`;
      return { error, info: { mode: "cluster", label: "kubeconfig" } };
    }
  }
  if (env.KUBERNETES_SERVICE_HOST) return inClusterConfig(env);
  return null;
}

/** Null when the files name no usable context and none was asked for (an empty ~/.kube/config). */
function fromKubeconfigFiles(files: string[], wanted: string | undefined): ClusterConfig | null {
  const kc = new KubeConfig();
  kc.loadFromFile(files[0]);
  for (const f of files.slice(1)) {
    const more = new KubeConfig();
    more.loadFromFile(f);
    kc.mergeConfig(more, true);
  }
  if (wanted) {
    if (!kc.getContextObject(wanted)) {
      return { error: `context "${wanted}" (ROLECALL_CONTEXT) is not in ${files.join(", ")}`, info: { mode: "cluster", label: wanted } };
    }
    kc.setCurrentContext(wanted);
  }
  if (kc.getCurrentCluster()) return { kc, info: { mode: "cluster", label: kc.getCurrentContext() } };
  if (wanted) return { error: `context "${wanted}" has no cluster`, info: { mode: "cluster", label: wanted } };
  return null;
}

function kubeconfigFiles(env: Env): string[] {
  if (env.KUBECONFIG) return env.KUBECONFIG.split(path.delimiter).filter((f) => f && isFile(f));
  const home = env.HOME || os.homedir();
  const def = path.join(home, ".kube", "config");
  return isFile(def) ? [def] : [];
}

function isFile(f: string): boolean {
  try {
    return fs.statSync(f).isFile();
  } catch {
    return false;
  }
}

/**
 * The in-cluster ServiceAccount config, with the SA files dir overridable
 * (ROLECALL_SERVICEACCOUNT_DIR) so tests run this same code against files they wrote.
 */
function inClusterConfig(env: Env): ClusterConfig {
  const dir = env.ROLECALL_SERVICEACCOUNT_DIR || DEFAULT_SA_DIR;
  const tokenFile = path.join(dir, "token");
  if (!isFile(tokenFile)) return { error: `no ServiceAccount token at ${tokenFile}`, info: { mode: "in-cluster", label: "in-cluster" } };
  const host = env.KUBERNETES_SERVICE_HOST!;
  const port = env.KUBERNETES_SERVICE_PORT || "443";
  const server = `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser(
    { name: "in-cluster", server, caFile: path.join(dir, "ca.crt"), skipTLSVerify: false },
    // tokenFile: client-node re-reads it every minute, following kubelet's token rotation.
    { name: "in-cluster", authProvider: { name: "tokenFile", config: { tokenFile } } },
  );
  return { kc, info: { mode: "in-cluster", label: `in-cluster as ${serviceAccountName(dir)}` } };
}

/** "<namespace>/<name>" of the token's ServiceAccount (namespace file + JWT claim; no verification needed: it is ours). */
export function serviceAccountName(dir: string): string {
  let ns = "";
  let name = "";
  try {
    ns = fs.readFileSync(path.join(dir, "namespace"), "utf8").trim();
  } catch {
    /* optional */
  }
  try {
    const token = fs.readFileSync(path.join(dir, "token"), "utf8").trim();
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as {
      sub?: string;
      "kubernetes.io"?: { namespace?: string; serviceaccount?: { name?: string } };
    };
    name = payload["kubernetes.io"]?.serviceaccount?.name ?? payload.sub?.split(":").pop() ?? "";
    ns ||= payload["kubernetes.io"]?.namespace ?? "";
  } catch {
    /* not a JWT: label without the name */
  }
  return name ? `${ns ? `${ns}/` : ""}${name}` : ns || "unknown";
}

/**
 * Helpers for tests that run against the real local control plane.
 * The kubeconfig is the one the global setup exported (ROLECALL_TEST_KUBECONFIG / KUBECONFIG),
 * falling back to .cluster/kubeconfig.
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { ensureBinaries } from "./binaries";
import { renderKubeconfig } from "./kubeconfig";
import { defaultClusterDir } from "./paths";
import { seedScenario } from "./seed";

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface KubectlOptions {
  /** kubeconfig to use (default: the test cluster's admin kubeconfig) */
  kubeconfig?: string;
  /** text written to kubectl's stdin */
  input?: string;
  timeoutMs?: number;
}

export function testKubeconfig(): string {
  const p = process.env.ROLECALL_TEST_KUBECONFIG || process.env.KUBECONFIG || path.join(defaultClusterDir(), "kubeconfig");
  if (!fs.existsSync(p)) throw new Error(`no kubeconfig at ${p}; is the cluster running (npm run cluster:up) or the global setup configured?`);
  return p;
}

let kubectlPath: string | null = null;
async function kubectlBin(): Promise<string> {
  if (kubectlPath) return kubectlPath;
  try {
    const state = JSON.parse(fs.readFileSync(path.join(path.dirname(testKubeconfig()), "state.json"), "utf8")) as { binaries?: { kubectl?: string } };
    if (state.binaries?.kubectl && fs.existsSync(state.binaries.kubectl)) return (kubectlPath = state.binaries.kubectl);
  } catch {
    /* fall through */
  }
  return (kubectlPath = (await ensureBinaries({ only: ["kubectl"], log: () => {} })).kubectl);
}

/** Runs the built kubectl; never throws on a non-zero exit (look at `code`). */
export async function kubectl(args: string[], opts: KubectlOptions = {}): Promise<KubectlResult> {
  const bin = await kubectlBin();
  const kubeconfig = opts.kubeconfig ?? testKubeconfig();
  return collect(bin, args, { ...process.env, KUBECONFIG: kubeconfig }, opts);
}

/** Runs a command to its end with its output collected; killed after timeoutMs (default 60 s). */
function collect(cmd: string, args: string[], env: NodeJS.ProcessEnv, opts: KubectlOptions): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? (signal ? 137 : 1) });
    });
    child.stdin.end(opts.input ?? "");
  });
}

/**
 * Runs a bash script as a user would paste it (e.g. a fix Rolecall suggests), with the built
 * kubectl first on PATH and the test cluster's kubeconfig; never throws on a non-zero exit.
 */
export async function bash(script: string, opts: { timeoutMs?: number } = {}): Promise<KubectlResult> {
  const bin = await kubectlBin();
  const env = { ...process.env, KUBECONFIG: testKubeconfig(), PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH ?? ""}` };
  return collect("bash", ["-euo", "pipefail", "-c", script], env, opts);
}

/** A condition as kubectl prints it in -o json. */
export interface Condition {
  type: string;
  status: string;
}

/** `kubectl … -o json`, parsed; kubectl's stderr as the error when it fails. */
export async function getJson<T>(args: string[]): Promise<T> {
  const r = await kubectl([...args, "-o", "json"]);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as T;
}

/** `kubectl apply -f -`; throws with kubectl's stderr when it fails. */
export async function applyYaml(yaml: string, namespace?: string, opts: Omit<KubectlOptions, "input"> = {}): Promise<string> {
  const r = await kubectl(["apply", ...(namespace ? ["-n", namespace] : []), "-f", "-"], { ...opts, input: yaml });
  if (r.code !== 0) throw new Error(`kubectl apply failed (exit ${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** A token for the ServiceAccount from the TokenRequest API (what `kubectl create token` calls). */
export async function mintToken(namespace: string, serviceAccount: string, opts: { durationSeconds?: number; audience?: string } = {}): Promise<string> {
  const args = ["create", "token", serviceAccount, "-n", namespace, `--duration=${opts.durationSeconds ?? 3600}s`];
  if (opts.audience) args.push(`--audience=${opts.audience}`);
  const r = await kubectl(args);
  if (r.code !== 0) throw new Error(`TokenRequest for ${namespace}/${serviceAccount} failed: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

interface KubeconfigDoc {
  clusters: { name: string; cluster: { server: string; "certificate-authority-data": string } }[];
}

/** Writes a kubeconfig that authenticates with `token` against the test cluster; returns its path. */
export function kubeconfigForToken(token: string, opts: { namespace?: string; dir?: string } = {}): string {
  const admin = YAML.parse(fs.readFileSync(testKubeconfig(), "utf8")) as KubeconfigDoc;
  const cluster = admin.clusters[0].cluster;
  const caPem = Buffer.from(cluster["certificate-authority-data"], "base64").toString("utf8");
  const dir = opts.dir ?? path.join(os.tmpdir(), "rolecall-kubeconfigs");
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `token-${crypto.createHash("sha256").update(token).digest("hex").slice(0, 16)}.kubeconfig`);
  fs.writeFileSync(file, renderKubeconfig({ server: cluster.server, caPem, user: { token }, userName: "token-user", namespace: opts.namespace }), { mode: 0o600 });
  return file;
}

/**
 * A ServiceAccount `namespace/name` bound (by a ClusterRoleBinding labelled
 * `rolecall-test: <label>`) to a ClusterRole with exactly `rules`; returns a kubeconfig
 * with a fresh token for it.
 */
export async function kubeconfigWithRules(namespace: string, name: string, rules: object[], label = namespace): Promise<string> {
  const object = `${namespace}-${name}`;
  await applyYaml(
    JSON.stringify({
      apiVersion: "v1",
      kind: "List",
      items: [
        { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace } },
        { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: object, labels: { "rolecall-test": label } }, rules },
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "ClusterRoleBinding",
          metadata: { name: object, labels: { "rolecall-test": label } },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: object },
          subjects: [{ kind: "ServiceAccount", name, namespace }],
        },
      ],
    }),
  );
  return kubeconfigForToken(await mintToken(namespace, name));
}

/**
 * Polls `fn` until it returns a truthy value (which is returned) or throws no more;
 * rejects after `timeoutMs` with the last error or value.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 60_000, intervalMs = 250): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`waitFor timed out after ${timeoutMs} ms; last: ${detail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Applies examples/<scenario> to the test cluster (idempotent: kubectl apply). */
export async function seed(scenario: "go-todo" | "platform" | (string & {})): Promise<string> {
  return seedScenario(scenario, { kubeconfig: testKubeconfig(), kubectl: await kubectlBin() });
}

// Starts the production server as it runs in a pod, against the local control plane:
// k8s/base (+ components/verify) applied, a token for Rolecall's ServiceAccount minted with the TokenRequest API,
// token / ca.crt / namespace written where a pod would have them (a temp dir passed as
// ROLECALL_SERVICEACCOUNT_DIR), KUBERNETES_SERVICE_HOST/PORT pointing at the API server and
// no kubeconfig. The server itself is started by e2e/support/standalone.mjs (read-only app
// folder, uid 10001, `node server.js`). Used as a Playwright webServer:
//   npx tsx e2e/support/in-cluster.ts --port 3103
// Stops the server (and the cluster, if this process started it) on SIGTERM/SIGINT.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { startCluster } from "../../cluster/index";
import { kubectl, mintToken, waitFor } from "../../cluster/testing";

const ROOT = path.resolve(__dirname, "../..");
const UID = 10001;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
}

let started: { stop(): Promise<void> } | null = null;

async function main() {
  const port = Number(arg("--port", "3103"));
  const cluster = await startCluster({ log: (l) => process.stderr.write(`[in-cluster] ${l}\n`) });
  started = cluster;
  process.env.KUBECONFIG = cluster.kubeconfigPath;
  process.env.ROLECALL_TEST_KUBECONFIG = cluster.kubeconfigPath;

  // The base plus the optional verify component: the suite exercises "verify with the API
  // server", which needs create on subjectaccessreviews (k8s/rbac.int.test.ts proves the base
  // alone is read-only).
  const kdir = fs.mkdtempSync(path.join(ROOT, "k8s/.in-cluster-"));
  fs.writeFileSync(path.join(kdir, "kustomization.yaml"), "resources: [../base]\ncomponents: [../components/verify]\n");
  const applied = await kubectl(["apply", "-k", kdir]);
  fs.rmSync(kdir, { recursive: true, force: true });
  if (applied.code !== 0) throw new Error(`kubectl apply -k k8s/base + components/verify failed: ${applied.stderr}`);
  await waitFor(async () => (await kubectl(["-n", "rolecall", "get", "serviceaccount", "rolecall"])).code === 0, 30_000);
  const token = await mintToken("rolecall", "rolecall", { durationSeconds: 4 * 3600 });

  const kc = YAML.parse(fs.readFileSync(cluster.kubeconfigPath, "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
  };
  const { server, "certificate-authority-data": caData } = kc.clusters[0].cluster;
  const url = new URL(server);

  // What the kubelet mounts at /var/run/secrets/kubernetes.io/serviceaccount.
  const saDir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-sa-"));
  fs.writeFileSync(path.join(saDir, "token"), token, { mode: 0o600 });
  fs.writeFileSync(path.join(saDir, "ca.crt"), Buffer.from(caData, "base64"), { mode: 0o644 });
  fs.writeFileSync(path.join(saDir, "namespace"), "rolecall", { mode: 0o644 });
  if (process.getuid?.() === 0) {
    // The server runs as 10001 (standalone.mjs); only it may read the token, as in a pod.
    for (const f of ["", "token", "ca.crt", "namespace"]) fs.chownSync(path.join(saDir, f), UID, UID);
  }
  fs.chmodSync(saDir, 0o700);

  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, "e2e/support/standalone.mjs"),
      "--port",
      String(port),
      "--env",
      `KUBERNETES_SERVICE_HOST=${url.hostname}`,
      "--env",
      `KUBERNETES_SERVICE_PORT=${url.port || "443"}`,
      "--env",
      `ROLECALL_SERVICEACCOUNT_DIR=${saDir}`,
    ],
    { stdio: "inherit" },
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    fs.rmSync(saDir, { recursive: true, force: true });
    await cluster.stop(); // no-op when the cluster was already running
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  child.on("exit", (code) => {
    if (!stopping) {
      fs.rmSync(saDir, { recursive: true, force: true });
      process.exit(code ?? 1);
    }
  });
}

main().catch(async (e) => {
  process.stderr.write(`[in-cluster] ${e instanceof Error ? e.message : String(e)}\n`);
  await started?.stop().catch(() => {}); // no-op when the cluster was already running
  process.exit(1);
});

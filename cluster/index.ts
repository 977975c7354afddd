/**
 * A real local Kubernetes control plane: etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler and kwok (fake nodes), all on 127.0.0.1, started from cached binaries.
 *
 *   const c = await startCluster();   // reuses a healthy cluster described by .cluster/
 *   process.env.KUBECONFIG = c.kubeconfigPath;
 *   ...
 *   await c.stop();                   // no-op when the cluster was reused
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { ClusterError, ensureBinaries, pinnedVersions, type Binaries } from "./binaries";
import { apiRequest, type ApiTarget } from "./http";
import { writeKubeconfig } from "./kubeconfig";
import { defaultClusterDir, repoRoot } from "./paths";
import { freePorts } from "./ports";
import { isOurProcess, killNow, spawnComponent, stopProcesses, tailFile, type ProcRecord, type Started } from "./proc";

export { ClusterError } from "./binaries";

export const NODE_NAME_PREFIX = "kwok-node-";
/** Pod label that kwok turns into a failing container (see cluster/kwok-stages.yaml). */
export const FAIL_LABEL = "rolecall.dev/fail";
/** Pod label ("init" | "crashloop") that keeps a pod in its first init container. */
export const STUCK_LABEL = "rolecall.dev/stuck";

export interface StartOptions {
  /** cluster directory; default `.cluster/` at the repo root (or $ROLECALL_CLUSTER_DIR) */
  dir?: string;
  /** progress output; default: stderr lines prefixed with [cluster] */
  log?: (line: string) => void;
  /** reuse a healthy cluster already described by `dir` (default true) */
  reuse?: boolean;
  /** number of fake nodes (default 1) */
  nodes?: number;
  /** give up waiting for readiness after this long (default 120 s) */
  timeoutMs?: number;
}

export interface RunningCluster {
  kubeconfigPath: string;
  server: string;
  dir: string;
  /** true when an already running cluster was reused; stop() then does nothing */
  reused: boolean;
  binaries: Binaries;
  stop(): Promise<void>;
  /** Stops and restarts kube-apiserver on the same port (drops every watch); resolves when /readyz is ok. */
  restartApiServer(): Promise<void>;
}

export interface ClusterState {
  version: 1;
  dir: string;
  ready: boolean;
  server: string;
  kubeconfig: string;
  ports: { etcdClient: number; etcdPeer: number; apiserver: number };
  versions: Record<string, string>;
  binaries: Binaries;
  processes: ProcRecord[];
  startedAt: string;
  readyAt?: string;
}

const STOP_ORDER = ["kwok", "kube-scheduler", "kube-controller-manager", "kube-apiserver", "etcd"];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const defaultLog = (l: string) => process.stderr.write(`[cluster] ${l}\n`);

function statePath(dir: string) {
  return path.join(dir, "state.json");
}

export function readState(dir = defaultClusterDir()): ClusterState | null {
  try {
    return JSON.parse(fs.readFileSync(statePath(dir), "utf8")) as ClusterState;
  } catch {
    return null;
  }
}

function writeState(dir: string, s: ClusterState) {
  const tmp = `${statePath(dir)}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(s, null, 2) + "\n", { mode: 0o600 });
  fs.renameSync(tmp, statePath(dir));
}

function pki(dir: string) {
  const p = path.join(dir, "pki");
  return {
    dir: p,
    certDir: path.join(p, "apiserver"),
    servingCert: path.join(p, "apiserver", "apiserver.crt"),
    saKey: path.join(p, "sa.key"),
    saPub: path.join(p, "sa.pub"),
    tokens: path.join(p, "tokens.csv"),
    kubeconfig: (who: string) => path.join(p, `${who}.kubeconfig`),
  };
}

function adminToken(dir: string): string {
  const line = fs.readFileSync(pki(dir).tokens, "utf8").split("\n").find((l) => l.split(",")[1] === "rolecall-admin");
  if (!line) throw new ClusterError(`no admin token in ${pki(dir).tokens}`);
  return line.split(",")[0];
}

function target(dir: string, server: string): ApiTarget {
  return { server, caPem: fs.readFileSync(pki(dir).servingCert, "utf8"), token: adminToken(dir) };
}

async function readyz(t: ApiTarget): Promise<boolean> {
  try {
    const r = await apiRequest(t, "GET", "/readyz", undefined, 2000);
    return r.status === 200 && r.body.trim() === "ok";
  } catch {
    return false;
  }
}

function etcdHealthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/health", timeout: 1000 }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve(res.statusCode === 200 && /"health"\s*:\s*"true"/.test(body)));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

/** Is the cluster described by `dir` running and answering? Returns the reason when not. */
export async function checkHealth(dir = defaultClusterDir()): Promise<{ ok: true; state: ClusterState } | { ok: false; reason: string; state: ClusterState | null }> {
  const state = readState(dir);
  if (!state) return { ok: false, reason: "no state file", state };
  if (!state.ready) return { ok: false, reason: "its start-up never finished", state };
  const dead = state.processes.filter((p) => !isOurProcess(p.pid, p.bin));
  if (dead.length) return { ok: false, reason: `not running: ${dead.map((p) => `${p.name} (pid ${p.pid})`).join(", ")}`, state };
  try {
    // Its processes are alive: one slow answer on a busy machine is no reason to tear it down
    // (other runs may be using it), so ask three times.
    let ready = false;
    for (let i = 0; i < 3 && !ready; i++) {
      if (i) await new Promise((r) => setTimeout(r, 1000));
      ready = await readyz(target(dir, state.server));
    }
    if (!ready) return { ok: false, reason: `${state.server}/readyz is not ok`, state };
  } catch (e) {
    return { ok: false, reason: (e as Error).message, state };
  }
  return { ok: true, state };
}

/** Stops every process recorded in `dir`'s state by pid, then removes the state (logs are kept). */
export async function stopCluster(dir = defaultClusterDir(), log: (l: string) => void = defaultLog): Promise<{ stopped: ProcRecord[] }> {
  const state = readState(dir);
  const procs = state?.processes ?? [];
  const ordered = [...procs].sort((a, b) => STOP_ORDER.indexOf(a.name) - STOP_ORDER.indexOf(b.name));
  // components first, the API server next, etcd last
  const groups = [ordered.filter((p) => !["kube-apiserver", "etcd"].includes(p.name)), ordered.filter((p) => p.name === "kube-apiserver"), ordered.filter((p) => p.name === "etcd")];
  const running = procs.filter((p) => isOurProcess(p.pid, p.bin));
  for (const g of groups) if (g.length) await stopProcesses(g);
  if (running.length) log(`stopped ${running.map((p) => `${p.name} (pid ${p.pid})`).join(", ")}`);
  wipe(dir);
  return { stopped: running };
}

/** Removes everything in the cluster dir except logs/ and the start lock. */
function wipe(dir: string) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir)) {
    if (entry === "logs" || entry === "start.lock") continue;
    fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

async function acquireLock(dir: string, log: (l: string) => void, timeoutMs: number): Promise<() => void> {
  const lock = path.join(dir, "start.lock");
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
      return () => fs.rmSync(lock, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let owner = 0;
      try {
        owner = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"));
      } catch {
        /* being written */
      }
      let alive = false;
      if (owner) {
        try {
          process.kill(owner, 0);
          alive = true;
        } catch {
          alive = false;
        }
      }
      if (owner && !alive) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new ClusterError(`another process (pid ${owner || "?"}) is starting the cluster in ${dir}; gave up waiting`);
      if (!announced) {
        log(`waiting for pid ${owner || "?"} which is starting the cluster in ${dir}`);
        announced = true;
      }
      await sleep(300);
    }
  }
}

function handle(dir: string, state: ClusterState, reused: boolean, log: (l: string) => void): RunningCluster {
  return {
    kubeconfigPath: state.kubeconfig,
    server: state.server,
    dir,
    reused,
    binaries: state.binaries,
    stop: async () => {
      if (reused) return;
      await stopCluster(dir, log);
    },
    restartApiServer: () => restartApiServer(dir, log),
  };
}

/** Restarts kube-apiserver of the cluster in `dir` with the same flags and port. */
export async function restartApiServer(dir = defaultClusterDir(), log: (l: string) => void = defaultLog): Promise<void> {
  const state = readState(dir);
  const rec = state?.processes.find((p) => p.name === "kube-apiserver");
  if (!state || !rec) throw new ClusterError(`no kube-apiserver recorded in ${statePath(dir)}`);
  await stopProcesses([rec]);
  const started = spawnComponent(rec.name, rec.bin, rec.args, rec.log);
  state.processes = state.processes.map((p) => (p.name === rec.name ? strip(started) : p));
  writeState(dir, state);
  const t = target(dir, state.server);
  const deadline = Date.now() + 90_000;
  while (!(await readyz(t))) {
    if (started.exited) throw dyingError(started);
    if (Date.now() > deadline) throw new ClusterError(`kube-apiserver did not become ready after restart; see ${rec.log}`);
    await sleep(200);
  }
  log(`kube-apiserver restarted (pid ${started.pid})`);
}

function strip(s: Started): ProcRecord {
  return { name: s.name, pid: s.pid, bin: s.bin, args: s.args, log: s.log };
}

function dyingError(p: Started): ClusterError {
  const how = p.exited?.signal ? `signal ${p.exited.signal}` : `exit code ${p.exited?.code}`;
  const tail = tailFile(p.log, 20);
  return new ClusterError(`${p.name} (pid ${p.pid}) died during start-up (${how}); last lines of ${p.log}:\n${tail}`);
}

function makeTokens(): Record<string, string> {
  const t = () => crypto.randomBytes(24).toString("hex");
  return { admin: t(), kcm: t(), scheduler: t(), kwok: t() };
}

function writePki(dir: string): Record<string, string> {
  const p = pki(dir);
  fs.mkdirSync(p.certDir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  fs.writeFileSync(p.saKey, privateKey.export({ type: "pkcs1", format: "pem" }), { mode: 0o600 });
  fs.writeFileSync(p.saPub, publicKey.export({ type: "spki", format: "pem" }), { mode: 0o600 });
  const tokens = makeTokens();
  // token,user,uid,"groups"
  const lines = [
    `${tokens.admin},rolecall-admin,rolecall-admin,"system:masters"`,
    `${tokens.kcm},system:kube-controller-manager,system:kube-controller-manager,""`,
    `${tokens.scheduler},system:kube-scheduler,system:kube-scheduler,""`,
    `${tokens.kwok},kwok-controller,kwok-controller,"system:masters"`,
  ];
  fs.writeFileSync(p.tokens, lines.join("\n") + "\n", { mode: 0o600 });
  return tokens;
}

function fakeNode(name: string) {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
      labels: {
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/role": "agent",
        "node-role.kubernetes.io/agent": "",
        type: "kwok",
      },
    },
    spec: {},
    status: {
      allocatable: { cpu: "32", memory: "256Gi", pods: "110" },
      capacity: { cpu: "32", memory: "256Gi", pods: "110" },
    },
  };
}

interface NodeLike {
  spec?: { taints?: { key: string }[] };
  status?: { conditions?: { type: string; status: string }[] };
}

function nodeReady(n: NodeLike): boolean {
  const ready = n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
  const tainted = n.spec?.taints?.some((t) => t.key === "node.kubernetes.io/not-ready" || t.key === "node.kubernetes.io/unreachable") ?? false;
  return ready && !tainted;
}

/**
 * Starts (or reuses) the local control plane. Resolves once /readyz is ok, every fake Node is
 * Ready (and untainted) and the `default` ServiceAccount exists in `default`.
 */
export async function startCluster(opts: StartOptions = {}): Promise<RunningCluster> {
  const dir = path.resolve(opts.dir ?? defaultClusterDir());
  const log = opts.log ?? defaultLog;
  const nodes = opts.nodes ?? 1;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  fs.mkdirSync(dir, { recursive: true });
  const release = await acquireLock(dir, log, 30 * 60_000);
  try {
    const health = await checkHealth(dir);
    if (health.ok && opts.reuse !== false) {
      log(`reusing the running cluster at ${health.state.server} (${dir})`);
      return handle(dir, health.state, true, log);
    }
    if (health.state) {
      log(`the cluster recorded in ${dir} is not usable (${health.ok ? "reuse disabled" : health.reason}); stopping what is left of it`);
      await stopCluster(dir, log);
    }
    const binaries = await ensureBinaries({ log });
    return await startFresh(dir, binaries, nodes, timeoutMs, log);
  } finally {
    release();
  }
}

/** A start-up in progress: the processes started so far (recorded in the state file), and the deadline. */
class Startup {
  readonly t0 = Date.now();
  readonly started: Started[] = [];
  readonly logs: string;
  readonly state: ClusterState;
  private readonly deadline: number;

  constructor(
    readonly dir: string,
    readonly binaries: Binaries,
    private readonly timeoutMs: number,
    readonly log: (l: string) => void,
  ) {
    this.logs = path.join(dir, "logs");
    this.deadline = this.t0 + timeoutMs;
    this.state = {
      version: 1,
      dir,
      ready: false,
      server: "",
      kubeconfig: path.join(dir, "kubeconfig"),
      ports: { etcdClient: 0, etcdPeer: 0, apiserver: 0 },
      versions: pinnedVersions(),
      binaries,
      processes: [],
      startedAt: new Date().toISOString(),
    };
  }

  /** Spawns a component with its log in logs/, and records it. */
  spawn(name: string, bin: string, args: string[]): Started {
    const s = spawnComponent(name, bin, args, path.join(this.logs, `${name}.log`));
    this.started.push(s);
    this.record();
    return s;
  }

  /** Forgets a process that died (it is no longer running). */
  forget(s: Started) {
    this.started.splice(this.started.indexOf(s), 1);
    this.record();
  }

  private record() {
    this.state.processes = this.started.map(strip);
    writeState(this.dir, this.state);
  }

  /** Throws when a started process died or the deadline passed. */
  alive() {
    const dead = this.started.find((s) => s.exited);
    if (dead) throw dyingError(dead);
    if (Date.now() > this.deadline) throw new ClusterError(`the control plane was not ready after ${Math.round(this.timeoutMs / 1000)} s; logs in ${this.logs}`);
  }

  /** Seconds since the start, for the log. */
  elapsed(): string {
    return `${((Date.now() - this.t0) / 1000).toFixed(1)} s`;
  }
}

/**
 * Starts a component on free ports and waits until it is ready. On a lost port race (someone
 * took a port between picking and binding) it picks others, up to three times.
 */
async function startOnFreePorts(up: Startup, name: string, count: number, spawn: (ports: number[]) => Started, ready: (ports: number[]) => Promise<boolean>, intervalMs: number): Promise<number[]> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const ports = await freePorts(count);
    const proc = spawn(ports);
    for (;;) {
      if (proc.exited) break;
      up.alive();
      if (await ready(ports)) return ports;
      await sleep(intervalMs);
    }
    if (!/address already in use/.test(tailFile(proc.log, 40))) throw dyingError(proc);
    up.log(`${name}: port ${ports.join("/")} was taken, picking ${count > 1 ? "others" : "another"}`);
    up.forget(proc);
  }
  throw new ClusterError(`could not find ${count > 1 ? "free ports" : "a free port"} for ${name}`);
}

async function startEtcd(up: Startup) {
  const dataDir = path.join(up.dir, "etcd");
  const [client, peer] = await startOnFreePorts(
    up,
    "etcd",
    2,
    ([client, peer]) => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      return up.spawn("etcd", up.binaries.etcd, [
        "--name=rolecall",
        `--data-dir=${dataDir}`,
        `--listen-client-urls=http://127.0.0.1:${client}`,
        `--advertise-client-urls=http://127.0.0.1:${client}`,
        `--listen-peer-urls=http://127.0.0.1:${peer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
        `--initial-cluster=rolecall=http://127.0.0.1:${peer}`,
        "--initial-cluster-state=new",
        "--unsafe-no-fsync=true",
        // a single member: elect itself quickly instead of after the default 1 s timeout
        "--heartbeat-interval=50",
        "--election-timeout=250",
        "--log-level=warn",
      ]);
    },
    ([client]) => etcdHealthy(client),
    100,
  );
  up.state.ports.etcdClient = client;
  up.state.ports.etcdPeer = peer;
  up.log(`etcd ready on 127.0.0.1:${client} (${up.elapsed()})`);
}

async function startApiServer(up: Startup) {
  const p = pki(up.dir);
  const [port] = await startOnFreePorts(
    up,
    "kube-apiserver",
    1,
    ([port]) => {
      up.state.server = `https://127.0.0.1:${port}`;
      return up.spawn("kube-apiserver", up.binaries["kube-apiserver"], [
        `--etcd-servers=http://127.0.0.1:${up.state.ports.etcdClient}`,
        "--bind-address=127.0.0.1",
        `--secure-port=${port}`,
        // any non-loopback address: it only appears in the `kubernetes` Service endpoints
        "--advertise-address=10.0.1.1",
        `--cert-dir=${p.certDir}`,
        "--authorization-mode=Node,RBAC",
        "--enable-admission-plugins=NodeRestriction",
        `--token-auth-file=${p.tokens}`,
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        `--service-account-key-file=${p.saPub}`,
        `--service-account-signing-key-file=${p.saKey}`,
        "--service-cluster-ip-range=10.96.0.0/16",
        "--allow-privileged=true",
        "--profiling=false",
        // ServiceAccount watches go straight to etcd: the watch cache replays its whole state to
        // a watch from an old resourceVersion until its window has rolled over, so only etcd
        // (after a compaction) answers 410 Gone deterministically, which the informer tests need.
        "--watch-cache-sizes=serviceaccounts#0",
        "--v=1",
      ]);
    },
    async () => fs.existsSync(p.servingCert) && (await readyz(target(up.dir, up.state.server))),
    200,
  );
  up.state.ports.apiserver = port;
  up.log(`kube-apiserver ready at ${up.state.server} (${up.elapsed()})`);
}

/** The admin kubeconfig and one per component, each with its own token. */
function writeKubeconfigs(up: Startup, tokens: Record<string, string>) {
  const p = pki(up.dir);
  const server = up.state.server;
  const caPem = fs.readFileSync(p.servingCert, "utf8");
  writeKubeconfig(up.state.kubeconfig, { server, caPem, user: { token: tokens.admin }, userName: "rolecall-admin" });
  writeKubeconfig(p.kubeconfig("kcm"), { server, caPem, user: { token: tokens.kcm }, userName: "system:kube-controller-manager" });
  writeKubeconfig(p.kubeconfig("scheduler"), { server, caPem, user: { token: tokens.scheduler }, userName: "system:kube-scheduler" });
  writeKubeconfig(p.kubeconfig("kwok"), { server, caPem, user: { token: tokens.kwok }, userName: "kwok-controller" });
}

/** kube-controller-manager, kube-scheduler and kwok: they need the API server only. */
function startControllers(up: Startup) {
  const p = pki(up.dir);
  up.spawn("kube-controller-manager", up.binaries["kube-controller-manager"], [
    `--kubeconfig=${p.kubeconfig("kcm")}`,
    "--leader-elect=false",
    "--secure-port=0",
    "--controllers=*",
    "--use-service-account-credentials=true",
    `--service-account-private-key-file=${p.saKey}`,
    `--root-ca-file=${p.servingCert}`,
    "--node-monitor-period=2s",
    "--v=1",
  ]);
  up.spawn("kube-scheduler", up.binaries["kube-scheduler"], [`--kubeconfig=${p.kubeconfig("scheduler")}`, "--leader-elect=false", "--secure-port=0", "--v=1"]);
  up.spawn("kwok", up.binaries.kwok, [
    `--kubeconfig=${p.kubeconfig("kwok")}`,
    `--config=${path.join(repoRoot(), "cluster", "kwok-stages.yaml")}`,
    "--manage-all-nodes=true",
    "--node-lease-duration-seconds=40",
    "--cidr=10.244.0.0/16",
    "--node-ip=10.0.2.1",
  ]);
}

/** Creates the fake Nodes and waits until each is Ready and the `default` ServiceAccount exists. */
async function nodesAndDefaultServiceAccount(up: Startup, nodes: number) {
  const api = target(up.dir, up.state.server);
  const nodeNames = Array.from({ length: nodes }, (_, i) => `${NODE_NAME_PREFIX}${i}`);
  for (const name of nodeNames) {
    const r = await apiRequest(api, "POST", "/api/v1/nodes", fakeNode(name));
    if (r.status !== 201 && r.status !== 409) throw new ClusterError(`creating Node ${name} failed: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  }
  let nodesReady = false;
  let saReady = false;
  while (!nodesReady || !saReady) {
    up.alive();
    if (!nodesReady) {
      const r = await apiRequest(api, "GET", "/api/v1/nodes").catch(() => null);
      if (r?.status === 200) {
        const items = r.json<{ items: (NodeLike & { metadata: { name: string } })[] }>().items;
        nodesReady = nodeNames.every((n) => items.some((i) => i.metadata.name === n && nodeReady(i)));
        if (nodesReady) up.log(`node${nodes > 1 ? "s" : ""} ${nodeNames.join(", ")} Ready (${up.elapsed()})`);
      }
    }
    if (!saReady) {
      const r = await apiRequest(api, "GET", "/api/v1/namespaces/default/serviceaccounts/default").catch(() => null);
      saReady = r?.status === 200;
      if (saReady) up.log(`ServiceAccount default/default exists (${up.elapsed()})`);
    }
    if (!nodesReady || !saReady) await sleep(250);
  }
}

/** On SIGINT/SIGTERM/SIGHUP during start-up: kill what was started, clear the directory, exit. Returns the uninstaller. */
function stopOnSignal(up: Startup): () => void {
  let interrupted = false;
  const onSignal = (sig: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    up.log(`${sig}: stopping the ${up.started.length} process(es) started so far`);
    killNow(up.started, "SIGKILL");
    try {
      wipe(up.dir);
      fs.rmSync(path.join(up.dir, "start.lock"), { recursive: true, force: true });
    } catch {
      /* best effort */
    }
    process.exit(sig === "SIGINT" ? 130 : 143);
  };
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  for (const sig of signals) process.on(sig, onSignal);
  return () => {
    for (const sig of signals) process.off(sig, onSignal);
  };
}

async function startFresh(dir: string, binaries: Binaries, nodes: number, timeoutMs: number, log: (l: string) => void): Promise<RunningCluster> {
  wipe(dir);
  const up = new Startup(dir, binaries, timeoutMs, log);
  fs.mkdirSync(up.logs, { recursive: true });
  for (const f of fs.readdirSync(up.logs)) fs.rmSync(path.join(up.logs, f), { force: true });
  const uninstall = stopOnSignal(up);
  try {
    const tokens = writePki(dir);
    await startEtcd(up);
    await startApiServer(up);
    writeKubeconfigs(up, tokens);
    startControllers(up);
    await nodesAndDefaultServiceAccount(up, nodes);
    up.state.ready = true;
    up.state.readyAt = new Date().toISOString();
    writeState(dir, up.state);
    log(`control plane ready in ${up.elapsed()}; kubeconfig: ${up.state.kubeconfig}`);
    return handle(dir, up.state, false, log);
  } catch (e) {
    log(`start-up failed; stopping the ${up.started.length} process(es) started`);
    await stopProcesses(up.started, 3000);
    wipe(dir);
    throw e;
  } finally {
    uninstall();
  }
}

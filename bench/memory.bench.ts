// npm run bench:memory — the production server's memory (RSS) and time to ready on a large
// world. Manifests mode: 10k ServiceAccounts, 50k RoleBindings, 20k workloads and 100k pods
// (as the API server returns them, less managedFields), generated into a temp dir, and the same
// world without pods, so that RSS per 10k pods is the difference over 10. With BENCH_LIVE=1,
// also live mode on the local control plane (ROLECALL_CLUSTER_DIR, else .cluster): its own
// namespaces with BENCH_LIVE_PODS pods (default 20,000), deleted afterwards.
//
//   BENCH_RUNS=3        server starts per world (default 1: a 100k-pod start takes a while)
//   BENCH_PODS=100000   pods in the large manifests world
//   BENCH_BUILD=1       rebuild the app first if its sources changed
//   BENCH_APP_DIR=dir   run this build copy (e.g. an older one, to compare) instead of building
//   BENCH_COMPARE_DIR=dir  also measure this build copy on the same world, just before this one (before/after)
//   BENCH_ENV="K=V ..."    extra server environment for the build measured (default: what `npm start`
//                       and the image set, MALLOC_ENV of scripts/standalone.mjs; "" for none);
//                       BENCH_COMPARE_ENV: the same for the compare copy
//   BENCH_PORT=3511     the server's port (default: a free one)
//   BENCH_BASE=0        skip the world without pods (no RSS per 10k pods then)
//   BENCH_MANIFESTS=0   skip the manifests worlds (live mode only)
//   BENCH_HEAPSNAPSHOT=dir  also write a V8 heap snapshot of each server, once measured, into dir
//                       (node's --heapsnapshot-signal; the file is as large as the heap and more)
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { KubeConfig, CoreV1Api, RbacAuthorizationV1Api, type V1Pod } from "@kubernetes/client-node";
import { realisticPod } from "@/lib/testing/realistic-pod";
import { seededRandom } from "@/lib/testing/random";
import { freePort } from "@/cluster/ports";

const RUNS = Number(process.env.BENCH_RUNS || 1);
const PODS = Number(process.env.BENCH_PODS || 100_000);
const N = { namespaces: 500, sas: 10_000, bindings: 50_000, deployments: 10_000, statefulSets: 2_000, daemonSets: 1_000, jobs: 4_000, cronJobs: 3_000, services: 5_000 };
const TARGET_MB_AT_100K_PODS = 500;
const envFrom = (text: string | undefined, fallback: Record<string, string>): Record<string, string> =>
  text === undefined ? fallback : Object.fromEntries(text.split(/\s+/).filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
const SERVER = { dir: "", env: {} as Record<string, string> };
let COMPARE: typeof SERVER | undefined;
const envText = (env: Record<string, string>) => Object.entries(env).map(([k, v]) => `${k}=${v}`).join(" ") || "no extra env";
const PER_FILE = 1_000; // objects per file: well under the per-file size limit

const ns = (i: number) => `team-${i}`;
const TS = "2026-11-20T08:00:00Z";

type Obj = Record<string, unknown> & { metadata: { name: string; namespace?: string; uid?: string; [k: string]: unknown } };

function podTemplate(app: string, sa: string) {
  return {
    metadata: { labels: { app } },
    spec: { serviceAccountName: sa, containers: [{ name: app, image: `registry.example.com/${app}:1.0.0`, ports: [{ containerPort: 8080 }], resources: { requests: { cpu: "100m", memory: "128Mi" } } }] },
  };
}

/** The world: objects grouped per kind, written as `kind: List` JSON files of PER_FILE items. */
function* world(pods: number): Generator<[string, Obj[]]> {
  // the same world on every call
  const { int, hex, uid } = seededRandom(7);
  const perNs = N.sas / N.namespaces;
  const sa = () => `sa-${int(perNs)}`;
  yield ["namespaces", Array.from({ length: N.namespaces }, (_, i) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns(i), uid: uid() } }))];
  yield ["serviceaccounts", Array.from({ length: N.sas }, (_, i) => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: `sa-${i % perNs}`, namespace: ns(Math.floor(i / perNs)), uid: uid(), creationTimestamp: TS } }))];
  const roles: Obj[] = [];
  for (let i = 0; i < N.namespaces; i++)
    for (let r = 0; r < 10; r++)
      roles.push({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: `role-${r}`, namespace: ns(i), uid: uid() }, rules: [{ apiGroups: [""], resources: ["pods", "configmaps", "services"].slice(0, 1 + (r % 3)), verbs: ["get", "list", "watch"] }, ...(r % 4 === 0 ? [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "update", "patch"] }] : [])] });
  yield ["roles", roles];
  yield ["clusterroles", Array.from({ length: 200 }, (_, i) => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: `cluster-role-${i}`, uid: uid() }, rules: [{ apiGroups: ["", "apps"], resources: ["pods", "deployments", "secrets"].slice(0, 1 + (i % 3)), verbs: i % 50 === 0 ? ["*"] : ["get", "list"] }] }))];
  const bindings: Obj[] = [];
  for (let i = 0; i < N.bindings; i++) {
    const n = i % N.namespaces;
    const cluster = i % 5 === 0;
    bindings.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: `binding-${Math.floor(i / N.namespaces)}`, namespace: ns(n), uid: uid() },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: cluster ? "ClusterRole" : "Role", name: cluster ? `cluster-role-${int(200)}` : `role-${int(10)}` },
      subjects: [{ kind: "ServiceAccount", name: sa(), namespace: ns(n) }, ...(i % 7 === 0 ? [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: `system:serviceaccounts:${ns(n)}` }] : [])],
    });
  }
  yield ["rolebindings", bindings];
  yield ["services", Array.from({ length: N.services }, (_, i) => ({ apiVersion: "v1", kind: "Service", metadata: { name: `app-${i % 10}-db`, namespace: ns(Math.floor(i / 10)), uid: uid() }, spec: { selector: { app: `app-${i % 10}-db` }, ports: [{ port: 5432, targetPort: 5432, protocol: "TCP" }], type: "ClusterIP", clusterIP: `10.96.${int(250)}.${int(250)}` } }))];

  // Workloads and the pods they own; pods spread over the workloads in proportion.
  type Owner = { kind: string; apiVersion: string; name: string; uid: string; namespace: string; sa: string };
  const owners: Owner[] = [];
  const workloads: Obj[] = [];
  const add = (kind: string, apiVersion: string, count: number, spec: (app: string, s: string) => Record<string, unknown>, podOwner?: (o: Obj, app: string) => Obj) => {
    for (let i = 0; i < count; i++) {
      const n = i % N.namespaces;
      const app = `${kind.toLowerCase()}-${Math.floor(i / N.namespaces)}`;
      const s = sa();
      const o: Obj = { apiVersion, kind, metadata: { name: app, namespace: ns(n), uid: uid(), generation: 1, creationTimestamp: TS, labels: { app } }, spec: spec(app, s), status: { observedGeneration: 1, replicas: 2, readyReplicas: 2 } };
      workloads.push(o);
      const po = podOwner ? podOwner(o, app) : o;
      if (po !== o) workloads.push(po);
      owners.push({ kind: po.kind as string, apiVersion: po.apiVersion as string, name: po.metadata.name, uid: po.metadata.uid!, namespace: ns(n), sa: s });
    }
  };
  add("Deployment", "apps/v1", N.deployments, (app, s) => ({ replicas: 2, selector: { matchLabels: { app } }, template: podTemplate(app, s) }), (d, app) => ({
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: `${app}-${hex(10)}`, namespace: d.metadata.namespace, uid: uid(), labels: { app }, ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: app, uid: d.metadata.uid!, controller: true }] },
    spec: { replicas: 2, selector: { matchLabels: { app } }, template: podTemplate(app, sa()) },
    status: { replicas: 2, readyReplicas: 2, availableReplicas: 2 },
  }));
  add("StatefulSet", "apps/v1", N.statefulSets, (app, s) => ({ replicas: 2, serviceName: app, selector: { matchLabels: { app } }, template: podTemplate(app, s) }));
  add("DaemonSet", "apps/v1", N.daemonSets, (app, s) => ({ selector: { matchLabels: { app } }, template: podTemplate(app, s) }));
  add("Job", "batch/v1", N.jobs, (app, s) => ({ completions: 1, template: { ...podTemplate(app, s), spec: { ...podTemplate(app, s).spec, restartPolicy: "Never" } } }));
  const cronJobs: Obj[] = Array.from({ length: N.cronJobs }, (_, i) => ({ apiVersion: "batch/v1", kind: "CronJob", metadata: { name: `cron-${Math.floor(i / N.namespaces)}`, namespace: ns(i % N.namespaces), uid: uid() }, spec: { schedule: "*/5 * * * *", jobTemplate: { spec: { template: podTemplate("cron", sa()) } } } }));
  yield ["workloads", [...workloads, ...cronJobs]];

  const podList: Obj[] = [];
  for (let i = 0; i < pods; i++) {
    const o = owners[i % owners.length];
    podList.push(realisticPod(o.namespace, `${o.name}-${hex(5)}`, o.sa, o, i % 10 === 0 ? `app-${i % 10}-db` : undefined));
    if (podList.length === PER_FILE) yield ["pods", podList.splice(0)];
  }
  if (podList.length) yield ["pods", podList];
}

/** Writes the world into dir; returns counts per kind and the bytes written. */
export function writeWorld(dir: string, pods: number): { counts: Record<string, number>; bytes: number } {
  const counts: Record<string, number> = {};
  let bytes = 0;
  let file = 0;
  for (const [group, objects] of world(pods)) {
    for (let i = 0; i < objects.length; i += PER_FILE) {
      const items = objects.slice(i, i + PER_FILE);
      for (const o of items) counts[o.kind as string] = (counts[o.kind as string] ?? 0) + 1;
      const text = JSON.stringify({ apiVersion: "v1", kind: "List", items });
      fs.writeFileSync(path.join(dir, `${String(file++).padStart(4, "0")}-${group}.json`), text);
      bytes += text.length;
    }
  }
  return { counts, bytes };
}

function procStatus(pid: number): { rss: number; hwm: number } {
  const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
  return { rss: kb("VmRSS") * 1024, hwm: kb("VmHWM") * 1024 };
}

interface Run {
  readyMs: number;
  rss: number;
  peak: number;
  /** V8 heap in use, from the server's own /metrics: steadier than RSS, which keeps pages V8 has not given back. */
  heap: number;
  /** V8 heap reserved (used or not) and memory outside it that V8 knows of (buffers, WebAssembly): where RSS beyond `heap` sits. */
  heapTotal: number;
  external: number;
  problems: number;
}

/** Starts the production server on env, waits for /api/readyz, opens the main views, measures. */
async function measure(appDir: string, env: Record<string, string>): Promise<Run> {
  const port = Number(process.env.BENCH_PORT) || (await freePort());
  const t0 = performance.now();
  const snapDir = process.env.BENCH_HEAPSNAPSHOT ? path.resolve(process.env.BENCH_HEAPSNAPSHOT) : undefined;
  const child: ChildProcess = spawn(process.execPath, [...(snapDir ? ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${snapDir}`] : []), "server.js"], {
    cwd: appDir,
    stdio: ["ignore", "ignore", "pipe"],
    env: { PATH: process.env.PATH, HOME: os.tmpdir(), NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), HOSTNAME: "127.0.0.1", ROLECALL_LOG_LEVEL: "warn", ...env, NODE_ENV: "production" },
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  try {
    let readyMs = 0;
    let problems = 0;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${stderr}`);
      try {
        const r = await fetch(`${base}/api/readyz`);
        const body = (await r.json().catch(() => ({}))) as { problems?: unknown[]; source?: { problems?: unknown[] } };
        if (r.status === 200) {
          readyMs = performance.now() - t0;
          const list = body.problems ?? body.source?.problems ?? [];
          problems = list.length;
          // a world that loads only in part measures something else: say why
          if (list.length) console.log(`  manifest problems, first: ${JSON.stringify(list[0]).slice(0, 300)}`);
          break;
        }
      } catch {
        // not listening yet
      }
      if (performance.now() - t0 > 15 * 60_000) throw new Error(`not ready after 15 min: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // What a first visitor makes the server build: the lists, the chains, findings, a page.
    for (const p of ["/api/v1/serviceaccounts", "/api/v1/bindings", "/api/v1/chains", "/api/v1/findings", "/serviceaccounts", "/api/v1/serviceaccounts/team-1/sa-1"]) {
      const r = await fetch(base + p);
      await r.arrayBuffer();
      if (r.status >= 500) throw new Error(`${p} answered ${r.status}`);
    }
    // Past the manifest reader's idle time (5 s), after which its thread and heap are gone, and
    // the idle collector's (lib/http/idle-gc.ts: a full GC after 5 s of an idle event loop,
    // checked every 5 s): what an idle server holds, not the first visit's garbage.
    await new Promise((r) => setTimeout(r, 15_000));
    const { rss, hwm } = procStatus(child.pid!);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const metric = (name: string) => Number(new RegExp(`^${name} (\\d+)`, "m").exec(metrics)?.[1] ?? NaN);
    const heap = metric("nodejs_heap_size_used_bytes");
    const heapTotal = metric("nodejs_heap_size_total_bytes");
    const external = metric("nodejs_external_memory_bytes");
    if (snapDir) await heapSnapshot(child, snapDir);
    return { readyMs, rss, peak: hwm, heap, heapTotal, external, problems };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
  }
}

/** Signals the server to write a heap snapshot into dir and waits until the file is complete. */
async function heapSnapshot(child: ChildProcess, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const before = new Set(fs.readdirSync(dir));
  child.kill("SIGUSR2");
  let last = -1;
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    const file = fs.readdirSync(dir).find((f) => !before.has(f) && f.endsWith(".heapsnapshot"));
    if (!file) continue;
    const size = fs.statSync(path.join(dir, file)).size;
    // written synchronously by the server: complete once its size stops changing
    if (size === last && size > 0) {
      console.log(`heap snapshot: ${path.join(dir, file)} (${mb(size)})`);
      return;
    }
    last = size;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function runs(what: string, appDir: string, env: Record<string, string>): Promise<Run> {
  const rs: Run[] = [];
  for (let i = 0; i < RUNS; i++) rs.push(await measure(appDir, env));
  const r = { readyMs: median(rs.map((x) => x.readyMs)), rss: median(rs.map((x) => x.rss)), peak: median(rs.map((x) => x.peak)), heap: median(rs.map((x) => x.heap)), heapTotal: median(rs.map((x) => x.heapTotal)), external: median(rs.map((x) => x.external)), problems: rs[0].problems };
  console.log(`${what}: ready in ${secs(r.readyMs)}, RSS ${mb(r.rss)} (peak ${mb(r.peak)}), V8 heap used ${mb(r.heap)} (of ${mb(r.heapTotal)}), external ${mb(r.external)}${r.problems ? `, ${r.problems} manifest problems` : ""}  [median of ${RUNS}]`);
  return r;
}

/** The builds measured, in order: the compare copy (before) first, then this one. */
function builds(): { label: string; dir: string; env: Record<string, string> }[] {
  const label = (b: { dir: string; env: Record<string, string> }) => `build ${b.dir} (${envText(b.env)})`;
  return [...(COMPARE ? [COMPARE] : []), SERVER].map((b) => ({ ...b, label: label(b) }));
}

async function live(): Promise<void> {
  const clusterDir = process.env.ROLECALL_CLUSTER_DIR ? path.resolve(process.env.ROLECALL_CLUSTER_DIR) : path.resolve(".cluster");
  const kubeconfig = path.join(clusterDir, "kubeconfig");
  const pods = Number(process.env.BENCH_LIVE_PODS || 20_000);
  const nsCount = Math.max(1, Math.ceil(pods / 1000));
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const prefix = `bench-memory-${process.pid}`;
  const names = Array.from({ length: nsCount }, (_, i) => `${prefix}-${i}`);
  const pool = async <T>(items: T[], n: number, fn: (x: T) => Promise<unknown>) => {
    let next = 0;
    await Promise.all(Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]);
    }));
  };
  try {
    const t0 = performance.now();
    for (const name of names) await core.createNamespace({ body: { metadata: { name } } });
    const saPerNs = 20;
    await pool(names.flatMap((n) => Array.from({ length: saPerNs }, (_, i) => [n, `sa-${i}`])), 16, ([n, s]) => core.createNamespacedServiceAccount({ namespace: n, body: { metadata: { name: s } } }));
    await pool(names.flatMap((n) => Array.from({ length: 100 }, (_, i) => [n, i] as const)), 16, ([n, i]) =>
      rbac.createNamespacedRoleBinding({ namespace: n, body: { metadata: { name: `binding-${i}` }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: i % 2 ? "view" : "edit" }, subjects: [{ kind: "ServiceAccount", name: `sa-${i % saPerNs}`, namespace: n }] } }),
    );
    // Bare pods no scheduler picks up (an unknown schedulerName): they stay Pending, cost the
    // control plane nothing after creation and are deleted at once.
    await pool(Array.from({ length: pods }, (_, i) => i), 24, (i) => {
      const n = names[i % nsCount];
      const p = realisticPod(n, `pod-${i}`, `sa-${i % saPerNs}`, { kind: "ReplicaSet", apiVersion: "apps/v1", name: "x", uid: "x" }, i % 10 === 0 ? "db" : undefined) as unknown as V1Pod;
      delete (p.metadata as Record<string, unknown>).ownerReferences; // the garbage collector would remove pods of a missing owner
      delete (p.metadata as Record<string, unknown>).uid;
      delete (p.metadata as Record<string, unknown>).resourceVersion;
      delete (p.metadata as Record<string, unknown>).generateName;
      delete (p as Record<string, unknown>).status;
      // the API server refuses probes on init containers that are not sidecars
      for (const c of p.spec!.initContainers ?? []) c.readinessProbe = undefined;
      p.spec!.nodeName = undefined;
      p.spec!.schedulerName = "bench-memory-none";
      return core.createNamespacedPod({ namespace: n, body: p });
    });
    console.log(`live: created ${nsCount} namespaces, ${nsCount * saPerNs} ServiceAccounts, ${nsCount * 100} RoleBindings, ${pods} pods in ${secs(performance.now() - t0)}`);
    const what = `live mode, local control plane (+${pods} pods in ${nsCount} namespaces, besides what the cluster holds)`;
    for (const b of builds()) await runs(`${what}, ${b.label}`, b.dir, { ...b.env, KUBECONFIG: kubeconfig });
  } finally {
    const t1 = performance.now();
    for (const n of names) {
      await core.deleteCollectionNamespacedPod({ namespace: n, gracePeriodSeconds: 0 }).catch(() => undefined);
      await core.deleteNamespace({ name: n }).catch(() => undefined);
    }
    console.log(`live: deleted the namespaces ${prefix}-* in ${secs(performance.now() - t1)}`);
  }
}

async function main() {
  const script = "../scripts/standalone.mjs"; // plain JS: typed here
  const { ensureBuilt, MALLOC_ENV } = (await import(script)) as { ensureBuilt: (o: { build: boolean }) => string; MALLOC_ENV: Record<string, string> };
  // the server's environment as `npm start` and the image give it
  SERVER.env = envFrom(process.env.BENCH_ENV, MALLOC_ENV);
  if (process.env.BENCH_COMPARE_DIR) COMPARE = { dir: path.resolve(process.env.BENCH_COMPARE_DIR), env: envFrom(process.env.BENCH_COMPARE_ENV, MALLOC_ENV) };
  SERVER.dir = process.env.BENCH_APP_DIR ? path.resolve(process.env.BENCH_APP_DIR) : ensureBuilt({ build: process.env.BENCH_BUILD === "1" });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-bench-memory-"));
  try {
    const worlds = process.env.BENCH_MANIFESTS === "0" ? [] : [...(process.env.BENCH_BASE === "0" && PODS ? [] : [0]), ...(PODS ? [PODS] : [])];
    // results[build label][pods]
    const results: Record<string, Record<number, Run>> = {};
    for (const pods of worlds) {
      const dir = path.join(tmp, `pods-${pods}`);
      fs.mkdirSync(dir);
      const t0 = performance.now();
      const { counts, bytes } = writeWorld(dir, pods);
      const workloads = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"].reduce((s, k) => s + (counts[k] ?? 0), 0);
      console.log(
        `generated ${counts.ServiceAccount} ServiceAccounts, ${counts.RoleBinding} RoleBindings, ${workloads} workloads (+${counts.ReplicaSet} ReplicaSets), ${counts.Pod ?? 0} pods: ${mb(bytes)} of JSON in ${secs(performance.now() - t0)}`,
      );
      // the generated world is far over the default total of 32 MB of manifests
      for (const b of builds()) (results[b.label] ??= {})[pods] = await runs(`manifests mode, ${pods} pods, ${b.label}`, b.dir, { ...b.env, ROLECALL_MANIFESTS: dir, ROLECALL_MANIFESTS_MAX_MB: "2048" });
      fs.rmSync(dir, { recursive: true, force: true });
    }
    for (const [label, r] of Object.entries(results)) {
      // RSS also holds heap V8 has not given back since the last collection: noisy, see the README.
      if (PODS && r[PODS] && r[0]) console.log(`${label}: RSS per 10k pods (difference of the two worlds): ${mb((r[PODS].rss - r[0].rss) / (PODS / 10_000))}; V8 heap per 10k pods: ${mb((r[PODS].heap - r[0].heap) / (PODS / 10_000))}`);
      if (PODS === 100_000 && r[PODS]) console.log(`${label}: target under ${TARGET_MB_AT_100K_PODS} MB at 100k pods: ${r[PODS].rss < TARGET_MB_AT_100K_PODS * 1024 * 1024 ? "met" : "MISSED"}`);
    }
    if (process.env.BENCH_LIVE === "1") await live();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`);
}

if (require.main === module)
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });

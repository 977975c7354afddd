// npm run bench:chains — graph + diagnostics for 2,000 workloads with 3,000 waits, run on the
// bundled code (scripts/bench.mjs) as the server runs it.
// Full build (cold engine: parse every template), rebuild after a spec change (parse cache
// warm, structure rebuilt), and a status-only update (one Job's status changes: only that
// kind's map is new, as the store's copy-on-write snapshots do).
import os from "node:os";
import { performance } from "node:perf_hooks";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { KubeObject, Snapshot } from "@/lib/store/types";
import { ChainsEngine } from "@/lib/chains";
import { canIFromRbac } from "@/lib/chains/rbac";

const NS = 40;
const PER_NS = { jobs: 10, deployments: 25, statefulsets: 8, cronjobs: 7 }; // 50 workloads per namespace → 2,000
const NOW = Date.parse("2026-11-28T12:00:00Z");

function world(): KubeObject[] {
  const out: KubeObject[] = [];
  let waits = 0;
  let uid = 0;
  const meta = (name: string, ns: string, labels?: Record<string, string>) => ({ name, namespace: ns, uid: `u${++uid}`, generation: 1, resourceVersion: String(uid), ...(labels ? { labels } : {}) });
  for (let n = 0; n < NS; n++) {
    const ns = `team-${n}`;
    out.push({ kind: "Namespace", metadata: { name: ns, uid: `ns${n}` } });
    out.push({ kind: "ServiceAccount", metadata: meta("waiter", ns) });
    out.push({ kind: "Role", metadata: meta("waiter", ns), rules: [{ apiGroups: ["batch"], resources: ["jobs"], verbs: ["get", "list", "watch"] }] });
    out.push({ kind: "RoleBinding", metadata: meta("waiter", ns), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "waiter" }, subjects: [{ kind: "ServiceAccount", name: "waiter", namespace: ns }] });
    for (let j = 0; j < PER_NS.jobs; j++) {
      out.push({
        kind: "Job",
        metadata: meta(`migrate-${j}`, ns, { app: `migrate-${j}` }),
        spec: { completions: 1, template: { metadata: { labels: { app: `migrate-${j}` } }, spec: { containers: [{ name: "m", image: "m" }] } } },
        status: j % 3 ? { succeeded: 1, startTime: "2026-11-28T11:00:00Z", completionTime: "2026-11-28T11:01:00Z", conditions: [{ type: "Complete", status: "True" }] } : { active: 1 },
      });
    }
    for (let d = 0; d < PER_NS.deployments; d++) {
      const name = `svc-${d}`;
      const inits: object[] = [{ name: "wait-job", image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ["job", `migrate-${d % PER_NS.jobs}`] }];
      waits++;
      if (d > 0) {
        inits.push({ name: "wait-up", image: "busybox", command: ["sh", "-c", `until nc -z svc-${d - 1} 8080; do sleep 1; done`] });
        waits++;
      }
      const dm = meta(name, ns, { app: name });
      out.push({
        kind: "Deployment",
        metadata: dm,
        spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { serviceAccountName: "waiter", initContainers: inits, containers: [{ name: "app", image: "app" }] } } },
        status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1, readyReplicas: 1 },
      });
      const rs = meta(`${name}-5f`, ns, { app: name });
      out.push({ kind: "ReplicaSet", metadata: { ...rs, ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name, uid: dm.uid, controller: true }] }, spec: { replicas: 1, template: { spec: { containers: [] } } } });
      out.push({
        kind: "Pod",
        metadata: { ...meta(`${name}-5f-x`, ns, { app: name }), ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: `${name}-5f`, uid: rs.uid, controller: true }] },
        spec: { initContainers: inits, containers: [{ name: "app" }] },
        status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }], containerStatuses: [{ name: "app", ready: true, restartCount: 0 }] },
      });
      out.push({ kind: "Service", metadata: meta(name, ns), spec: { selector: { app: name }, ports: [{ port: 8080 }] } });
    }
    for (let s = 0; s < PER_NS.statefulsets; s++) {
      out.push({
        kind: "StatefulSet",
        metadata: meta(`db-${s}`, ns, { app: `db-${s}` }),
        spec: { replicas: 1, template: { metadata: { labels: { app: `db-${s}` } }, spec: { serviceAccountName: "waiter", initContainers: [{ name: "w", image: "bitnami/kubectl", args: ["wait", "--for=condition=complete", `job/migrate-${s}`] }], containers: [{ name: "db" }] } } },
        status: { observedGeneration: 1, replicas: 1, readyReplicas: 1, updatedReplicas: 1 },
      });
      waits++;
    }
    for (let c = 0; c < PER_NS.cronjobs; c++) {
      out.push({
        kind: "CronJob",
        metadata: meta(`report-${c}`, ns),
        spec: { schedule: "*/5 * * * *", jobTemplate: { spec: { template: { spec: { restartPolicy: "Never", initContainers: [{ name: "w", image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ["pod", `-lapp=svc-${c}`] }, { name: "w2", image: "busybox", command: ["sh", "-c", `until curl -fs http://svc-${c + 1}:8080/ready && nslookup db-${c}; do sleep 2; done`] }], containers: [{ name: "r" }] } } } } },
      });
      waits += 3;
    }
  }
  (world as { waits?: number }).waits = waits;
  return out;
}

/** Wall time and this process's CPU time (user+system) of fn, in ms. */
function timed<T>(fn: () => T): [T, number, number] {
  const c = process.cpuUsage();
  const t = performance.now();
  const r = fn();
  const wall = performance.now() - t;
  const cpu = process.cpuUsage(c);
  return [r, wall, (cpu.user + cpu.system) / 1000];
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), min: s[0] };
}
const fmt = (x: number) => `${x.toFixed(2)} ms`;

const objects = world();
const base = snapshotFromObjects(objects, { version: 1 });
const waits = (world as { waits?: number }).waits;
const workloads = [...base.objects.Job.values(), ...base.objects.Deployment.values(), ...base.objects.StatefulSet.values(), ...base.objects.CronJob.values()].length;
console.log(`world: ${workloads} workloads, ${waits} waits, ${base.objects.Pod.size} pods, ${base.objects.Service.size} services`);

// 1. full build from a cold engine: a new engine and a snapshot of objects it has never seen
// (a fresh copy of the world each time, so no per-object memo from an earlier run helps and
// every template is parsed). A server's store holds its objects in V8's old generation long
// before anyone asks for chains, so two young-generation collections move each new copy there
// first; otherwise the build's own collections would also copy the whole brand-new world
// (that figure is printed too, for comparison). The first WARMUP runs are not counted: they
// time V8 compiling the code.
const WARMUP = 5;
const RUNS = 40;
const minorGc = (globalThis as { gc?: (o: { type: "minor" }) => void }).gc;
if (!minorGc) console.log("note: run with node --expose-gc (npm run bench:chains does), or the world stays young during the builds");
let view: ReturnType<ChainsEngine["build"]> | undefined;
function coldBuilds(promote: boolean): { wall: number[]; cpu: number[] } {
  const out = { wall: [] as number[], cpu: [] as number[] };
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const engine = new ChainsEngine();
    const snap = snapshotFromObjects(world(), { version: i + 1 });
    if (promote) for (let k = 0; k < 2; k++) minorGc?.({ type: "minor" });
    const [v, wall, cpu] = timed(() => engine.build(snap, { now: NOW, canI: canIFromRbac }));
    view = v;
    if (i < WARMUP) continue;
    out.wall.push(wall);
    out.cpu.push(cpu);
  }
  return out;
}
const full = coldBuilds(true);
const fullYoung = coldBuilds(false);
const byCode: Record<string, number> = {};
for (const d of view!.diagnostics) byCode[d.code] = (byCode[d.code] ?? 0) + 1;
console.log(`graph: ${view!.nodes.length} nodes, ${view!.edges.length} edges, ${view!.chains.length} chains, diagnostics ${JSON.stringify(byCode)}`);

// 2. structure rebuild with warm parse cache (a spec change elsewhere) and 3. status-only updates
const engine = new ChainsEngine();
let snap: Snapshot = base;
engine.build(snap, { now: NOW, canI: canIFromRbac });
const jobs = [...base.objects.Job.entries()];
const statusOnly: number[] = [];
const statusCpu: number[] = [];
const rebuild: number[] = [];
const rebuildCpu: number[] = [];
for (let i = 0; i < 300; i++) {
  const [key, job] = jobs[i % jobs.length];
  const changed: KubeObject = { ...job, metadata: { ...job.metadata, resourceVersion: `s${i}` }, status: i % 2 ? { active: 1 } : { succeeded: 1, conditions: [{ type: "Complete", status: "True" }] } };
  const jobMap = new Map(snap.objects.Job);
  jobMap.set(key, changed);
  snap = { ...snap, version: snap.version + 1, objects: { ...snap.objects, Job: jobMap } };
  const s1 = snap;
  const [, w1, c1] = timed(() => engine.build(s1, { now: NOW + i, canI: canIFromRbac }));
  statusOnly.push(w1);
  statusCpu.push(c1);
  if (i % 10 === 0) {
    // a spec change: one Deployment gets a new generation
    const deps = [...snap.objects.Deployment.entries()];
    const [dk, d] = deps[i % deps.length];
    const dm = new Map(snap.objects.Deployment);
    dm.set(dk, { ...d, metadata: { ...d.metadata, generation: (d.metadata.generation ?? 1) + 1 } });
    snap = { ...snap, version: snap.version + 1, objects: { ...snap.objects, Deployment: dm } };
    const s2 = snap;
    const [, w2, c2] = timed(() => engine.build(s2, { now: NOW + i, canI: canIFromRbac }));
    rebuild.push(w2);
    rebuildCpu.push(c2);
  }
}
const line = (what: string, wall: number[], cpu: number[], target = "") => {
  const w = stats(wall);
  const c = stats(cpu);
  console.log(`${what}: median ${fmt(w.median)}  p95 ${fmt(w.p95)}  min ${fmt(w.min)} | CPU time median ${fmt(c.median)}  p95 ${fmt(c.p95)}${target}`);
};
console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs (wall time includes waiting for a CPU; CPU time does not)`);
line("full build (cold engine, parses every template; objects in the old generation, as a server's store holds them)", full.wall, full.cpu, "  (target < 50 ms)");
line("  the same with the world created just before each build (still young: the build's collections copy it too)", fullYoung.wall, fullYoung.cpu);
line("rebuild after a spec change (parse cache warm)", rebuild, rebuildCpu);
line("status-only update", statusOnly, statusCpu, "  (target < 5 ms)");
console.log(`structure builds: ${engine.structureBuilds}, template parses: ${engine.parses}`);

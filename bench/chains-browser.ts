// npm run bench:chains -- browser part, run on its own: `npx tsx bench/chains-browser.ts`.
// Lays out and draws 300 chain nodes in Chromium: a manifests folder with 60 five-step
// chains in one namespace, served by the production build (BENCH_BUILD=1 builds it first),
// measured in the page from the API answer to every node and edge drawn (plus one animation
// frame), five times after a warm-up; medians, with the phases. BENCH_SHAPES=distinct gives
// every chain its own shape, BENCH_SHAPES=big has chains too big to lay out in the page, so
// elkjs lays them out (see below).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchChromium, startServer } from "./browser";

const PORT = Number(process.env.BENCH_PORT || 3296);
const CHAINS = 60;
// BENCH_SHAPES=distinct: every chain waits on a different set of its neighbours, so no two
// chains share a shape and all 300 nodes are laid out (by default all 60 chains have one
// shape, laid out once). BENCH_SHAPES=big: 5 chains of 60 Deployments, each of its own
// shape, bigger than the page lays out itself, so ELK in its worker lays out all 300 from
// cold (the worker is started when such a chain first shows up).
const SHAPES = process.env.BENCH_SHAPES || "one";
if (!["one", "distinct", "big"].includes(SHAPES)) throw new Error(`BENCH_SHAPES: one, distinct or big, not ${SHAPES}`);
const DISTINCT = SHAPES === "distinct";
type Target = "job" | "svc" | "api" | "worker";
/** Chain i's waits: the api Deployment's, the worker Deployment's and the CronJob's. */
function waits(i: number): { api: Target[]; worker: Target[]; report: Target[] } {
  if (!DISTINCT) return { api: ["job"], worker: ["svc"], report: ["worker"] };
  const combos: { api: Target[]; worker: Target[]; report: Target[] }[] = [];
  const subsets = <T,>(xs: T[]) => Array.from({ length: 2 ** xs.length - 1 }, (_, m) => xs.filter((_, j) => ((m + 1) >> j) & 1));
  for (const api of [["job"], []] as Target[][])
    for (const worker of subsets<Target>(["job", "svc", "api"]))
      for (const report of subsets<Target>(["job", "svc", "api", "worker"]))
        // every chain keeps its five objects: someone waits on the Job and on the Service
        if ([...api, ...worker, ...report].includes("job") && [...worker, ...report].includes("svc")) combos.push({ api, worker, report });
  return combos[i];
}
function initContainers(i: number, targets: Target[]): string {
  if (!targets.length) return "";
  const c = targets.map((t, k) => {
    const name = `wait-${k}`;
    if (t === "svc") return `{name: ${name}, image: busybox, command: ["sh", "-c", "until nc -z api-${i} 8080; do sleep 2; done"]}`;
    const args = t === "job" ? `["job", "migrate-${i}"]` : `["pod", "-lapp=${t}-${i}"]`;
    return `{name: ${name}, image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ${args}}`;
  });
  return `initContainers: [${c.join(", ")}]`;
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-chains-300-"));
const docs: string[] = ["apiVersion: v1\nkind: Namespace\nmetadata: {name: bench}"];
/** Deployment d-i-j waits for the pods of d-i-(j-1), and d-i-(i+2) also for d-i-i (one shape per chain). */
function bigChain(i: number): void {
  for (let j = 0; j < 60; j++) {
    const on = [...(j > 0 ? [j - 1] : []), ...(j === i + 2 ? [i] : [])];
    const init = on.map((k, n) => `{name: wait-${n}, image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ["pod", "-lapp=d-${i}-${k}"]}`);
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: d-${i}-${j}, namespace: bench}
spec:
  selector: {matchLabels: {app: d-${i}-${j}}}
  template:
    metadata: {labels: {app: d-${i}-${j}}}
    spec:
      ${init.length ? `initContainers: [${init.join(", ")}]` : ""}
      containers: [{name: c, image: c}]`);
  }
}
if (SHAPES === "big") for (let i = 0; i < 5; i++) bigChain(i);
else for (let i = 0; i < CHAINS; i++) {
  const w = waits(i);
  docs.push(`apiVersion: batch/v1
kind: Job
metadata: {name: migrate-${i}, namespace: bench}
spec: {template: {spec: {restartPolicy: Never, containers: [{name: m, image: m}]}}}`);
  docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: api-${i}, namespace: bench}
spec:
  selector: {matchLabels: {app: api-${i}}}
  template:
    metadata: {labels: {app: api-${i}}}
    spec:
      ${initContainers(i, w.api)}
      containers: [{name: api, image: api}]`);
  docs.push(`apiVersion: v1
kind: Service
metadata: {name: api-${i}, namespace: bench}
spec: {selector: {app: api-${i}}, ports: [{port: 8080}]}`);
  docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: worker-${i}, namespace: bench}
spec:
  selector: {matchLabels: {app: worker-${i}}}
  template:
    metadata: {labels: {app: worker-${i}}}
    spec:
      ${initContainers(i, w.worker)}
      containers: [{name: worker, image: worker}]`);
  docs.push(`apiVersion: batch/v1
kind: CronJob
metadata: {name: report-${i}, namespace: bench}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          ${initContainers(i, w.report)}
          containers: [{name: r, image: r}]`);
}
fs.writeFileSync(path.join(dir, "bench.yaml"), docs.join("\n---\n"));

// the last build, or a new one first with BENCH_BUILD=1 (when the sources changed)
const server = startServer({ port: PORT, manifests: dir, build: !!process.env.BENCH_BUILD });
const stop = server.stop;

interface RunTimes {
  timeline: string;
  total: number;
  toLayoutStart: number;
  layout: number;
  elk: number;
  draw: number;
  elkNodes: number;
  smallNodes: number;
  smallMs: number;
  chains: number;
}

async function main() {
  const base = server.base;
  const expected = await server.until(async (b) => {
    const r = await fetch(`${b}/api/v1/chains?namespace=bench`);
    if (!r.ok) return undefined;
    const body = (await r.json()) as { nodes: unknown[]; edges: unknown[] };
    return { nodes: body.nodes.length, edges: body.edges.length };
  }, "the chains");
  console.log(`server ready: ${expected.nodes} nodes, ${expected.edges} edges in namespace bench (${{ one: "60 chains of one shape", distinct: "BENCH_SHAPES=distinct: 60 chain shapes", big: "BENCH_SHAPES=big: 5 chains of 60" }[SHAPES]})`);
  if (expected.nodes < 300) throw new Error(`expected 300 nodes, the server has ${expected.nodes}`);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on("crash", () => console.error("the page crashed"));
  page.on("pageerror", (e) => console.error("page error:", e.message));
  const runs: RunTimes[] = [];
  // BENCH_TRACE=file.json: the last run's trace (open in DevTools' Performance panel), with
  // the main thread's JavaScript sampled.
  for (let run = 0; run < 6; run++) {
    if (process.env.BENCH_TRACE && run === 5) await browser.startTracing(page, { path: process.env.BENCH_TRACE, categories: ["devtools.timeline", "blink.user_timing", "disabled-by-default-devtools.timeline", "disabled-by-default-v8.cpu_profiler"] });
    await page.goto(`${base}/chains?namespace=bench`);
    // "Drawn": the layout applied and the graph shown, every node in the DOM and visible (React
    // Flow hides a node until it knows its size), every edge and its label in the DOM and
    // visible; then one more animation frame so they are painted.
    // Times are taken in the page (performance.now) from the API response's last byte.
    await page.waitForFunction(
      (want) => {
        const graph = document.querySelector('[data-testid="chain-graph"]');
        // laid out (the graph mounts hidden while the worker works) and shown
        if (!graph || graph.getAttribute("data-layout-ms") === null) return false;
        const flow = graph.querySelector(".react-flow");
        if (!flow || getComputedStyle(flow).visibility !== "visible") return false;
        const nodes = graph.querySelectorAll<HTMLElement>(".react-flow__node");
        if (nodes.length < want.nodes || graph.querySelectorAll('[data-testid="chain-node"]').length < want.nodes) return false;
        for (const n of nodes) if (n.style.visibility === "hidden") return false;
        if (graph.querySelectorAll(".react-flow__edge").length < want.edges) return false;
        // edge labels too (React Flow hides a label until it has measured it)
        if (graph.querySelectorAll(".react-flow__edge-text, [data-testid=chain-edge-label]").length < want.edges) return false;
        if (graph.querySelector('.react-flow__edge [visibility="hidden"], .react-flow__edge-textwrapper[visibility="hidden"]')) return false;
        return true;
      },
      expected,
      { timeout: 60_000, polling: "raf" },
    );
    const t = await page.evaluate(
      () =>
        new Promise<RunTimes>((resolve) =>
          requestAnimationFrame(() => {
            const drawn = performance.now();
            const api = performance.getEntriesByType("resource").filter((e) => e.name.includes("/api/v1/chains?namespace=bench")).at(-1) as PerformanceResourceTiming;
            const start = performance.getEntriesByName("chains:layout-start").at(-1)!;
            const end = performance.getEntriesByName("chains:layout-end").at(-1) as PerformanceMark;
            // (no named helpers in here: tsx would wrap them in a __name() the page lacks)
            const timeline = [
              ...performance.getEntriesByType("mark").filter((m) => m.name.startsWith("chains:")).map((m) => `${m.name.slice(7)} ${Math.round(m.startTime - api.responseEnd)}`),
              ...performance.getEntriesByName("chains:elk").map((m) => `elk ${Math.round(m.startTime - api.responseEnd)}..${Math.round(m.startTime + m.duration - api.responseEnd)}`),
              `drawn ${Math.round(drawn - api.responseEnd)}`,
            ].join(", ");
            resolve({
              timeline,
              total: drawn - api.responseEnd,
              toLayoutStart: start.startTime - api.responseEnd,
              layout: end.startTime - start.startTime,
              elk: (end.detail as { elkMs: number }).elkMs,
              draw: drawn - end.startTime,
              elkNodes: (end.detail as { elkNodes: number }).elkNodes,
              smallNodes: (end.detail as { smallNodes: number }).smallNodes,
              smallMs: (end.detail as { smallMs: number }).smallMs,
              chains: (end.detail as { chains: number }).chains,
            });
          }),
        ),
    );
    // run 0 warms the server and the browser's caches
    if (run > 0) runs.push(t);
    if (process.env.BENCH_TRACE && run === 5) await browser.stopTracing();
  }
  await browser.close();
  console.log(`  timeline of the last run (ms from the API answer): ${runs.at(-1)!.timeline}`);
  const med = (k: Exclude<keyof RunTimes, "timeline">) => Math.round([...runs.map((r) => r[k])].sort((a, b) => a - b)[Math.floor(runs.length / 2)]);
  const total = med("total");
  console.log(`300 nodes: API answer → all nodes drawn: median ${total} ms (runs ${runs.map((r) => Math.round(r.total)).join(", ")})`);
  console.log(`  phases (medians): answer → layout request ${med("toLayoutStart")} ms · layout (in the page, or a round trip to the ELK worker) ${med("layout")} ms, of which ELK ${med("elk")} ms · positions → drawn ${med("draw")} ms`);
  // Honest about the shortcuts: a shape is laid out once, and small chains without ELK.
  console.log(`  laid out: ${med("smallNodes")} nodes in the page (distinct shapes of small chains; median ${med("smallMs")} ms on the main thread), ${med("elkNodes")} by ELK (bigger chains), for ${med("chains")} chains; the rest is packing`);
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs; ${(total / 1000).toFixed(2)}× the target (< 1 s)`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

// npm run bench:chains -- browser part, run on its own: `npx tsx bench/chains-browser.ts`.
// Lays out and draws 300 chain nodes in Chromium: a manifests folder with 60 five-step
// chains in one namespace, served by the production build (BENCH_BUILD=1 builds it first),
// measured from the API answer to every node drawn, five times.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";

const PORT = Number(process.env.BENCH_PORT || 3296);
const CHAINS = 60;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-chains-300-"));
const docs: string[] = ["apiVersion: v1\nkind: Namespace\nmetadata: {name: bench}"];
for (let i = 0; i < CHAINS; i++) {
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
      initContainers: [{name: wait, image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ["job", "migrate-${i}"]}]
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
      initContainers: [{name: wait, image: busybox, command: ["sh", "-c", "until nc -z api-${i} 8080; do sleep 2; done"]}]
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
          initContainers: [{name: wait, image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ["pod", "-lapp=worker-${i}"]}]
          containers: [{name: r, image: r}]`);
}
fs.writeFileSync(path.join(dir, "bench.yaml"), docs.join("\n---\n"));

const server = spawn("node", ["scripts/standalone.mjs", "--port", String(PORT), ...(process.env.BENCH_BUILD ? [] : ["--no-build"]), "--private", "--env", `ROLECALL_MANIFESTS=${dir}`], { stdio: "ignore" });
const stop = () => server.kill("SIGTERM");
process.on("exit", stop);

async function main() {
  const base = `http://127.0.0.1:${PORT}`;
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${base}/api/v1/chains?namespace=bench`);
      if (r.ok) {
        const body = (await r.json()) as { nodes: unknown[] };
        console.log(`server ready: ${body.nodes.length} nodes in namespace bench`);
        break;
      }
    } catch {
      /* not up yet */
    }
    if (i > (process.env.BENCH_BUILD ? 1800 : 240)) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 500));
  }
  const browser = await chromium.launch({ executablePath: process.env.ROLECALL_CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"] });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const total: number[] = [];
  const layoutOnly: number[] = [];
  for (let run = 0; run < 6; run++) {
    const answered = page.waitForResponse((r) => r.url().includes("/api/v1/chains?namespace=bench")).then(() => Date.now());
    await page.goto(`${base}/chains?namespace=bench`);
    const tAnswer = await answered;
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="chain-node"]').length >= 300, undefined, { timeout: 60_000 });
    // one more frame so the nodes are painted
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    const tDrawn = Date.now();
    const lm = Number(await page.getAttribute('[data-testid="chain-graph"]', "data-layout-ms"));
    if (run > 0) {
      // run 0 warms the server and the worker's script cache
      total.push(tDrawn - tAnswer);
      layoutOnly.push(lm);
    }
  }
  await browser.close();
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`300 nodes: API answer → all nodes drawn: median ${med(total)} ms (runs ${total.join(", ")}); elk layout in the worker: median ${med(layoutOnly)} ms`);
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs (target < 1 s)`);
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

// npm run bench:pages — time to meaningful content as a user feels it, in Chromium, on the
// production build: from navigation start to a named part of the page's answer being visible,
// a cold load each time (a new browser context: no cache, no React Query state).
//
// The world: the RBAC bench's (bench/world.ts: 10,000 ServiceAccounts, 50,000 RoleBindings…)
// written as manifests, plus the bundled examples (their chains and findings), in one folder
// served in manifests mode (ROLECALL_MANIFESTS), as a user would point Rolecall at a folder.
//
//   BENCH_RUNS=7      measured loads per page (after one warm-up load each)
//   BENCH_NO_BUILD=1  serve the last build as is (by default it is rebuilt if the sources changed)
//   BENCH_PAGES=list,sa  only these pages
//   BENCH_PORT        the server's port (default: a free one)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { freePort } from "@/cluster/ports";
import type { KubeObject } from "@/lib/store/types";
import { seededRandom } from "@/lib/testing/random";
import { launchChromium, startServer } from "./browser";
import { generateWorld } from "./world";

const RUNS = Number(process.env.BENCH_RUNS || 7);
const ROOT = process.cwd(); // npm run: the checkout

// ---- the world, as a folder of manifests ----
const objects = generateWorld(seededRandom(42));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-pages-"));
const API_VERSION: Record<string, string> = { Namespace: "v1", ServiceAccount: "v1" };
const byKind = new Map<string, KubeObject[]>();
for (const o of objects) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);
for (const [kind, items] of byKind)
  for (let i = 0; i < items.length; i += 1000)
    fs.writeFileSync(
      path.join(dir, `${kind.toLowerCase()}-${i / 1000}.json`),
      JSON.stringify({ apiVersion: "v1", kind: "List", items: items.slice(i, i + 1000).map((o) => ({ apiVersion: API_VERSION[o.kind] ?? "rbac.authorization.k8s.io/v1", ...o })) }),
    );
fs.cpSync(path.join(ROOT, "examples"), path.join(dir, "examples"), { recursive: true, filter: (p) => !p.endsWith(".md") });

// The best-connected ServiceAccount of the world: the most bindings naming it directly.
const named = new Map<string, number>();
for (const o of objects)
  if (o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding")
    for (const s of (o as { subjects?: { kind: string; name: string; namespace?: string }[] }).subjects ?? [])
      if (s.kind === "ServiceAccount") named.set(`${s.namespace}/${s.name}`, (named.get(`${s.namespace}/${s.name}`) ?? 0) + 1);
const [[best, bestBindings]] = [...named].sort((a, b) => b[1] - a[1]);
const [bestNs, bestName] = best.split("/");

// ---- the pages and what "meaningful" means on each ----
interface PageCase {
  id: string;
  what: string;
  url: string;
  target: number;
  /** Runs in the page: once the named part of the answer is visible, the time (performance.now()), else false. */
  ready: () => number | false;
}
// (the predicates run in the page: no named helpers in them, tsx would wrap those in a __name() the page lacks)
const PAGES: PageCase[] = [
  {
    id: "list",
    what: "SA list: the first row",
    url: "/serviceaccounts",
    target: 1000,
    ready: () => {
      const el = document.querySelector('[role="table"][aria-label="Service accounts"] [role="rowgroup"] [role="row"][aria-rowindex="2"]');
      return !!el && el.checkVisibility() && el.getBoundingClientRect().height > 0 && !!el.textContent && performance.now();
    },
  },
  {
    id: "sa",
    what: `SA page (${best}, ${bestBindings} bindings): header and permission matrix`,
    url: `/serviceaccounts/${bestNs}/${bestName}`,
    target: 1000,
    ready: () => {
      const h1 = document.querySelector("main h1, h1");
      const row = document.querySelector('[data-testid="permission-matrix"] [data-testid="matrix-row"], [data-testid="matrix-empty"]');
      return !!h1 && h1.checkVisibility() && !!h1.textContent?.includes("in ") && !!row && row.checkVisibility() && performance.now();
    },
  },
  {
    id: "findings",
    what: "findings: the first finding",
    url: "/findings",
    target: 1000,
    ready: () => {
      const el = document.querySelector('[data-testid="finding"]');
      return !!el && el.checkVisibility() && el.getBoundingClientRect().height > 0 && performance.now();
    },
  },
  {
    id: "can-i",
    what: `can-i: the answer (get pods in ${bestNs} as ${best})`,
    url: `/can-i?verb=get&resource=pods&ns=${bestNs}&as=${encodeURIComponent(`system:serviceaccount:${bestNs}:${bestName}`)}`,
    target: 1000,
    ready: () => {
      const el = document.querySelector('[data-testid="can-i-answer"]');
      return !!el && el.checkVisibility() && /Yes|No/.test(el.textContent ?? "") && performance.now();
    },
  },
  {
    id: "chains",
    what: "chains graph (the examples' chains, all namespaces): every node drawn",
    url: "/chains",
    target: 1500,
    ready: () => {
      const graph = document.querySelector('[data-testid="chain-graph"]');
      if (!graph || graph.getAttribute("data-layout-ms") === null) return false;
      const flow = graph.querySelector(".react-flow");
      if (!flow || getComputedStyle(flow).visibility !== "visible") return false;
      const nodes = graph.querySelectorAll<HTMLElement>(".react-flow__node");
      const want = Number(graph.getAttribute("data-nodes") ?? document.querySelector('[data-testid="chain-count"]')?.textContent?.match(/(\d+) objects/)?.[1] ?? 1);
      if (nodes.length < want) return false;
      for (const n of nodes) if (n.style.visibility === "hidden" || !n.querySelector('[data-testid="chain-node-label"]')?.textContent) return false;
      return performance.now();
    },
  },
];

interface Load {
  /** ms from navigation start to the content visible */
  content: number;
  /** ms from navigation start to the document's first byte, and its last */
  ttfb: number;
  htmlEnd: number;
  /** the document's size (decoded) and the API answers' total, bytes */
  htmlBytes: number;
  apiBytes: number;
  /** the longest API answer's end, ms from navigation start, and its name */
  apiEnd: number;
  slowestApi: string;
}

async function load(page: Page, url: string, ready: () => number | false, timeout: number): Promise<Load> {
  await page.goto(url, { waitUntil: "commit", timeout });
  // polled on every animation frame; the time is taken in the page, when it first holds (a
  // function, not a string: the app's CSP forbids eval)
  const content = await page.waitForFunction(ready, undefined, { timeout, polling: "raf" });
  const at = (await content.jsonValue()) as number;
  return page.evaluate((contentAt) => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const api = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((e) => e.name.includes("/api/") && e.responseEnd <= contentAt);
    const slowest = api.reduce<PerformanceResourceTiming | undefined>((m, e) => (!m || e.responseEnd > m.responseEnd ? e : m), undefined);
    return {
      content: contentAt,
      ttfb: nav.responseStart,
      htmlEnd: nav.responseEnd,
      htmlBytes: nav.decodedBodySize,
      apiBytes: api.reduce((s, e) => s + e.decodedBodySize, 0),
      apiEnd: slowest?.responseEnd ?? 0,
      slowestApi: slowest ? new URL(slowest.name).pathname : "",
    };
  }, at);
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const kb = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${Math.round(b / 1000)} kB`);

async function main() {
  const port = Number(process.env.BENCH_PORT) || (await freePort());
  const server = startServer({ port, manifests: dir, build: !process.env.BENCH_NO_BUILD });
  try {
    const t0 = Date.now();
    const ready = await server.until(async (b) => {
      const r = await fetch(`${b}/api/readyz`);
      return r.ok ? ((await r.json()) as { problems?: unknown[] }) : undefined;
    }, "a synced store");
    console.log(`server ready in ${((Date.now() - t0) / 1000).toFixed(0)} s (build included when one was needed): ${objects.length} generated objects + examples/, ${ready.problems?.length ?? 0} source problems`);
    const only = process.env.BENCH_PAGES?.split(",");
    const browser = await launchChromium();
    const rows: { c: PageCase; loads: Load[] }[] = [];
    for (const c of PAGES.filter((p) => !only || only.includes(p.id))) {
      const loads: Load[] = [];
      // run 0 warms the server (the route's code, its caches) and the OS's file cache
      for (let run = 0; run <= RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const page = await context.newPage();
        page.on("pageerror", (e) => console.error(`${c.id}: page error:`, e.message));
        try {
          // the first visit may compute what the server then keeps (indexes, reach): minutes allowed
          const l = await load(page, server.base + c.url, c.ready, run === 0 ? 300_000 : 60_000);
          if (run > 0) loads.push(l);
          else console.log(`${c.id}: warm-up load ${sec(l.content)}`);
        } finally {
          await context.close();
        }
      }
      rows.push({ c, loads });
      const med = (k: "content" | "ttfb" | "htmlEnd" | "htmlBytes" | "apiBytes" | "apiEnd") => quantile(loads.map((l) => l[k]), 0.5);
      const m = med("content");
      console.log(
        `${c.what.padEnd(80)} median ${sec(m)}  p90 ${sec(quantile(loads.map((l) => l.content), 0.9))}  target < ${sec(c.target)}  ${(m / c.target).toFixed(2)}×`,
      );
      console.log(
        `    ${c.url}: first byte ${sec(med("ttfb"))}, HTML ${kb(med("htmlBytes"))} in by ${sec(med("htmlEnd"))}; API ${kb(med("apiBytes"))}, last (${loads.at(-1)!.slowestApi || "none"}) in by ${sec(med("apiEnd"))}; runs ${loads.map((l) => Math.round(l.content)).join(", ")} ms`,
      );
    }
    await browser.close();
    console.log(`${RUNS} cold loads per page after a warm-up, 1440×900, a new browser context each; load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`);
    const missed = rows.filter((r) => quantile(r.loads.map((l) => l.content), 0.5) >= r.c.target).map((r) => r.c.id);
    console.log(missed.length ? `over target: ${missed.join(", ")}` : "every page within its target");
  } finally {
    server.stop();
  }
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(dir, { recursive: true, force: true }));

// npm run screenshots [-- --readme]: pictures of the main pages with the bundled examples, for a
// person to look over after a UI change (the tests assert by role and text; pictures are for eyes).
// Serves the production build (built when needed) in examples mode and takes every page at
// 1440 and 390 px wide, light and dark, into .rolecall/screenshots/. --readme also writes the
// README's pictures to docs/ (1440 px light, and the SA page at 390 px).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "@playwright/test";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PORT = Number(process.env.SCREENSHOTS_PORT || 3297);
const OUT = path.join(ROOT, ".rolecall/screenshots");
const README = process.argv.includes("--readme");

type Shot = { name: string; url: string; ready: (page: Page) => Promise<void>; readme?: "wide" | "both" };
const heading = (page: Page) => page.locator("main h1").first().waitFor();
const SHOTS: Shot[] = [
  { name: "overview", url: "/", ready: heading, readme: "wide" },
  { name: "sa-page", url: "/serviceaccounts/ci/ci-runner", ready: (p) => p.getByTestId("permission-matrix").waitFor(), readme: "both" },
  { name: "chains", url: "/chains/legacy/deployment/legacy-auth", ready: (p) => p.getByTestId("chain-node").first().waitFor(), readme: "wide" },
  { name: "findings", url: "/findings", ready: heading },
  { name: "role", url: "/clusterroles/view", ready: heading },
  { name: "can-i", url: "/can-i?as=system:serviceaccount:go-todo:go-todo-sa&verb=list&resource=pods&ns=go-todo", ready: heading },
];
const WIDTHS = [1440, 390];

async function waitForServer(url: string, server: { exitCode: number | null }) {
  // a cold build takes minutes
  for (let i = 0; i < 1200; i++) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}) before it answered`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer`);
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const server = spawn(process.execPath, ["scripts/standalone.mjs", "--port", String(PORT), "--examples"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const browser = await chromium.launch({ executablePath: process.env.ROLECALL_CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    // ready: the examples loaded (readyz answers 503 until then)
    await waitForServer(`http://127.0.0.1:${PORT}/api/readyz`, server);
    for (const scheme of ["light", "dark"] as const)
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, deviceScaleFactor: 1 });
        const page = await context.newPage();
        for (const shot of SHOTS) {
          await page.goto(`http://127.0.0.1:${PORT}${shot.url}`);
          await shot.ready(page);
          // the top bar has connected to the live stream (not "connecting")
          await page.locator(`[data-testid="sync-state"][data-state="live"]`).waitFor();
          // settled: no skeleton or loading text left, fonts in
          await page.locator("[aria-busy=true]").first().waitFor({ state: "detached", timeout: 15_000 }).catch(() => {});
          await page.evaluate(() => document.fonts.ready);
          const file = path.join(OUT, `${shot.name}-${width}-${scheme}.png`);
          await page.screenshot({ path: file });
          const forReadme = scheme === "light" && (shot.readme === "both" || (shot.readme === "wide" && width === 1440));
          if (README && forReadme) fs.copyFileSync(file, path.join(ROOT, "docs", `screenshot-${shot.name}${width === 390 ? "-narrow" : ""}.png`));
          console.log(file);
        }
        await context.close();
      }
  } finally {
    await browser.close();
    server.kill("SIGTERM");
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

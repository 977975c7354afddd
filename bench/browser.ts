// What the browser benches share: the production server on a folder of manifests (built
// first when asked, or when `build` is "if-needed" and the sources changed), and Debian's
// Chromium (never a browser Playwright downloads), launched the way playwright.config.ts does.
import { spawn } from "node:child_process";
import { chromium, type Browser } from "@playwright/test";

export interface BenchServer {
  base: string;
  /** Polls `probe` until it returns a value; ends with the server's own words if it exits or never answers. */
  until<T>(probe: (base: string) => Promise<T | undefined>, what: string): Promise<T>;
  stop(): void;
}

/**
 * `node scripts/standalone.mjs` on `port` with ROLECALL_MANIFESTS=`manifests`. build: true
 * builds when the sources changed (`next build`, minutes on two busy cores), false serves the
 * last build as it is.
 */
export function startServer({ port, manifests, build }: { port: number; manifests: string; build: boolean }): BenchServer {
  const server = spawn("node", ["scripts/standalone.mjs", "--port", String(port), ...(build ? [] : ["--no-build"]), "--env", `ROLECALL_MANIFESTS=${manifests}`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  // A failed build or a server that dies must end the bench with its reason, not a long wait.
  let serverErr = "";
  let serverExit: number | null | undefined;
  server.stderr.on("data", (b: Buffer) => (serverErr = (serverErr + b.toString()).slice(-4000)));
  server.on("exit", (code) => (serverExit = code));
  const stop = () => server.kill("SIGTERM");
  process.on("exit", stop);
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    stop,
    async until(probe, what) {
      // a build takes minutes; a large world's load up to a minute or two on a busy machine
      const deadline = Date.now() + (build ? 30 : 5) * 60_000;
      for (;;) {
        try {
          const v = await probe(base);
          if (v !== undefined) return v;
        } catch {
          /* not up yet */
        }
        if (serverExit !== undefined) throw new Error(`the server exited (code ${serverExit}) before ${what}:\n${serverErr}`);
        if (Date.now() > deadline) throw new Error(`no ${what} in time:\n${serverErr}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    },
  };
}

/** Debian's Chromium (ROLECALL_CHROMIUM elsewhere), with the e2e suite's flags. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.ROLECALL_CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
}

// Two `npm start`s in one checkout: a later start's build and copy never touch the files an
// earlier one serves. (Before, every start deleted and re-copied .next/standalone/.next/static
// under running servers, and `next build` wiped .next under them: the first server answered
// 500 for its CSS, and two starts at once failed with ENOTEMPTY.)
//
// The checkout is a temp folder with this one's scripts/ and its production build in .next.
// `next build` is a stand-in that does to .next what the real one does, wipe it and write a
// new build, in a second and a half instead of minutes.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort } from "../cluster/ports";

const ROOT = path.resolve(__dirname, "..");

const FAKE_NEXT = `// Stand-in for \`next build\`: wipes .next (but its cache), waits, writes a new build.
const fs = require("node:fs");
const path = require("node:path");
fs.appendFileSync("builds.log", process.pid + "\\n");
for (const e of fs.readdirSync(".next")) if (e !== "cache") fs.rmSync(path.join(".next", e), { recursive: true, force: true });
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
fs.cpSync(process.env.FAKE_BUILD_FROM, ".next", { recursive: true, verbatimSymlinks: true });
fs.writeFileSync(".next/BUILD_ID", "rebuilt-" + process.pid);
`;

/** A checkout with the real build in .next and a fake `next build`. */
function makeCheckout(tmp: string): { checkout: string; snapshot: string } {
  const built = path.join(ROOT, ".next");
  const snapshot = path.join(tmp, "snapshot");
  fs.mkdirSync(snapshot);
  fs.cpSync(path.join(built, "standalone"), path.join(snapshot, "standalone"), {
    recursive: true,
    verbatimSymlinks: true,
    // what an earlier start copied in, and the server's runtime cache: not part of a build
    filter: (src) => !/standalone[\\/]\.next[\\/](static|cache)$/.test(src) && !/standalone[\\/]public$/.test(src),
  });
  fs.cpSync(path.join(built, "static"), path.join(snapshot, "static"), { recursive: true });
  fs.copyFileSync(path.join(built, "BUILD_ID"), path.join(snapshot, "BUILD_ID"));

  const checkout = path.join(tmp, "checkout");
  fs.mkdirSync(checkout);
  fs.cpSync(path.join(ROOT, "scripts"), path.join(checkout, "scripts"), { recursive: true });
  fs.cpSync(snapshot, path.join(checkout, ".next"), { recursive: true, verbatimSymlinks: true });
  const next = path.join(checkout, "node_modules/next");
  fs.mkdirSync(path.join(next, "dist/bin"), { recursive: true });
  fs.writeFileSync(path.join(next, "package.json"), '{"name":"next","version":"0.0.0-fake"}');
  fs.writeFileSync(path.join(next, "dist/bin/next"), FAKE_NEXT);
  return { checkout, snapshot };
}

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
}

function npmStart(checkout: string, snapshot: string, home: string, port: number): Started {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOME: home,
    KUBECONFIG: path.join(home, "no-such-kubeconfig"),
    ROLECALL_EXAMPLES_DIR: path.join(ROOT, "examples"),
    FAKE_BUILD_FROM: snapshot,
  };
  delete env.ROLECALL_MANIFESTS;
  delete env.KUBERNETES_SERVICE_HOST;
  // its own process group, so that stop() also ends a build it is running
  const child = spawn(process.execPath, ["scripts/start.mjs"], { cwd: checkout, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return { child, port, output: () => out };
}

async function waitReady(s: Started, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (s.child.exitCode !== null) throw new Error(`npm start on :${s.port} exited ${s.child.exitCode}:\n${s.output()}`);
    try {
      if ((await fetch(`http://127.0.0.1:${s.port}/api/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`npm start on :${s.port} not ready after ${ms} ms:\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The page's stylesheet URL. */
async function cssUrl(port: number): Promise<string> {
  const html = await (await fetch(`http://127.0.0.1:${port}/`)).text();
  const href = /<link[^>]+href="([^"]+\.css)"/.exec(html)?.[1];
  if (!href) throw new Error(`no stylesheet in the page on :${port}`);
  return `http://127.0.0.1:${port}${href}`;
}

async function stop(s: Started): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((r) => s.child.once("exit", r));
  try {
    process.kill(-s.child.pid!, "SIGTERM");
  } catch {
    return; // the group is gone already
  }
  await exited;
}

test("a second and third npm start (one rebuilding) leave the first one's files alone", async () => {
  test.setTimeout(240_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-start-twice-"));
  const home = path.join(tmp, "home");
  fs.mkdirSync(home);
  const { checkout, snapshot } = makeCheckout(tmp);
  const started: Started[] = [];
  try {
    const first = npmStart(checkout, snapshot, home, await freePort());
    started.push(first);
    await waitReady(first, 90_000);
    const css = await cssUrl(first.port);
    expect((await fetch(css)).status).toBe(200);

    // Keep fetching the first server's CSS while two more starts build and copy.
    const statuses: string[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        try {
          const r = await fetch(css);
          await r.arrayBuffer();
          statuses.push(String(r.status));
        } catch (e) {
          statuses.push(`error ${(e as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    // A source change: the next start rebuilds. Two at once: one builds, the other waits for it.
    fs.mkdirSync(path.join(checkout, "app"));
    fs.writeFileSync(path.join(checkout, "app/changed.tsx"), "");
    const second = npmStart(checkout, snapshot, home, await freePort());
    const third = npmStart(checkout, snapshot, home, await freePort());
    started.push(second, third);
    await Promise.all([waitReady(second, 120_000), waitReady(third, 120_000)]);
    polling = false;
    await poller;

    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.filter((s) => s !== "200")).toEqual([]);
    expect(fs.readFileSync(path.join(checkout, "builds.log"), "utf8").trim().split("\n")).toHaveLength(1);
    for (const s of [second, third]) expect((await fetch(await cssUrl(s.port))).status).toBe(200);
    for (const s of started) expect(s.output()).not.toMatch(/ENOTEMPTY|ENOENT|Error/);
    // The first server runs from the first build's copy, the others from the new one's.
    expect(fs.readdirSync(path.join(checkout, ".rolecall/builds")).sort()).toEqual([fs.readFileSync(path.join(snapshot, "BUILD_ID"), "utf8").trim(), fs.readFileSync(path.join(checkout, ".next/BUILD_ID"), "utf8").trim()].sort());

    // Once the first server is gone, the next start removes its copy; the one in use stays.
    await stop(first);
    const fourth = npmStart(checkout, snapshot, home, await freePort());
    started.push(fourth);
    await waitReady(fourth, 90_000);
    expect(fs.readdirSync(path.join(checkout, ".rolecall/builds"))).toEqual([fs.readFileSync(path.join(checkout, ".next/BUILD_ID"), "utf8").trim()]);
    expect((await fetch(await cssUrl(second.port))).status).toBe(200);
  } finally {
    await Promise.all(started.map(stop));
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
  }
});

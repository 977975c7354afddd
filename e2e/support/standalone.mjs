#!/usr/bin/env node
// Runs the built standalone server the way the Docker image does: the same file layout as
// the image's /app (standalone + .next/static + public, .next/cache -> the tmp dir),
// owned by root and read-only, `node server.js` as uid/gid 10001 with HOSTNAME=0.0.0.0,
// and a private writable tmp dir standing in for the pod's /tmp emptyDir.
//
//   node e2e/support/standalone.mjs [--port 3000] [--env KEY=VALUE ...] [--check]
//
// --check: start, probe /api/healthz, /metrics and /, confirm the process runs as 10001 and
// that nothing was written under the app folder, then exit 0/1 (used by
// e2e/standalone-readonly.int.test.ts). Without --check it serves until killed (Playwright
// webServer). Requires a prior `next build`; run as root to drop to 10001 (otherwise it runs
// as the current non-root user).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuilt } from "../../scripts/standalone.mjs";

const UID = 10001;

function parseArgs(argv) {
  const out = { port: 3000, env: {}, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--port") out.port = Number(argv[++i]);
    else if (a === "--env") {
      const kv = argv[++i];
      const eq = kv.indexOf("=");
      out.env[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else if (a === "--check") out.check = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

/** Lay out the image's /app in a fresh directory and make it read-only. */
export function assemble(tmpRoot) {
  // The build's own copy (standalone + .next/static + public, as the image's /app), never
  // .next itself, which a concurrent `next build` may be rewriting.
  const build = ensureBuilt({ build: false });
  const app = path.join(tmpRoot, "app");
  const tmp = path.join(tmpRoot, "tmp");
  fs.cpSync(build, app, { recursive: true, verbatimSymlinks: true });
  fs.rmSync(path.join(app, ".next/cache"), { recursive: true, force: true });
  fs.symlinkSync(tmp, path.join(app, ".next/cache"));
  fs.mkdirSync(tmp, { mode: 0o1777 });
  fs.chmodSync(tmp, 0o1777);
  fs.chmodSync(tmpRoot, 0o755);
  makeReadOnly(app);
  return { app, tmp };
}

function makeReadOnly(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    if (e.isDirectory()) makeReadOnly(p);
    else fs.chmodSync(p, 0o444);
  }
  fs.chmodSync(dir, 0o555);
}

/** Path -> mtime and size of everything under dir, to show the server wrote nothing there. */
function fingerprint(dir) {
  const out = new Map();
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      out.set(p, `${st.mtimeMs}:${st.size}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

function changed(before, after) {
  const diff = [];
  for (const [p, v] of after) if (before.get(p) !== v) diff.push(p);
  for (const p of before.keys()) if (!after.has(p)) diff.push(p);
  return diff;
}

export function start({ port, env = {} }) {
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-standalone-"));
  const { app, tmp } = assemble(tmpRoot);
  const before = fingerprint(app);
  const asRoot = process.getuid?.() === 0;
  const cmd = asRoot ? "setpriv" : process.execPath;
  // Exactly the image's CMD: `node server.js` in /app.
  const args = asRoot
    ? [`--reuid=${UID}`, `--regid=${UID}`, "--clear-groups", "--", process.execPath, "server.js"]
    : ["server.js"];
  const child = spawn(cmd, args, {
    cwd: app,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOSTNAME: "0.0.0.0",
      PORT: String(port),
      HOME: tmp,
      TMPDIR: tmp,
      ...env,
    },
  });
  return { child, app, tmp, tmpRoot, asRoot, before };
}

async function waitFor(url, ms) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      return r;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function check(port, env) {
  const s = start({ port, env });
  let log = "";
  s.child.stdout.on("data", (d) => (log += d));
  s.child.stderr.on("data", (d) => (log += d));
  const problems = [];
  try {
    const base = `http://127.0.0.1:${port}`;
    const health = await waitFor(`${base}/api/healthz`, 60_000);
    if (health.status !== 200) problems.push(`/api/healthz answered ${health.status}`);
    // Ready once the examples are read, in a worker thread: a moment after the server answers
    // (503 until then is what readyz is for; never getting there is the problem).
    let ready = 0;
    for (const end = Date.now() + 60_000; ready !== 200 && Date.now() < end; ) {
      const r = await fetch(`${base}/api/readyz`);
      await r.arrayBuffer();
      ready = r.status;
      if (ready !== 200) await new Promise((res) => setTimeout(res, 250));
    }
    if (ready !== 200) problems.push(`/api/readyz answered ${ready} for 60 s`);
    for (const p of ["/", "/metrics", "/api/readyz", "/no-such-page"]) {
      const r = await fetch(base + p);
      await r.arrayBuffer();
      if (r.status >= 500) problems.push(`${p} answered ${r.status}`);
    }
    const status = fs.readFileSync(`/proc/${s.child.pid}/status`, "utf8");
    // With setpriv the pid is setpriv's, which execs node in place: same pid.
    const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    if (s.asRoot && uid !== String(UID)) problems.push(`server runs as uid ${uid}, want ${UID}`);
    if (uid === "0") problems.push("server runs as root");
    const written = changed(s.before, fingerprint(s.app));
    if (written.length) problems.push(`changed under the read-only app folder: ${written.slice(0, 10).join(", ")}`);
    if (/EACCES|EROFS|EPERM/.test(log)) problems.push("server logged a permission error");
  } catch (e) {
    problems.push(`${e}${e?.cause ? ` (${e.cause.message ?? e.cause})` : ""}`);
  } finally {
    s.child.kill("SIGTERM");
    await new Promise((r) => (s.child.exitCode !== null ? r() : s.child.once("exit", r)));
  }
  const tmpFiles = fs.existsSync(s.tmp) ? fs.readdirSync(s.tmp) : [];
  const report = { ok: problems.length === 0, problems, uid: s.asRoot ? UID : process.getuid?.(), tmpFiles, log: log.slice(-4000) };
  fs.rmSync(s.tmpRoot, { recursive: true, force: true });
  return report;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.check) {
    const report = await check(opts.port, opts.env);
    console.log(JSON.stringify(report, null, 2));
    process.exit(report.ok ? 0 : 1);
  } else {
    const s = start(opts);
    s.child.stdout.pipe(process.stdout);
    s.child.stderr.pipe(process.stderr);
    const stop = () => s.child.kill("SIGTERM");
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
    s.child.on("exit", (code) => {
      fs.rmSync(s.tmpRoot, { recursive: true, force: true });
      process.exit(code ?? 0);
    });
  }
}

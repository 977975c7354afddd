#!/usr/bin/env node
// Builds Rolecall when needed and runs the production (standalone) server.
// Used by `npm start` (scripts/start.mjs) and by Playwright's webServer entries:
//
//   node scripts/standalone.mjs --port 3210 [--examples] [--no-build] [--env KEY=VALUE ...]
//
// --examples: no cluster and no manifests (KUBECONFIG points nowhere, HOME is an empty
//             temp dir), so the server shows the bundled examples.
// --no-build: serve the existing build as is (a second server in the same test run).
// --private:  accepted for old callers; every server now runs from its own build's copy.
//
// A server never runs from .next: `next build` wipes that folder. Each build is copied once
// (standalone + .next/static + public) to .rolecall/builds/<BUILD_ID>, a folder nothing writes
// to afterwards, and servers run from there. Building and copying happen under a lock
// (.rolecall/build.lock), so a second `npm start` waits for the first one's build instead of
// deleting files under it; a build's copy is removed once no live launcher uses it.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gateStandalone } from "./gate-standalone.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const STANDALONE = path.join(ROOT, ".next/standalone");
const BUILD_ID = path.join(ROOT, ".next/BUILD_ID");
const STATE = path.join(ROOT, ".rolecall");
export const BUILDS = path.join(STATE, "builds");
const USERS = path.join(STATE, "users");
const LOCK = path.join(STATE, "build.lock");

// What the production build is made of; tests, e2e and cluster tooling are not.
const BUILD_INPUTS = ["app", "components", "lib", "public", "proxy.ts", "instrumentation.ts", "next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];
const IGNORED = /(\.test\.tsx?|\.int\.test\.ts)$/;

function newestMtime(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return IGNORED.test(p) ? 0 : st.mtimeMs;
  let max = 0;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

/** Why a build is needed, or undefined when .next/standalone is newer than every input. */
export function buildReason() {
  if (!fs.existsSync(path.join(STANDALONE, "server.js")) || !fs.existsSync(BUILD_ID)) return "no production build yet";
  const built = fs.statSync(BUILD_ID).mtimeMs;
  const newest = Math.max(...BUILD_INPUTS.map((p) => newestMtime(path.join(ROOT, p))));
  return newest > built ? "sources changed since the last build" : undefined;
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) {
    console.error(`rolecall: ${what} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}

function pidAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Runs fn holding .rolecall/build.lock (a directory: mkdir is atomic); a dead holder's lock is taken over. */
function withBuildLock(fn) {
  fs.mkdirSync(STATE, { recursive: true });
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, "pid"), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      let owner = 0;
      try {
        owner = Number(fs.readFileSync(path.join(LOCK, "pid"), "utf8"));
      } catch {
        // being written; or gone
      }
      if (owner && !pidAlive(owner)) {
        fs.rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      if (!announced) {
        console.error(`rolecall: waiting for another npm start or test run (pid ${owner || "?"}) to finish building or copying the app (lock ${path.relative(ROOT, LOCK)})…`);
        announced = true;
      }
      sleep(500);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** npm ci when node_modules is missing. */
export function ensureInstalled() {
  if (fs.existsSync(path.join(ROOT, "node_modules/next/package.json"))) return;
  withBuildLock(() => {
    if (fs.existsSync(path.join(ROOT, "node_modules/next/package.json"))) return;
    console.error("rolecall: installing dependencies (npm ci)…");
    run(process.platform === "win32" ? "npm.cmd" : "npm", ["ci", "--no-audit", "--no-fund"], "npm ci");
  });
}

/** The launcher pids that use each build copy; stale entries (dead pids) are removed. */
function buildUsers() {
  const users = new Map();
  let entries = [];
  try {
    entries = fs.readdirSync(USERS);
  } catch {
    return users;
  }
  for (const pid of entries) {
    const file = path.join(USERS, pid);
    if (!pidAlive(Number(pid))) {
      fs.rmSync(file, { force: true });
      continue;
    }
    try {
      const id = fs.readFileSync(file, "utf8").trim();
      users.set(id, (users.get(id) ?? 0) + 1);
    } catch {
      // removed meanwhile
    }
  }
  return users;
}

/** Copies the current build to .rolecall/builds/<id> (once; staged, then renamed into place). */
function copyBuild(id) {
  const dir = path.join(BUILDS, id);
  if (fs.existsSync(path.join(dir, "server.js"))) return dir;
  fs.mkdirSync(BUILDS, { recursive: true });
  const staging = path.join(BUILDS, `.${id}.partial-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.cpSync(STANDALONE, staging, { recursive: true, verbatimSymlinks: true });
  // The standalone server serves .next/static and public only if they sit next to it.
  fs.rmSync(path.join(staging, ".next/static"), { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, ".next/static"), path.join(staging, ".next/static"), { recursive: true });
  if (fs.existsSync(path.join(ROOT, "public"))) {
    fs.rmSync(path.join(staging, "public"), { recursive: true, force: true });
    fs.cpSync(path.join(ROOT, "public"), path.join(staging, "public"), { recursive: true });
  }
  gateStandalone(staging);
  fs.rmSync(dir, { recursive: true, force: true }); // a copy left half-made by a killed launcher
  fs.renameSync(staging, dir);
  return dir;
}

/**
 * Builds when the sources changed (unless build is false), copies the build aside, marks this
 * process as its user, removes copies no live launcher uses, and returns the copy's folder:
 * the one to run `server.js` from.
 */
export function ensureBuilt({ force = false, build = true } = {}) {
  return withBuildLock(() => {
    const reason = force ? "forced" : buildReason();
    if (reason && (build || reason === "no production build yet")) {
      console.error(`rolecall: building the production app (${reason})…`);
      const started = new Date();
      run(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], "next build");
      // Dated when the build started: a source edited during the build makes the next start build again.
      fs.utimesSync(BUILD_ID, started, started);
    }
    const id = fs.readFileSync(BUILD_ID, "utf8").trim();
    const dir = copyBuild(id);
    fs.mkdirSync(USERS, { recursive: true });
    const mine = path.join(USERS, String(process.pid));
    fs.writeFileSync(mine, id);
    process.on("exit", () => fs.rmSync(mine, { force: true }));
    const users = buildUsers();
    for (const other of fs.readdirSync(BUILDS)) {
      if (other !== id && !users.has(other) && !other.startsWith(".")) fs.rmSync(path.join(BUILDS, other), { recursive: true, force: true });
      // staging folders of launchers that died while copying
      const partial = /^\..*\.partial-(\d+)$/.exec(other);
      if (partial && !pidAlive(Number(partial[1]))) fs.rmSync(path.join(BUILDS, other), { recursive: true, force: true });
    }
    return dir;
  });
}

/** The server chdirs into its build copy: make path-like settings absolute first. */
function absolutePaths(env) {
  const out = { ...env };
  if (out.KUBECONFIG) out.KUBECONFIG = out.KUBECONFIG.split(path.delimiter).map((p) => (p ? path.resolve(p) : p)).join(path.delimiter);
  if (out.ROLECALL_MANIFESTS) out.ROLECALL_MANIFESTS = path.resolve(out.ROLECALL_MANIFESTS);
  out.ROLECALL_EXAMPLES_DIR = path.resolve(out.ROLECALL_EXAMPLES_DIR || path.join(ROOT, "examples"));
  return out;
}

/** An environment in which no cluster and no manifests can be found. */
export function examplesEnv(env = process.env) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-examples-home-"));
  const out = { ...env, HOME: home, KUBECONFIG: path.join(home, "no-such-kubeconfig") };
  delete out.ROLECALL_MANIFESTS;
  delete out.KUBERNETES_SERVICE_HOST;
  delete out.KUBERNETES_SERVICE_PORT;
  return out;
}

/**
 * glibc malloc settings for the server (the Dockerfile sets the same; the caller's own values
 * win). Loading a large manifest folder passes hundreds of MB through malloc'd buffers (files
 * read, the reader thread's messages); glibc raises its mmap threshold after the first large
 * free, so later buffers come from the arenas, and their freed pages stay in RSS. A fixed
 * threshold (mmap'd buffers go back at free), trimming above 128 KB and two arenas cut the
 * 100k-pod bench world's RSS from 528 to 451 MB (README, bench:memory); glibc reads them
 * at the process's start, so they are set here, not by the server.
 */
export const MALLOC_ENV = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "131072", MALLOC_TRIM_THRESHOLD_: "131072" };

/** Starts `node server.js` in dir (a build copy from ensureBuilt); returns the child. */
export function serve({ dir, port, host = "127.0.0.1", env = process.env }) {
  const child = spawn(process.execPath, [path.join(dir, "server.js")], {
    cwd: dir,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...MALLOC_ENV, ...absolutePaths(env), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), HOSTNAME: host },
  });
  const stop = () => child.kill("SIGTERM");
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
  return child;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  let port = Number(process.env.PORT || 3000);
  let examples = false;
  let build = true;
  const extra = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--port") port = Number(args[++i]);
    else if (a === "--examples") examples = true;
    else if (a === "--no-build") build = false;
    else if (a === "--private") continue;
    else if (a === "--env") {
      const kv = args[++i];
      const eq = kv.indexOf("=");
      extra[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  ensureInstalled();
  const dir = ensureBuilt({ build });
  const base = examples ? examplesEnv() : { ...process.env };
  serve({ dir, port, env: { ...base, ...extra } });
}

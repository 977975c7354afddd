#!/usr/bin/env node
// Builds Rolecall when needed and runs the production (standalone) server.
// Used by `npm start` (scripts/start.mjs) and by Playwright's webServer entries:
//
//   node scripts/standalone.mjs --port 3210 [--examples] [--no-build] [--private] [--env KEY=VALUE ...]
//
// --examples: no cluster and no manifests (KUBECONFIG points nowhere, HOME is an empty
//             temp dir), so the server shows the bundled examples.
// --no-build: serve the existing build as is (a second server in the same test run).
// --private:  serve a private copy of the build, so a later `next build` in this checkout
//             cannot swap the files under a running server.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const STANDALONE = path.join(ROOT, ".next/standalone");
const BUILD_ID = path.join(ROOT, ".next/BUILD_ID");

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

/** npm ci when node_modules is missing. */
export function ensureInstalled() {
  if (fs.existsSync(path.join(ROOT, "node_modules/next/package.json"))) return;
  console.error("rolecall: installing dependencies (npm ci)…");
  run(process.platform === "win32" ? "npm.cmd" : "npm", ["ci", "--no-audit", "--no-fund"], "npm ci");
}

/** next build when the sources are newer than the last build, then the standalone layout. */
export function ensureBuilt({ force = false } = {}) {
  const reason = force ? "forced" : buildReason();
  if (reason) {
    console.error(`rolecall: building the production app (${reason})…`);
    run(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], "next build");
  }
  // The standalone server serves .next/static and public only if they sit next to it.
  fs.rmSync(path.join(STANDALONE, ".next/static"), { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, ".next/static"), path.join(STANDALONE, ".next/static"), { recursive: true });
  if (fs.existsSync(path.join(ROOT, "public"))) {
    fs.rmSync(path.join(STANDALONE, "public"), { recursive: true, force: true });
    fs.cpSync(path.join(ROOT, "public"), path.join(STANDALONE, "public"), { recursive: true });
  }
}

/** The server chdirs into .next/standalone: make path-like settings absolute first. */
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

/** A copy of the standalone app in a temp dir (removed when the process exits). */
function privateCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-app-"));
  fs.cpSync(STANDALONE, dir, { recursive: true, verbatimSymlinks: true });
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts `node server.js`; returns the child. */
export function serve({ port, host = "127.0.0.1", env = process.env, copy = false }) {
  const dir = copy ? privateCopy() : STANDALONE;
  const child = spawn(process.execPath, [path.join(dir, "server.js")], {
    cwd: dir,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...absolutePaths(env), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), HOSTNAME: host },
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
  let copy = false;
  const extra = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--port") port = Number(args[++i]);
    else if (a === "--examples") examples = true;
    else if (a === "--no-build") build = false;
    else if (a === "--private") copy = true;
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
  if (build || !fs.existsSync(path.join(STANDALONE, "server.js"))) ensureBuilt();
  const base = examples ? examplesEnv() : { ...process.env };
  serve({ port, env: { ...base, ...extra }, copy });
}

// Bundles the command line (lib/cli) into .rolecall/cli/<hash>/ with esbuild, so `rolecall`
// starts as plain Node on one file instead of compiling TypeScript on every run. Run by
// `npm run build:cli`, by `prepare` (after npm install / npm ci), and by bin/rolecall.mjs when
// a source file changed since the last bundle. `current.json` names the bundle in use and the
// files it was made from (with their mtimes, for the staleness check); it is replaced by a
// rename, so a concurrent run sees the old bundle or the new one, never half of one.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const OUT = path.join(ROOT, ".rolecall", "cli");
export const CURRENT = path.join(OUT, "current.json");

export async function buildCli() {
  const { build } = await import("esbuild");
  const staging = path.join(OUT, `.staging-${process.pid}-${Date.now()}`);
  fs.mkdirSync(staging, { recursive: true });
  try {
    return await bundleInto(build, staging);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function bundleInto(build, staging) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { rolecall: "lib/cli/run.ts" },
    bundle: true,
    splitting: true, // --live's client-node and pino load only when asked for
    platform: "node",
    format: "esm",
    target: "node20",
    outdir: staging,
    entryNames: "[name]",
    chunkNames: "chunk-[hash]",
    external: ["@kubernetes/client-node", "pino"],
    alias: { "server-only": "./lib/testing/server-only-stub.ts" },
    tsconfig: "tsconfig.json",
    metafile: true,
    logLevel: "warning",
    legalComments: "none",
    outExtension: { ".js": ".mjs" },
    // bundled CommonJS packages (yaml) require Node's own modules
    banner: { js: 'import { createRequire as __rolecallRequire } from "node:module"; const require = __rolecallRequire(import.meta.url);' },
  });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) {
    if (file.startsWith("node_modules/")) continue;
    inputs[file] = fs.statSync(path.join(ROOT, file)).mtimeMs;
  }
  const hash = crypto.createHash("sha256");
  for (const f of fs.readdirSync(staging).sort()) hash.update(f).update(fs.readFileSync(path.join(staging, f)));
  const id = hash.digest("hex").slice(0, 16);
  const dir = path.join(OUT, id);
  try {
    fs.renameSync(staging, dir);
  } catch (e) {
    // another run made the same bundle first (two first runs at once): use that one
    if (!["EEXIST", "ENOTEMPTY"].includes(e.code)) throw e;
  }
  const tmp = `${CURRENT}.${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify({ id, inputs }));
  fs.renameSync(tmp, CURRENT);
  // Older bundles: a run that started on one may still load its --live chunk, so keep the last few.
  const old = fs
    .readdirSync(OUT)
    .filter((d) => d !== id && /^[0-9a-f]{16}$/.test(d))
    .map((d) => ({ d, t: fs.statSync(path.join(OUT, d)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { d } of old.slice(2)) fs.rmSync(path.join(OUT, d), { recursive: true, force: true });
  return path.join(dir, "rolecall.mjs");
}

/** The bundle to run, or undefined when there is none or a source changed since it was made. */
export function currentBundle() {
  let cur;
  try {
    cur = JSON.parse(fs.readFileSync(CURRENT, "utf8"));
  } catch {
    return undefined;
  }
  for (const [file, mtime] of Object.entries(cur.inputs)) {
    let st;
    try {
      st = fs.statSync(path.join(ROOT, file));
    } catch {
      return undefined;
    }
    if (st.mtimeMs !== mtime) return undefined;
  }
  const entry = path.join(OUT, cur.id, "rolecall.mjs");
  return fs.existsSync(entry) ? entry : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const entry = await buildCli();
    console.log(`rolecall: command line bundled into ${path.relative(ROOT, entry)}`);
  } catch (e) {
    // Run by `prepare`: an install without esbuild (--omit=dev) must not fail for it; the
    // bin bundles on first use, or says what is missing.
    console.warn(`rolecall: command line not bundled (${e.message})`);
    if (!process.env.npm_lifecycle_event?.startsWith("prepare")) process.exitCode = 1;
  }
}

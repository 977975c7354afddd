// Runs a benchmark on the code as production runs it: bundled (as Next bundles the server),
// then run by plain node. tsx would wrap every function in a keepNames helper, which made
// the chains build measurably slower than the server's compiled code.
// Usage: node scripts/bench.mjs bench/chains.bench.ts [args…]
// esbuild is a direct dev dependency for this script (tsx has its own copy, but a script must
// not rely on another package's dependency): see README "Why some dev dependencies are pinned".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node scripts/bench.mjs <bench file> [args…]");
  process.exit(2);
}
const outfile = path.join(os.tmpdir(), `rolecall-bench-${process.pid}-${path.basename(entry, ".ts")}.mjs`);
await build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", target: "node20", outfile, logLevel: "warning", tsconfig: "tsconfig.json" });
// --expose-gc: a benchmark may run a collection outside what it measures
const r = spawnSync(process.execPath, ["--expose-gc", outfile, ...args], { stdio: "inherit" });
fs.rmSync(outfile, { force: true });
process.exit(r.status ?? 1);

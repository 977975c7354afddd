#!/usr/bin/env node
// `rolecall check` / `rolecall diff` (lib/cli). Runs the esbuild bundle of lib/cli, made by
// `prepare` after npm install / npm ci, and made again here when a source file changed since.
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import { buildCli, currentBundle } from "../scripts/build-cli.mjs";

let entry = currentBundle();
if (!entry) {
  try {
    entry = await buildCli();
  } catch (e) {
    process.stderr.write(`rolecall: cannot bundle the command line (${e.message}); run npm install in ${new URL("..", import.meta.url).pathname}\n`);
    process.exit(2);
  }
}
const { run } = await import(pathToFileURL(entry).href);
const { version } = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8"));
await run(process.argv.slice(2), version);

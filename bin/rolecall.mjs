#!/usr/bin/env node
// `rolecall check` / `rolecall diff` (lib/cli). Runs the esbuild bundle of lib/cli, made by
// `prepare` after npm install / npm ci, and made again here when a source file changed since.
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
await run();

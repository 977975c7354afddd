#!/usr/bin/env node
// Makes a Next standalone folder load scripts/http-gate.cjs before anything else (see there
// why). Idempotent; run after every `next build` (scripts/standalone.mjs, the Dockerfile,
// `npm run build`):  node scripts/gate-standalone.mjs [.next/standalone]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GATE = "rolecall-http-gate.cjs";
const LINE = `require("./${GATE}");\n`;

export function gateStandalone(dir) {
  fs.copyFileSync(path.join(HERE, "http-gate.cjs"), path.join(dir, GATE));
  const server = path.join(dir, "server.js");
  const text = fs.readFileSync(server, "utf8");
  if (!text.includes(LINE)) fs.writeFileSync(server, LINE + text);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  gateStandalone(path.resolve(process.argv[2] ?? path.join(HERE, "../.next/standalone")));
}

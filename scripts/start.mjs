#!/usr/bin/env node
// `npm start`: the one command to run Rolecall. Installs dependencies if missing, builds the
// production app if the sources changed, and serves it on http://localhost:${PORT:-3000}
// against the current kubeconfig (or in-cluster account, or ROLECALL_MANIFESTS), else the
// bundled examples.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuilt, ensureInstalled, serve } from "./standalone.mjs";

const port = Number(process.env.PORT || 3000);
const host = process.env.ROLECALL_LISTEN || "127.0.0.1";

function describeSource(env) {
  if (env.ROLECALL_MANIFESTS) return `manifests in ${path.resolve(env.ROLECALL_MANIFESTS)}`;
  if (env.KUBERNETES_SERVICE_HOST) return "the in-cluster ServiceAccount";
  const kc = env.KUBECONFIG ? env.KUBECONFIG.split(path.delimiter).filter(Boolean) : [path.join(os.homedir(), ".kube/config")];
  const found = kc.filter((p) => fs.existsSync(p));
  if (found.length) return `the kubeconfig ${found.join(path.delimiter)}${env.ROLECALL_CONTEXT ? ` (context ${env.ROLECALL_CONTEXT})` : ""}`;
  return "the bundled examples (no kubeconfig found)";
}

ensureInstalled();
// Builds only when the sources changed, then runs from that build's own copy: a later
// `npm start` or build in this checkout never changes the files this server uses.
const dir = ensureBuilt();

const child = serve({ dir, port, host, env: process.env });
const shown = host === "0.0.0.0" || host === "127.0.0.1" ? "localhost" : host;
const url = `http://${shown}:${port}`;

// Say where it is once it answers.
const deadline = Date.now() + 60_000;
const poll = async () => {
  try {
    const r = await fetch(`http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}/api/healthz`);
    if (r.ok) {
      console.log(`\nRolecall is running at ${url}\nReading ${describeSource(process.env)}. Stop with Ctrl-C.\n`);
      return;
    }
  } catch {
    // not listening yet
  }
  if (Date.now() < deadline && child.exitCode === null) setTimeout(poll, 300);
};
void poll();

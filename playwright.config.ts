// End-to-end tests: real Chromium (Debian's /usr/bin/chromium, never a downloaded browser),
// the production build, and the real local control plane.
//
// Servers (Playwright starts them in order, before globalSetup):
//   app       :3210  the standalone build on .cluster/kubeconfig (builds first if sources changed)
//   examples  :3211  the same build with no cluster and no manifests (bundled examples)
//   + the deployment/security servers from e2e/support/security-projects.ts
// globalSetup then starts (or reuses) the control plane, seeds go-todo and platform, and
// waits until the app server has synced from the cluster.
//
// To add specs: name them *.spec.ts in e2e/; they run in the "app" project (and again
// in-cluster). A spec for another server gets its own project below, matched by file name.
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { defaultKubeconfigPath } from "./cluster/paths";
import { securityProjects, securityWebServers } from "./e2e/support/security-projects";

export const APP_PORT = Number(process.env.ROLECALL_E2E_APP_PORT || 3210);
export const EXAMPLES_PORT = Number(process.env.ROLECALL_E2E_EXAMPLES_PORT || 3211);

/** ROLECALL_E2E_APP_ONLY=1: only the app and examples servers and projects (a faster loop). */
const APP_ONLY = process.env.ROLECALL_E2E_APP_ONLY === "1";

/** The app's own specs: not the security ones (own servers), not the examples-mode ones, not those that start their own servers (http-surface, manifests mode, `npm start`'s). */
const APP_SPECS = /^(?!.*(security|examples|http-surface|manifests|start-twice)).*\.spec\.ts$/;

const server = (port: number, args: string, env: Record<string, string> = {}) => ({
  command: `node scripts/standalone.mjs --port ${port} ${args}`,
  url: `http://127.0.0.1:${port}/api/healthz`,
  env,
  reuseExistingServer: false,
  // The first one builds the app when needed (a few minutes on two cores).
  timeout: 15 * 60_000,
  stdout: "ignore" as const,
  stderr: "pipe" as const,
});

export default defineConfig({
  testDir: "./e2e",
  globalSetup: "./e2e/global-setup.ts",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.ROLECALL_CHROMIUM || "/usr/bin/chromium",
      args: ["--disable-background-networking", "--disable-component-update", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync"],
    },
  },
  webServer: [
    // KUBECONFIG is the control plane's fixed path: the file appears in globalSetup, and the
    // server reads it on its first request (globalSetup makes that request).
    // Its own history folder: the default one, in the user's cache, is locked by whichever
    // Rolecall opened it first (another checkout's e2e run, an `npm start`).
    server(APP_PORT, "", { KUBECONFIG: defaultKubeconfigPath(), ROLECALL_DATA_DIR: path.join(os.tmpdir(), `rolecall-e2e-data-${APP_PORT}`) }),
    server(EXAMPLES_PORT, "--examples --no-build"),
    ...(APP_ONLY ? [] : securityWebServers),
  ],
  projects: [
    { name: "app", testMatch: APP_SPECS, use: { baseURL: `http://127.0.0.1:${APP_PORT}` } },
    { name: "examples", testMatch: /examples.*\.spec\.ts$/, use: { baseURL: `http://127.0.0.1:${EXAMPLES_PORT}` } },
    // starts its own standalone servers (proxy mode, planted manifests): needs only the build
    { name: "http-surface", testMatch: /http-surface\.spec\.ts$/ },
    // `npm start` in a temp checkout: starts its own servers.
    { name: "start", testMatch: /start-twice\.spec\.ts$/ },
    // Serves a temp folder of manifests on EXAMPLES_PORT + 1, started by the spec itself.
    { name: "manifests", testMatch: /manifests\.spec\.ts$/ },
    ...(APP_ONLY ? [] : securityProjects(APP_SPECS)),
  ],
});

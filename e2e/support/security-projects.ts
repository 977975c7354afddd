// Playwright web servers and projects for the deployment/security specs, spread into
// playwright.config.ts. Every server here is the production standalone build run the way the
// image runs it (e2e/support/standalone.mjs: read-only app folder, uid 10001, node server.js).
//   security-default  : default access mode; a portal origin may frame it
//   security-proxy    : ROLECALL_AUTH=proxy, only group "sre" allowed
//   in-cluster        : in-cluster ServiceAccount of k8s/base (TokenRequest token), running
//                       the whole e2e suite with exactly the shipped permissions
// ROLECALL_E2E_SECURITY_PORT_BASE moves every port (two checkouts can run side by side).
const BASE = Number(process.env.ROLECALL_E2E_SECURITY_PORT_BASE || 3100);
export const PORTS = { default: BASE + 1, proxy: BASE + 2, inCluster: BASE + 3, check: BASE + 4, httpProxy: BASE + 5, httpManifests: BASE + 6, httpEarly: BASE + 7 } as const;
/** An origin allowed to frame the default server (e2e/support/portal.mjs serves it). */
export const PORTAL_ORIGIN = `http://localhost:${BASE + 99}`;
/** An origin that is not allowed to frame Rolecall. */
export const OTHER_ORIGIN = `http://localhost:${BASE + 98}`;
export const ALLOWED_GROUP = "sre";

const standalone = (port: number, env: Record<string, string>) =>
  ["node e2e/support/standalone.mjs", "--port", String(port), ...Object.entries(env).flatMap(([k, v]) => ["--env", `${k}=${v}`])].join(" ");

export const securityWebServers = [
  {
    command: `node e2e/support/portal.mjs ${new URL(PORTAL_ORIGIN).port} ${new URL(OTHER_ORIGIN).port}`,
    url: `http://127.0.0.1:${new URL(PORTAL_ORIGIN).port}/healthz`,
    reuseExistingServer: false,
    timeout: 10_000,
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 5_000 },
  },
  {
    command: standalone(PORTS.default, { ROLECALL_FRAME_ANCESTORS: PORTAL_ORIGIN }),
    url: `http://127.0.0.1:${PORTS.default}/api/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    // SIGTERM, not the default SIGKILL: the launchers remove their temp dirs (and the
    // in-cluster one stops the control plane it started, and deletes the token).
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 30_000 },
  },
  {
    command: standalone(PORTS.proxy, { ROLECALL_AUTH: "proxy", ROLECALL_ALLOWED_GROUPS: ALLOWED_GROUP }),
    url: `http://127.0.0.1:${PORTS.proxy}/api/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    // SIGTERM, not the default SIGKILL: the launchers remove their temp dirs (and the
    // in-cluster one stops the control plane it started, and deletes the token).
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 30_000 },
  },
  {
    command: `npx tsx e2e/support/in-cluster.ts --port ${PORTS.inCluster}`,
    url: `http://127.0.0.1:${PORTS.inCluster}/api/healthz`,
    reuseExistingServer: false,
    timeout: 600_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    // SIGTERM, not the default SIGKILL: the launchers remove their temp dirs (and the
    // in-cluster one stops the control plane it started, and deletes the token).
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 30_000 },
  },
];

/**
 * @param appSpecs the app's own specs (everything that is not a security spec): they run a
 * second time against the in-cluster server.
 */
export function securityProjects(appSpecs: RegExp = /^(?!.*security).*\.spec\.ts$/) {
  return [
    {
      name: "security-default",
      testMatch: /security-(headers|embed|image)\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${PORTS.default}` },
    },
    {
      name: "security-proxy",
      testMatch: /security-proxy\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${PORTS.proxy}` },
    },
    {
      name: "in-cluster",
      testMatch: [appSpecs, /security-in-cluster\.spec\.ts$/],
      use: { baseURL: `http://127.0.0.1:${PORTS.inCluster}` },
    },
  ];
}

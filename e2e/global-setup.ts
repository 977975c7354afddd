// Playwright globalSetup: the real control plane (started or reused), the go-todo and
// platform scenarios applied, and the app server (started by webServer before this runs)
// synced from that cluster (and the in-cluster server too, when it runs). Returns the
// cluster's teardown.
import clusterSetup from "../cluster/playwright-global-setup";
import { seed } from "../cluster/testing";
import { PORTS } from "./support/security-projects";

const APP = `http://127.0.0.1:${process.env.ROLECALL_E2E_APP_PORT || 3210}`;
const IN_CLUSTER = `http://127.0.0.1:${PORTS.inCluster}`;

async function readyz(server: string): Promise<{ status: number; body: { ready?: boolean; source?: { mode: string; label: string } } }> {
  const r = await fetch(`${server}/api/readyz`);
  return { status: r.status, body: (await r.json()) as { ready?: boolean; source?: { mode: string; label: string } } };
}

/** A server chooses its source on its first request (this one) and syncs: wait until it has. */
async function waitSynced(server: string, name: string, mode: "cluster" | "in-cluster") {
  const deadline = Date.now() + 120_000;
  for (;;) {
    // A server just started under load may reset the first connection: ask again until the deadline.
    const answer = await readyz(server).catch((e: unknown) => {
      if (Date.now() > deadline) throw e;
      return undefined;
    });
    if (!answer) {
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    const { status, body } = answer;
    if (body.source && body.source.mode !== mode) {
      throw new Error(`the e2e ${name} server is not reading the test cluster (source: ${body.source.mode} "${body.source.label}"); did something touch the store before globalSetup?`);
    }
    if (status === 200 && body.ready) return;
    if (Date.now() > deadline) throw new Error(`the e2e ${name} server did not sync from the cluster within 120 s: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const teardown = await clusterSetup();
  await seed("go-todo");
  await seed("platform");
  await waitSynced(APP, "app", "cluster");
  // Without this, whichever in-cluster spec runs first meets a server still syncing (503).
  if (process.env.ROLECALL_E2E_APP_ONLY !== "1") await waitSynced(IN_CLUSTER, "in-cluster", "in-cluster");
  return teardown;
}

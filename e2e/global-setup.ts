// Playwright globalSetup: the real control plane (started or reused), the go-todo and
// platform scenarios applied, and the app server (started by webServer before this runs)
// synced from that cluster. Returns the cluster's teardown.
import clusterSetup from "../cluster/playwright-global-setup";
import { seed } from "../cluster/testing";

const APP = `http://127.0.0.1:${process.env.ROLECALL_E2E_APP_PORT || 3210}`;

async function readyz(): Promise<{ status: number; body: { ready?: boolean; source?: { mode: string; label: string } } }> {
  const r = await fetch(`${APP}/api/readyz`);
  return { status: r.status, body: (await r.json()) as { ready?: boolean; source?: { mode: string; label: string } } };
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const teardown = await clusterSetup();
  await seed("go-todo");
  await seed("platform");
  // The app server chooses its source on its first request, which is this one.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { status, body } = await readyz();
    if (body.source && body.source.mode !== "cluster") {
      throw new Error(`the e2e app server is not reading the test cluster (source: ${body.source.mode} "${body.source.label}"); did something touch the store before globalSetup?`);
    }
    if (status === 200 && body.ready) break;
    if (Date.now() > deadline) throw new Error(`the e2e app server did not sync from the cluster within 120 s: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return teardown;
}

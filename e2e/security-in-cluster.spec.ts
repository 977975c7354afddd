// Runs against the server started by e2e/support/in-cluster.ts: in-cluster ServiceAccount of
// k8s/base, with exactly the shipped read-only permissions.
import { expect, test } from "@playwright/test";

test("reads the cluster as the shipped ServiceAccount, every kind synced, none refused", async ({ request, page }) => {
  await expect
    .poll(async () => (await request.get("/api/readyz")).status(), { timeout: 60_000 })
    .toBe(200);
  const ready = (await (await request.get("/api/readyz")).json()) as {
    source: { mode: string; label: string; serverVersion?: string };
    kinds: { kind: string; state: string }[];
  };
  expect(ready.source).toEqual({ mode: "in-cluster", label: "in-cluster as rolecall/rolecall", serverVersion: expect.stringMatching(/^1\.\d+$/) });
  // 14 built-in kinds + Flux Kustomization and HelmRelease (synced and empty where Flux is absent)
  expect(ready.kinds.length).toBe(16);
  expect(ready.kinds.filter((k) => k.state !== "synced")).toEqual([]);
  await page.goto("/serviceaccounts");
  await expect(page.getByTestId("source")).toContainText("in-cluster as rolecall/rolecall");
  // Rolecall's own ServiceAccount is in the list it can read.
  const sas = (await (await request.get("/api/v1/serviceaccounts?namespace=rolecall")).json()) as { items: { name: string }[] };
  expect(sas.items.map((i) => i.name)).toContain("rolecall");
  const metrics = await (await request.get("/metrics")).text();
  expect(metrics).toMatch(/rolecall_informer_synced\{kind="Pod"\} 1/);
  expect(metrics).toMatch(/rolecall_store_synced 1/);
});

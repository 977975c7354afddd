// Findings and the ServiceAccount list on the bundled examples (no cluster): legacy/default,
// which only a RoleBinding and two Deployments name, is listed with its findings.
import { expect, test } from "@playwright/test";

test("legacy/default is listed (Kubernetes creates it with the namespace) with the findings page's counts: 1 critical, 8 high, 2 medium", async ({ page, request }) => {
  await page.goto("/serviceaccounts?q=legacy%2F");
  const link = page.getByRole("link", { name: "default", exact: true });
  await expect(link).toBeVisible();
  const row = page.getByRole("row").filter({ has: link });
  await expect(row).toContainText("created with the namespace");
  await expect(row.getByTestId("no-such-object")).toHaveCount(0);
  const counts = row.getByTestId("finding-counts");
  await expect(counts).toHaveAttribute("data-critical", "1");
  await expect(counts).toHaveAttribute("data-high", "8");
  await expect(counts).toHaveAttribute("data-medium", "2");
  const api = (await (await request.get("/api/v1/findings?serviceAccount=legacy/default")).json()) as { items: { severity: string }[] };
  expect(api.items.map((f) => f.severity).sort()).toEqual(["critical", "high", "high", "high", "high", "high", "high", "high", "high", "medium", "medium"]);
  await counts.click();
  await expect(page).toHaveURL(/\/findings\?serviceAccount=legacy%2Fdefault/);
  await expect(page.getByTestId("finding")).toHaveCount(11);
});

test("/findings opens with ci-runner's cluster-admin and legacy/default's impersonate shown", async ({ page }) => {
  await page.goto("/findings");
  await expect(page.getByTestId("hide-system")).toBeChecked();
  // (build-bot's "reaches cluster-admin" names ci-runner in its path too)
  await expect(page.locator("[data-testid=finding][data-severity=critical][data-risk=cluster-admin]").filter({ hasText: "ci/ci-runner" })).toContainText("Bound to cluster-admin");
  await expect(page.locator("[data-testid=finding][data-risk=impersonate]").filter({ hasText: "legacy/default" })).toHaveCount(1);
});

test("offline too, ci/build-bot reaches cluster-admin in 2 steps: the list's badge, its Can become and its finding show the API's path", async ({ page, request }) => {
  const api = (await (await request.get("/api/v1/serviceaccounts/ci/build-bot/escalation")).json()) as { clusterAdmin: { hops: number; path: { technique: string }[] } };
  expect(api.clusterAdmin.path.map((h) => h.technique)).toEqual(["create-workloads", "all-permissions"]);
  await page.goto("/serviceaccounts?q=ci%2Fbuild");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "build-bot", exact: true }) });
  await expect(row.getByTestId("cluster-admin-badge")).toHaveText(`⚠reaches cluster-admin in ${api.clusterAdmin.hops} steps`);
  await page.goto("/serviceaccounts/ci/build-bot");
  const path = page.locator("section#can-become").getByTestId("cluster-admin-path");
  await expect(path.getByTestId("escalation-hop")).toHaveCount(api.clusterAdmin.hops);
  await expect(path.getByTestId("escalation-hop").first()).toHaveAttribute("data-technique", "create-workloads");
  await page.goto("/findings?serviceAccount=ci%2Fbuild-bot");
  await expect(page.locator("[data-testid=finding][data-risk=reaches-cluster-admin]").getByTestId("escalation-hop")).toHaveCount(api.clusterAdmin.hops);
});

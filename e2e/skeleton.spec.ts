// Loading states are skeletons. The ci-runner page's permission matrix comes in the HTML (it
// shows with its request held, so no skeleton); with the escalation request held back, Can become is a
// skeleton (aria-busy, "Loading escalation paths…" for screen readers, no axe violation).
// Picking another scope keeps the last matrix, dimmed, until the new one comes: nothing below
// it jumps to the top and back.
import { expect, test, type Route } from "@playwright/test";
import { expectNoSeriousViolations } from "./support/axe";

test.use({ viewport: { width: 1920, height: 1080 } });

test("the ci-runner page shows its matrix from the HTML; Can become's skeleton is accessible while its answer is held", async ({ page }) => {
  test.setTimeout(180_000);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  // both answers held: the matrix must show without its request (a live page may still ask
  // again when the cluster changes meanwhile; that answer waits too)
  for (const what of ["escalation", "permissions"])
    await page.route(`**/api/v1/serviceaccounts/ci/ci-runner/${what}**`, async (route: Route) => {
      await held;
      await route.continue();
    });
  await page.goto("/serviceaccounts/ci/ci-runner");
  const permissions = page.locator("#permissions");
  await expect(page.getByTestId("permission-matrix")).toBeVisible();
  await expect(permissions.locator("[aria-busy=true]")).toHaveCount(0);
  // the history settles (its own data comes); Can become waits for its held answer
  await expect(page.locator("#history [aria-busy=true]")).toHaveCount(0);
  await expect(page.locator("#can-become [aria-busy=true]")).toHaveCount(1);
  await expect(page.locator("#can-become").getByText("Loading escalation paths…")).toBeAttached();
  await expectNoSeriousViolations(page, "ci-runner with its escalation paths loading");
  await expect(page.getByTestId("permission-matrix").getByTestId("matrix-row").first()).toBeVisible();
  release();
  await expect(page.locator("#can-become [aria-busy=true]")).toHaveCount(0);
  await expect(page.getByTestId("cluster-admin-path")).toBeVisible();
});

test("picking another scope keeps the last matrix, dimmed, while the new one is held; the sections below do not jump", async ({ page }) => {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.goto("/serviceaccounts/ci/ci-runner");
  await expect(page.getByTestId("permission-matrix")).toBeVisible();
  await page.route("**/api/v1/serviceaccounts/ci/ci-runner/permissions?**", async (route: Route) => {
    await held;
    await route.continue();
  });
  const below = page.locator("#can-become");
  const before = await below.boundingBox();
  await expect(async () => {
    await page.getByTestId("permission-scope").selectOption("_cluster", { timeout: 2000 });
    await expect(page.getByTestId("matrix-previous")).toBeVisible({ timeout: 2000 });
  }).toPass();
  const during = await below.boundingBox();
  expect(Math.abs(during!.y - before!.y), `Can become moved from y=${before!.y} to y=${during!.y} while the scope loads`).toBeLessThanOrEqual(4);
  release();
  await expect(page.getByTestId("matrix-previous")).toHaveCount(0);
  await expect(page.getByTestId("permission-matrix")).toBeVisible();
});

// Loading states are skeletons: with the permissions request held back, the ci-runner page
// shows the matrix's skeleton (aria-busy, "Loading permissions…" for screen readers, no axe
// violation), and when the answer arrives the sections below it have not moved.
import { expect, test, type Route } from "@playwright/test";
import { expectNoSeriousViolations } from "./support/axe";

test.use({ viewport: { width: 1920, height: 1080 } });

test("the ci-runner page's permission skeleton is accessible, as tall as the matrix, and nothing below it moves when it fills in", async ({ page }) => {
  test.setTimeout(180_000);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route("**/api/v1/serviceaccounts/ci/ci-runner/permissions", async (route: Route) => {
    await held;
    await route.continue();
  });
  await page.goto("/serviceaccounts/ci/ci-runner");
  const permissions = page.locator("#permissions");
  const busy = permissions.locator("[aria-busy=true]");
  await expect(busy).toHaveCount(1);
  await expect(permissions.getByText("Loading permissions…")).toBeAttached();
  await expect(permissions.getByRole("heading", { name: "Permissions" })).toBeVisible();
  // the history settles (its own data comes); Can become is asked only once the permissions are in, so it is still a skeleton
  await expect(page.locator("#history [aria-busy=true]")).toHaveCount(0);
  await expect(page.locator("#can-become [aria-busy=true]")).toHaveCount(1);
  await expectNoSeriousViolations(page, "ci-runner with its permissions loading");
  const before = await page.locator("#can-become").boundingBox();
  release();
  await expect(page.getByTestId("permission-matrix")).toBeVisible();
  await expect(busy).toHaveCount(0);
  await expect(page.getByText("Loading permissions…")).toHaveCount(0);
  const after = await page.locator("#can-become").boundingBox();
  expect(before && after, "the Can become section is on the page").toBeTruthy();
  // ci-runner's matrix has 64 lines: a skeleton of a few text lines would leave a gap of about 1,800 px
  expect(Math.abs(after!.y - before!.y), `Can become moved from y=${before!.y} to y=${after!.y}`).toBeLessThanOrEqual(4);
});

// Accessibility with the bundled examples (no cluster): axe finds no serious or critical
// violation on any page, light or dark, and the example banner is inside a landmark.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { axeEveryPage } from "./support/axe";

axeEveryPage();

test("the example banner sits inside a landmark (axe's region rule finds nothing outside one)", async ({ page }) => {
  await page.goto("/bindings");
  await expect(page.getByTestId("example-banner")).toBeVisible();
  const { violations } = await new AxeBuilder({ page }).withRules(["region"]).analyze();
  expect(violations.flatMap((v) => v.nodes.map((n) => n.target.join(" ")))).toEqual([]);
});

// Accessibility against the real control plane seeded with go-todo and platform: axe finds no
// serious or critical violation on any page, light or dark; the skip link is the first stop
// of the keyboard and takes it to the page's content.
import { expect, test, type Page } from "@playwright/test";
import { axeEveryPage } from "./support/axe";

/** Keys pressed before hydration are lost: wait for the live page. */
async function live(page: Page) {
  await expect(page.getByTestId("sync-state").filter({ visible: true }).first()).toHaveAttribute("data-state", "live");
}

axeEveryPage(live);

test("Tab once from page load focuses 'Skip to content', shown on focus; Enter moves focus into the main content", async ({ page }) => {
  await page.goto("/findings");
  await live(page);
  const skip = page.getByRole("link", { name: "Skip to content" });
  // visually hidden until focused (one clipped pixel), then shown on screen
  expect((await skip.boundingBox())?.width).toBeLessThanOrEqual(1);
  await page.keyboard.press("Tab");
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  expect((await skip.boundingBox())?.width).toBeGreaterThan(40);
  await page.keyboard.press("Enter");
  await expect(page.locator("main#content")).toBeFocused();
  // the next Tab goes on inside the content, not back to the top bar or the navigation
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => !!document.activeElement?.closest("main#content"))).toBe(true);
});

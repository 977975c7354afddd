// The frame on a phone (390x844) and on a desktop (1440x900), against the live cluster: below
// 768 px the sidebar is a menu button (aria-expanded, Escape, focus back, closes on
// navigation), the search box stays on screen and usable, and no page is wider than the window.
import { expect, test, type Page } from "@playwright/test";

const PAGES = ["/serviceaccounts", "/serviceaccounts/go-todo/go-todo-sa", "/findings", "/chains"];

async function gotoLive(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId("sync-state").first()).toHaveAttribute("data-state", "live");
}

const menuButton = (page: Page) => page.getByRole("button", { name: "Menu" });
const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

/** The page is no wider than the window (wide tables scroll inside their own box). */
async function expectNoSidewaysScroll(page: Page, width: number) {
  const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, main: document.querySelector("main")!.scrollWidth }));
  expect(w.doc, JSON.stringify(w)).toBeLessThanOrEqual(width);
}

/** The search box is within the window and finds go-todo-sa, whose page it opens. */
async function expectSearchWorks(page: Page, width: number) {
  const search = page.getByRole("combobox", { name: "Search" });
  await expect(search).toBeVisible();
  const box = (await search.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
  expect(box.width).toBeGreaterThanOrEqual(150);
  await search.fill("go-todo-sa");
  const hit = page.getByRole("option").filter({ hasText: "go-todo-sa" }).filter({ hasText: "go-todo" }).first();
  await expect(hit).toBeVisible();
  const hitBox = (await hit.boundingBox())!;
  expect(hitBox.x).toBeGreaterThanOrEqual(0);
  expect(hitBox.x + hitBox.width).toBeLessThanOrEqual(width);
  await hit.click();
  await expect(page).toHaveURL(/\/serviceaccounts\/go-todo\/go-todo-sa$/);
}

test.describe("390 px wide", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the sidebar is a menu button: it opens the links, Escape closes it and gives the focus back, a link closes it", async ({ page }) => {
    await gotoLive(page, "/serviceaccounts");
    const button = menuButton(page);
    await expect(button).toBeVisible();
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(nav(page)).toBeHidden();
    // aria-controls names the navigation
    const controls = await button.getAttribute("aria-controls");
    await expect(page.locator(`[id="${controls}"]`)).toHaveAttribute("aria-label", "Main");

    await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "true");
    await expect(nav(page)).toBeVisible();
    for (const name of ["Overview", "Service accounts", "Bindings", "Can I?", "Who can?", "Findings", "Chains", "History"]) {
      await expect(nav(page).getByRole("link", { name, exact: true })).toBeVisible();
    }
    // the keyboard is in the menu; Escape closes it and returns to the button
    await expect(nav(page).getByRole("link", { name: "Overview" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(nav(page)).toBeHidden();
    await expect(button).toBeFocused();

    // Enter opens it again; following a link closes it
    await page.keyboard.press("Enter");
    await expect(nav(page)).toBeVisible();
    await nav(page).getByRole("link", { name: "Findings" }).click();
    await expect(page).toHaveURL(/\/findings$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Findings/);
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(nav(page)).toBeHidden();

    // a click beside the open menu closes it too
    await button.click();
    await expect(nav(page)).toBeVisible();
    await page.mouse.click(370, 600);
    await expect(nav(page)).toBeHidden();
  });

  test("the search box is on screen and usable", async ({ page }) => {
    await gotoLive(page, "/findings");
    await expectSearchWorks(page, 390);
  });

  for (const path of PAGES) {
    test(`${path} is no wider than the window`, async ({ page }) => {
      await gotoLive(page, path);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await expectNoSidewaysScroll(page, 390);
    });
  }

  test("the chains graph takes the page's width", async ({ page }) => {
    await gotoLive(page, "/chains");
    const graph = page.getByTestId("chain-graph");
    await expect(graph).toBeVisible();
    expect((await graph.boundingBox())!.width).toBeGreaterThanOrEqual(330);
  });
});

test.describe("1440 px wide", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("no menu button: the sidebar shows its links, the search box works, nothing is wider than the window", async ({ page }) => {
    await gotoLive(page, "/serviceaccounts");
    await expect(menuButton(page)).toBeHidden();
    await expect(nav(page)).toBeVisible();
    await expect(nav(page).getByRole("link", { name: "Chains" })).toBeVisible();
    for (const path of PAGES) {
      await gotoLive(page, path);
      await expectNoSidewaysScroll(page, 1440);
    }
    await expectSearchWorks(page, 1440);
  });
});

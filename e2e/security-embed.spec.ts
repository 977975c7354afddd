// Embedding: the default server allows PORTAL_ORIGIN (ROLECALL_FRAME_ANCESTORS). A page of
// that origin frames Rolecall with ?embed=1 in Chromium; another origin is refused.
import { expect, test, type Page } from "@playwright/test";
import { OTHER_ORIGIN, PORTAL_ORIGIN } from "./support/security-projects";

async function portal(page: Page, origin: string, src: string) {
  await page.goto(`${origin}/portal.html?src=${encodeURIComponent(src)}`);
}

test("renders inside an iframe of the allowed origin, without navigation, and posts its height", async ({ page, baseURL }) => {
  await portal(page, PORTAL_ORIGIN, `${baseURL}/serviceaccounts?embed=1`);
  const frame = page.frameLocator("#rolecall");
  await expect(frame.locator("main")).toBeVisible();
  await expect(frame.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { heights: { origin: string; height: number }[] }).heights.length))
    .toBeGreaterThan(0);
  const heights = await page.evaluate(() => (window as unknown as { heights: { origin: string; height: number; path: string }[] }).heights);
  expect(heights[0].origin).toBe(new URL(baseURL!).origin);
  expect(heights[0].height).toBeGreaterThan(0);
  expect(heights[0].path).toBe("/serviceaccounts");
});

test("a deep link clicked inside the frame keeps embed=1", async ({ page, baseURL }) => {
  await portal(page, PORTAL_ORIGIN, `${baseURL}/serviceaccounts?embed=1`);
  const frame = page.frameLocator("#rolecall");
  const link = frame.locator('main a[href^="/serviceaccounts/"]').first();
  await expect(link).toBeVisible();
  await link.click();
  const inner = page.frames().find((f) => f.url().startsWith(baseURL!))!;
  await expect.poll(() => new URL(inner.url()).pathname).toMatch(/^\/serviceaccounts\/[^/]+\/[^/]+/);
  await expect.poll(() => new URL(inner.url()).searchParams.get("embed")).toBe("1");
  await expect(frame.getByRole("navigation", { name: "Main" })).toHaveCount(0);
});

test("another origin may not frame Rolecall", async ({ page, baseURL }) => {
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/frame-ancestors|Refused to frame/i.test(m.text())) refused.push(m.text());
  });
  await portal(page, OTHER_ORIGIN, `${baseURL}/serviceaccounts?embed=1`);
  await expect.poll(() => refused.length, { timeout: 10_000 }).toBeGreaterThan(0);
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  expect(await frame.locator("main").count()).toBe(0);
});

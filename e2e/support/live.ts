// Opens a page of the live app and waits until its event stream is live (the page's data is
// current and later changes will reach it).
import { expect, type Page } from "@playwright/test";

export async function gotoLive(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId("sync-state").filter({ visible: true }).first()).toHaveAttribute("data-state", "live");
}

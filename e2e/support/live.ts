// Opens a page of the live app and waits until its event stream is live (the page's data is
// current and later changes will reach it) and its streamed content is in place.
import { expect, type Page } from "@playwright/test";

export async function gotoLive(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId("sync-state").filter({ visible: true }).first()).toHaveAttribute("data-state", "live");
  // React reveals streamed Suspense content in batches, up to ~300 ms after it arrives (even after
  // the load event): until then a hidden copy (`<div hidden id="S:0">`) sits in the document, and a
  // strict locator would match its elements as well as the shown ones.
  await expect(page.locator("div[hidden][id^='S:']")).toHaveCount(0);
}

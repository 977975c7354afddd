// The server started with no cluster and no manifests serves the bundled examples, and says so.
import { expect, test } from "@playwright/test";

for (const path of ["/serviceaccounts", "/bindings", "/serviceaccounts/go-todo/go-todo-sa"]) {
  test(`${path} shows the example data banner`, async ({ page }) => {
    await page.goto(path);
    const banner = page.getByTestId("example-banner");
    await expect(banner).toBeVisible();
    await expect(banner).toContainText("Example data");
    await expect(page.getByTestId("source")).toContainText("example data");
  });
}

test("the examples include go-todo-sa with its binding", async ({ page }) => {
  await page.goto("/serviceaccounts/go-todo/go-todo-sa");
  await expect(page.getByTestId("sa-binding").filter({ hasText: "read-pods" })).toContainText("Role pod-reader");
});

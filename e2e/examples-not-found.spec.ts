// Not-found pages with the bundled examples (no cluster): the same 404, message and way back.
import { expect, test } from "@playwright/test";
import { expectNotFound, MISSING, waitSynced } from "./support/not-found";

test.beforeEach(async ({ page }) => waitSynced(page));

for (const m of MISSING) {
  test(`offline, ${m.path} answers 404 naming ${m.what}, with "${m.back}"`, async ({ page }) => {
    await expectNotFound(page, m);
  });
}

test("offline, pages of objects in the examples still answer 200", async ({ page }) => {
  for (const path of ["/serviceaccounts/go-todo/go-todo-sa", "/roles/go-todo/pod-reader", "/clusterroles/admin", "/chains/go-todo/deployment/go-todo-deployment"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    await expect(page.getByTestId("not-found")).toHaveCount(0);
  }
});

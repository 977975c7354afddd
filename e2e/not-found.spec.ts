// Not-found pages against the real control plane: HTTP 404 with one message and a way back;
// an object deleted while its page is open turns into the same message in place.
import { expect, test } from "@playwright/test";
import { kubectl } from "../cluster/testing";
import { expectNotFound, MISSING, waitSynced } from "./support/not-found";

test.beforeEach(async ({ page }) => waitSynced(page));

for (const m of MISSING) {
  test(`${m.path} answers 404 naming ${m.what}, with "${m.back}"`, async ({ page }) => {
    await expectNotFound(page, m);
  });
}

test("pages of objects that exist still answer 200", async ({ page }) => {
  for (const path of ["/serviceaccounts/go-todo/go-todo-sa", "/roles/go-todo/pod-reader", "/clusterroles/admin", "/chains/go-todo/deployment/go-todo-deployment", "/blast-radius/go-todo/deployment/go-todo-deployment"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    await expect(page.getByTestId("not-found")).toHaveCount(0);
  }
});

test.describe("deleted while open", () => {
  const ns = `narrow-${Date.now().toString(36)}`;
  test.afterAll(async () => {
    await kubectl(["delete", "namespace", ns, "--ignore-not-found", "--wait=false"]);
  });

  test("a ServiceAccount deleted while its page is open: the page shows the one not-found message with its way back", async ({ page }) => {
    expect((await kubectl(["create", "namespace", ns])).code).toBe(0);
    expect((await kubectl(["-n", ns, "create", "serviceaccount", "short-lived"])).code).toBe(0);
    await expect.poll(async () => (await page.request.get(`/api/v1/serviceaccounts/${ns}/short-lived`)).status()).toBe(200);
    const res = await page.goto(`/serviceaccounts/${ns}/short-lived`);
    expect(res?.status()).toBe(200);
    await expect(page.getByTestId("user-name")).toHaveText(`system:serviceaccount:${ns}:short-lived`);

    expect((await kubectl(["-n", ns, "delete", "serviceaccount", "short-lived"])).code).toBe(0);
    await expect(page.getByTestId("not-found-message")).toHaveText(`ServiceAccount ${ns}/short-lived was not found. It may have been deleted, or the address may be mistyped.`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    await expect(page.locator("#permissions")).toHaveCount(0);
    await page.getByRole("link", { name: "Back to service accounts" }).click();
    await expect(page).toHaveURL(/\/serviceaccounts$/);
  });
});

// The role pages with the bundled examples (no cluster): the bootstrap policy's roles are
// assumed, aggregation is computed, and role names on the other pages link to them.
import { expect, test } from "@playwright/test";
import type { RoleDetailResponse } from "../lib/api/wire";
import { gotoLive } from "./support/live";

test("offline, edit is built in (assumed) and its rules are the ones aggregation computes from the ClusterRoles it picks", async ({ page, request }) => {
  // the page first: the API answers 503 until the server has loaded the examples
  await gotoLive(page, "/clusterroles/edit");
  const res = await request.get("/api/v1/clusterroles/edit");
  expect(res.status()).toBe(200);
  const api = (await res.json()) as RoleDetailResponse;
  expect(api.builtIn).toBe("assumed");
  expect(api.aggregation?.aggregates.map((a) => a.name)).toContain("system:aggregate-to-edit");
  expect(api.aggregatedRules?.length).toBeGreaterThan(0);
  await expect(page.getByRole("heading", { level: 1 }).getByTestId("built-in")).toBeVisible();
  await expect(page.locator("#rules")).toContainText("As the aggregation controller fills them in");
  await expect(page.getByTestId("role-rule")).toHaveCount(api.aggregatedRules!.length);
  await expect(page.getByTestId("aggregates").getByRole("link")).toHaveText(api.aggregation!.aggregates.map((a) => a.name));
});

test("the bindings page links each role to its page", async ({ page }) => {
  await gotoLive(page, "/bindings?q=read-pods");
  const row = page.getByRole("row").filter({ hasText: "read-pods" }).first();
  const link = row.getByRole("link", { name: "Role pod-reader" });
  await expect(link).toHaveAttribute("href", "/roles/go-todo/pod-reader");
  expect(await link.evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain("underline");
  await link.click();
  await expect(page).toHaveURL(/\/roles\/go-todo\/pod-reader$/);
  await expect(page.getByTestId("role-binding").filter({ hasText: "read-pods" })).toBeVisible();
});

// The service-account views against the real control plane (seeded with go-todo and platform).
import { expect, test, type Page } from "@playwright/test";
import { kubectl } from "../cluster/testing";

async function waitLive(page: Page) {
  // visible only: while the server streams, React keeps a hidden copy of the frame until it swaps it in
  await expect(page.getByTestId("sync-state").filter({ visible: true }).first()).toHaveAttribute("data-state", "live");
}

test("the service-account list shows go-todo-sa and links to its page", async ({ page }) => {
  await page.goto("/serviceaccounts");
  // Other specs may create their own go-todo-sa elsewhere: filter by namespace/name.
  await page.getByLabel("Filter service accounts").fill("go-todo/go-todo");
  const link = page.getByRole("link", { name: "go-todo-sa", exact: true });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(/\/serviceaccounts\/go-todo\/go-todo-sa$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("go-todo-sa");
});

test("go-todo-sa's page shows RoleBinding read-pods → Role pod-reader, its user name and what runs as it", async ({ page }) => {
  await page.goto("/serviceaccounts/go-todo/go-todo-sa");
  const binding = page.getByTestId("sa-binding").filter({ hasText: "read-pods", visible: true });
  await expect(binding).toContainText("RoleBinding read-pods");
  await expect(binding).toContainText("Role pod-reader");
  await expect(binding).not.toContainText("missing");
  await expect(page.getByTestId("user-name")).toHaveText("system:serviceaccount:go-todo:go-todo-sa");
  const runsAs = page.locator("#runs-as");
  await expect(runsAs).toContainText("go-todo-deployment");
  // Its pods are listed with their owner and whether they get the token.
  await expect(runsAs).toContainText("of Deployment/go-todo-deployment");
  await expect(runsAs).toContainText("token mounted");
});

test("the namespace picker is kept in the URL and filters the list", async ({ page }) => {
  await page.goto("/serviceaccounts");
  await page.getByRole("combobox", { name: "Namespace" }).selectOption("go-todo");
  await expect(page).toHaveURL(/[?&]namespace=go-todo/);
  await expect(page.getByRole("link", { name: "go-todo-sa", exact: true })).toBeVisible();
  // Every row is in go-todo.
  const cells = page.locator('[role="table"] [role="row"] [role="cell"]:first-child');
  await expect(cells.first()).toHaveText("go-todo");
  expect(new Set(await cells.allInnerTexts())).toEqual(new Set(["go-todo"]));
  // The selection survives navigation through the left nav.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bindings" }).click();
  await expect(page).toHaveURL(/\/bindings\?namespace=go-todo/);
});

test("sorting by a column is kept in the URL", async ({ page }) => {
  await page.goto("/serviceaccounts");
  await page.getByRole("button", { name: "Bindings", exact: true }).click();
  await expect(page).toHaveURL(/[?&]sort=bindings&dir=asc/);
  await expect(page.getByRole("columnheader", { name: "Bindings" })).toHaveAttribute("aria-sort", "ascending");
  await page.getByRole("button", { name: "Bindings", exact: true }).click();
  await expect(page.getByRole("columnheader", { name: "Bindings" })).toHaveAttribute("aria-sort", "descending");
  // The row with the most direct bindings comes first.
  const first = Number((await page.locator('[data-testid="table-body"] [role="row"] [role="cell"]:nth-child(3)').first().innerText()).split(/\s/)[0]);
  const all = (await page.locator('[data-testid="table-body"] [role="row"] [role="cell"]:nth-child(3)').allInnerTexts()).map((t) => Number(t.split(/\s/)[0]));
  expect(first).toBe(Math.max(...all));
  await page.reload();
  await expect(page.getByRole("columnheader", { name: "Bindings" })).toHaveAttribute("aria-sort", "descending");
});

test("search (focused with /) jumps to a service account", async ({ page }) => {
  await page.goto("/bindings");
  // The shortcut is installed once the page is interactive.
  await waitLive(page);
  await page.locator("body").press("/");
  await expect(page.getByRole("combobox", { name: "Search" })).toBeFocused();
  await page.keyboard.type("go-todo-sa");
  await expect(page.getByRole("listbox", { name: "Search results" }).getByRole("option").first()).toContainText("go-todo-sa");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/serviceaccounts\/go-todo\/go-todo-sa/);
});

test("the bindings page lists read-pods with its subject and marks orphans", async ({ page }) => {
  await page.goto("/bindings?q=read-pods");
  const row = page.locator('[role="row"]').filter({ hasText: "read-pods" });
  await expect(row).toContainText("pod-reader");
  await expect(row).toContainText("go-todo/go-todo-sa");
  await page.goto("/bindings");
  await page.getByLabel("Orphans only").check();
  await expect(page.getByTestId("orphan").first()).toBeVisible();
});

test("a ServiceAccount created with kubectl appears in the open page without reload (median of 10)", async ({ page }) => {
  const ns = `e2e-live-${Date.now().toString(36)}`;
  const created = await kubectl(["create", "namespace", ns]);
  expect(created.code, created.stderr).toBe(0);
  try {
    await page.goto(`/serviceaccounts?namespace=${ns}`);
    await waitLive(page);
    await page.evaluate(() => {
      // Survives only if the page is never reloaded; records when each new row's link appears.
      const w = window as unknown as { __rolecallSeen: Record<string, number> };
      w.__rolecallSeen = {};
      const scan = () => {
        for (const a of document.querySelectorAll('[role="table"] a')) {
          const name = a.textContent ?? "";
          if (!(name in w.__rolecallSeen)) w.__rolecallSeen[name] = Date.now();
        }
      };
      new MutationObserver(scan).observe(document.body, { childList: true, subtree: true, characterData: true });
      scan();
    });
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const name = `live-sa-${i}`;
      const t0 = Date.now();
      const r = await kubectl(["create", "serviceaccount", name, "-n", ns]);
      expect(r.code, r.stderr).toBe(0);
      await expect(page.getByRole("link", { name, exact: true })).toBeVisible({ timeout: 10_000 });
      const seen = await page.evaluate((n) => (window as unknown as { __rolecallSeen?: Record<string, number> }).__rolecallSeen?.[n], name);
      expect(seen, "the page was reloaded (the in-page recorder is gone)").toBeDefined();
      times.push(seen! - t0);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = (sorted[4] + sorted[5]) / 2;
    console.log(`kubectl create sa → row visible: median ${median} ms over 10 (min ${sorted[0]}, max ${sorted[9]}; all: ${times.join(", ")})`);
    test.info().annotations.push({ type: "kubectl create sa → row visible (median of 10)", description: `${median} ms` });
    expect(median).toBeLessThan(5_000);
  } finally {
    await kubectl(["delete", "namespace", ns, "--wait=false"]);
  }
});

test("the API answers bad input with 400 and unknown objects with 404, as JSON", async ({ request }) => {
  const bad = await request.get("/api/v1/serviceaccounts/Not_A_Namespace/x");
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ field: "namespace" });
  const badQuery = await request.get("/api/v1/serviceaccounts?namespace=UPPER");
  expect(badQuery.status()).toBe(400);
  expect(await badQuery.json()).toMatchObject({ field: "namespace" });
  const missing = await request.get("/api/v1/serviceaccounts/go-todo/no-such-sa");
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error).toContain("not found");
  const detail = await request.get("/api/v1/serviceaccounts/go-todo/go-todo-sa");
  expect(detail.status()).toBe(200);
  const body = await detail.json();
  expect(body.bindings.direct).toContainEqual(expect.objectContaining({ binding: { kind: "RoleBinding", namespace: "go-todo", name: "read-pods" } }));
  const ready = await request.get("/api/readyz");
  expect(ready.status()).toBe(200);
});

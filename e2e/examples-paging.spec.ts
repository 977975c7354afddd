// Long lists arrive a part at a time (bench:pages: the SA list, findings, a ServiceAccount's
// escalation paths), on the bundled examples: the first part is in the HTML, before any script
// runs, and the rest is one click or one scroll away, in the API's order.
import { expect, test } from "@playwright/test";

type Row = { namespace: string; name: string };

/** The examples load once the server is up: until then the API answers 503. */
test.beforeEach(async ({ request }) => {
  await expect.poll(async () => (await request.get("/api/readyz")).status(), { timeout: 60_000 }).toBe(200);
});

test("the SA list's HTML holds its first rows, sorted as the URL asks, and says how many there are", async ({ browser, request }) => {
  const api = (await (await request.get("/api/v1/serviceaccounts")).json()) as { items: Row[] };
  const byNameDesc = api.items.slice().sort((a, b) => b.name.localeCompare(a.name) || b.namespace.localeCompare(a.namespace));
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto("/serviceaccounts?sort=name&dir=desc");
    const table = page.getByRole("table", { name: "Service accounts" });
    await expect(table).toHaveAttribute("aria-rowcount", String(api.items.length + 1));
    await expect(page.getByTestId("row-count")).toHaveText(`${api.items.length} of ${api.items.length}`);
    const rows = page.getByTestId("table-body").getByRole("row");
    await expect(rows).toHaveCount(Math.min(50, api.items.length));
    const first = await rows.evaluateAll((els) => els.slice(0, 3).map((e) => [e.querySelector('[role="cell"]')?.textContent, e.querySelector('[role="cell"]:nth-child(2) a')?.textContent]));
    expect(first).toEqual(byNameDesc.slice(0, 3).map((r) => [r.namespace, r.name]));
  } finally {
    await context.close();
  }
});

test("the SA list filters every row once the page is up, not only the first screen's", async ({ page, request }) => {
  const api = (await (await request.get("/api/v1/serviceaccounts")).json()) as { items: Row[] };
  // the last row in the default order: the one furthest from the first screen
  const last = api.items.slice().sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name)).at(-1)!;
  await page.goto("/serviceaccounts");
  // (typed before hydration, the text would be lost: type until the table follows it)
  await expect(async () => {
    await page.getByLabel("Filter service accounts").fill(`${last.namespace}/${last.name}`, { timeout: 2000 });
    await expect(page.getByTestId("table-body").getByRole("link", { name: last.name, exact: true })).toBeVisible({ timeout: 2000 });
  }).toPass();
  await expect(page.getByTestId("row-count")).toHaveText(new RegExp(`^\\d+ of ${api.items.length}$`));
});

test("findings come 50 at a time: the first 50 in the HTML, then \"Show more\" adds the next, in the API's order", async ({ browser, page, request }) => {
  const api = (await (await request.get("/api/v1/findings?hideSystem=false&limit=100000")).json()) as { matched: number; items: { risk: string }[] };
  expect(api.matched).toBeGreaterThan(50);
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const bare = await context.newPage();
    await bare.goto("/findings?system=show");
    await expect(bare.getByTestId("finding")).toHaveCount(50);
    await expect(bare.getByTestId("findings-count")).toHaveText(`${api.matched} shown of ${api.matched} (first 50)`);
  } finally {
    await context.close();
  }
  await page.goto("/findings?system=show");
  const shown = page.getByTestId("finding");
  await expect(shown).toHaveCount(50);
  const more = page.getByRole("button", { name: `Show ${Math.min(50, api.matched - 50)} more (${api.matched - 50} not shown)` });
  await expect(async () => {
    await more.click({ timeout: 2000 });
    await expect(shown).toHaveCount(Math.min(100, api.matched), { timeout: 2000 });
  }).toPass();
  const risks = await shown.evaluateAll((els) => els.map((e) => e.getAttribute("data-risk")));
  expect(risks).toEqual(api.items.slice(0, 100).map((f) => f.risk));
});

test("a ServiceAccount's escalation answer is paged: limit keeps the first paths, total and truncated say the rest, a bad limit is a 400 naming it", async ({ page, request }) => {
  const url = "/api/v1/serviceaccounts/ci/build-bot/escalation";
  const all = (await (await request.get(url)).json()) as { canBecome: { subject: string }[]; total: number; truncated: boolean };
  expect(all.canBecome.length).toBeGreaterThan(1);
  expect(all).toMatchObject({ total: all.canBecome.length, truncated: false });
  const one = (await (await request.get(`${url}?limit=1`)).json()) as typeof all;
  expect(one).toMatchObject({ total: all.total, truncated: true });
  expect(one.canBecome.map((p) => p.subject)).toEqual([all.canBecome[0].subject]);
  for (const bad of ["0", "x", "100001"]) {
    const r = await request.get(`${url}?limit=${bad}`);
    expect(r.status()).toBe(400);
    expect(await r.json()).toMatchObject({ field: "limit" });
  }
  const unknown = await request.get(`${url}?offset=1`);
  expect(unknown.status()).toBe(400);
  expect(await unknown.json()).toMatchObject({ field: "offset" });
  // the page says how many identities there are (cluster-admin apart) and asks for a page of them
  const asked = page.waitForRequest((r) => r.url().includes(url));
  await page.goto("/serviceaccounts/ci/build-bot");
  expect(new URL((await asked).url()).searchParams.get("limit")).toBe("100");
  const others = all.canBecome.filter((p) => p.subject !== "cluster-admin").length;
  await expect(page.getByTestId("can-become-count")).toContainText(`${others} identit${others === 1 ? "y" : "ies"}`);
});

test("a ServiceAccount's page has the matrix of the scope it shows in its HTML, and asks only for the scope picked next", async ({ browser, page }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const bare = await context.newPage();
    await bare.goto("/serviceaccounts/ci/ci-runner");
    await expect(bare.getByTestId("permission-matrix").getByTestId("matrix-row").first()).toBeVisible();
    await expect(bare.getByTestId("permission-scope")).toHaveValue("ci");
  } finally {
    await context.close();
  }
  const asked: URL[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/v1/serviceaccounts/ci/ci-runner/permissions")) asked.push(new URL(r.url()));
  });
  await page.goto("/serviceaccounts/ci/ci-runner");
  await expect(page.getByTestId("permission-matrix").getByTestId("matrix-row").first()).toBeVisible();
  await expect(async () => {
    await page.getByTestId("permission-scope").selectOption("_cluster", { timeout: 2000 });
    await expect(page).toHaveURL(/[?&]perm=_cluster/, { timeout: 2000 });
  }).toPass();
  // the cluster-wide scope is asked for (the last matrix stays, dimmed, until it comes)
  await expect.poll(() => asked.some((u) => u.searchParams.get("namespace") === "")).toBe(true);
  await expect(page.getByTestId("matrix-previous")).toHaveCount(0);
  await expect(page.getByTestId("permission-matrix").getByTestId("matrix-row").first()).toBeVisible();
  // every question names its scope: never all of them at once
  for (const u of asked) expect(u.searchParams.has("namespace"), u.href).toBe(true);
});

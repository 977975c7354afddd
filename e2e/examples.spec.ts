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

test("offline, the overview at / shows the examples' counts as the API gives them, and no recent changes (there is no history without a cluster)", async ({ page, request }) => {
  const api = (await (await request.get("/api/v1/overview")).json()) as { serviceAccounts: number; bindings: number; chains: { total: number }; chainsNeedingAttention: { root: { name: string } }[] };
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Overview");
  await expect(page.getByTestId("example-banner")).toBeVisible();
  await expect(page.getByTestId("overview-serviceaccounts").getByTestId("overview-count")).toHaveText(String(api.serviceAccounts));
  await expect(page.getByTestId("overview-bindings").getByTestId("overview-count")).toHaveText(String(api.bindings));
  await expect(page.getByTestId("overview-chains").getByTestId("overview-count")).toHaveText(String(api.chains.total));
  // the examples hold blocked chains (the cross-namespace wait): they are listed
  expect(api.chainsNeedingAttention.length).toBeGreaterThan(0);
  await expect(page.getByTestId("overview-chain")).toHaveCount(api.chainsNeedingAttention.length);
  await expect(page.getByRole("heading", { name: "Changed in the last 24 h" })).toHaveCount(0);
});

test("the examples include go-todo-sa with its binding", async ({ page }) => {
  await page.goto("/serviceaccounts/go-todo/go-todo-sa");
  await expect(page.getByTestId("sa-binding").filter({ hasText: "read-pods" })).toContainText("Role pod-reader");
});

test("offline, the SA and Role pages say at once that no history is recorded (history off is not retried as a wait)", async ({ page }) => {
  for (const path of ["/serviceaccounts/go-todo/go-todo-sa", "/roles/go-todo/pod-reader"]) {
    await page.goto(path);
    await expect(page.locator("section#history").getByTestId("history-unavailable")).toContainText("No history is recorded here", { timeout: 5_000 });
  }
});

test("offline, every ServiceAccount may get /healthz as on a real cluster: the bootstrap policy's bindings, marked built-in", async ({ page, request }) => {
  const r = await request.get("/api/v1/can-i?as=system:serviceaccount:go-todo:go-todo-sa&verb=get&nonResourceURL=/healthz");
  expect(r.status()).toBe(200);
  const body = (await r.json()) as { allowed: boolean; reasons: { binding: { name: string } }[] };
  expect(body.allowed).toBe(true);
  expect(body.reasons.map((x) => x.binding.name)).toEqual(expect.arrayContaining(["system:discovery", "system:public-info-viewer"]));

  // the SA page lists them among the bindings reaching it through system:authenticated
  await page.goto("/serviceaccounts/go-todo/go-todo-sa");
  await page.locator("summary", { hasText: "system:authenticated" }).click();
  const discovery = page.getByTestId("sa-binding").filter({ hasText: "ClusterRoleBinding system:discovery" });
  await expect(discovery).toBeVisible();
  await expect(discovery.getByTestId("built-in").first()).toBeVisible();
  await expect(page.getByTestId("sa-binding").filter({ hasText: "read-pods" }).getByTestId("built-in")).toHaveCount(0);

  // the bindings page marks them, and can hide them
  await page.goto("/bindings?q=system:public-info-viewer");
  const row = page.getByRole("row").filter({ hasText: "system:public-info-viewer" });
  await expect(row.getByTestId("built-in").first()).toBeVisible();
  await expect(row).toContainText("system:unauthenticated");
  // (examples mode has no live stream to wait for: a click before hydration is lost, so retry)
  await expect(async () => {
    await page.getByTestId("hide-built-in").check({ timeout: 2000 });
    await expect(row).toHaveCount(0, { timeout: 2000 });
  }).toPass();
  await expect(page).toHaveURL(/builtin=hide/);
});

test("chains: errors are counted in the header, and nodes an error holds are not drawn Progressing", async ({ page, request }) => {
  await page.goto("/chains");
  const node = (id: string) => page.locator(`[data-testid="chain-node"][data-id="${id}"]`);
  await expect(page.locator('[data-testid="diagnostic"]').first()).toBeVisible();
  const errors = await page.locator('[data-testid="diagnostic"][data-severity="error"]').count();
  expect(errors).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId("chain-error-count")).toHaveText(`✕${errors} errors`);
  // the deadlock, the forbidden wait and the wait for a Job applied to another namespace
  for (const id of ["Deployment/legacy/legacy-auth", "Deployment/legacy/legacy-sessions"]) {
    await expect(node(id)).toHaveAttribute("data-health", "Blocked");
    await expect(node(id).getByTestId("chain-node-status")).toContainText("Deadlock");
  }
  await expect(node("Deployment/analytics/analytics-backfill")).toHaveAttribute("data-health", "Degraded");
  await expect(node("Deployment/go-todo/go-todo-deployment")).toHaveAttribute("data-health", "Blocked");
  await expect(node("Deployment/go-todo/go-todo-deployment").getByTestId("chain-node-status")).toHaveText("Waits for Job/go-todo-pre-deploy, which does not exist");
  // the worst health is counted first, and the Blocked count is the chains the API calls Blocked
  const api = (await (await request.get("/api/v1/chains")).json()) as { chains: { health: string }[] };
  await expect(page.getByTestId("chain-health-count").first()).toHaveAttribute("data-health", api.chains[0].health);
  await expect(page.getByTestId("chain-health-count").filter({ has: page.locator("text=Blocked") })).toHaveText(`⊘Blocked ${api.chains.filter((c) => c.health === "Blocked").length}`);
});

test.describe("dark mode", () => {
  test.use({ colorScheme: "dark" });

  test("the chains graph's zoom buttons and edge labels are drawn in dark colours, readable on the page", async ({ page }) => {
    await page.goto("/chains");
    const graph = page.getByTestId("chain-graph").first();
    await expect(graph.locator(".react-flow__controls-button").first()).toBeVisible();
    const luminance = (rgb: string) => {
      const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    const button = await graph.locator(".react-flow__controls-button").first().evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, fill: getComputedStyle(el.querySelector("svg")!).fill }));
    expect(luminance(button.bg)).toBeLessThan(0.35); // not the white square it was
    expect(luminance(button.fill) - luminance(button.bg)).toBeGreaterThan(0.4);
    const label = graph.getByTestId("chain-edge-label").first();
    await expect(label).toBeAttached();
    const fill = await label.evaluate((el) => getComputedStyle(el).fill);
    expect(luminance(fill)).toBeGreaterThan(0.6); // light text on the dark graph
  });
});

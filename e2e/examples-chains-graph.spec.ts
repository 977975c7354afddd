// The chains graph with the bundled examples (20 objects in 7 chains) at 1440x900: every node
// fits, readable, clear of the zoom buttons; a node's details open by click and by keyboard;
// the legend names the kinds on the graph.
import { expect, test, type Page } from "@playwright/test";

test.use({ viewport: { width: 1440, height: 900 } });

type Box = { x: number; y: number; width: number; height: number };
const inside = (a: Box, b: Box) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const node = (page: Page, id: string) => page.locator(`[data-testid="chain-node"][data-id="${id}"]`);

async function openChains(page: Page) {
  await page.goto("/chains");
  const api = (await (await page.request.get("/api/v1/chains")).json()) as { nodes: { id: string; kind: string; serviceAccount?: string; namespace: string; health: string; status: string }[] };
  await expect(page.getByTestId("chain-graph").locator('[data-testid="chain-node"]')).toHaveCount(api.nodes.length);
  return api;
}

test("at fit every node is inside the graph's visible box, clear of the controls, its name at 11 px or more", async ({ page }) => {
  const api = await openChains(page);
  expect(api.nodes.length).toBe(20);
  const graph = page.getByTestId("chain-graph");
  const g = (await graph.boundingBox())!;
  // the graph's visible box: the part of it inside the window
  const visible = { x: g.x, y: g.y, width: g.width, height: Math.min(g.y + g.height, 900) - g.y };
  const controls = (await graph.getByTestId("chain-graph-controls").boundingBox())!;
  const legendButton = (await graph.getByRole("button", { name: /Legend/ }).boundingBox())!;
  for (const n of api.nodes) {
    const box = (await node(page, n.id).boundingBox())!;
    expect(inside(box, visible), `${n.id} ${JSON.stringify(box)} inside ${JSON.stringify(visible)}`).toBe(true);
    expect(overlap(box, controls), `${n.id} under the zoom buttons`).toBe(false);
    expect(overlap(box, legendButton), `${n.id} under the legend button`).toBe(false);
    const label = node(page, n.id).getByTestId("chain-node-label");
    const px = await label.evaluate((el) => {
      const vp = el.closest(".react-flow__viewport") as HTMLElement;
      const zoom = new DOMMatrixReadOnly(getComputedStyle(vp).transform).a;
      return parseFloat(getComputedStyle(el).fontSize) * zoom;
    });
    expect(px, `${n.id}'s name renders at ${px.toFixed(1)} px`).toBeGreaterThanOrEqual(11);
    const h = (await label.boundingBox())!.height;
    expect(h).toBeGreaterThanOrEqual(11);
  }
});

test("a click on a node opens its details: status and the link to its ServiceAccount; Escape closes them and focus goes back to the node", async ({ page }) => {
  const api = await openChains(page);
  const n = api.nodes.find((x) => x.id === "Deployment/analytics/analytics-backfill")!;
  // (examples mode has no live stream to wait for: a click before hydration is lost, so retry)
  await expect(async () => {
    await node(page, n.id).click({ timeout: 2000 });
    await expect(page.getByTestId("node-panel")).toBeVisible({ timeout: 2000 });
  }).toPass();
  const panel = page.getByRole("dialog", { name: "analytics-backfill" });
  await expect(panel).toHaveAttribute("data-id", n.id);
  await expect(panel.getByTestId("node-panel-status")).toContainText(n.health);
  await expect(panel.getByTestId("node-panel-status")).toContainText(n.status);
  await expect(page).toHaveURL(/node=Deployment%2Fanalytics%2Fanalytics-backfill/);
  // the wait and its command, the diagnostic with its fix
  await expect(panel.getByTestId("wait-command")).toHaveText("/usr/local/bin/wait_for.sh job analytics-snapshot");
  await expect(panel.getByTestId("node-panel-diagnostics").getByTestId("diagnostic")).toHaveAttribute("data-code", "missing-permission");
  await expect(panel.getByTestId("node-panel-diagnostics").getByRole("button", { name: "Copy fix" })).toBeVisible();
  // its ServiceAccount, linked, and what it may do
  const sa = panel.getByTestId("node-panel-sa-link");
  await expect(sa).toHaveText(`ServiceAccount analytics/${n.serviceAccount}`);
  await expect(sa).toHaveAttribute("href", `/serviceaccounts/analytics/${n.serviceAccount}`);
  await expect(panel.getByTestId("permissions-summary")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("node-panel")).toHaveCount(0);
  await expect(page.locator(`.react-flow__node[data-id="${n.id}"]`)).toBeFocused();
  await expect(page).not.toHaveURL(/node=/);
  // the link leads to the ServiceAccount's page
  await node(page, n.id).click();
  await page.getByTestId("node-panel-sa-link").click();
  await expect(page).toHaveURL(new RegExp(`/serviceaccounts/analytics/${n.serviceAccount}`));
});

test("keyboard: a focused node shows a focus ring, Enter opens its details", async ({ page }) => {
  await openChains(page);
  const first = page.locator(".react-flow__node").first();
  const id = (await first.getAttribute("data-id"))!;
  // Tab from the button just before the graph reaches its first node
  await expect(async () => {
    await page.getByRole("button", { name: "Copy as text" }).focus();
    await page.keyboard.press("Tab");
    await expect(first).toBeFocused({ timeout: 1000 });
  }).toPass();
  const ring = await first.evaluate((el) => ({ style: getComputedStyle(el).outlineStyle, width: parseFloat(getComputedStyle(el).outlineWidth) }));
  expect(ring.style).not.toBe("none");
  expect(ring.width).toBeGreaterThanOrEqual(2);
  await page.keyboard.press("Enter");
  const panel = page.getByTestId("node-panel");
  await expect(panel).toHaveAttribute("data-id", id);
  await expect(panel.getByRole("heading", { level: 2 })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(first).toBeFocused();
});

test("the legend lists the kind abbreviations on the graph, the two edge styles and the health colours", async ({ page }) => {
  await openChains(page);
  const shown = [...new Set(await page.getByTestId("chain-node-kind").allTextContents())].sort();
  expect(shown).toEqual(expect.arrayContaining(["Deploy", "HR", "Job", "KS", "Svc"]));
  const button = page.getByRole("button", { name: /Legend/ });
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await expect(async () => {
    await button.click({ timeout: 1000 });
    await expect(page.getByTestId("chain-legend")).toBeVisible({ timeout: 1000 });
  }).toPass();
  const legend = page.getByTestId("chain-legend");
  const listed = (await legend.getByTestId("legend-kind").locator("dt").allTextContents()).sort();
  expect(listed).toEqual(shown);
  await expect(legend.getByTestId("legend-edge")).toHaveCount(2);
  await expect(legend.locator('[data-type="waits-for"]')).toContainText("solid");
  await expect(legend.locator('[data-type="runs-after"]')).toContainText("dashed");
  for (const h of ["Healthy", "Progressing", "Missing", "Blocked", "Degraded"]) await expect(legend.getByTestId("legend-health").filter({ hasText: h })).toHaveCount(1);
});

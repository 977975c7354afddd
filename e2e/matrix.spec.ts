// The permission matrix of ci/ci-runner (cluster-admin: every namespaced resource of the control
// plane, one row each) against the real control plane: sticky header, the filter box, the keyboard
// grid and the "why" beside its cell, each cell the engine's answer.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { gotoLive } from "./support/live";

const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const PAGE = "/serviceaccounts/ci/ci-runner";

type Cell = { verb: string; access: string; grants: number[] };
type Row = { apiGroup: string; resource: string; cells: Cell[] };
type View = { namespace: string | null; rows: Row[]; rules: { binding: { kind: string; name: string }; role: { kind: string; name: string }; rule?: number }[] };

/** The engine's answer for ci-runner in its own namespace (the view the page opens on). */
async function ciView(request: APIRequestContext): Promise<View> {
  const res = await request.get("/api/v1/serviceaccounts/ci/ci-runner/permissions");
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { views: View[] };
  const view = body.views.find((v) => v.namespace === "ci");
  expect(view).toBeDefined();
  return view!;
}

/** What the filter box should keep, written here from its description: a case-insensitive substring of the resource, the group ("core" for the empty one) or resource.group. */
function keeps(row: Row, q: string): boolean {
  const s = q.toLowerCase();
  return row.resource.toLowerCase().includes(s) || (row.apiGroup || "core").toLowerCase().includes(s) || (row.apiGroup !== "" && `${row.resource}.${row.apiGroup}`.toLowerCase().includes(s));
}

const rowsOf = (page: Page) => page.getByTestId("permission-matrix").locator("[data-testid=matrix-row][data-resource]");

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
]) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test("every cell is the engine's answer, and the verb header stays in view while the page scrolls", async ({ page, request }) => {
      const view = await ciView(request);
      expect(view.rows.length).toBeGreaterThan(40);
      await gotoLive(page, PAGE);
      const matrix = page.getByRole("grid", { name: "Permissions" });
      await expect(matrix).toBeVisible();
      await expect(rowsOf(page)).toHaveCount(view.rows.length);
      // each row in the engine's order, each of the eight columns as the engine answers
      const shown = await rowsOf(page).evaluateAll((trs) =>
        trs.map((tr) => ({
          key: `${tr.getAttribute("data-group")}|${tr.getAttribute("data-resource")}`,
          states: [...tr.querySelectorAll("[data-verb]")].map((td) => `${td.getAttribute("data-verb")}=${td.getAttribute("data-state")}`),
        })),
      );
      expect(shown).toEqual(view.rows.map((r) => ({ key: `${r.apiGroup}|${r.resource}`, states: VERBS.map((v) => `${v}=${r.cells.find((c) => c.verb === v)?.access ?? "none"}`) })));

      const header = matrix.getByRole("columnheader", { name: "get", exact: true });
      const main = page.locator("main");
      const mainTop = (await main.boundingBox())!.y;
      const before = (await header.boundingBox())!;
      expect(before.y).toBeGreaterThan(mainTop + 100); // the matrix starts below the page's top sections
      // scroll the page with the wheel over the matrix, well past its first rows
      await rowsOf(page).nth(3).hover();
      await page.mouse.wheel(0, before.y - mainTop + 900);
      await expect.poll(() => main.evaluate((m) => m.scrollTop)).toBeGreaterThan(before.y - mainTop + 600);
      const after = (await header.boundingBox())!;
      const firstRow = (await rowsOf(page).first().boundingBox())!;
      expect(Math.abs(after.y - mainTop)).toBeLessThanOrEqual(2); // stuck to the top of the scrolled area
      expect(after.y).toBeLessThan(viewport.height);
      expect(firstRow.y + firstRow.height).toBeLessThan(after.y); // the rows went on under it
      // what shows right under the header is a row further down, not the header's own table start
      const under = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest("[data-testid=matrix-row]")?.getAttribute("data-resource"), { x: after.x + after.width / 2, y: after.y + after.height + 6 });
      expect(under).toBeTruthy();
      expect(view.rows.findIndex((r) => r.resource === under)).toBeGreaterThan(5);
      // the header paints over the rows under it (an opaque background)
      const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest("th")?.textContent, { x: after.x + after.width / 2, y: after.y + after.height / 2 });
      expect(hit).toBe("get");
    });

    test("from the first cell, arrow keys reach get secrets in a few presses; Enter shows its why beside it, inside the viewport; Escape closes it and gives the focus back", async ({ page, request }) => {
      const view = await ciView(request);
      const i = view.rows.findIndex((r) => r.apiGroup === "" && r.resource === "secrets");
      expect(i).toBeGreaterThan(10);
      const cell = view.rows[i].cells.find((c) => c.verb === "get")!;
      expect(cell.access).toBe("all");
      await gotoLive(page, PAGE);
      const matrix = page.getByRole("grid", { name: "Permissions" });
      await expect(matrix).toBeVisible();
      // one tab stop: from the filter box, one Tab lands on the first cell and the next leaves the grid
      await expect(matrix.locator("[tabindex='0']")).toHaveCount(1);
      await page.getByTestId("matrix-filter").focus();
      await page.keyboard.press("Tab");
      const first = matrix.getByRole("rowheader").first();
      await expect(first).toBeFocused();
      await expect(first).toContainText(view.rows[0].resource);

      let presses = 0;
      const press = async (key: string) => {
        presses++;
        await page.keyboard.press(key);
      };
      await press("ArrowRight");
      for (let k = 0; k < Math.floor(i / 10); k++) await press("PageDown");
      for (let k = 0; k < i % 10; k++) await press("ArrowDown");
      const getSecrets = matrix.locator('[data-testid=matrix-row][data-resource="secrets"][data-group=""] [data-verb=get] button');
      await expect(getSecrets).toBeFocused();
      expect(presses).toBeLessThanOrEqual(12); // 236 Tab presses before the grid
      // Home/End go to the row's ends and back
      await page.keyboard.press("End");
      await expect(matrix.locator('[data-testid=matrix-row][data-resource="secrets"][data-group=""] td').last().locator("button").last()).toBeFocused();
      await page.keyboard.press("Home");
      await expect(matrix.locator('[data-testid=matrix-row][data-resource="secrets"][data-group=""] [role=rowheader]')).toBeFocused();
      await page.keyboard.press("ArrowRight");
      await expect(getSecrets).toBeFocused();

      await page.keyboard.press("Enter");
      const why = page.getByTestId("provenance");
      await expect(why).toBeVisible();
      await expect(page).toHaveURL(/cell=%7Csecrets%7Cget|cell=\|secrets\|get/);
      await expect(getSecrets).toHaveAttribute("aria-expanded", "true");
      // binding → role → rule of every grant the engine gives for the cell
      for (const g of cell.grants) {
        const r = view.rules[g];
        await expect(why).toContainText(`${r.binding.kind} ${r.binding.name}`);
        await expect(why).toContainText(`${r.role.kind} ${r.role.name}`);
        if (r.rule !== undefined) await expect(why).toContainText(`rule #${r.rule}`);
      }
      // beside the cell: right under its row, all of it inside the viewport, the cell too
      await expect.poll(async () => {
        const w = (await why.boundingBox())!;
        return w.y >= 0 && w.y + w.height <= viewport.height;
      }).toBe(true);
      const w = (await why.boundingBox())!;
      const c = (await getSecrets.boundingBox())!;
      expect(c.y).toBeGreaterThanOrEqual(0);
      expect(w.y).toBeGreaterThanOrEqual(c.y + c.height - 1);
      expect(w.y - (c.y + c.height)).toBeLessThan(24);

      await page.keyboard.press("Escape");
      await expect(why).toHaveCount(0);
      await expect(getSecrets).toBeFocused();
      await expect(page).not.toHaveURL(/cell=/);

      // Escape from inside the why (its first link, reached with Tab) also closes it and goes back to the cell
      await page.keyboard.press("Space");
      await expect(why).toBeVisible();
      await page.keyboard.press("Tab");
      await expect(why.getByRole("button", { name: "Close (Escape)" })).toBeFocused();
      await page.keyboard.press("Escape");
      await expect(why).toHaveCount(0);
      await expect(getSecrets).toBeFocused();
    });
  });
}

test("the filter box keeps the rows the same filter keeps in the API's answer, says how many, lives in the URL, and says when nothing matches", async ({ page, request }) => {
  const view = await ciView(request);
  await gotoLive(page, PAGE);
  const filter = page.getByRole("searchbox", { name: "Filter resources" });
  const count = page.getByTestId("matrix-count");
  await expect(count).toHaveText(`${view.rows.length} of ${view.rows.length} resources`);
  for (const q of ["apps", "BATCH", "secret", "core", "deployments.apps", "k8s.io"]) {
    const want = view.rows.filter((r) => keeps(r, q));
    expect(want.length).toBeGreaterThan(0);
    await filter.fill(q);
    await expect(count).toHaveText(`${want.length} of ${view.rows.length} resources`);
    await expect(rowsOf(page)).toHaveCount(want.length);
    expect(await rowsOf(page).evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute("data-group")}|${tr.getAttribute("data-resource")}`))).toEqual(want.map((r) => `${r.apiGroup}|${r.resource}`));
    await expect(page).toHaveURL(new RegExp(`[?&]resources=${encodeURIComponent(q).replace(/\./g, "\\.")}(&|$)`));
  }
  // a link reproduces it
  const url = page.url();
  await gotoLive(page, url);
  const want = view.rows.filter((r) => keeps(r, "k8s.io"));
  await expect(filter).toHaveValue("k8s.io");
  await expect(rowsOf(page)).toHaveCount(want.length);
  // nothing matches: said, with a way back
  await filter.fill("no-such-resource-zz");
  await expect(page.getByTestId("matrix-empty")).toContainText("No resource matches “no-such-resource-zz”");
  await expect(count).toHaveText(`0 of ${view.rows.length} resources`);
  await expect(page.getByTestId("permission-matrix")).toHaveCount(0);
  await page.getByRole("button", { name: "Clear the filter" }).click();
  await expect(rowsOf(page)).toHaveCount(view.rows.length);
  await expect(page).not.toHaveURL(/resources=/);
});

test("at 390 px the matrix scrolls sideways in its own box, where the resource column and the verb header both stay in view", async ({ page, request }) => {
  const view = await ciView(request);
  await page.setViewportSize({ width: 390, height: 844 });
  await gotoLive(page, PAGE);
  const box = page.getByTestId("matrix-box");
  await expect(box).toHaveAttribute("data-overflows", "true");
  await box.scrollIntoViewIfNeeded();
  // End on the first row moves sideways to its last cell, which the box brings into view
  await page.getByRole("grid", { name: "Permissions" }).getByRole("rowheader").first().focus();
  await page.keyboard.press("End");
  await expect.poll(() => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(100);
  // (measured now: until the frame fits 390 px, the page itself may also scroll a little sideways)
  const b = (await box.boundingBox())!;
  const last = (await page.locator(":focus").boundingBox())!;
  expect(last.x + last.width).toBeLessThanOrEqual(b.x + b.width + 1);
  const rowHeader = page.locator('[data-testid=matrix-row][data-resource] [role=rowheader]').first();
  expect(Math.abs((await rowHeader.boundingBox())!.x - b.x)).toBeLessThanOrEqual(2); // resource column stuck to the left
  // rows scroll under the header inside the box
  await box.evaluate((el) => el.scrollBy(0, 900));
  const header = page.getByRole("columnheader", { name: "Resource" });
  await expect.poll(async () => Math.abs((await header.boundingBox())!.y - (await box.boundingBox())!.y)).toBeLessThanOrEqual(2);
  const firstRow = (await page.locator("[data-testid=matrix-row]").first().boundingBox())!;
  expect(firstRow.y).toBeLessThan((await header.boundingBox())!.y);
  expect(view.rows.length).toBeGreaterThan(20);
});

// Findings and the ServiceAccount list against the real control plane seeded with go-todo and
// platform: the riskiest identities are on screen by default, and the list's counts are the
// findings page's.
import { expect, test, type Page } from "@playwright/test";
import { kubectl } from "../cluster/testing";
import { gotoLive } from "./support/live";

/** Clicks before hydration are lost: wait for the live page. */
type Finding = { severity: string; risk: string; subject: { kind: string; name: string; namespace?: string }; binding: { name: string } };
type Answer = { matched: number; hidden: number; items: Finding[] };

/** Findings per severity, as the API lists them for one ServiceAccount by default. */
async function countsFromApi(request: import("@playwright/test").APIRequestContext, sa: string): Promise<Record<string, number>> {
  const a = (await (await request.get(`/api/v1/findings?serviceAccount=${encodeURIComponent(sa)}`)).json()) as Answer;
  const out: Record<string, number> = {};
  for (const f of a.items) out[f.severity] = (out[f.severity] ?? 0) + 1;
  return out;
}

/** The counts a list row's risk column shows. */
async function countsInRow(page: Page, name: string): Promise<Record<string, number>> {
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
  const counts = row.getByTestId("finding-counts");
  await expect(counts).toBeVisible();
  const out: Record<string, number> = {};
  for (const s of ["critical", "high", "medium", "low"]) {
    const v = await counts.getAttribute(`data-${s}`);
    if (v) out[s] = Number(v);
  }
  return out;
}

test("/findings shows the critical grants of ci-runner (cluster-admin) and legacy/default (edit: impersonate) and Reads Secrets by default; the bootstrap policy's own are counted as hidden", async ({ page, request }) => {
  await gotoLive(page, "/findings");
  await expect(page.getByTestId("hide-system")).toBeChecked();
  const critical = page.locator('[data-testid=finding][data-severity=critical]');
  await expect(critical.filter({ hasText: "ci-runner" }).filter({ hasText: "Bound to cluster-admin" })).toHaveCount(1);
  await expect(page.locator('[data-testid=finding][data-risk=impersonate]').filter({ hasText: "legacy/default" }).first()).toBeVisible();
  await expect(page.locator('[data-testid=finding][data-risk=secrets-read]').filter({ hasText: "legacy/default" }).first()).toBeVisible();
  // what is hidden is said, and is the bootstrap policy's only (system:controller:* and co.)
  const api = (await (await request.get("/api/v1/findings?limit=100000")).json()) as Answer;
  expect(api.hidden).toBeGreaterThan(0);
  await expect(page.getByTestId("hidden-count")).toHaveText(`(${api.hidden} hidden)`);
  const all = (await (await request.get("/api/v1/findings?hideSystem=false&limit=100000")).json()) as { items: (Finding & { system: boolean })[] };
  const hidden = all.items.filter((f) => f.system);
  expect(hidden.length).toBe(api.hidden);
  expect(hidden.some((f) => f.subject.name === "ci-runner" || f.subject.namespace === "legacy")).toBe(false);
});

test("the SA list's risk counts for ci-runner equal its findings page's (1 critical, 1 medium, not 'critical ×2')", async ({ page, request }) => {
  await gotoLive(page, "/serviceaccounts?q=ci%2Fci-runner");
  const shown = await countsInRow(page, "ci-runner");
  expect(shown).toEqual(await countsFromApi(request, "ci/ci-runner"));
  expect(shown).toMatchObject({ critical: 1, medium: 1 });
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "ci-runner", exact: true }) });
  await expect(row).not.toContainText("×");
  // one click to the findings it counts
  await row.getByTestId("finding-counts").click();
  await expect(page).toHaveURL(/\/findings\?serviceAccount=ci%2Fci-runner/);
  await expect(page.getByTestId("sa-filter")).toContainText("ci/ci-runner");
  const total = Object.values(shown).reduce((a, b) => a + b, 0);
  await expect(page.getByTestId("finding")).toHaveCount(total);
  await expect(page.locator('[data-testid=finding][data-severity=critical]')).toHaveCount(shown.critical);
});

test("a binding to a ServiceAccount that does not exist: listed 'no such object', its page shows the binding and the finding, /findings shows it", async ({ page, request }) => {
  const ns = `e2e-ghost-${Date.now().toString(36)}`;
  expect((await kubectl(["create", "namespace", ns])).code).toBe(0);
  try {
    expect((await kubectl(["create", "rolebinding", "ghost-edit", "-n", ns, "--clusterrole=edit", `--serviceaccount=${ns}:ghost`])).code).toBe(0);
    await gotoLive(page, `/serviceaccounts?namespace=${ns}`);
    const link = page.getByRole("link", { name: "ghost", exact: true });
    await expect(link).toBeVisible();
    const row = page.getByRole("row").filter({ has: link });
    await expect(row.getByTestId("no-such-object")).toHaveText("no such object");
    // the namespace's default exists (the controller created it): not marked
    await expect(page.getByRole("row").filter({ has: page.getByRole("link", { name: "default", exact: true }) }).getByTestId("no-such-object")).toHaveCount(0);
    expect(await countsInRow(page, "ghost")).toEqual(await countsFromApi(request, `${ns}/ghost`));
    const list = (await (await request.get(`/api/v1/serviceaccounts?namespace=${ns}`)).json()) as { items: { name: string; exists: boolean }[] };
    expect(list.items.find((r) => r.name === "ghost")).toMatchObject({ exists: false });

    await link.click();
    await expect(page).toHaveURL(new RegExp(`/serviceaccounts/${ns}/ghost`));
    await expect(page.getByTestId("no-such-object")).toContainText("No such object");
    await expect(page.getByTestId("sa-binding").filter({ hasText: "ghost-edit" })).toContainText("ClusterRole edit");
    await expect(page.getByTestId("permission-matrix")).toBeVisible();
    const missing = page.locator('#findings [data-testid=finding][data-risk=missing-sa]');
    await expect(missing).toHaveAttribute("data-severity", "critical"); // edit allows impersonating ServiceAccounts
    await expect(missing).toContainText("Bound ServiceAccount does not exist");
    await expect(missing).toContainText(`kubectl create serviceaccount ghost -n ${ns}`);

    await page.goto(`/findings?namespace=${ns}`);
    await expect(page.locator("[data-testid=finding][data-risk=missing-sa]")).toContainText(`${ns}/ghost`);

    // creating the SA clears the finding and the mark
    expect((await kubectl(["create", "serviceaccount", "ghost", "-n", ns])).code).toBe(0);
    await expect(page.locator("[data-testid=finding][data-risk=missing-sa]")).toHaveCount(0);
    await expect(page.locator('[data-testid=finding][data-risk=impersonate]').filter({ hasText: `${ns}/ghost` }).first()).toBeVisible();
  } finally {
    await kubectl(["delete", "namespace", ns, "--wait=false"]);
  }
});

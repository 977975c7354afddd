// The not-found pages, checked the same way against the live cluster and the bundled examples:
// HTTP 404, one message naming what was not found, and links back to its list and the overview.
import { expect, type Page } from "@playwright/test";

export type Missing = { path: string; what: string; back: string; list: RegExp; heading: string | RegExp };

const BACK_TO_SAS = { back: "Back to service accounts", list: /\/serviceaccounts$/, heading: "Service accounts" };
const BACK_TO_BINDINGS = { back: "Back to bindings", list: /\/bindings$/, heading: "Bindings" };
const BACK_TO_CHAINS = { back: "Back to chains", list: /\/chains$/, heading: /chains/i };

/** Addresses of things that do not exist in either world (go-todo exists in both). */
export const MISSING: Missing[] = [
  { path: "/serviceaccounts/go-todo/no-such-sa", what: "ServiceAccount go-todo/no-such-sa", ...BACK_TO_SAS },
  // not a valid namespace name: the same answer
  { path: "/serviceaccounts/Bad_NS/x", what: "ServiceAccount Bad_NS/x", ...BACK_TO_SAS },
  { path: "/roles/go-todo/no-such-role", what: "Role go-todo/no-such-role", ...BACK_TO_BINDINGS },
  { path: "/clusterroles/no-such-clusterrole", what: "ClusterRole no-such-clusterrole", ...BACK_TO_BINDINGS },
  { path: "/chains/go-todo/deployment/no-such-deploy", what: "Deployment go-todo/no-such-deploy", ...BACK_TO_CHAINS },
  // a kind Rolecall does not follow
  { path: "/chains/go-todo/widget/x", what: "widget go-todo/x", ...BACK_TO_CHAINS },
  { path: "/blast-radius/go-todo/deployment/no-such-deploy", what: "Deployment go-todo/no-such-deploy", ...BACK_TO_SAS },
  { path: "/no-such-page", what: "The page /no-such-page", back: "Go to the overview", list: /:\d+\/$/, heading: "Overview" },
];

/** Polls readyz: until the source has synced a detail page may not answer 404 (the object may yet appear). */
export async function waitSynced(page: Page) {
  await expect.poll(async () => (await page.request.get("/api/readyz")).status(), { timeout: 60_000 }).toBe(200);
}

export async function expectNotFound(page: Page, m: Missing) {
  const res = await page.goto(m.path);
  expect(res?.status(), m.path).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not found");
  await expect(page.getByTestId("not-found-message")).toHaveText(`${m.what} was not found. It may have been deleted, or the address may be mistyped.`);
  // one message: the page's sections do not add their own
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await expect(page.getByText(/does not exist|No such object/)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Go to the overview" })).toBeVisible();
  const back = page.getByRole("link", { name: m.back });
  await expect(back).toBeVisible();
  await back.click();
  await expect(page).toHaveURL(m.list);
  await expect(page.getByTestId("not-found")).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(m.heading);
}

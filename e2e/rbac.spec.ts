// The RBAC views against the real control plane seeded with go-todo and platform.
import { expect, test } from "@playwright/test";
import { gotoLive } from "./support/live";

/** Clicks before hydration are lost (a controlled checkbox snaps back): wait for the live page. */
test("go-todo-sa's permission matrix: get/list/watch on pods and jobs via read-pods → pod-reader, nothing on secrets", async ({ page }) => {
  await gotoLive(page, "/serviceaccounts/go-todo/go-todo-sa");
  const matrix = page.getByTestId("permission-matrix");
  await expect(matrix).toBeVisible();
  for (const [group, resource] of [
    ["", "pods"],
    ["batch", "jobs"],
  ]) {
    const row = matrix.locator(`[data-testid=matrix-row][data-resource="${resource}"][data-group="${group}"]`);
    for (const verb of ["get", "list", "watch"]) await expect(row.locator(`[data-verb=${verb}]`)).toHaveAttribute("data-state", "all");
    for (const verb of ["create", "delete"]) await expect(row.locator(`[data-verb=${verb}]`)).toHaveAttribute("data-state", "none");
  }
  await expect(matrix.locator('[data-testid=matrix-row][data-resource="secrets"]')).toHaveCount(0);
  // provenance on click
  await matrix.locator('[data-testid=matrix-row][data-resource="jobs"] [data-verb=get] button').click();
  const why = page.getByTestId("provenance");
  await expect(why).toContainText("RoleBinding read-pods");
  await expect(why).toContainText("Role pod-reader");
  await expect(why).toContainText("rule #0");
  await expect(why).toContainText("directly as the ServiceAccount");
  await expect(page).toHaveURL(/cell=batch%7Cjobs%7Cget|cell=batch\|jobs\|get/);
  // Export CSV is the server's CSV of the view shown (the page carries no CSV code of its own).
  const csvLink = page.getByRole("link", { name: "Export CSV" });
  await expect(csvLink).toHaveAttribute("href", "/api/v1/serviceaccounts/go-todo/go-todo-sa/permissions?namespace=go-todo&format=csv");
  const csv = await page.request.get((await csvLink.getAttribute("href"))!);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(csv.headers()["content-disposition"]).toContain('filename="permissions-go-todo-go-todo-sa-go-todo.csv"');
  const lines = (await csv.text()).trim().split("\n");
  expect(lines[0]).toBe("scope,apiGroup,resource,verb,access,names,ineffective,risk,via");
  expect(lines).toContainEqual(expect.stringMatching(/^go-todo,batch,jobs,get,all,/));
});

test("who-can get jobs in go-todo lists go-todo-sa", async ({ page }) => {
  await page.goto("/who-can?verb=get&resource=jobs&apiGroup=batch&ns=go-todo");
  await expect(page.getByTestId("who-can-ServiceAccount")).toContainText("go-todo/go-todo-sa");
});

test("can-i answers Yes with reasons and the API server agrees", async ({ page }) => {
  await gotoLive(page, "/can-i?as=system:serviceaccount:go-todo:go-todo-sa&verb=list&resource=pods&ns=go-todo");
  await expect(page.getByTestId("can-i-answer")).toHaveText("Yes");
  await expect(page.getByTestId("kubectl-command")).toContainText("kubectl auth can-i list pods -n go-todo --as=system:serviceaccount:go-todo:go-todo-sa");
  await page.getByRole("button", { name: "Verify with the API server" }).click();
  await expect(page.getByTestId("verify-result")).toContainText("agrees with Rolecall");
  await page.goto("/can-i?as=system:serviceaccount:go-todo:go-todo-sa&verb=get&resource=secrets&ns=go-todo");
  await expect(page.getByTestId("can-i-answer")).toHaveText("No");
});

test("findings page hides the bootstrap policy's own bindings by default and can show them", async ({ page }) => {
  await gotoLive(page, "/findings");
  await expect(page.getByTestId("hide-system")).toBeChecked();
  const shown = page.getByTestId("finding");
  await expect(shown.first()).toBeVisible();
  const before = await shown.count();
  // click, not uncheck(): the box follows the URL, which Next syncs a render later, and
  // uncheck() gives up if the state has not flipped by the time the click returns.
  await page.getByTestId("hide-system").click();
  await expect(page.getByTestId("hide-system")).not.toBeChecked();
  await expect(page).toHaveURL(/system=show/);
  await expect.poll(() => shown.count()).toBeGreaterThan(before);
});

test("the can-i form suggests what the API server's discovery serves, not a fixed list", async ({ page, request }) => {
  const served = (await (await request.get("/api/v1/resources")).json()) as { items: { resource: string; groups: string[] }[] };
  expect(served.items.length).toBeGreaterThan(40); // the API server's discovery: every resource it serves
  await gotoLive(page, "/can-i");
  const options = page.locator("#rbac-resources option");
  await expect(options).toHaveCount(served.items.length);
  expect(await options.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(served.items.map((r) => r.resource));
  await expect(page.locator('#rbac-groups option[value="batch"]')).toHaveCount(1);
  expect(await request.get("/api/v1/resources?verb=get").then((r) => r.status())).toBe(400);
});

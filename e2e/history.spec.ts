// The History page against the real control plane: a RoleBinding created with kubectl shows as a
// "gained" entry with its binding within moments (pushed on the event stream, not polled), its
// deletion as "lost"; the filters ask the API the same question; the ServiceAccount's and the
// Role's pages show their own timelines.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { kubectl } from "../cluster/testing";
import { gotoLive } from "./support/live";

type Entry = { change: string; subject?: { name: string }; permission?: { verb: string; resource: string }; cause: { kind: string; name: string } };

async function entries(request: APIRequestContext, qs: string): Promise<Entry[]> {
  const r = await request.get(`/api/v1/history?${qs}`);
  expect(r.status()).toBe(200);
  return ((await r.json()) as { items: Entry[] }).items;
}

const run = async (args: string[]) => expect((await kubectl(args)).code, args.join(" ")).toBe(0);

test.describe("History", () => {
  const ns = `e2e-history-${Date.now().toString(36)}`;
  test.beforeAll(async () => {
    await run(["create", "namespace", ns]);
    await run(["create", "serviceaccount", "reader", "-n", ns]);
    await run(["create", "role", "secret-reader", "-n", ns, "--verb=get", "--resource=secrets"]);
  });
  test.afterAll(async () => {
    await kubectl(["delete", "namespace", ns, "--wait=false"]);
  });

  test("a binding created with kubectl shows as gained within seconds with its binding, its deletion as lost; the ServiceAccount's page has the same timeline", async ({ page, request }) => {
    await gotoLive(page, `/history?namespace=${ns}`);
    await expect(page.getByRole("heading", { level: 1, name: "History" })).toBeVisible();
    const feed = page.getByTestId("history-feed");
    // the role's creation is recorded: the recorder has caught up with this namespace
    await expect(feed.locator(`[data-testid=history-group][data-cause="Role ${ns}/secret-reader"]`)).toBeVisible({ timeout: 30_000 });

    await run(["create", "rolebinding", "read-secrets", "-n", ns, "--role=secret-reader", `--serviceaccount=${ns}:reader`]);
    const group = feed.locator(`[data-testid=history-group][data-cause="RoleBinding ${ns}/read-secrets"]`);
    // The event stream says when entries are written: no 5 s poll to wait for.
    const gained = group.locator("[data-testid=history-permission][data-change=gained]");
    await expect(gained).toContainText("get secrets", { timeout: 3_000 });
    await expect(gained).toContainText("reader");
    await expect(gained).toContainText("read-secrets"); // the binding → role → rule
    await expect(group.getByText("created", { exact: true })).toBeVisible();

    await run(["delete", "rolebinding", "read-secrets", "-n", ns]);
    await expect(feed.locator("[data-testid=history-permission][data-change=lost]")).toContainText("get secrets", { timeout: 3_000 });

    // the feed is what the API answers for the same question
    const api = await entries(request, `namespace=${ns}`);
    expect(api.filter((e) => e.change === "gained").map((e) => `${e.subject?.name} ${e.permission?.verb} ${e.permission?.resource}`)).toEqual(["reader get secrets"]);
    await expect(feed.locator("[data-testid=history-permission]")).toHaveCount(api.filter((e) => e.change === "gained" || e.change === "lost").length);

    await gotoLive(page, `/serviceaccounts/${ns}/reader#history`);
    const timeline = page.locator("section#history");
    await expect(timeline.locator("[data-testid=history-permission][data-change=gained]")).toContainText("get secrets");
    await expect(timeline.locator("[data-testid=history-permission][data-change=lost]")).toContainText("get secrets");

    // the role's page: its creation, and what was gained and lost through a binding to it
    await gotoLive(page, `/roles/${ns}/secret-reader#history`);
    const roleTimeline = page.locator("section#history");
    await expect(roleTimeline.locator(`[data-testid=history-group][data-cause="Role ${ns}/secret-reader"]`)).toContainText("created");
    await expect(roleTimeline.locator("[data-testid=history-permission][data-change=gained]")).toContainText("get secrets");
    await expect(roleTimeline.locator("[data-testid=history-permission][data-change=lost]")).toContainText("get secrets");
    const viaRole = await entries(request, `role=Role/${ns}/secret-reader`);
    await expect(roleTimeline.locator("[data-testid=history-permission]")).toHaveCount(viaRole.filter((e) => e.change === "gained" || e.change === "lost").length);
  });

  test("the filters ask the API the same question, and survive a reload (they are in the URL)", async ({ page, request }) => {
    await run(["create", "rolebinding", "read-secrets-2", "-n", ns, "--role=secret-reader", `--serviceaccount=${ns}:reader`]);
    await expect.poll(async () => (await entries(request, `namespace=${ns}&change=gained`)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await gotoLive(page, `/history?namespace=${ns}`);
    const feed = page.getByTestId("history-feed");
    await page.getByTestId("history-change").selectOption({ label: "RBAC objects changed" });
    await expect(page).toHaveURL(/change=created%2Cchanged%2Cdeleted|change=created,changed,deleted/);
    const objects = await entries(request, `namespace=${ns}&change=created,changed,deleted`);
    expect(objects.length).toBeGreaterThan(0);
    await expect(feed.locator("[data-testid=history-permission]")).toHaveCount(0);
    // one group per object change
    await expect(feed.locator("[data-testid=history-group]")).toHaveCount(objects.length);

    await page.getByTestId("history-risk").selectOption("high");
    await page.getByTestId("history-change").selectOption({ label: "gained only" });
    const risky = await entries(request, `namespace=${ns}&change=gained&risk=high`);
    // get secrets is a high risk: each grant of it is listed
    expect(risky.length).toBeGreaterThan(0);
    await expect(feed.locator("[data-testid=history-permission][data-change=gained]")).toHaveCount(risky.length);
    await page.reload();
    await expect(page.getByTestId("history-risk")).toHaveValue("high");
    await expect(feed.locator("[data-testid=history-permission][data-change=gained]")).toHaveCount(risky.length);
  });
});

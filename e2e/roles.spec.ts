// The Role and ClusterRole pages against the real control plane (seeded with go-todo and
// platform): reached from the links where a role is named, each compared with the API's answer.
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { kubectl } from "../cluster/testing";
import type { RoleDetailResponse } from "../lib/api/wire";
import { gotoLive } from "./support/live";

async function roleApi(request: APIRequestContext, path: string): Promise<RoleDetailResponse> {
  const res = await request.get(path);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as RoleDetailResponse;
}

/** A link looks like one: underlined, or in a colour other than the text around it. */
async function looksLikeLink(link: Locator) {
  const style = await link.evaluate((el) => {
    const s = getComputedStyle(el);
    return { underline: s.textDecorationLine.includes("underline"), color: s.color, parent: getComputedStyle(el.parentElement!).color };
  });
  expect(style.underline || style.color !== style.parent, JSON.stringify(style)).toBe(true);
}

const shown = (xs: string[] | undefined) => (xs ?? []).map((x) => (x === "" ? '"" (core)' : x)).join(", ");

/** The rules table shows exactly the API's rules, in order. */
async function expectRules(page: Page, api: RoleDetailResponse) {
  const rules = api.aggregatedRules ?? api.rules;
  const rows = page.getByTestId("role-rule");
  await expect(rows).toHaveCount(rules.length);
  for (const [i, r] of rules.entries()) {
    await expect(rows.nth(i).locator("[data-col=verbs]")).toHaveText(shown(r.verbs));
    if (r.resources?.length) await expect(rows.nth(i).locator("[data-col=resources]")).toHaveText(shown(r.resources));
    if (r.nonResourceURLs?.length) await expect(rows.nth(i).locator("[data-col=nonResourceURLs]")).toHaveText(shown(r.nonResourceURLs));
  }
}

test("from go-todo-sa's page, the role pod-reader opens its page: its rule and RoleBinding read-pods with go-todo-sa linked", async ({ page, request }) => {
  await gotoLive(page, "/serviceaccounts/go-todo/go-todo-sa");
  const binding = page.getByTestId("sa-binding").filter({ hasText: "read-pods", visible: true });
  const roleLink = binding.getByRole("link", { name: "pod-reader", exact: true });
  await looksLikeLink(roleLink);
  await looksLikeLink(binding.getByRole("link", { name: "read-pods", exact: true }));
  await roleLink.click();
  await expect(page).toHaveURL(/\/roles\/go-todo\/pod-reader$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("pod-reader");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("in go-todo");

  const api = await roleApi(request, "/api/v1/roles/go-todo/pod-reader");
  expect(api.kind).toBe("Role");
  // the example's rule: get/list/watch on pods and jobs
  expect(api.rules).toEqual([{ verbs: ["get", "list", "watch"], apiGroups: ["", "batch"], resources: ["pods", "jobs"] }]);
  await expectRules(page, api);

  const rows = page.getByTestId("role-binding");
  await expect(rows).toHaveCount(api.bindings.length);
  const readPods = rows.filter({ hasText: "read-pods" });
  await expect(readPods).toContainText("RoleBinding read-pods");
  await expect(readPods.getByRole("link", { name: "read-pods", exact: true })).toHaveAttribute("href", "/bindings?q=read-pods&namespace=go-todo");
  const sa = readPods.getByRole("link", { name: /go-todo\/go-todo-sa/ });
  await expect(sa).toHaveAttribute("href", "/serviceaccounts/go-todo/go-todo-sa");
  await expect(page.getByTestId("finding")).toHaveCount(api.findings.length);
  await sa.click();
  await expect(page).toHaveURL(/\/serviceaccounts\/go-todo\/go-todo-sa$/);
});

test("the ClusterRole view: built in, what it aggregates and what aggregates it, as the API says; a member's page by its system: name", async ({ page, request }) => {
  const api = await roleApi(request, "/api/v1/clusterroles/view");
  expect(api.builtIn).toBe("cluster");
  expect(api.aggregation?.aggregates.length).toBeGreaterThan(0);
  await gotoLive(page, "/clusterroles/view");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("view");
  await expect(page.getByRole("heading", { level: 1 }).getByTestId("built-in")).toBeVisible();
  await expectRules(page, api);
  await expect(page.getByTestId("aggregates").getByRole("link")).toHaveText(api.aggregation!.aggregates.map((a) => a.name));
  await expect(page.getByTestId("aggregated-into").getByRole("link")).toHaveText((api.aggregatedInto ?? []).map((a) => a.name));
  await expect(page.getByTestId("role-binding")).toHaveCount(api.bindings.length);

  // a member: its name has colons, and it says which ClusterRoles pick it
  const member = api.aggregation!.aggregates.find((a) => a.name.startsWith("system:"))!;
  await page.getByTestId("aggregates").getByRole("link", { name: member.name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/clusterroles/${encodeURIComponent(member.name)}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(member.name);
  const memberApi = await roleApi(request, `/api/v1/clusterroles/${encodeURIComponent(member.name)}`);
  expect(memberApi.aggregatedInto?.map((a) => a.name)).toContain("view");
  await expect(page.getByTestId("aggregated-into").getByRole("link")).toHaveText(memberApi.aggregatedInto!.map((a) => a.name));
  await expectRules(page, memberApi);
});

test("cluster-admin's page lists every binding the API names, and the findings through it", async ({ page, request }) => {
  const api = await roleApi(request, "/api/v1/clusterroles/cluster-admin");
  // the bootstrap policy's own binding for system:masters is always there
  expect(api.bindings.find((b) => b.kind === "ClusterRoleBinding" && b.name === "cluster-admin")?.subjects).toEqual([{ kind: "Group", name: "system:masters" }]);
  await gotoLive(page, "/clusterroles/cluster-admin");
  await expectRules(page, api);
  const rows = page.getByTestId("role-binding");
  await expect(rows).toHaveCount(api.bindings.length);
  for (const b of api.bindings) {
    const row = rows.filter({ has: page.getByRole("link", { name: b.name, exact: true }) }).first();
    await expect(row).toContainText(b.kind);
    for (const s of b.subjects) await expect(row).toContainText(s.kind === "ServiceAccount" ? `${s.namespace}/${s.name}` : s.name);
  }
  await expect(page.getByTestId("finding")).toHaveCount(api.findings.length);
  for (const f of api.findings) expect(f.role).toEqual({ kind: "ClusterRole", name: "cluster-admin" });
});

test("an unknown role: one clear not-found message with a way back; the API answers 404, and 400 naming the field for a bad name", async ({ page, request }) => {
  const page404 = await page.goto("/roles/go-todo/no-such-role");
  expect(page404?.status()).toBe(404);
  await expect(page.getByTestId("not-found-message")).toHaveText(/^Role go-todo\/no-such-role was not found/);
  await expect(page.getByTestId("not-found-message")).toHaveCount(1);
  await page.getByRole("link", { name: "Back to bindings" }).click();
  await expect(page).toHaveURL(/\/bindings$/);

  const missing = await request.get("/api/v1/clusterroles/no-such-role");
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toEqual({ error: expect.stringContaining("ClusterRole no-such-role") });
  const badNs = await request.get("/api/v1/roles/Bad_NS/pod-reader");
  expect(badNs.status()).toBe(400);
  expect((await badNs.json()).field).toBe("namespace");
  const badName = await request.get("/api/v1/clusterroles/a%25b");
  expect(badName.status()).toBe(400);
  expect((await badName.json()).field).toBe("name");
});

test.describe("live", () => {
  const ns = `role-page-${Date.now().toString(36)}`;
  test.afterAll(async () => {
    await kubectl(["delete", "namespace", ns, "--wait=false"]);
  });

  test("a binding created while the page is open appears, with its ServiceAccount linked", async ({ page }) => {
    expect((await kubectl(["create", "namespace", ns])).code).toBe(0);
    expect((await kubectl(["create", "serviceaccount", "reader", "-n", ns])).code).toBe(0);
    expect((await kubectl(["create", "role", "cm-reader", "-n", ns, "--verb=get,list", "--resource=configmaps"])).code).toBe(0);
    await gotoLive(page, `/roles/${ns}/cm-reader`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("cm-reader");
    await expect(page.getByTestId("role-binding")).toHaveCount(0);
    await expect(page.locator("#bound-to")).toContainText("No binding names this role");

    expect((await kubectl(["create", "rolebinding", "reader-cm", "-n", ns, "--role=cm-reader", `--serviceaccount=${ns}:reader`])).code).toBe(0);
    const row = page.getByTestId("role-binding").filter({ hasText: "reader-cm" });
    await expect(row).toBeVisible();
    await expect(row.getByRole("link", { name: `${ns}/reader` })).toHaveAttribute("href", `/serviceaccounts/${ns}/reader`);
  });

  test("a role's page opened before the role exists shows it once it is created (no manual reload)", async ({ page }) => {
    expect((await kubectl(["create", "namespace", `${ns}-late`])).code).toBe(0);
    try {
      await gotoLive(page, `/roles/${ns}-late/late-reader`);
      await expect(page.getByTestId("not-found-message")).toHaveText(/^Role .*\/late-reader was not found/);
      expect((await kubectl(["create", "role", "late-reader", "-n", `${ns}-late`, "--verb=get", "--resource=pods"])).code).toBe(0);
      await expect(page.getByRole("heading", { level: 1 })).toContainText("late-reader");
      await expect(page.getByTestId("not-found")).toHaveCount(0);
    } finally {
      await kubectl(["delete", "namespace", `${ns}-late`, "--wait=false"]);
    }
  });
});

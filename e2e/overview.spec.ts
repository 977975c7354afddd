// The overview at `/` against the real control plane seeded with go-todo and platform: each
// number equals GET /api/v1/overview and the list answers it stands for, the worst findings and
// the blocked chains lead to their pages, and an RBAC change shows under "Changed in the last 24 h".
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { kubectl } from "../cluster/testing";
import { gotoLive } from "./support/live";

type Overview = {
  serviceAccounts: number;
  bindings: number;
  findings: Record<"critical" | "high" | "medium" | "low" | "hiddenBuiltIn", number>;
  worstFindings: { id: string; severity: string; title: string; subject: { kind: string; namespace?: string; name: string } }[];
  chains: { total: number; health: Record<string, number> };
  chainsNeedingAttention: { id: string; health: string; root: { kind: string; namespace: string; name: string }; problem?: string }[];
};

const SEVERITIES = ["critical", "high", "medium", "low"] as const;

async function get<T>(request: APIRequestContext, url: string): Promise<T> {
  const r = await request.get(url);
  expect(r.status(), url).toBe(200);
  return (await r.json()) as T;
}

/** What the page shows, read the way a user reads the cards. */
async function shown(page: Page) {
  const count = async (id: string) => Number(await page.getByTestId(id).getByTestId("overview-count").textContent());
  const severities = Object.fromEntries(await Promise.all(SEVERITIES.map(async (s) => [s, Number(await page.locator(`[data-testid=overview-severity][data-severity=${s}]`).getAttribute("data-count"))])));
  return { serviceAccounts: await count("overview-serviceaccounts"), bindings: await count("overview-bindings"), chains: await count("overview-chains"), ...severities };
}

for (const namespace of [undefined, "legacy"]) {
  test(`the overview ${namespace ? `of namespace ${namespace}` : "of every namespace"} shows the API's counts, and the list answers agree with them`, async ({ page, request }) => {
    const qs = namespace ? `?namespace=${namespace}` : "";
    await gotoLive(page, `/${qs}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Overview");
    await expect(page.getByTestId("overview-source")).toHaveAttribute("data-synced", "true");
    // Other specs' namespaces may still be going away: compare the page with the API at one moment.
    await expect(async () => {
      const api = await get<Overview>(request, `/api/v1/overview${qs}`);
      expect(await shown(page)).toEqual({ serviceAccounts: api.serviceAccounts, bindings: api.bindings, chains: api.chains.total, ...Object.fromEntries(SEVERITIES.map((s) => [s, api.findings[s]])) });
      // the same numbers as the pages each card links to
      const sas = await get<{ items: unknown[] }>(request, `/api/v1/serviceaccounts${qs}`);
      expect(sas.items.length).toBe(api.serviceAccounts);
      const bindings = await get<{ items: unknown[] }>(request, `/api/v1/bindings${qs}`);
      expect(bindings.items.length).toBe(api.bindings);
      const findings = await get<{ matched: number; hidden: number; items: { severity: string }[] }>(request, `/api/v1/findings?hideSystem=true&limit=100000${namespace ? `&namespace=${namespace}` : ""}`);
      for (const s of SEVERITIES) expect(findings.items.filter((f) => f.severity === s).length, s).toBe(api.findings[s]);
      expect(findings.hidden).toBe(api.findings.hiddenBuiltIn);
      const chains = await get<{ chains: { health: string }[] }>(request, `/api/v1/chains${qs}`);
      expect(chains.chains.length).toBe(api.chains.total);
      for (const [h, n] of Object.entries(api.chains.health)) expect(chains.chains.filter((c) => c.health === h).length, h).toBe(n);
    }).toPass();

    await page.getByTestId("overview-serviceaccounts").getByRole("link", { name: "Service accounts" }).click();
    await expect(page).toHaveURL(namespace ? /\/serviceaccounts\?namespace=legacy$/ : /\/serviceaccounts$/);
  });
}

test("the worst finding and a stuck chain are one click from their pages", async ({ page, request }) => {
  const api = await get<Overview>(request, "/api/v1/overview");
  await gotoLive(page, "/");
  const worst = page.getByTestId("overview-finding");
  await expect(worst).toHaveCount(api.worstFindings.length);
  await expect(worst).toHaveText(api.worstFindings.map((f) => new RegExp(f.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))));
  // ci-runner is bound to cluster-admin: a critical finding leads the list
  expect(api.worstFindings[0].severity).toBe("critical");
  const first = api.worstFindings[0];
  await worst.first().getByRole("link", { name: first.title }).click();
  if (first.subject.kind === "ServiceAccount") {
    await expect(page).toHaveURL(new RegExp(`/findings\\?serviceAccount=${encodeURIComponent(`${first.subject.namespace}/${first.subject.name}`)}$`));
  } else await expect(page).toHaveURL(/\/findings\?severity=critical$/);
  await expect(page.locator(`[data-testid=finding][data-severity=critical]`).filter({ hasText: first.title }).first()).toBeVisible();

  // the platform example's legacy deadlock, with the error that holds it: Blocked at first,
  // Degraded once its Deployments pass their progress deadline
  const blocked = api.chainsNeedingAttention.find((c) => c.root.namespace === "legacy");
  expect(["Blocked", "Degraded"]).toContain(blocked?.health);
  expect(blocked?.problem).toMatch(/^Deadlock: /);
  await gotoLive(page, "/");
  const row = page.locator(`[data-testid=overview-chain][data-id="${blocked!.id}"]`);
  await expect(row).toHaveAttribute("data-health", blocked!.health);
  await expect(row).toContainText(blocked!.problem!);
  await row.getByRole("link", { name: `${blocked!.root.kind} ${blocked!.root.namespace}/${blocked!.root.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/chains/legacy/${blocked!.root.kind.toLowerCase()}/${blocked!.root.name}$`));
  await expect(page.locator(`[data-testid=chain-list-item][data-id="${blocked!.id}"]`)).toBeAttached();
});

test("a RoleBinding created with kubectl shows under 'Changed in the last 24 h', with the permission it gave, even when it is written while the feed's first answer is on its way", async ({ page, request }) => {
  const ns = `e2e-overview-${Date.now().toString(36)}`;
  let deliver!: () => void;
  const delivered = new Promise<void>((resolve) => (deliver = resolve));
  expect((await kubectl(["create", "namespace", ns])).code).toBe(0);
  try {
    expect((await kubectl(["create", "serviceaccount", "reader", "-n", ns])).code).toBe(0);
    expect((await kubectl(["create", "role", "secret-reader", "-n", ns, "--verb=get", "--resource=secrets"])).code).toBe(0);
    // The feed's first answer is read from the server at once but delivered only after the
    // RoleBinding is written and announced on the event stream: a slow first answer on a busy
    // server. The page must ask again rather than keep it.
    let asked = 0;
    let heldBody: string | undefined;
    await page.route("**/api/v1/history?**", async (route) => {
      if (asked++ > 0) return route.continue();
      const before = await route.fetch();
      heldBody = await before.text();
      await delivered;
      await route.fulfill({ response: before });
    });
    await gotoLive(page, `/?namespace=${ns}`);
    const recent = page.getByTestId("overview-recent");
    await expect(recent.getByRole("heading", { name: "Changed in the last 24 h" })).toBeVisible();
    // the server has answered the first ask, without the binding
    await expect.poll(() => heldBody).toBeDefined();
    expect(heldBody).not.toContain("read-secrets");
    expect((await kubectl(["create", "rolebinding", "read-secrets", "-n", ns, "--role=secret-reader", `--serviceaccount=${ns}:reader`])).code).toBe(0);
    const written = async () => (await get<{ items: { cause: { kind: string; name: string } }[] }>(request, `/api/v1/history?namespace=${ns}&limit=5`)).items.some((e) => e.cause.kind === "RoleBinding" && e.cause.name === "read-secrets");
    await expect.poll(written, { timeout: 30_000 }).toBe(true);
    // the stream announces a write as it ends; give the page a moment to receive it
    await page.waitForTimeout(500);
    deliver();
    const group = recent.locator(`[data-testid=history-group][data-cause="RoleBinding ${ns}/read-secrets"]`);
    await expect(group).toBeVisible({ timeout: 30_000 });
    await expect(group.locator("[data-testid=history-permission][data-change=gained]")).toContainText("get secrets");
    expect(asked).toBeGreaterThan(1);
    await recent.getByRole("link", { name: "All history" }).click();
    await expect(page).toHaveURL(new RegExp(`/history\\?namespace=${ns}$`));
  } finally {
    deliver(); // a held answer must not outlive a failed test
    await kubectl(["delete", "namespace", ns, "--wait=false"]);
  }
});

// ROLECALL_AUTH=proxy with ROLECALL_ALLOWED_GROUPS=sre: only requests carrying the identity
// headers of an authenticating proxy get through; probes and /metrics are exempt and say
// nothing about the cluster's objects.
import { expect, test } from "@playwright/test";
import { ALLOWED_GROUP, PORTAL_ORIGIN } from "./support/security-projects";

const ALICE = { "x-auth-request-user": "alice@example.com", "x-auth-request-groups": `dev,${ALLOWED_GROUP}` };
const BOB = { "x-auth-request-user": "bob@example.com", "x-auth-request-groups": "dev,qa" };

const GATED = ["/", "/serviceaccounts", "/api/v1/serviceaccounts", "/api/v1/status", "/api/v1/findings", "/api/v1/events", "/no-such-page"];

for (const path of GATED) {
  test(`${path}: no identity header → 401, other group → 403, allowed group → not refused`, async ({ request }) => {
    const none = await request.get(path);
    expect(none.status()).toBe(401);
    expect(none.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(none.headers()["cache-control"]).toContain("no-store");
    expect(await none.json()).toEqual({ error: expect.any(String) });

    expect((await request.get(path, { headers: BOB })).status()).toBe(403);

    if (path === "/api/v1/events") return; // an endless stream; its status is checked below
    const ok = await request.get(path, { headers: ALICE });
    expect([200, 404]).toContain(ok.status());
    if (path !== "/no-such-page") expect(ok.status()).toBe(200);
  });
}

test("the SSE stream opens for an allowed user", async ({ baseURL }) => {
  const ctl = new AbortController();
  const r = await fetch(`${baseURL}/api/v1/events`, { headers: ALICE, signal: ctl.signal });
  expect(r.status).toBe(200);
  expect(r.headers.get("content-type")).toContain("text/event-stream");
  ctl.abort();
});

test("static assets are behind the login too", async ({ request }) => {
  const html = await (await request.get("/", { headers: ALICE })).text();
  const src = /<script[^>]+src="(\/_next\/static\/[^"]+)"/.exec(html)?.[1];
  expect(src).toBeTruthy();
  expect((await request.get(src!)).status()).toBe(401);
  expect((await request.get(src!, { headers: ALICE })).status()).toBe(200);
});

test("X-Forwarded-User is accepted as the user header", async ({ request }) => {
  const r = await request.get("/api/v1/status", { headers: { "x-forwarded-user": "carol", "x-auth-request-groups": ALLOWED_GROUP } });
  expect(r.status()).toBe(200);
});

test("a forged x-rolecall-user neither authenticates nor replaces the real user", async ({ request }) => {
  expect((await request.get("/", { headers: { "x-rolecall-user": "admin" } })).status()).toBe(401);
  const html = await (await request.get("/", { headers: { ...ALICE, "x-rolecall-user": "admin-forged" } })).text();
  expect(html).not.toContain("admin-forged");
  const who = await request.get("/api/v1/whoami", { headers: { ...ALICE, "x-rolecall-user": "admin-forged", "x-rolecall-groups": "system:masters" } });
  expect(await who.json()).toEqual({ user: "alice@example.com", groups: ["dev", ALLOWED_GROUP] });
});

test("the signed-in user is shown in the top bar", async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: ALICE });
  const page = await context.newPage();
  await page.goto("/serviceaccounts");
  await expect(page.getByTestId("user")).toHaveText(/alice@example\.com/);
  await context.close();
});

test("probes and /metrics answer without login and reveal no object names", async ({ request }) => {
  // Names the authenticated API knows about (ServiceAccounts and namespaces of the data).
  const list = (await (await request.get("/api/v1/serviceaccounts", { headers: ALICE })).json()) as {
    items: { name: string; namespace: string }[];
  };
  expect(list.items.length).toBeGreaterThan(0);
  const names = new Set(list.items.flatMap((i) => [i.name, i.namespace]).filter((n) => n.length >= 4 && n !== "default"));
  for (const path of ["/api/healthz", "/api/readyz", "/metrics"]) {
    const r = await request.get(path);
    expect([200, 503]).toContain(r.status());
    expect(r.headers()["cache-control"]).toContain("no-store");
    const body = await r.text();
    for (const n of names) expect(body, `${path} mentions ${n}`).not.toContain(n);
  }
});

test("nothing may frame Rolecall here: frame-ancestors 'none' and X-Frame-Options DENY", async ({ request, page, baseURL }) => {
  const r = await request.get("/api/healthz");
  expect(r.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(r.headers()["x-frame-options"]).toBe("DENY");
  await page.setExtraHTTPHeaders(ALICE);
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/frame-ancestors/i.test(m.text())) refused.push(m.text());
  });
  await page.goto(`${PORTAL_ORIGIN}/portal.html?src=${encodeURIComponent(`${baseURL}/serviceaccounts?embed=1`)}`);
  await expect.poll(() => refused.length, { timeout: 10_000 }).toBeGreaterThan(0);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  expect(frame).toBeDefined();
  expect(await frame!.locator("main").count()).toBe(0);
});

// Default access mode (port-forward): security headers on pages and API answers, nonce CSP
// that really lets the app run, and identity headers that change nothing.
import { expect, test } from "@playwright/test";
import { PORTAL_ORIGIN } from "./support/security-projects";

function nonceOf(csp: string | undefined): string {
  const m = /'nonce-([^']+)'/.exec(csp ?? "");
  expect(m, `no nonce in CSP: ${csp}`).not.toBeNull();
  return m![1];
}

function directive(csp: string, name: string): string {
  return csp.split(";").map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? "";
}

for (const path of ["/", "/serviceaccounts", "/api/v1/serviceaccounts", "/api/v1/status", "/api/healthz", "/metrics", "/no-such-page"]) {
  test(`${path}: CSP with nonce, nosniff, referrer policy, no X-Powered-By`, async ({ request }) => {
    const r = await request.get(path);
    expect(r.status()).toBeLessThan(500);
    const h = r.headers();
    const csp = h["content-security-policy"];
    nonceOf(csp);
    const scripts = directive(csp, "script-src");
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(directive(csp, "frame-ancestors")).toBe(`frame-ancestors ${PORTAL_ORIGIN}`);
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("no-referrer");
    expect(h["x-powered-by"]).toBeUndefined();
    // Framing is allowed for the portal, so no X-Frame-Options: DENY here.
    expect(h["x-frame-options"]).toBeUndefined();
    if (path.startsWith("/api/") || path === "/metrics") expect(h["cache-control"]).toContain("no-store");
  });
}

test("every script tag carries this response's nonce, and each response gets a fresh one", async ({ request }) => {
  const a = await request.get("/");
  const b = await request.get("/");
  const nonceA = nonceOf(a.headers()["content-security-policy"]);
  const nonceB = nonceOf(b.headers()["content-security-policy"]);
  expect(nonceA).not.toBe(nonceB);
  const html = await a.text();
  const tags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length).toBeGreaterThan(0);
  for (const tag of tags) expect(tag).toContain(`nonce="${nonceA}"`);
});

test("the app hydrates under the CSP with no violations", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto("/serviceaccounts");
  // Client navigation only works once React hydrated: click a nav link and stay in the SPA.
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.waitForFunction(() => "next" in window);
  const csp = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
  expect([...violations, ...csp]).toEqual([]);
});

test("default mode: forged identity headers change nothing", async ({ request }) => {
  const forged = {
    "x-auth-request-user": "mallory-forged",
    "x-forwarded-user": "mallory-forged",
    "x-auth-request-groups": "system:masters",
    "x-rolecall-user": "mallory-forged",
  };
  for (const path of ["/", "/api/v1/status", "/api/v1/serviceaccounts"]) {
    const plain = await request.get(path);
    const withForged = await request.get(path, { headers: forged });
    expect(withForged.status()).toBe(plain.status());
    const body = await withForged.text();
    expect(body).not.toContain("mallory-forged");
    expect(body).not.toContain("system:masters");
  }
  // The app reads the user only from x-rolecall-user, which proxy.ts deletes in this mode.
  expect(await (await request.get("/api/v1/whoami", { headers: forged })).json()).toEqual({ user: null, groups: [] });
});

test("/metrics: Prometheus text with informer, store, request and SSE series", async ({ request }) => {
  await request.get("/api/v1/status");
  const r = await request.get("/metrics");
  expect(r.status()).toBe(200);
  expect(r.headers()["content-type"]).toMatch(/^text\/plain/);
  const body = await r.text();
  for (const series of [
    "rolecall_store_version",
    "rolecall_informer_synced",
    "rolecall_informer_restarts",
    "rolecall_http_request_duration_seconds_bucket",
    "rolecall_sse_streams_open",
  ])
    expect(body).toContain(series);
  expect(body).toMatch(/rolecall_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/status",status="200"\} \d+/);
});

test("the event stream carries the security headers and is neither cached nor compressed", async ({ baseURL }) => {
  const ctl = new AbortController();
  const r = await fetch(`${baseURL}/api/v1/events`, { headers: { "Accept-Encoding": "gzip, br" }, signal: ctl.signal });
  expect(r.status).toBe(200);
  expect(r.headers.get("cache-control")).toBe("no-store, no-transform");
  expect(r.headers.get("content-encoding")).toBeNull();
  expect(r.headers.get("content-security-policy")).toContain("'nonce-");
  expect(r.headers.get("x-content-type-options")).toBe("nosniff");
  ctl.abort();
});

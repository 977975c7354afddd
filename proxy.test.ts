// proxy.ts end to end at the function level: what reaches the app (request headers Next
// forwards via x-middleware-request-*) and what the browser gets back.
import { afterEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { proxy } from "@/proxy";

const FORGED = {
  "x-auth-request-user": "mallory",
  "x-forwarded-user": "mallory",
  "x-auth-request-groups": "system:masters",
  "x-rolecall-user": "mallory",
  "x-rolecall-groups": "system:masters",
};

function forwarded(res: Response): Record<string, string> {
  const names = (res.headers.get("x-middleware-override-headers") ?? "").split(",").filter(Boolean);
  return Object.fromEntries(names.map((n) => [n, res.headers.get(`x-middleware-request-${n}`) ?? ""]));
}

afterEach(() => vi.unstubAllEnvs());

describe("proxy", () => {
  it("default mode: identity headers never reach the app; CSP nonce is passed on", () => {
    vi.stubEnv("ROLECALL_AUTH", "");
    const res = proxy(new NextRequest("http://rolecall.test/serviceaccounts", { headers: FORGED }));
    expect(res.status).toBe(200);
    const fwd = forwarded(res);
    for (const h of Object.keys(FORGED)) expect(fwd).not.toHaveProperty(h);
    const nonce = fwd["x-nonce"];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(fwd["content-security-policy"]).toContain(`'nonce-${nonce}'`);
    expect(res.headers.get("content-security-policy")).toBe(fwd["content-security-policy"]);
  });

  it("proxy mode: 401 without the user header, JSON, no-store, security headers", async () => {
    vi.stubEnv("ROLECALL_AUTH", "proxy");
    const res = proxy(new NextRequest("http://rolecall.test/", { headers: { "x-rolecall-user": "admin" } }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "not signed in" });
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("proxy mode: the validated user replaces any forged x-rolecall-user; raw identity headers are dropped", () => {
    vi.stubEnv("ROLECALL_AUTH", "proxy");
    const res = proxy(
      new NextRequest("http://rolecall.test/api/v1/status", {
        headers: { ...FORGED, "x-auth-request-user": "alice", "x-auth-request-groups": "sre,dev" },
      }),
    );
    expect(res.status).toBe(200);
    const fwd = forwarded(res);
    expect(fwd["x-rolecall-user"]).toBe("alice");
    expect(fwd["x-rolecall-groups"]).toBe("sre,dev");
    expect(fwd).not.toHaveProperty("x-auth-request-user");
    expect(fwd).not.toHaveProperty("x-forwarded-user");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("proxy mode with allowed groups: 403 for others; probes stay open", () => {
    vi.stubEnv("ROLECALL_AUTH", "proxy");
    vi.stubEnv("ROLECALL_ALLOWED_GROUPS", "sre");
    const bob = { "x-auth-request-user": "bob", "x-auth-request-groups": "dev" };
    expect(proxy(new NextRequest("http://rolecall.test/", { headers: bob })).status).toBe(403);
    expect(proxy(new NextRequest("http://rolecall.test/api/healthz")).status).toBe(200);
    expect(proxy(new NextRequest("http://rolecall.test/metrics")).status).toBe(200);
  });

  it("frame-ancestors follows ROLECALL_FRAME_ANCESTORS, and X-Frame-Options is dropped then", () => {
    vi.stubEnv("ROLECALL_FRAME_ANCESTORS", "https://portal.example.com");
    const res = proxy(new NextRequest("http://rolecall.test/"));
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors https://portal.example.com");
    expect(res.headers.get("x-frame-options")).toBeNull();
  });

  it("an unknown /api path is a JSON 404 with the security headers; known ones and pages go on", async () => {
    vi.stubEnv("ROLECALL_AUTH", "");
    for (const path of ["/api/v1/nope", "/api", "/api/v1/serviceaccounts/a", "/api/v2/status"]) {
      const res = proxy(new NextRequest(`http://rolecall.test${path}`));
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ error: "no such API path" });
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    for (const path of ["/api/v1/status", "/api/v1/serviceaccounts/a/b/permissions", "/no-such-page"])
      expect(proxy(new NextRequest(`http://rolecall.test${path}`)).status, path).toBe(200);
  });
});

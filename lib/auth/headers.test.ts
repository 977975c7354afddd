import { describe, expect, it } from "vitest";
import { buildCsp, makeNonce, securityHeaders } from "./headers";

describe("buildCsp", () => {
  it("allows scripts only by nonce, never unsafe-inline or eval in production", () => {
    const csp = buildCsp({ nonce: "abc", frameAncestors: ["'none'"], dev: false });
    const script = csp.split("; ").find((d) => d.startsWith("script-src"))!;
    expect(script).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval/);
  });
  it("dev adds unsafe-eval for the overlay only", () => {
    expect(buildCsp({ nonce: "n", frameAncestors: ["'none'"], dev: true })).toContain("'unsafe-eval'");
  });
  it("lists the portal origins in frame-ancestors", () => {
    expect(buildCsp({ nonce: "n", frameAncestors: ["https://a.example", "'self'"], dev: false })).toContain(
      "frame-ancestors https://a.example 'self'",
    );
  });
});

describe("makeNonce", () => {
  it("is fresh and base64 of 16 bytes", () => {
    const a = makeNonce();
    const b = makeNonce();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("securityHeaders", () => {
  it("no-store only for API answers and /metrics", () => {
    expect(securityHeaders({ csp: "x", frameAncestors: ["'none'"], pathname: "/api/v1/findings" })["Cache-Control"]).toBe("no-store");
    expect(securityHeaders({ csp: "x", frameAncestors: ["'none'"], pathname: "/metrics" })["Cache-Control"]).toBe("no-store");
    expect(securityHeaders({ csp: "x", frameAncestors: ["'none'"], pathname: "/serviceaccounts" })["Cache-Control"]).toBeUndefined();
  });
  it("the event stream keeps no-transform so nothing compresses or buffers it", () => {
    expect(securityHeaders({ csp: "x", frameAncestors: ["'none'"], pathname: "/api/v1/events" })["Cache-Control"]).toBe("no-store, no-transform");
  });
  it("X-Frame-Options DENY only when nothing may frame the app", () => {
    expect(securityHeaders({ csp: "x", frameAncestors: ["'none'"], pathname: "/" })["X-Frame-Options"]).toBe("DENY");
    expect(securityHeaders({ csp: "x", frameAncestors: ["https://a.example"], pathname: "/" })["X-Frame-Options"]).toBeUndefined();
  });
  it("always nosniff and a referrer policy", () => {
    const h = securityHeaders({ csp: "x", frameAncestors: ["'none'"], pathname: "/" });
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBe("no-referrer");
  });
});

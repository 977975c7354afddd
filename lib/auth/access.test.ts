import { describe, expect, it } from "vitest";
import { readAccessConfig, parseFrameAncestors } from "./config";
import { decideAccess, headersToStrip, parseGroups, USER_HEADER } from "./access";

const hdrs = (h: Record<string, string>) => new Headers(h);

describe("readAccessConfig", () => {
  it("defaults to no login, default user headers, no group restriction, frame-ancestors 'none'", () => {
    const c = readAccessConfig({});
    expect(c.mode).toBe("none");
    expect(c.userHeaders).toEqual(["x-auth-request-user", "x-forwarded-user"]);
    expect(c.groupsHeader).toBe("x-auth-request-groups");
    expect(c.allowedGroups).toBeNull();
    expect(c.frameAncestors).toEqual(["'none'"]);
  });
  it.each([["proxy"], [" PROXY "]])("recognises proxy mode from %j", (v) => {
    expect(readAccessConfig({ ROLECALL_AUTH: v }).mode).toBe("proxy");
  });
  it.each([["oidc"], ["true"], ["none"], [""]])("treats unknown mode %j as the default", (v) => {
    expect(readAccessConfig({ ROLECALL_AUTH: v }).mode).toBe("none");
  });
  it("takes a configured user header and drops invalid header names", () => {
    expect(readAccessConfig({ ROLECALL_USER_HEADER: "X-Email" }).userHeaders).toEqual(["x-email"]);
    expect(readAccessConfig({ ROLECALL_USER_HEADER: "bad header:" }).userHeaders).toEqual([
      "x-auth-request-user",
      "x-forwarded-user",
    ]);
  });
  it("splits allowed groups", () => {
    expect(readAccessConfig({ ROLECALL_ALLOWED_GROUPS: " sre, platform ,," }).allowedGroups).toEqual(["sre", "platform"]);
  });
});

describe("parseFrameAncestors", () => {
  it.each<[string | undefined, string[]]>([
    [undefined, ["'none'"]],
    ["", ["'none'"]],
    ["'none'", ["'none'"]],
    ["self", ["'self'"]],
    ["https://portal.example.com", ["https://portal.example.com"]],
    ["https://portal.example.com/ http://localhost:7007", ["https://portal.example.com", "http://localhost:7007"]],
    ["https://*.example.com,'self'", ["https://*.example.com", "'self'"]],
    ["'none' https://a.example", ["https://a.example"]],
  ])("%j → %j", (input, want) => {
    expect(parseFrameAncestors(input).sources).toEqual(want);
  });
  it.each([
    ["https://a.example; script-src *"],
    ["javascript:alert(1)"],
    ["*"],
    ["https://a.example/path"],
    ["'unsafe-inline'"],
  ])("rejects %j and fails closed", (input) => {
    const r = parseFrameAncestors(input);
    expect(r.rejected.length).toBeGreaterThan(0);
    expect(r.sources.join(" ")).not.toMatch(/script-src|javascript|unsafe|\*$|\/path/);
  });
});

describe("decideAccess", () => {
  const proxy = readAccessConfig({ ROLECALL_AUTH: "proxy" });
  const restricted = readAccessConfig({ ROLECALL_AUTH: "proxy", ROLECALL_ALLOWED_GROUPS: "sre,platform" });

  it("default mode allows everyone and ignores identity headers", () => {
    const d = decideAccess(readAccessConfig({}), "/", hdrs({ "x-auth-request-user": "mallory", [USER_HEADER]: "admin" }));
    expect(d).toEqual({ allow: true, user: null, groups: [] });
  });
  it("proxy mode without a user header is 401", () => {
    expect(decideAccess(proxy, "/", hdrs({}))).toMatchObject({ allow: false, status: 401 });
    expect(decideAccess(proxy, "/api/v1/serviceaccounts", hdrs({ "x-auth-request-user": "  " }))).toMatchObject({
      allow: false,
      status: 401,
    });
  });
  it("a forged x-rolecall-user does not authenticate", () => {
    expect(decideAccess(proxy, "/", hdrs({ [USER_HEADER]: "admin" }))).toMatchObject({ allow: false, status: 401 });
  });
  it("accepts either default user header, preferring X-Auth-Request-User", () => {
    expect(decideAccess(proxy, "/", hdrs({ "x-forwarded-user": "bob" }))).toEqual({ allow: true, user: "bob", groups: [] });
    expect(decideAccess(proxy, "/", hdrs({ "x-forwarded-user": "bob", "x-auth-request-user": "alice" }))).toMatchObject({
      user: "alice",
    });
  });
  it("a configured user header replaces the defaults", () => {
    const c = readAccessConfig({ ROLECALL_AUTH: "proxy", ROLECALL_USER_HEADER: "X-Email" });
    expect(decideAccess(c, "/", hdrs({ "x-auth-request-user": "alice" }))).toMatchObject({ status: 401 });
    expect(decideAccess(c, "/", hdrs({ "x-email": "alice@example.com" }))).toMatchObject({ user: "alice@example.com" });
  });
  it("refuses control characters and absurd lengths in the user name", () => {
    expect(decideAccess(proxy, "/", hdrs({ "x-auth-request-user": "a".repeat(300) }))).toMatchObject({ status: 401 });
    expect(decideAccess(proxy, "/", hdrs({ "x-auth-request-user": "évé" }))).toMatchObject({ status: 401 });
  });
  it("exempts exactly the probes and /metrics", () => {
    for (const p of ["/api/healthz", "/api/readyz", "/metrics"]) expect(decideAccess(proxy, p, hdrs({})).allow).toBe(true);
    for (const p of ["/api/healthz/x", "/metrics/../api/v1/findings", "/api/v1/findings", "/metricsx", "/_next/static/a.js"])
      expect(decideAccess(proxy, p, hdrs({})).allow).toBe(false);
  });
  it("allowed groups: member 200, non-member 403, no groups 403", () => {
    expect(decideAccess(restricted, "/", hdrs({ "x-auth-request-user": "a", "x-auth-request-groups": "dev, sre" }))).toEqual({
      allow: true,
      user: "a",
      groups: ["dev", "sre"],
    });
    expect(decideAccess(restricted, "/", hdrs({ "x-auth-request-user": "a", "x-auth-request-groups": "dev" }))).toMatchObject({
      allow: false,
      status: 403,
    });
    expect(decideAccess(restricted, "/", hdrs({ "x-auth-request-user": "a" }))).toMatchObject({ status: 403 });
    // A group name containing the allowed one is not the allowed one.
    expect(
      decideAccess(restricted, "/", hdrs({ "x-auth-request-user": "a", "x-auth-request-groups": "sre-readonly" })),
    ).toMatchObject({ status: 403 });
  });
});

describe("parseGroups / headersToStrip", () => {
  it("splits, trims, dedupes", () => {
    expect(parseGroups(" a,b , a,,c ")).toEqual(["a", "b", "c"]);
    expect(parseGroups(null)).toEqual([]);
  });
  it("strips every identity header including the configured ones", () => {
    const s = headersToStrip(readAccessConfig({ ROLECALL_USER_HEADER: "x-email", ROLECALL_GROUPS_HEADER: "x-teams" }));
    for (const h of ["x-auth-request-user", "x-forwarded-user", "x-auth-request-groups", "x-rolecall-user", "x-email", "x-teams"])
      expect(s).toContain(h);
  });
});

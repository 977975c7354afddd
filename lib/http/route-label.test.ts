import { describe, expect, it } from "vitest";
import { routeLabel } from "./route-label";

describe("routeLabel", () => {
  it.each([
    ["/", "/"],
    ["/?embed=1", "/"],
    ["/api/healthz", "/api/healthz"],
    ["/metrics", "/metrics"],
    ["/api/v1/serviceaccounts?namespace=kube-system", "/api/v1/serviceaccounts"],
    ["/api/v1/serviceaccounts/kube-system/coredns", "/api/v1/serviceaccounts/[namespace]/[name]"],
    ["/api/v1/serviceaccounts/kube-system/coredns/permissions", "/api/v1/serviceaccounts/[namespace]/[name]/permissions"],
    ["/api/v1/can-i/verify", "/api/v1/can-i/verify"],
    ["/serviceaccounts/team-a/ci-runner/", "/serviceaccounts/[namespace]/[name]"],
    ["/chains/shop/deployment/api", "/chains/[namespace]/[kind]/[name]"],
    ["/_next/static/chunks/abc123.js", "/_next/static"],
    ["/_next/image?url=x", "other"],
    ["/api/v1/serviceaccounts/a", "other"],
    ["/api/v1/serviceaccounts//x", "other"],
    ["/api/v1/nope", "other"],
    ["/a/b/c/d/e/f/g", "other"],
    ["/findings/x", "other"],
    ["http://evil/", "other"],
    ["*", "other"],
    [undefined, "other"],
  ])("%s → %s", (url, want) => {
    expect(routeLabel(url)).toBe(want);
  });
  it("never echoes a name from the path", () => {
    expect(routeLabel("/api/v1/serviceaccounts/secret-team/payments-bot")).not.toMatch(/secret|payments/);
  });
  it("10,000 random paths make no label beyond the route table and 'other'", () => {
    const labels = new Set<string>();
    const words = ["api", "v1", "serviceaccounts", "chains", "permissions", "metrics", "x", "__proto__", "constructor", "%zz", ""];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 10_000; i++) {
      const depth = rnd(8);
      const segs = Array.from({ length: depth }, () => (rnd(3) === 0 ? `p${i}-${rnd(1e6)}` : words[rnd(words.length)]));
      labels.add(routeLabel("/" + segs.join("/")));
    }
    for (const l of labels) expect(l === "other" || l.startsWith("/")).toBe(true);
    expect(labels.size).toBeLessThanOrEqual(31);
    expect(labels.has("other")).toBe(true);
  });
});

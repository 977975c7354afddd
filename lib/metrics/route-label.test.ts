import { describe, expect, it } from "vitest";
import { routeLabel } from "./route-label";

describe("routeLabel", () => {
  it.each([
    ["/", "/"],
    ["/?embed=1", "/"],
    ["/api/healthz", "/api/healthz"],
    ["/metrics", "/metrics"],
    ["/api/v1/serviceaccounts?namespace=kube-system", "/api/v1/serviceaccounts"],
    ["/api/v1/serviceaccounts/kube-system/coredns", "/api/v1/serviceaccounts/:param/:param"],
    ["/api/v1/serviceaccounts/kube-system/coredns/permissions", "/api/v1/serviceaccounts/:param/:param/permissions"],
    ["/serviceaccounts/team-a/ci-runner/", "/serviceaccounts/:param/:param"],
    ["/_next/static/chunks/abc123.js", "/_next/static"],
    ["/_next/image?url=x", "/_next"],
    ["/a/b/c/d/e/f/g", "other"],
    ["http://evil/", "other"],
    [undefined, "other"],
  ])("%s → %s", (url, want) => {
    expect(routeLabel(url)).toBe(want);
  });
  it("never echoes a name that is not in the vocabulary", () => {
    expect(routeLabel("/api/v1/serviceaccounts/secret-team/payments-bot")).not.toMatch(/secret|payments/);
  });
});

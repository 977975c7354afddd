import { describe, expect, it } from "vitest";
import { readAccessConfig } from "@/lib/auth/config";
import { checkRequest, repeatedHeaders } from "./guard";

const none = readAccessConfig({});
const proxy = readAccessConfig({ ROLECALL_AUTH: "proxy" });
const req = (method: string, url: string, rawHeaders: string[] = []) => ({ method, url, rawHeaders });

describe("checkRequest", () => {
  it.each([
    ["GET", "/"],
    ["GET", "/api/v1/serviceaccounts/kube-system/coredns?x=%zz"],
    ["HEAD", "/serviceaccounts"],
    ["POST", "/api/v1/can-i/verify"],
    ["GET", "/_next/static/chunks/a.js"],
    ["GET", "/no-such-page"],
    ["GET", "/api/v1/nope"],
    ["GET", "/api/v1/serviceaccounts/kube-system/%C3%A9"],
    ["GET", "/serviceaccounts?q=__proto__"],
  ])("%s %s goes on to Next", (method, url) => {
    expect(checkRequest(req(method, url), proxy)).toBeUndefined();
  });

  it.each([
    ["GET", "*", 400],
    ["OPTIONS", "*", 400],
    ["GET", "http://evil.example/", 400],
    ["GET", "/api/v1/serviceaccounts/%E0%A4%A/x", 400],
    ["GET", "/api/v1/chains/shop/%zz/api", 400],
    ["GET", "/%", 400],
    ["TRACE", "/", 405],
    ["TRACE", "/api/v1/status", 405],
    ["PUT", "/api/v1/serviceaccounts", 405],
    ["DELETE", "/no-such-page", 405],
    ["POST", "/api/v1/status", 405],
    ["POST", "/serviceaccounts", 405],
    ["POST", "/_next/static/chunks/a.js", 405],
    ["POST", "/no-such-page", 404],
    ["GET", "/api/v1/serviceaccounts?__proto__=1", 400],
    ["GET", "/api/v1/status?a=1&__proto__", 400],
  ])("%s %s → %d", (method, url, status) => {
    const r = checkRequest(req(method, url), none);
    expect(r?.status).toBe(status);
    expect(r?.error).toEqual(expect.any(String));
  });

  it("405 and OPTIONS name the route's methods", () => {
    expect(checkRequest(req("PUT", "/api/v1/can-i/verify"), none)?.allow).toEqual(["GET", "POST", "HEAD", "OPTIONS"]);
    expect(checkRequest(req("OPTIONS", "/api/v1/status"), none)).toEqual({ status: 204, allow: ["GET", "HEAD", "OPTIONS"] });
  });

  it("proxy mode: a repeated user or groups header is 400, whatever its case", () => {
    const twice = ["X-Auth-Request-User", "alice", "x-auth-request-user", "bob"];
    expect(checkRequest(req("GET", "/", twice), proxy)).toMatchObject({ status: 400, field: "x-auth-request-user" });
    const groups = ["X-Auth-Request-User", "alice", "X-Auth-Request-Groups", "dev", "X-Auth-Request-Groups", "sre"];
    expect(checkRequest(req("GET", "/api/v1/status", groups), proxy)).toMatchObject({ status: 400, field: "x-auth-request-groups" });
    const fwd = ["X-Forwarded-User", "a", "X-Forwarded-User", "b"];
    expect(checkRequest(req("GET", "/", fwd), proxy)).toMatchObject({ status: 400, field: "x-forwarded-user" });
    // one of each is fine
    expect(checkRequest(req("GET", "/", ["X-Auth-Request-User", "alice", "X-Forwarded-User", "alice", "X-Auth-Request-Groups", "a,b"]), proxy)).toBeUndefined();
    // configured headers are the ones checked
    const custom = readAccessConfig({ ROLECALL_AUTH: "proxy", ROLECALL_USER_HEADER: "X-Email" });
    expect(checkRequest(req("GET", "/", ["x-email", "a", "X-EMAIL", "b"]), custom)).toMatchObject({ status: 400 });
  });

  it("default mode ignores identity headers, repeated or not (they are stripped)", () => {
    expect(checkRequest(req("GET", "/", ["X-Auth-Request-User", "alice", "X-Auth-Request-User", "bob"]), none)).toBeUndefined();
  });

  it("repeatedHeaders counts names case-insensitively", () => {
    expect(repeatedHeaders(["A", "1", "b", "2", "a", "3"], ["a", "b"])).toEqual(["a"]);
  });
});

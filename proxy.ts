// Runs before every request (Next 16 "proxy", Node runtime): decides who may see the answer,
// hands the validated identity to the app, and sets the security headers with a fresh nonce.
import { NextResponse, type NextRequest } from "next/server";
import { readAccessConfig } from "@/lib/auth/config";
import { decideAccess, headersToStrip, USER_HEADER, GROUPS_HEADER } from "@/lib/auth/access";
import { buildCsp, makeNonce, securityHeaders } from "@/lib/auth/headers";
import { matchRoute } from "@/lib/http/routes";

export function proxy(request: NextRequest) {
  const config = readAccessConfig(process.env);
  const pathname = request.nextUrl.pathname;
  const nonce = makeNonce();
  const csp = buildCsp({ nonce, frameAncestors: config.frameAncestors, dev: process.env.NODE_ENV === "development" });
  const responseHeaders = securityHeaders({ csp, frameAncestors: config.frameAncestors, pathname });

  const refuse = (status: number, error: string) => {
    const res = NextResponse.json({ error }, { status });
    for (const [k, v] of Object.entries(responseHeaders)) res.headers.set(k, v);
    res.headers.set("Cache-Control", "no-store");
    return res;
  };
  const decision = decideAccess(config, pathname, request.headers);
  if (!decision.allow) return refuse(decision.status, decision.error);
  // An API client gets JSON, not the HTML not-found page.
  if ((pathname === "/api" || pathname.startsWith("/api/")) && !matchRoute(pathname)) return refuse(404, "no such API path");

  // Nothing downstream may read an identity header the proxy did not validate.
  const requestHeaders = new Headers(request.headers);
  for (const h of headersToStrip(config)) requestHeaders.delete(h);
  if (decision.user) {
    requestHeaders.set(USER_HEADER, decision.user);
    if (decision.groups.length > 0) requestHeaders.set(GROUPS_HEADER, decision.groups.join(","));
  }
  // Next reads the nonce from the request's CSP header and stamps it on its own scripts.
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);

  const res = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [k, v] of Object.entries(responseHeaders)) res.headers.set(k, v);
  return res;
}

// Every path, static files included: in proxy mode only the probes and /metrics are exempt,
// and every response carries the security headers.
export const config = {
  matcher: "/:path*",
};

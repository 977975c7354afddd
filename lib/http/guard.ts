// The first look at every request, before Next routes it: what Next would answer with a
// plain-text 500 (a request target that is not a path, a malformed %-escape, a method no
// route has) and what only the raw socket can tell (a repeated identity header, which Node
// joins into one value) are refused here with a JSON error. Pure: the server glue is
// lib/http/server.ts.
import type { AccessConfig } from "@/lib/auth/config";
import { allowedMethods, matchRoute, STATIC_PREFIX } from "./routes";

export interface Refusal {
  status: 204 | 400 | 404 | 405;
  error?: string;
  field?: string;
  /** For 405 and OPTIONS: the Allow header. */
  allow?: string[];
}

export interface RawRequest {
  method?: string;
  url?: string;
  /** Node's rawHeaders: name, value, name, value… as received, repeats kept. */
  rawHeaders: readonly string[];
}

/** Methods some route answers; anything else (TRACE, PUT, CONNECT…) is 405 everywhere. */
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "OPTIONS"]);
const READ = ["GET", "HEAD"];
// next dev's overlay and tooling live under these; the production build serves only /_next/static.
const NEXT_INTERNAL = /^\/(_next|__nextjs)/;

export function pathOf(url: string): string {
  const q = url.search(/[?#]/);
  return q === -1 ? url : url.slice(0, q);
}

function decodes(path: string): boolean {
  if (!path.includes("%")) return true;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The identity headers that appear more than once. */
export function repeatedHeaders(rawHeaders: readonly string[], names: readonly string[]): string[] {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const seen = new Map<string, number>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const n = rawHeaders[i].toLowerCase();
    if (wanted.has(n)) seen.set(n, (seen.get(n) ?? 0) + 1);
  }
  return [...seen].filter(([, c]) => c > 1).map(([n]) => n);
}

export function checkRequest(req: RawRequest, config: AccessConfig): Refusal | undefined {
  const url = req.url ?? "";
  const method = (req.method ?? "GET").toUpperCase();
  // `GET *`, `GET http://host/…`: a proxy in front always sends a path.
  if (!url.startsWith("/")) return { status: 400, error: "the request target must be a path starting with '/'" };
  const path = pathOf(url);
  if (!decodes(path)) return { status: 400, error: "the path holds a malformed %-escape" };
  // Next reads the query into a plain object, where "__proto__" vanishes before any route can
  // call it unknown; every API route would refuse it, so refuse it here.
  if (path.startsWith("/api/") && url.includes("__proto__") && new URLSearchParams(url.slice(path.length + 1)).has("__proto__"))
    return { status: 400, error: 'unknown parameter "__proto__"', field: "__proto__" };
  if (config.mode === "proxy") {
    // Node joins repeated headers with ", ": "alice" twice would read as "alice, alice", and
    // a proxy that appends instead of overwriting would let the client add its own value.
    const repeated = repeatedHeaders(req.rawHeaders, [...config.userHeaders, config.groupsHeader]);
    if (repeated.length) return { status: 400, error: `the ${repeated[0]} header is repeated; the proxy must send it once`, field: repeated[0] };
  }
  if (!KNOWN_METHODS.has(method)) {
    const route = matchRoute(path);
    return { status: 405, error: `method ${method.slice(0, 16)} is not allowed`, allow: route ? allowedMethods(route) : [...READ, "OPTIONS"] };
  }
  if (path.startsWith(STATIC_PREFIX)) {
    return READ.includes(method) ? undefined : { status: 405, error: `method ${method} is not allowed`, allow: READ };
  }
  const route = matchRoute(path);
  if (!route) {
    if (READ.includes(method) || NEXT_INTERNAL.test(path)) return undefined; // Next's 404 (JSON under /api, see proxy.ts)
    return { status: 404, error: "not found" };
  }
  const allow = allowedMethods(route);
  if (method === "OPTIONS") return { status: 204, allow };
  if (!allow.includes(method)) return { status: 405, error: `method ${method} is not allowed`, allow };
  return undefined;
}

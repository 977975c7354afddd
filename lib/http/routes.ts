// The app's route table: every page, route handler and static file under app/ and public/,
// with the methods each answers. It bounds what the server will even try (unknown methods and
// API paths are refused before Next sees them) and names routes in /metrics, so the label set
// is this list plus "other", whatever paths clients make up. routes.test.ts checks it against
// the files under app/ and public/.

export interface Route {
  /** As the app/ folder spells it: `/api/v1/serviceaccounts/[namespace]/[name]`. */
  pattern: string;
  /** Methods the route answers (HEAD is implied by GET). */
  methods: readonly string[];
}

const GET = ["GET"] as const;

export const ROUTES: readonly Route[] = [
  // pages
  { pattern: "/", methods: GET },
  { pattern: "/bindings", methods: GET },
  { pattern: "/blast-radius/[namespace]/[kind]/[name]", methods: GET },
  { pattern: "/can-i", methods: GET },
  { pattern: "/chains", methods: GET },
  { pattern: "/chains/[namespace]/[kind]/[name]", methods: GET },
  { pattern: "/clusterroles/[name]", methods: GET },
  { pattern: "/findings", methods: GET },
  { pattern: "/history", methods: GET },
  { pattern: "/roles/[namespace]/[name]", methods: GET },
  { pattern: "/serviceaccounts", methods: GET },
  { pattern: "/serviceaccounts/[namespace]/[name]", methods: GET },
  { pattern: "/who-can", methods: GET },
  // route handlers
  { pattern: "/api/healthz", methods: GET },
  { pattern: "/api/readyz", methods: GET },
  { pattern: "/api/v1/bindings", methods: GET },
  { pattern: "/api/v1/blast-radius/[namespace]/[kind]/[name]", methods: GET },
  { pattern: "/api/v1/can-i", methods: GET },
  { pattern: "/api/v1/can-i/verify", methods: ["GET", "POST"] },
  { pattern: "/api/v1/chains", methods: GET },
  { pattern: "/api/v1/chains/[namespace]/[kind]/[name]", methods: GET },
  { pattern: "/api/v1/clusterroles/[name]", methods: GET },
  { pattern: "/api/v1/escalation", methods: GET },
  { pattern: "/api/v1/events", methods: GET },
  { pattern: "/api/v1/findings", methods: GET },
  { pattern: "/api/v1/history", methods: GET },
  { pattern: "/api/v1/history/serviceaccounts/[namespace]/[name]", methods: GET },
  { pattern: "/api/v1/openapi.json", methods: GET },
  { pattern: "/api/v1/overview", methods: GET },
  { pattern: "/api/v1/resources", methods: GET },
  { pattern: "/api/v1/roles/[namespace]/[name]", methods: GET },
  { pattern: "/api/v1/search", methods: GET },
  { pattern: "/api/v1/serviceaccounts", methods: GET },
  { pattern: "/api/v1/serviceaccounts/[namespace]/[name]", methods: GET },
  { pattern: "/api/v1/serviceaccounts/[namespace]/[name]/escalation", methods: GET },
  { pattern: "/api/v1/serviceaccounts/[namespace]/[name]/permissions", methods: GET },
  { pattern: "/api/v1/status", methods: GET },
  { pattern: "/api/v1/who-can", methods: GET },
  { pattern: "/api/v1/whoami", methods: GET },
  { pattern: "/metrics", methods: GET },
  // files: app/icon.svg, public/
  { pattern: "/icon.svg", methods: GET },
  { pattern: "/robots.txt", methods: GET },
];

/** Next's own build output (scripts, styles, fonts): one label, GET only. */
export const STATIC_PREFIX = "/_next/static/";

interface Node {
  fixed: Map<string, Node>;
  param?: Node;
  route?: Route;
}

function buildTrie(routes: readonly Route[]): Node {
  const root: Node = { fixed: new Map() };
  for (const r of routes) {
    let n = root;
    for (const seg of r.pattern.split("/").filter(Boolean)) {
      if (seg.startsWith("[")) n = n.param ??= { fixed: new Map() };
      else {
        let next = n.fixed.get(seg);
        if (!next) n.fixed.set(seg, (next = { fixed: new Map() }));
        n = next;
      }
    }
    n.route = r;
  }
  return root;
}

const TRIE = buildTrie(ROUTES);
const MAX_SEGMENTS = 8;

/**
 * The route a path (no query) belongs to, or undefined. A trailing slash is ignored (Next
 * redirects it); a named segment wins over a dynamic one; empty segments match nothing.
 */
export function matchRoute(pathname: string): Route | undefined {
  if (!pathname.startsWith("/")) return undefined;
  const p = pathname.length > 1 && pathname.endsWith("/") && !pathname.endsWith("//") ? pathname.slice(0, -1) : pathname;
  if (p === "/") return TRIE.route;
  const segments = p.split("/");
  if (segments.length - 1 > MAX_SEGMENTS) return undefined;
  return walk(TRIE, segments, 1);
}

function walk(n: Node, segments: string[], i: number): Route | undefined {
  if (i === segments.length) return n.route;
  const seg = segments[i];
  if (!seg) return undefined;
  const fixed = n.fixed.get(seg);
  const viaFixed = fixed && walk(fixed, segments, i + 1);
  if (viaFixed) return viaFixed;
  return n.param ? walk(n.param, segments, i + 1) : undefined;
}

/** The methods a route answers, as an Allow header lists them. */
export function allowedMethods(route: Route): string[] {
  const m = new Set<string>(route.methods);
  if (m.has("GET")) m.add("HEAD");
  m.add("OPTIONS");
  return [...m];
}

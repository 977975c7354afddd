// Turns a request path into a bounded route label for metrics. Only words from a fixed
// vocabulary survive; every other segment (namespace, name, file hash) becomes ":param", so
// /metrics never reveals which objects were looked at and label cardinality stays small.

const VOCABULARY = new Set([
  "api",
  "v1",
  "healthz",
  "readyz",
  "metrics",
  "events",
  "serviceaccounts",
  "permissions",
  "bindings",
  "rolebindings",
  "clusterrolebindings",
  "roles",
  "clusterroles",
  "can-i",
  "who-can",
  "findings",
  "chains",
  "namespaces",
  "workloads",
  "pods",
  "verify",
  "resources",
  "search",
  "export",
  "status",
  "whoami",
]);
const MAX_DEPTH = 6;

export function routeLabel(url: string | undefined): string {
  if (!url) return "other";
  const q = url.search(/[?#]/);
  const path = q === -1 ? url : url.slice(0, q);
  if (!path.startsWith("/")) return "other";
  if (path.startsWith("/_next/static/")) return "/_next/static";
  if (path.startsWith("/_next/")) return "/_next";
  if (path === "/" || path === "") return "/";
  const segments = path.split("/").slice(1);
  if (segments[segments.length - 1] === "") segments.pop();
  if (segments.length > MAX_DEPTH) return "other";
  return "/" + segments.map((s) => (VOCABULARY.has(s) ? s : ":param")).join("/");
}

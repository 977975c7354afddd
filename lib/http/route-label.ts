// Turns a request URL into a bounded route label for metrics: the route's pattern from the
// app's route table (`/api/v1/serviceaccounts/[namespace]/[name]`), "/_next/static" for build
// files, and "other" for every path the app does not serve. So /metrics never names the
// objects looked at, and unauthenticated clients cannot grow it by inventing paths.
import { matchRoute, STATIC_PREFIX } from "./routes";

export const OTHER = "other";

export function routeLabel(url: string | undefined): string {
  if (!url) return OTHER;
  const q = url.search(/[?#]/);
  const path = q === -1 ? url : url.slice(0, q);
  if (path.startsWith(STATIC_PREFIX)) return "/_next/static";
  return matchRoute(path)?.pattern ?? OTHER;
}

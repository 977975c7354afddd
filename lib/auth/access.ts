// Who may see a response: the decision the proxy applies to every request.
import type { AccessConfig } from "./config";

/** Paths that probes and scrapers reach directly; they answer without cluster objects. */
export const EXEMPT_PATHS: readonly string[] = ["/api/healthz", "/api/readyz", "/metrics"];

/** The headers the proxy sets for the app after validation. Incoming copies are always deleted. */
export const USER_HEADER = "x-rolecall-user";
export const GROUPS_HEADER = "x-rolecall-groups";

/**
 * Identity headers an authenticating proxy may set. They are deleted from every request
 * (after being read in proxy mode) so no page, route or log downstream can trust them.
 */
export const IDENTITY_HEADERS: readonly string[] = [
  "x-auth-request-user",
  "x-auth-request-email",
  "x-auth-request-groups",
  "x-auth-request-preferred-username",
  "x-auth-request-access-token",
  "x-forwarded-user",
  "x-forwarded-email",
  "x-forwarded-groups",
  "x-forwarded-preferred-username",
  "x-forwarded-access-token",
  "remote-user",
  USER_HEADER,
  GROUPS_HEADER,
];

export function headersToStrip(config: AccessConfig): string[] {
  return [...new Set([...IDENTITY_HEADERS, ...config.userHeaders, config.groupsHeader])];
}

export interface HeaderReader {
  get(name: string): string | null;
}

export type AccessDecision =
  | { allow: true; user: string | null; groups: string[] }
  | { allow: false; status: 401 | 403; error: string };

const MAX_NAME = 256;
const MAX_GROUPS = 256;
// Printable ASCII without controls; a user name from a proxy never needs more, and this keeps
// it safe to put back into a header and to render.
const PRINTABLE = /^[\x20-\x7e]+$/;

function clean(value: string | null): string | null {
  if (value == null) return null;
  const v = value.trim();
  if (!v || v.length > MAX_NAME || !PRINTABLE.test(v)) return null;
  return v;
}

export function parseGroups(value: string | null): string[] {
  if (!value) return [];
  const out: string[] = [];
  for (const part of value.split(",")) {
    const g = clean(part);
    if (g && !out.includes(g)) out.push(g);
    if (out.length >= MAX_GROUPS) break;
  }
  return out;
}

export function isExempt(pathname: string): boolean {
  return EXEMPT_PATHS.includes(pathname);
}

export function decideAccess(config: AccessConfig, pathname: string, headers: HeaderReader): AccessDecision {
  if (config.mode !== "proxy") return { allow: true, user: null, groups: [] };
  if (isExempt(pathname)) return { allow: true, user: null, groups: [] };
  let user: string | null = null;
  for (const h of config.userHeaders) {
    user = clean(headers.get(h));
    if (user) break;
  }
  if (!user) return { allow: false, status: 401, error: "not signed in" };
  const groups = parseGroups(headers.get(config.groupsHeader));
  if (config.allowedGroups && !groups.some((g) => config.allowedGroups!.includes(g))) {
    return { allow: false, status: 403, error: "your groups may not use Rolecall" };
  }
  return { allow: true, user, groups };
}

// Access settings read from the environment once per request (cheap: a few string ops).
// Pure: takes the env object, so tests pass their own. No "server-only" import on purpose:
// proxy.ts imports this and these functions hold no secrets.

export type AuthMode = "none" | "proxy";

export interface AccessConfig {
  /** "proxy": an authenticating reverse proxy (oauth2-proxy) sets the identity headers. */
  mode: AuthMode;
  /** Request headers that may carry the user name, in order of preference (lower case). */
  userHeaders: string[];
  /** Request header with the comma-separated groups (lower case). */
  groupsHeader: string;
  /** Null: every authenticated user may see everything. Otherwise one of these groups is required. */
  allowedGroups: string[] | null;
  /** CSP frame-ancestors sources, already validated. */
  frameAncestors: string[];
  /** Any frame-ancestors entries that were dropped as invalid (reported by the caller, not fatal). */
  rejectedFrameAncestors: string[];
}

export const DEFAULT_USER_HEADERS = ["x-auth-request-user", "x-forwarded-user"];
export const DEFAULT_GROUPS_HEADER = "x-auth-request-groups";

type Env = Record<string, string | undefined>;

// RFC 7230 token characters: what a header name may contain.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

function headerList(value: string | undefined, fallback: string[]): string[] {
  if (!value || !value.trim()) return fallback;
  const names = value
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => HEADER_NAME.test(s));
  return names.length > 0 ? names : fallback;
}

export function readAccessConfig(env: Env): AccessConfig {
  const raw = (env.ROLECALL_AUTH ?? "").trim().toLowerCase();
  // Anything but "proxy" is the default mode: identity headers are ignored there, so an
  // unknown value can never make a request more trusted than it was.
  const mode: AuthMode = raw === "proxy" ? "proxy" : "none";
  const allowed = (env.ROLECALL_ALLOWED_GROUPS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const { sources, rejected } = parseFrameAncestors(env.ROLECALL_FRAME_ANCESTORS);
  return {
    mode,
    userHeaders: headerList(env.ROLECALL_USER_HEADER, DEFAULT_USER_HEADERS),
    groupsHeader: headerList(env.ROLECALL_GROUPS_HEADER, [DEFAULT_GROUPS_HEADER])[0],
    allowedGroups: allowed.length > 0 ? allowed : null,
    frameAncestors: sources,
    rejectedFrameAncestors: rejected,
  };
}

// A frame-ancestors source: 'none', 'self', or a scheme + host (optional *. prefix and port).
// Paths, quotes other than the two keywords, semicolons and commas are refused, so the env
// value cannot inject other CSP directives.
const KEYWORD = /^'(none|self)'$/;
const ORIGIN = /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:(\d{1,5}|\*))?\/?$/i;

export function parseFrameAncestors(value: string | undefined): { sources: string[]; rejected: string[] } {
  const tokens = (value ?? "")
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const sources: string[] = [];
  const rejected: string[] = [];
  for (const t of tokens) {
    const lower = t.toLowerCase();
    if (lower === "none" || lower === "self") sources.push(`'${lower}'`);
    else if (KEYWORD.test(lower)) sources.push(lower);
    else if (ORIGIN.test(t)) sources.push(t.replace(/\/$/, ""));
    else rejected.push(t);
  }
  // 'none' must stand alone; mixed with origins it would be ignored by browsers anyway.
  const origins = sources.filter((s) => s !== "'none'");
  if (origins.length === 0) return { sources: ["'none'"], rejected };
  return { sources: [...new Set(origins)], rejected };
}

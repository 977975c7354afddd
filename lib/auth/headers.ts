// Security headers for every response, and the per-request CSP.

export interface CspInput {
  nonce: string;
  frameAncestors: string[];
  /** next dev needs eval for its error overlay; production never gets it. */
  dev: boolean;
}

export function buildCsp({ nonce, frameAncestors, dev }: CspInput): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic' lets the nonce'd bootstrap load the chunks; no 'unsafe-inline'.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React Flow and other libraries set style attributes; style attributes cannot carry a
    // nonce, so inline styles stay allowed. Scripts are what the nonce protects.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.join(" ")}`,
  ];
  return directives.join("; ");
}

/** A fresh, unguessable nonce (base64 of 16 random bytes). */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** Server-sent event streams: never cached, never transformed (compressed/buffered) on the way. */
export const STREAM_PATHS: ReadonlySet<string> = new Set(["/api/v1/events"]);

/** True for answers that carry data and must never be cached by a browser or proxy. */
export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/") || pathname === "/metrics";
}

export function securityHeaders(opts: { csp: string; frameAncestors: string[]; pathname: string }): Record<string, string> {
  const h: Record<string, string> = {
    "Content-Security-Policy": opts.csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  // X-Frame-Options cannot list origins; browsers that know CSP use frame-ancestors, so only
  // send it when nothing may frame us.
  if (opts.frameAncestors.length === 1 && opts.frameAncestors[0] === "'none'") h["X-Frame-Options"] = "DENY";
  // These replace whatever the route sets, so the event stream keeps its no-transform (which
  // also keeps the server's gzip from buffering it).
  if (isApiPath(opts.pathname)) h["Cache-Control"] = STREAM_PATHS.has(opts.pathname) ? "no-store, no-transform" : "no-store";
  return h;
}

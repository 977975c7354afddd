import "server-only";
import http from "node:http";
import type net from "node:net";
import { readAccessConfig } from "@/lib/auth/config";
import { buildCsp, makeNonce, securityHeaders } from "@/lib/auth/headers";
import { log } from "@/lib/log";
import { observeRequest } from "@/lib/metrics";
import { routeLabel } from "@/lib/http/route-label";
import { checkRequest, pathOf, type Refusal } from "./guard";

const PATCHED = Symbol.for("rolecall.http.server");
const HELD = Symbol.for("rolecall.http.held");

// Long-lived streams would only flatten the histogram; the open-streams gauge covers them.
const UNTIMED = new Set(["/api/v1/events"]);
const LABELLED_METHODS = new Set(["GET", "HEAD", "POST", "OPTIONS"]);

/** Writes a refusal as the proxy would: JSON, no-store, the security headers. */
function refuse(res: http.ServerResponse, url: string, r: Refusal): void {
  const config = readAccessConfig(process.env);
  const csp = buildCsp({ nonce: makeNonce(), frameAncestors: config.frameAncestors, dev: process.env.NODE_ENV === "development" });
  const headers: Record<string, string> = {
    ...securityHeaders({ csp, frameAncestors: config.frameAncestors, pathname: url.startsWith("/") ? pathOf(url) : "/" }),
    "Cache-Control": "no-store",
  };
  if (r.allow) headers.Allow = r.allow.join(", ");
  if (r.status === 204) {
    res.writeHead(204, headers).end();
    return;
  }
  const body = JSON.stringify({ error: r.error, ...(r.field ? { field: r.field } : {}) });
  res.writeHead(r.status, { ...headers, "Content-Type": "application/json" }).end(body);
}

/**
 * What Node's parser refuses (an unknown method such as FOO, a malformed request line or
 * header) never becomes a request: Node would answer a bare 400. Answer the same status as
 * JSON with the security headers.
 */
function refuseUnparsable(err: NodeJS.ErrnoException, socket: net.Socket): void {
  const inFlight = (socket as unknown as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const status = err.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
  const config = readAccessConfig(process.env);
  const csp = buildCsp({ nonce: makeNonce(), frameAncestors: config.frameAncestors, dev: process.env.NODE_ENV === "development" });
  const headers = { ...securityHeaders({ csp, frameAncestors: config.frameAncestors, pathname: "/api" }), "Content-Type": "application/json" };
  const body = JSON.stringify({ error: status === 431 ? "request headers too large" : "malformed HTTP request" });
  const head = [`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${Buffer.byteLength(body)}`, "Connection: close"];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
}

/**
 * Wraps the Node HTTP server once, from instrumentation.ts: times every request (pages and API
 * alike, from the "request" event to the end of the response; Next has no per-response hook),
 * logs every 5xx with its route, and refuses what checkRequest refuses before Next sees it.
 */
export function instrumentHttpServer(): void {
  const proto = http.Server.prototype as unknown as Record<PropertyKey, unknown> & {
    emit: (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  };
  if (proto[PATCHED]) return;
  proto[PATCHED] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "clientError") {
      refuseUnparsable(args[0] as NodeJS.ErrnoException, args[1] as net.Socket);
      return true;
    }
    if (event !== "request") return emit.call(this, event, ...args);
    const req = args[0] as http.IncomingMessage;
    const res = args[1] as http.ServerResponse;
    const route = routeLabel(req.url);
    const method = req.method ?? "GET";
    // llhttp accepts some 30 methods; the label keeps the four the app answers.
    const methodLabel = LABELLED_METHODS.has(method) ? method : "other";
    const start = process.hrtime.bigint();
    res.once("finish", () => {
      if (res.statusCode >= 500) log.error({ method, route, status: res.statusCode }, "request answered with a server error");
      if (UNTIMED.has(route)) return;
      observeRequest(methodLabel, route, res.statusCode, Number(process.hrtime.bigint() - start) / 1e9);
    });
    let refusal: Refusal | undefined;
    try {
      refusal = checkRequest(req, readAccessConfig(process.env));
    } catch (err) {
      log.error({ err, method, route }, "request check failed");
      refusal = { status: 400, error: "bad request" };
    }
    if (refusal) {
      refuse(res, req.url ?? "", refusal);
      return true;
    }
    return emit.call(this, event, ...args);
  };
  // Requests that arrived before this (held by scripts/http-gate.cjs) pass the checks now.
  const held = (globalThis as Record<symbol, [http.Server, unknown[]][] | undefined>)[HELD];
  for (const [server, args] of held?.splice(0) ?? []) server.emit("request", ...args);
}

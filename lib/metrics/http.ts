import "server-only";
import http from "node:http";
import { observeRequest } from "./index";
import { routeLabel } from "./route-label";

const PATCHED = Symbol.for("rolecall.metrics.http");

// Long-lived streams would only flatten the histogram; the open-streams gauge covers them.
const UNTIMED = new Set(["/api/v1/events"]);

/**
 * Times every request the Node HTTP server handles, pages and API alike, from the
 * "request" event to the end of the response. Next gives no per-response hook in the proxy
 * (it runs before the handler), so this wraps http.Server once, from instrumentation.ts.
 */
export function instrumentHttpServer(): void {
  const proto = http.Server.prototype as unknown as Record<PropertyKey, unknown> & {
    emit: (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  };
  if (proto[PATCHED]) return;
  proto[PATCHED] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      const res = args[1] as http.ServerResponse;
      const route = routeLabel(req.url);
      if (!UNTIMED.has(route)) {
        const start = process.hrtime.bigint();
        res.once("finish", () => {
          const seconds = Number(process.hrtime.bigint() - start) / 1e9;
          observeRequest(req.method ?? "GET", route, res.statusCode, seconds);
        });
      }
    }
    return emit.call(this, event, ...args);
  };
}

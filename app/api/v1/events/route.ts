import type { NextRequest } from "next/server";
import { trackSseStream } from "@/lib/metrics";
import { getStore } from "@/lib/store";
import type { ChangeMessage } from "@/lib/api/types";

const HEARTBEAT_MS = 15_000;

/**
 * GET /api/v1/events: server-sent events. One `data: {"version":N,"kinds":[...]}` per store
 * change (the first one right away, with the current version and no kinds), a heartbeat
 * (comment + `heartbeat` event) every 15 s, and the store subscription dropped when the client goes away.
 */
export function GET(request: NextRequest) {
  const store = getStore();
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const message = (m: ChangeMessage) => send(`data: ${JSON.stringify(m)}\n\n`);
      // Tell EventSource how soon to reconnect after a drop.
      const untrack = trackSseStream();
      send(`retry: 2000\n`);
      message({ version: store.snapshot().version, kinds: [] });
      const unsubscribe = store.subscribe((e) => message({ version: e.version, kinds: e.kinds }));
      // A comment keeps proxies from timing the stream out; the named event lets the
      // browser notice a stream that went silent (EventSource does not surface comments).
      const heartbeat = setInterval(() => send(`: heartbeat\nevent: heartbeat\ndata: {}\n\n`), HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        untrack();
        unsubscribe();
        request.signal.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      request.signal.addEventListener("abort", cleanup);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      // Proxies such as nginx must not buffer the stream.
      "X-Accel-Buffering": "no",
    },
  });
}

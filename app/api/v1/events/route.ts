import type { NextRequest } from "next/server";
import { eventStream } from "@/lib/api/events";
import { trackSseStream } from "@/lib/metrics";
import { onHistoryWritten } from "@/lib/server/history";
import { getStore } from "@/lib/server/store";

/**
 * GET /api/v1/events: server-sent events, one `data: {"version":N,"kinds":[...]}` per store
 * change and an `event: history` per history write (see lib/api/events.ts), heartbeats every
 * 15 s, cleaned up when the client leaves.
 */
export function GET(request: NextRequest) {
  const stream = eventStream(getStore(), request.signal, { onClose: trackSseStream(), history: onHistoryWritten });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: compression must not buffer the stream.
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      // Proxies such as nginx must not buffer it either.
      "X-Accel-Buffering": "no",
    },
  });
}

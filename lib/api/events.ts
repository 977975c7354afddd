import "server-only";
import type { Store } from "@/lib/store/contract";
import type { ChangeMessage } from "./types";

export interface EventStreamOptions {
  heartbeatMs?: number;
  /** Called once when the stream closes (client gone, or cancelled). */
  onClose?: () => void;
  /** Subscribes to history writes: each becomes an `event: history` with the number of entries. */
  history?: (listener: (entries: number) => void) => () => void;
}

/**
 * The server-sent event stream behind /api/v1/events: `retry`, then one
 * `data: {"version":N,"kinds":[...]}` right away (current version, no kinds) and one per store
 * change, a heartbeat (a comment for proxies plus a `heartbeat` event the browser can see)
 * every heartbeatMs, an `event: history` with `data: {"entries":N}` when history entries are
 * written (open history feeds refetch their first page), and the subscriptions dropped when
 * `signal` aborts.
 */
export function eventStream(store: Store, signal: AbortSignal, opts: EventStreamOptions = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
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
      send("retry: 2000\n\n");
      message({ version: store.snapshot().version, kinds: [] });
      const unsubscribe = store.subscribe((e) => message({ version: e.version, kinds: e.kinds }));
      const unsubscribeHistory = opts.history?.((entries) => send(`event: history\ndata: ${JSON.stringify({ entries })}\n\n`));
      const heartbeat = setInterval(() => send(": heartbeat\nevent: heartbeat\ndata: {}\n\n"), opts.heartbeatMs ?? 15_000);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        unsubscribeHistory?.();
        signal.removeEventListener("abort", cleanup);
        opts.onClose?.();
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      if (signal.aborted) cleanup();
      else signal.addEventListener("abort", cleanup);
    },
    cancel() {
      cleanup();
    },
  });
}

"use client";
// Keeps open pages current: one EventSource on /api/v1/events per tab. Each change message
// invalidates the React Query queries it concerns (batched, a few times a second at most);
// a `history` event (entries written) invalidates the history feeds.
// When the stream drops, queries are polled until it is back, and the frame shows
// "reconnecting". A stream silent past three heartbeats is treated as dropped.
import { useQueryClient, type Query, type QueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { ChangeMessage } from "@/lib/api/types";

export type Connection = "connecting" | "live" | "reconnecting";

export interface LiveState {
  connection: Connection;
  /** When the stream dropped (while reconnecting), epoch ms. */
  since?: number;
  /** Last store version seen on the stream. */
  version?: number;
}

const LiveContext = createContext<LiveState>({ connection: "connecting" });

export const useLive = () => useContext(LiveContext);

const POLL_MS = 5_000;
const SILENCE_MS = 45_000;
const FLUSH_MS = 250;

/**
 * A query concerns a change unless it declares `meta.kinds` and none of them changed.
 * An empty set (a sync-state change, or catching up after a drop) concerns every query.
 */
export function concerns(query: Pick<Query, "meta">, changed: ReadonlySet<string>): boolean {
  const kinds = query.meta?.kinds;
  if (!Array.isArray(kinds) || changed.size === 0) return true;
  return kinds.some((k) => changed.has(String(k)));
}

/**
 * What a stream message asks to refresh: its kinds, [] for everything, or undefined for
 * nothing. The first message after (re)connecting has the current version and no kinds: catch
 * up if the store moved on since the page's data was rendered or last seen. A later message
 * without kinds is a change to something else (manifest problems, resources, sync state).
 */
export function toRefresh(msg: ChangeMessage, live: boolean, seenVersion: number | undefined): readonly string[] | undefined {
  if (!live) return seenVersion === undefined || msg.version !== seenVersion ? [] : undefined;
  if (msg.kinds.length > 0) return msg.kinds;
  return msg.version !== seenVersion ? [] : undefined;
}

/**
 * Invalidates the queries a change concerns, fetches in flight included. TanStack keeps a query's
 * fetch in flight when it is invalidated before the query has data, or while no page watches it
 * (it cancels one only for a watched query with data to show meanwhile). That fetch may have read
 * the server before the change, and its answer marks the query fresh: the page would show the
 * state before the change until some later one. Such a query is asked again as soon as its fetch
 * ends. `stop` ends the watch (the provider's cleanup).
 */
export function liveInvalidator(queryClient: QueryClient) {
  const cache = queryClient.getQueryCache();
  const again = new Set<Query>();
  const unsubscribe = cache.subscribe((e) => {
    if (!again.has(e.query)) return;
    if (e.type === "removed") again.delete(e.query);
    else if (e.type === "updated" && e.query.state.fetchStatus === "idle") {
      again.delete(e.query);
      const key = e.query.queryKey;
      // after TanStack has told every listener of the fetch's end, not in the middle of it
      queueMicrotask(() => void queryClient.invalidateQueries({ queryKey: key, exact: true }));
    }
  });
  return {
    invalidate(matches: (q: Query) => boolean) {
      for (const q of cache.findAll({ predicate: matches })) if (q.state.fetchStatus === "fetching" && (q.state.data === undefined || !q.isActive())) again.add(q);
      void queryClient.invalidateQueries({ predicate: matches });
    },
    stop() {
      unsubscribe();
      again.clear();
    },
  };
}

export function LiveProvider({ children, initialVersion, url = "/api/v1/events" }: { children: ReactNode; initialVersion?: number; url?: string }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>({ connection: "connecting" });
  // Only the version the page was first rendered with matters; a re-rendered layout must
  // not reopen the stream.
  const [firstVersion] = useState(initialVersion);

  useEffect(() => {
    let es: EventSource | undefined;
    let disposed = false;
    let connection: Connection = "connecting";
    let seenVersion = firstVersion;
    let pollTimer: ReturnType<typeof setInterval> | undefined;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let silenceTimer: ReturnType<typeof setTimeout> | undefined;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let pending: Set<string> | "all" | undefined;
    let backoff = 1_000;
    const live = liveInvalidator(queryClient);

    const invalidate = (changed: ReadonlySet<string>) => live.invalidate((q) => concerns(q, changed));

    const queue = (kinds: readonly string[]) => {
      if (kinds.length === 0) pending = "all";
      else if (pending !== "all") {
        pending ??= new Set();
        for (const k of kinds) pending.add(k);
      }
      flushTimer ??= setTimeout(() => {
        flushTimer = undefined;
        const p = pending;
        pending = undefined;
        invalidate(p === "all" || !p ? new Set() : p);
      }, FLUSH_MS);
    };

    const stopPolling = () => {
      if (pollTimer) clearInterval(pollTimer);
      pollTimer = undefined;
    };
    const armSilence = () => {
      if (silenceTimer) clearTimeout(silenceTimer);
      silenceTimer = setTimeout(() => dropped(true), SILENCE_MS);
    };

    const dropped = (reopen: boolean) => {
      if (disposed) return;
      if (connection !== "reconnecting") {
        connection = "reconnecting";
        setState((s) => ({ ...s, connection, since: Date.now() }));
      }
      pollTimer ??= setInterval(() => invalidate(new Set()), POLL_MS);
      if (!reopen) return;
      es?.close();
      es = undefined;
      reopenTimer ??= setTimeout(() => {
        reopenTimer = undefined;
        open();
      }, backoff);
      backoff = Math.min(backoff * 2, 30_000);
    };

    const onMessage = (ev: MessageEvent<string>) => {
      armSilence();
      let msg: ChangeMessage;
      try {
        msg = JSON.parse(ev.data) as ChangeMessage;
      } catch {
        return;
      }
      const wasLive = connection === "live";
      if (!wasLive) {
        connection = "live";
        stopPolling();
      }
      const changed = toRefresh(msg, wasLive, seenVersion);
      if (changed) queue(changed);
      seenVersion = msg.version;
      setState({ connection: "live", version: msg.version });
    };

    function open() {
      if (disposed) return;
      es = new EventSource(url);
      es.onopen = () => {
        backoff = 1_000;
        armSilence();
      };
      es.onmessage = onMessage;
      es.addEventListener("heartbeat", armSilence);
      // new history entries: the feeds' first pages refetch (no polling while the stream is up)
      es.addEventListener("history", () => live.invalidate((q) => q.queryKey[0] === "history"));
      // CONNECTING: the browser retries by itself; CLOSED: it gave up (e.g. a 503), so we reopen.
      es.onerror = () => dropped(es?.readyState === EventSource.CLOSED);
    }

    open();
    return () => {
      disposed = true;
      es?.close();
      stopPolling();
      live.stop();
      for (const t of [reopenTimer, silenceTimer, flushTimer]) if (t) clearTimeout(t);
    };
  }, [queryClient, url, firstVersion]);

  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

/**
 * For the server's 404 page: each time the stream reports a new version, ask for this address
 * again and reload once it answers. An object created a moment before its page was opened (the
 * store had not seen it yet) then appears without a manual reload. A 404 page holds no state
 * to lose, and Next keeps showing not-found on a soft refresh of the same address.
 */
export function useReloadOnceFound(enabled: boolean) {
  const { version } = useLive();
  useEffect(() => {
    if (!enabled || version === undefined) return;
    const asked = new AbortController();
    fetch(window.location.href, { cache: "no-store", signal: asked.signal })
      .then((res) => {
        if (res.ok) window.location.reload();
      })
      .catch(() => {});
    return () => asked.abort();
  }, [enabled, version]);
}

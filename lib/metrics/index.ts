import "server-only";
import type { KindState } from "@/lib/store/types";
import { metrics } from "./registry";

/**
 * Call when a server-sent event stream opens; call the returned function when it closes.
 * Closing twice counts once, so it can be wired to both abort and cancel.
 */
export function trackSseStream(): () => void {
  const m = metrics();
  m.sseOpen.inc();
  m.sseTotal.inc();
  let open = true;
  return () => {
    if (!open) return;
    open = false;
    m.sseOpen.dec();
  };
}

export function observeRequest(method: string, route: string, status: number, seconds: number): void {
  metrics().httpDuration.observe({ method, route, status: String(status) }, seconds);
}

const STATES: KindState["state"][] = ["syncing", "synced", "not-permitted", "error"];

/** Copy the store's state into the gauges; called right before each scrape. */
export function recordStore(s: { version: number; kinds: readonly KindState[]; synced: boolean }): void {
  const m = metrics();
  m.storeVersion.set(s.version);
  m.storeSynced.set(s.synced ? 1 : 0);
  for (const k of s.kinds) {
    m.informerSynced.set({ kind: k.kind }, k.state === "synced" || k.state === "not-permitted" ? 1 : 0);
    for (const st of STATES) m.informerState.set({ kind: k.kind, state: st }, k.state === st ? 1 : 0);
    m.informerRestarts.set({ kind: k.kind }, k.restarts);
  }
}

export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}

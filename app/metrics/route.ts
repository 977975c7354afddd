// GET /metrics: Prometheus text. Exempt from login (scrapers reach the pod directly), so it
// carries only counts and states: no object names, no messages.
import "server-only";
import { getStore } from "@/lib/server/store";
import { recordStore, renderMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const store = getStore();
  const snap = store.snapshot();
  recordStore({ version: snap.version, kinds: snap.kinds, synced: store.isSynced() });
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}

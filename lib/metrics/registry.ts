import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

// One registry per process. Next bundles proxy, instrumentation and each route separately, so
// module-level singletons would be duplicated; globalThis is shared by all of them.
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status">;
  sseOpen: Gauge;
  sseTotal: Counter;
  informerSynced: Gauge<"kind">;
  informerState: Gauge<"kind" | "state">;
  informerRestarts: Gauge<"kind">;
  storeVersion: Gauge;
  storeSynced: Gauge;
}

const KEY = Symbol.for("rolecall.metrics");

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const r = [registry];
  return {
    registry,
    httpDuration: new Histogram({
      name: "rolecall_http_request_duration_seconds",
      help: "Time from request to response end, by route template (SSE streams excluded).",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: r,
    }),
    sseOpen: new Gauge({ name: "rolecall_sse_streams_open", help: "Server-sent event streams open now.", registers: r }),
    sseTotal: new Counter({ name: "rolecall_sse_streams_total", help: "Server-sent event streams opened.", registers: r }),
    informerSynced: new Gauge({
      name: "rolecall_informer_synced",
      help: "1 when the kind's informer has finished its first list (or was found not permitted).",
      labelNames: ["kind"],
      registers: r,
    }),
    informerState: new Gauge({
      name: "rolecall_informer_state",
      help: "1 for the informer's current state (syncing, synced, not-permitted, error).",
      labelNames: ["kind", "state"],
      registers: r,
    }),
    informerRestarts: new Gauge({
      name: "rolecall_informer_restarts",
      help: "Watch restarts for the kind since the process started (monotonic).",
      labelNames: ["kind"],
      registers: r,
    }),
    storeVersion: new Gauge({ name: "rolecall_store_version", help: "Version of the current store snapshot.", registers: r }),
    storeSynced: new Gauge({ name: "rolecall_store_synced", help: "1 when every kind has synced.", registers: r }),
  };
}

export function metrics(): Metrics {
  const g = globalThis as unknown as Record<symbol, Metrics | undefined>;
  return (g[KEY] ??= create());
}

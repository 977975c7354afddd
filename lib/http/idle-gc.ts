import "server-only";
import { performance } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import { log } from "@/lib/log";

// V8 collects the old generation only when allocation pushes it to its limit. A server that
// loads a large world and then answers a first visitor is left holding the garbage of both
// (the reader's messages, the JSON compared and sent, the indexes' scratch), 150 MB on the
// 0-pod bench world, until enough new allocation comes, which an idle dashboard never
// makes: that garbage and the pages under it stay in RSS. So, when the event loop has been
// idle for a while and the heap has grown well past what the last full collection left,
// collect once. At most once per interval, never while busy.
//
// After a large growth (a load), that collection also compacts. What the load keeps (the store's objects, the indexes) was
// allocated between its garbage (the reader's messages, parse scratch), so after a plain full
// collection the live objects sit scattered over pages mostly empty, which V8 keeps: on the
// 100k-pod bench world, 350 to 400 MB used of a heap of 450 to 550 MB. V8 compacts on its own
// only where its heuristics pick a page; `--compact-on-every-full-gc`, set for this one
// collection, moves the survivors together, and V8 returns the emptied pages to the system.

export interface IdleCollectorOptions {
  /** How often to look (ms). */
  everyMs?: number;
  /** Growth of the used heap since the last full collection worth one (bytes). */
  growthBytes?: number;
  /**
   * Growth since the last full collection past which it also compacts (bytes): a load or a
   * large reload, what scatters survivors. Compacting a 100k-pod world's heap held the event
   * loop about three times as long as a plain collection (2.7 s against 0.8 s under load), so
   * a small growth (a visit's garbage) gets a plain one.
   */
  compactGrowthBytes?: number;
  /** Event loop utilisation over the last interval below which the process counts as idle. */
  idleBelow?: number;
  /** Tests: the collection and the heap reading to use instead of V8's. */
  collect?: () => void;
  compact?: () => void;
  heapUsed?: () => number;
}

const KEY = Symbol.for("rolecall.idle-gc");

/** V8's `gc` (options as in V8's gc extension). */
type Gc = (options?: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

/** The `gc` function, exposed at run time (the flag affects functions made from here on). */
function exposeGc(): Gc | undefined {
  const g = globalThis as { gc?: Gc };
  if (typeof g.gc === "function") return g.gc;
  try {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as Gc;
  } catch {
    return undefined;
  }
}

/**
 * A full collection that also compacts the old generation (see above), then V8's own
 * heuristics again. A longer pause than a plain one (it moves every survivor), which is why
 * only the idle collector asks for it.
 *
 * Then V8's last-resort collection, the one it runs under memory pressure: Node 24's V8 keeps
 * the pages a collection empties in a pool, still resident, and only that collection gives the
 * pool back (a probe of 500k survivors: RSS 569 MB after the compaction alone, 192 MB after
 * both; a pause of 170 ms for the compaction alone, 670 ms for both). Node 20's V8 gives the
 * pages back on its own, and the second call returns at once there (about 20 ms in the probe).
 */
export function compactingCollection(gc: Gc): () => void {
  return () => {
    v8.setFlagsFromString("--compact-on-every-full-gc");
    try {
      gc();
      gc({ type: "major", execution: "sync", flavor: "last-resort" });
    } finally {
      v8.setFlagsFromString("--no-compact-on-every-full-gc");
    }
  };
}

/** Starts the idle collector once per process; returns whether it runs. */
export function startIdleCollector(opts: IdleCollectorOptions = {}): boolean {
  const g = globalThis as Record<symbol, unknown>;
  if (g[KEY]) return true;
  const timer = idleCollector(opts);
  if (timer) g[KEY] = timer;
  return !!timer;
}

/** The collector's timer (unref'd), or undefined when `gc` cannot be had. */
export function idleCollector(opts: IdleCollectorOptions = {}): ReturnType<typeof setInterval> | undefined {
  const gc = opts.collect ?? exposeGc();
  if (!gc) return undefined;
  const compact = opts.compact ?? (opts.collect ? gc : compactingCollection(gc));
  const everyMs = opts.everyMs ?? 5000;
  const growth = opts.growthBytes ?? 32 * 1024 * 1024;
  const compactGrowth = opts.compactGrowthBytes ?? 128 * 1024 * 1024;
  const idleBelow = opts.idleBelow ?? 0.05;
  const used = opts.heapUsed ?? (() => v8.getHeapStatistics().used_heap_size);
  let base = used();
  let elu = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const busy = performance.eventLoopUtilization(elu).utilization;
    elu = performance.eventLoopUtilization();
    const before = used();
    if (busy >= idleBelow || before - base < growth) return;
    const t0 = performance.now();
    const compacted = before - base >= compactGrowth;
    (compacted ? compact : gc)();
    base = used();
    log.debug({ before, after: base, compacted, ms: Math.round(performance.now() - t0) }, "idle: heap collected");
  }, everyMs);
  timer.unref();
  return timer;
}

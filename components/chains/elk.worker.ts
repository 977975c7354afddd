// Layered layout off the main thread: elkjs's bundled build runs here, inside a worker. The
// worker starts with the chains page, but ELK's 1.5 MB script is loaded (a chunk of its own)
// only when a first layout is asked for: pages of small chains never need it.
import type ELKType from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk.bundled.js";

let elk: Promise<InstanceType<typeof ELKType>> | undefined;
// Wall-clock times (ms since the epoch) for the benchmark's timeline.
let loadedAt = 0;
const loadElk = () =>
  (elk ??= import("elkjs/lib/elk.bundled.js").then(({ default: ELK }) => {
    // Loaded in a worker, ELK's script makes itself the worker's `onmessage` (for its own
    // protocol, which nothing here speaks): ours is a listener, so it keeps getting every
    // message, and ELK's is dropped.
    self.onmessage = null;
    const instance = new ELK();
    loadedAt = performance.timeOrigin + performance.now();
    return instance;
  }));

async function onMessage(e: MessageEvent<{ id: number; graph: ElkNode }>) {
  const { id, graph } = e.data;
  try {
    const instance = await loadElk();
    const t0 = performance.now();
    const result = await instance.layout(graph);
    const t1 = performance.now();
    (self as unknown as Worker).postMessage({ id, result, ms: t1 - t0, at: { loaded: loadedAt, start: performance.timeOrigin + t0, end: performance.timeOrigin + t1 } });
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: String(err) });
  }
}
self.addEventListener("message", onMessage);

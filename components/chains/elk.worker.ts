// Layered layout off the main thread: elkjs's bundled build runs here, inside a worker.
import ELK, { type ElkNode } from "elkjs/lib/elk.bundled.js";

const elk = new ELK();
// Wall-clock times (ms since the epoch) for the benchmark's timeline.
const loadedAt = performance.timeOrigin + performance.now();

self.onmessage = async (e: MessageEvent<{ id: number; graph: ElkNode }>) => {
  const { id, graph } = e.data;
  try {
    const t0 = performance.now();
    const result = await elk.layout(graph);
    const t1 = performance.now();
    (self as unknown as Worker).postMessage({ id, result, ms: t1 - t0, at: { loaded: loadedAt, start: performance.timeOrigin + t0, end: performance.timeOrigin + t1 } });
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: String(err) });
  }
};

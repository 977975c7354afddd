// Layered layout off the main thread: elkjs's bundled build runs here, inside a worker.
import ELK, { type ElkNode } from "elkjs/lib/elk.bundled.js";

const elk = new ELK();

self.onmessage = async (e: MessageEvent<{ id: number; graph: ElkNode }>) => {
  const { id, graph } = e.data;
  try {
    const t0 = performance.now();
    const result = await elk.layout(graph);
    (self as unknown as Worker).postMessage({ id, result, ms: performance.now() - t0 });
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: String(err) });
  }
};

"use client";
// Layered left-to-right layout with elkjs in a Web Worker (one per tab, created lazily).
// Upstream (Jobs, Services) on the left, waiters on the right: the layout runs on edges
// reversed (target → waiter).
import type { ElkNode } from "elkjs/lib/elk.bundled.js";

export const NODE_W = 250;
export const NODE_H = 78;

export interface LayoutInput {
  nodes: string[];
  edges: { from: string; to: string }[];
}
export type Positions = Map<string, { x: number; y: number }>;

let worker: Worker | undefined;
let seq = 0;
const pending = new Map<number, { resolve: (r: { result: ElkNode; ms: number }) => void; reject: (e: Error) => void }>();
/** Time ELK itself spent in the worker on the last layout (for the benchmark's phases). */
export let lastElkMs = 0;

function getWorker(): Worker | undefined {
  if (typeof Worker === "undefined") return undefined;
  if (!worker) {
    worker = new Worker(new URL("./elk.worker.ts", import.meta.url));
    worker.onmessage = (e: MessageEvent<{ id: number; result?: ElkNode; ms?: number; error?: string }>) => {
      const p = pending.get(e.data.id);
      if (!p) return;
      pending.delete(e.data.id);
      if (e.data.result) p.resolve({ result: e.data.result, ms: e.data.ms ?? 0 });
      else p.reject(new Error(e.data.error ?? "layout failed"));
    };
    worker.onerror = (ev) => {
      for (const p of pending.values()) p.reject(new Error(ev.message || "layout worker failed"));
      pending.clear();
      worker = undefined;
    };
  }
  return worker;
}

export function elkGraph(input: LayoutInput): ElkNode {
  // Big graphs trade a little crossing minimisation for speed (measured: 300 nodes ~4x
  // faster); ELK's edge routes are not used (React Flow draws the edges).
  const big = input.nodes.length > 100;
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "90",
      "elk.spacing.nodeNode": "28",
      "elk.spacing.componentComponent": "48",
      "elk.separateConnectedComponents": big ? "false" : "true",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.layered.nodePlacement.strategy": big ? "SIMPLE" : "BRANDES_KOEPF",
      "elk.layered.thoroughness": big ? "1" : "7",
      // Big graphs keep the input order (chain by chain) instead of minimising crossings.
      ...(big ? { "elk.layered.crossingMinimization.strategy": "NONE" } : {}),
      "elk.edgeRouting": "POLYLINE",
    },
    children: input.nodes.map((id) => ({ id, width: NODE_W, height: NODE_H })),
    edges: input.edges.map((e, i) => ({ id: `e${i}`, sources: [e.to], targets: [e.from] })),
  };
}

/** Starts the worker and warms ELK up (its first layout is several times slower). */
export function warmUp(): void {
  const w = getWorker();
  if (!w || warmed) return;
  warmed = true;
  const id = ++seq;
  pending.set(id, { resolve: () => {}, reject: () => {} });
  const nodes = Array.from({ length: 20 }, (_, i) => `n${i}`);
  w.postMessage({ id, graph: elkGraph({ nodes, edges: nodes.slice(1).map((n, i) => ({ from: n, to: nodes[i] })) }) });
}
let warmed = false;

export async function layout(input: LayoutInput): Promise<Positions> {
  const graph = elkGraph(input);
  const w = getWorker();
  let result: ElkNode;
  if (w) {
    const id = ++seq;
    const r = await new Promise<{ result: ElkNode; ms: number }>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ id, graph });
    });
    result = r.result;
    lastElkMs = r.ms;
  } else {
    const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
    result = await new ELK().layout(graph);
  }
  const out: Positions = new Map();
  for (const c of result.children ?? []) out.set(c.id, { x: c.x ?? 0, y: c.y ?? 0 });
  return out;
}

/** A key that changes only when the graph's shape changes (not its statuses). */
export function shapeKey(input: LayoutInput): string {
  return `${input.nodes.join("\n")}\n--\n${input.edges.map((e) => `${e.from}>${e.to}`).join("\n")}`;
}

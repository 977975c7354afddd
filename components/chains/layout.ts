"use client";
// Layered left-to-right layout with elkjs in a Web Worker (one per tab, started as soon as
// this module loads so ELK is parsed and warm before the chains arrive). Upstream (Jobs,
// Services) on the left, waiters on the right. Each distinct chain shape goes to ELK once
// (and is remembered), the chains are then packed in rows here (see layoutPlan.ts).
import type { ElkNode } from "elkjs/lib/elk.bundled.js";
import { assemble, components, distinctShapes, elkGraphOfShapes, shapeLayouts, type Component, type LayoutInput, type Positions, type ShapeLayout } from "./layoutPlan";

export type { LayoutInput, Positions } from "./layoutPlan";

export const NODE_W = 250;
export const NODE_H = 78;
const NODE = { w: NODE_W, h: NODE_H };
/** Space between packed chains: side by side wider than between a chain's own columns (90). */
export const CHAIN_GAP = { x: 180, y: 48 };
/**
 * More new nodes than this in one layout get ELK's cheap settings (measured in the browser
 * bench with 60 distinct chains: ~0.94 s against ~1.02 s with the careful ones).
 */
const MANY_NODES = 100;

export interface LayoutResult {
  /** Node positions, the chains packed in rows for a drawing area of this width / height. */
  place: (aspect: number) => Positions;
  /** ELK's own time in the worker (0 when every shape was already known). */
  elkMs: number;
  /** Nodes handed to ELK (the distinct shapes not laid out before). */
  elkNodes: number;
  chains: number;
}

let worker: Worker | undefined;
let seq = 0;
const pending = new Map<number, { resolve: (r: { result: ElkNode; ms: number }) => void; reject: (e: Error) => void }>();

function getWorker(): Worker | undefined {
  if (typeof Worker === "undefined") return undefined;
  if (!worker) {
    performance.mark("chains:worker-created");
    worker = new Worker(new URL("./elk.worker.ts", import.meta.url));
    worker.onmessage = (e: MessageEvent<{ id: number; result?: ElkNode; ms?: number; error?: string; at?: { loaded: number; start: number; end: number } }>) => {
      const at = e.data.at;
      if (at) {
        // On the page's timeline, for the benchmark (the worker has its own time origin).
        const o = performance.timeOrigin;
        if (!performance.getEntriesByName("chains:worker-loaded").length) performance.mark("chains:worker-loaded", { startTime: Math.max(0, at.loaded - o) });
        performance.measure("chains:elk", { start: Math.max(0, at.start - o), end: Math.max(0, at.end - o) });
      }
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

async function runElk(graph: ElkNode): Promise<{ result: ElkNode; ms: number }> {
  const w = getWorker();
  if (!w) {
    const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
    const t0 = performance.now();
    const result = await new ELK().layout(graph);
    return { result, ms: performance.now() - t0 };
  }
  const id = ++seq;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ id, graph });
  });
}

let warmed = false;
/** Starts the worker and warms ELK up (its first layouts are several times slower). */
export function warmUp(): void {
  if (warmed || !getWorker()) return;
  warmed = true;
  // The smallest chain: ELK's one-off set-up (most of its first layout) happens here, while
  // the page still waits for the chains; more would only delay a layout asked for meanwhile.
  const shapes: Component[] = [{ nodes: ["a", "b"], edges: [[0, 1]], shape: "" }];
  runElk(elkGraphOfShapes(shapes, NODE, false)).catch(() => {});
}
if (typeof window !== "undefined") warmUp();

// Shapes laid out so far in this tab. A shape keeps its layout for the tab's life (also one
// made with the cheap settings in a big batch), so chains already drawn never move when
// others appear.
const known = new Map<string, ShapeLayout>();

/** Lays out every distinct chain shape not seen before in this tab; placement is left to `place`. */
export async function layout(input: LayoutInput): Promise<LayoutResult> {
  const comps = components(input);
  const todo = distinctShapes(comps).filter((s) => !known.has(s.shape));
  const elkNodes = todo.reduce((a, s) => a + s.nodes.length, 0);
  let elkMs = 0;
  if (todo.length) {
    // Many new nodes at once (many distinct chains, or one huge one): ELK's cheap settings.
    const { result, ms } = await runElk(elkGraphOfShapes(todo, NODE, elkNodes > MANY_NODES));
    elkMs = ms;
    shapeLayouts(todo, result, NODE).forEach((l, i) => known.set(todo[i].shape, l));
  }
  return { place: (aspect) => assemble(comps, known, CHAIN_GAP, aspect), elkMs, elkNodes, chains: comps.length };
}

// One request per shape key (the last few), so asking during render is idempotent.
const requests = new Map<string, Promise<LayoutResult>>();
export function layoutOnce(key: string, input: LayoutInput): Promise<LayoutResult> {
  let r = requests.get(key);
  if (!r) {
    r = layout(input);
    requests.set(key, r);
    r.catch(() => requests.delete(key));
    if (requests.size > 4) requests.delete(requests.keys().next().value!);
  }
  return r;
}

/** A key that changes only when the graph's shape changes (not its statuses). */
export function shapeKey(input: LayoutInput): string {
  return `${input.nodes.join("\n")}\n--\n${input.edges.map((e) => `${e.from}>${e.to}`).join("\n")}`;
}

"use client";
// Layered left-to-right layout: upstream (Jobs, Services) on the left, waiters on the right.
// Each distinct chain shape is laid out once (and remembered), the chains are then packed in
// rows here (see layoutPlan.ts). Small chains, nearly all of them in practice, are laid out
// right here (layered.ts: under 20 ms for 60 different chains of five, code still cold);
// bigger or denser ones go to elkjs in a Web Worker. The worker starts with this module, but
// loads ELK's script only for a first layout, or once the page is idle after drawing: loading
// ELK with the page cost pages of small chains ~200 ms in the browser bench.
import type { ElkNode } from "elkjs/lib/elk.bundled.js";
import { layered } from "./layered";
import { assemble, CHAIN_SPACING, components, distinctShapes, elkGraphOfShapes, shapeLayouts, type Component, type LayoutInput, type Positions, type ShapeLayout } from "./layoutPlan";

export type { LayoutInput, Positions } from "./layoutPlan";

// Sized with the node's fonts (name 14 px) so that the widest chain of the examples (five
// columns) fits 1440 px wide at a zoom where the name still renders at 12 px.
export const NODE_W = 200;
export const NODE_H = 88;
const NODE = { w: NODE_W, h: NODE_H };
/** Space between packed chains: side by side wider than between a chain's own columns. */
export const CHAIN_GAP = { x: 120, y: 40 };
/**
 * More new nodes than this in one ELK layout get its cheap settings (with the careful ones,
 * 300 nodes took ~8% longer in the browser bench).
 */
const MANY_NODES = 100;

export interface LayoutResult {
  /** Node positions, the chains packed in rows no wider than this (in layout units). */
  place: (rowWidth: number) => Positions;
  /** ELK's own time in the worker (0 when it was not needed). */
  elkMs: number;
  /** Nodes handed to ELK (new shapes of chains too big or dense to lay out here). */
  elkNodes: number;
  /** When this layout was asked for (performance.now()). */
  startedAt: number;
  /** Nodes laid out here (new shapes of small chains), and the time that took on this thread. */
  smallNodes: number;
  smallMs: number;
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
  warmed = true;
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

/** Whether ELK has had a job (its first layouts are several times slower than later ones). */
let warmed = false;
/** Starts the worker and warms ELK up. */
function warmUp(): void {
  if (warmed || !getWorker()) return;
  // The smallest chain: ELK's one-off set-up (most of its first layout) happens here.
  const shapes: Component[] = [{ nodes: ["a", "b"], edges: [[0, 1]], shape: "" }];
  runElk(elkGraphOfShapes(shapes, NODE, false)).catch(() => {});
}

/** Warms ELK once the page has drawn and is idle, so a big chain later on needs no wait. */
export function warmUpWhenIdle(): () => void {
  if (warmed || typeof window === "undefined") return () => {};
  if (typeof requestIdleCallback === "undefined") {
    const t = setTimeout(warmUp, 1000);
    return () => clearTimeout(t);
  }
  const h = requestIdleCallback(warmUp, { timeout: 5000 });
  return () => cancelIdleCallback(h);
}

// Shapes laid out so far in this tab. A shape keeps its layout for the tab's life (also one
// made with the cheap settings in a big batch), so chains already drawn never move when
// others appear.
const known = new Map<string, ShapeLayout>();

/** Lays out every distinct chain shape not seen before in this tab; placement is left to `place`. */
export async function layout(input: LayoutInput): Promise<LayoutResult> {
  performance.mark("chains:layout-start");
  const startedAt = performance.now();
  const comps = components(input);
  const todo = distinctShapes(comps).filter((s) => !known.has(s.shape));
  const big: Component[] = [];
  let smallNodes = 0;
  const t0 = performance.now();
  for (const s of todo) {
    const l = layered(s, NODE, CHAIN_SPACING);
    if (!l) big.push(s);
    else {
      known.set(s.shape, l);
      smallNodes += s.nodes.length;
    }
  }
  const smallMs = performance.now() - t0;
  const elkNodes = big.reduce((a, s) => a + s.nodes.length, 0);
  let elkMs = 0;
  if (big.length) {
    // Many new nodes at once (many distinct chains, or one huge one): ELK's cheap settings.
    const { result, ms } = await runElk(elkGraphOfShapes(big, NODE, elkNodes > MANY_NODES));
    elkMs = ms;
    shapeLayouts(big, result, NODE).forEach((l, i) => known.set(big[i].shape, l));
  }
  return {
    place: (rowWidth) => assemble(comps, known, CHAIN_GAP, rowWidth),
    startedAt,
    elkMs,
    elkNodes,
    smallNodes,
    smallMs,
    chains: comps.length,
  };
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
// The worker itself (without ELK) starts with the page: its thread and bootstrap then cost
// nothing when a big chain needs ELK.
if (typeof window !== "undefined") getWorker();

"use client";
// Layered left-to-right layout with elkjs in a Web Worker (a small pool per tab, started as soon as
// this module loads so ELK is parsed and warm before the chains arrive). Upstream (Jobs,
// Services) on the left, waiters on the right. Each distinct chain shape goes to ELK once
// (and is remembered), the chains are then packed in rows here (see layoutPlan.ts).
import type { ElkNode } from "elkjs/lib/elk.bundled.js";
import { assemble, batches, components, distinctShapes, elkGraphOfShapes, shapeLayouts, type Component, type LayoutInput, type Positions, type ShapeLayout } from "./layoutPlan";

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
  /** ELK's own time in the worker, the longest one when split (0 when every shape was already known). */
  elkMs: number;
  /** Nodes handed to ELK (the distinct shapes not laid out before). */
  elkNodes: number;
  chains: number;
}

/** New nodes from which a layout is split over the pool (fewer: one worker, no waiting on a second one's warm-up). */
const SPLIT_FROM = 40;

/**
 * How many ELK workers: 2, fewer on a machine with fewer than 3 logical CPUs to spare one for
 * the page, at least 1. `?elkWorkers=N` (1-4) in the page's address overrides it, for the
 * browser bench's side-by-side runs only (harmless: the same layouts, computed on N workers).
 */
function poolSize(): number {
  const asked = Number(new URLSearchParams(location.search).get("elkWorkers"));
  if (Number.isInteger(asked) && asked >= 1 && asked <= 4) return asked;
  return Math.max(1, Math.min(2, (navigator.hardwareConcurrency || 1) - 1));
}

type Reply = { result: ElkNode; ms: number };
interface Slot {
  worker: Worker | undefined;
  pending: Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>;
}
let pool: Slot[] | undefined;
let seq = 0;

function startWorker(slot: Slot): Worker {
  const worker = new Worker(new URL("./elk.worker.ts", import.meta.url));
  worker.onmessage = (e: MessageEvent<{ id: number; result?: ElkNode; ms?: number; error?: string; at?: { loaded: number; start: number; end: number } }>) => {
    const at = e.data.at;
    if (at) {
      // On the page's timeline, for the benchmark (the worker has its own time origin).
      const o = performance.timeOrigin;
      if (!performance.getEntriesByName("chains:worker-loaded").length) performance.mark("chains:worker-loaded", { startTime: Math.max(0, at.loaded - o) });
      performance.measure("chains:elk", { start: Math.max(0, at.start - o), end: Math.max(0, at.end - o) });
    }
    const p = slot.pending.get(e.data.id);
    if (!p) return;
    slot.pending.delete(e.data.id);
    if (e.data.result) p.resolve({ result: e.data.result, ms: e.data.ms ?? 0 });
    else p.reject(new Error(e.data.error ?? "layout failed"));
  };
  worker.onerror = (ev) => {
    for (const p of slot.pending.values()) p.reject(new Error(ev.message || "layout worker failed"));
    slot.pending.clear();
    slot.worker = undefined; // started again on the next layout
  };
  return worker;
}

/** The workers, all started on first use (when this module loads in the browser). */
function getPool(): Slot[] | undefined {
  if (typeof Worker === "undefined") return undefined;
  if (!pool) {
    performance.mark("chains:worker-created");
    pool = Array.from({ length: poolSize() }, () => ({ worker: undefined, pending: new Map() }));
    for (const slot of pool) slot.worker = startWorker(slot);
  }
  return pool;
}

async function runElk(graph: ElkNode, k = 0): Promise<Reply> {
  const slots = getPool();
  if (!slots) {
    const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
    const t0 = performance.now();
    const result = await new ELK().layout(graph);
    return { result, ms: performance.now() - t0 };
  }
  const slot = slots[k % slots.length];
  const w = (slot.worker ??= startWorker(slot));
  const id = ++seq;
  return new Promise((resolve, reject) => {
    slot.pending.set(id, { resolve, reject });
    w.postMessage({ id, graph });
  });
}

let warmed = false;
/** Starts the workers and warms ELK up in each (its first layouts are several times slower). */
export function warmUp(): void {
  const slots = getPool();
  if (warmed || !slots) return;
  warmed = true;
  // The smallest chain: ELK's one-off set-up (most of its first layout) happens here, while
  // the page still waits for the chains; more would only delay a layout asked for meanwhile.
  const shapes: Component[] = [{ nodes: ["a", "b"], edges: [[0, 1]], shape: "" }];
  slots.forEach((_, k) => runElk(elkGraphOfShapes(shapes, NODE, false), k).catch(() => {}));
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
    // Many new nodes: the shapes split in balanced batches, one per worker, laid out at once.
    // ELK lays out each shape on its own anyway, so the split does not change any layout.
    const big = elkNodes > MANY_NODES;
    const parts = elkNodes >= SPLIT_FROM ? batches(todo, getPool()?.length ?? 1) : [todo];
    const replies = await Promise.all(parts.map((b, k) => runElk(elkGraphOfShapes(b, NODE, big), k)));
    replies.forEach(({ result, ms }, k) => {
      elkMs = Math.max(elkMs, ms);
      shapeLayouts(parts[k], result, NODE).forEach((l, i) => known.set(parts[k][i].shape, l));
    });
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

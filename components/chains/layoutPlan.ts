// Pure layout planning around ELK (no DOM, no worker): split the graph into its chains
// (connected components), give ELK each distinct chain shape once, then pack the chains
// ourselves in rows. ELK has a large fixed cost per node and per call, and a chains page
// is many small, often identical chains (one Helm chart or template repeated), so one ELK
// graph of distinct shapes is much cheaper than one 300-node graph or 60 separate calls.
import type { ElkNode } from "elkjs/lib/elk.bundled.js";

export interface LayoutInput {
  nodes: string[];
  edges: { from: string; to: string }[];
}
export type Positions = Map<string, { x: number; y: number }>;
export interface Size {
  w: number;
  h: number;
}

/** One chain of the input: its node ids in input order and its edges as index pairs. */
export interface Component {
  nodes: string[];
  /** [upstream, waiter] index pairs into `nodes`, sorted (ELK's model order sees them so). */
  edges: [number, number][];
  /** Same key = same drawing up to names: node count and the index pairs. */
  shape: string;
}

/** Connected components in input order (by each component's first node), nodes in input order. */
export function components(input: LayoutInput): Component[] {
  const index = new Map<string, number>();
  input.nodes.forEach((id, i) => index.set(id, i));
  const parent = input.nodes.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const edges: [number, number][] = [];
  for (const e of input.edges) {
    const a = index.get(e.to); // upstream
    const b = index.get(e.from); // waiter
    if (a === undefined || b === undefined) continue;
    edges.push([a, b]);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const byRoot = new Map<number, number[]>();
  input.nodes.forEach((_, i) => {
    const r = find(i);
    const l = byRoot.get(r);
    if (l) l.push(i);
    else byRoot.set(r, [i]);
  });
  const edgesByRoot = new Map<number, [number, number][]>();
  for (const e of edges) {
    const r = find(e[0]);
    const l = edgesByRoot.get(r);
    if (l) l.push(e);
    else edgesByRoot.set(r, [e]);
  }
  const out: Component[] = [];
  // Map iteration follows insertion, i.e. each component's first node in input order.
  for (const [root, members] of byRoot) {
    const local = new Map(members.map((g, i) => [g, i]));
    const seen = new Set<string>();
    const pairs: [number, number][] = [];
    for (const [a, b] of edgesByRoot.get(root) ?? []) {
      const p: [number, number] = [local.get(a)!, local.get(b)!];
      const k = `${p[0]}>${p[1]}`;
      if (p[0] === p[1] || seen.has(k)) continue; // parallel edges and self-loops don't change the layout
      seen.add(k);
      pairs.push(p);
    }
    pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    out.push({ nodes: members.map((g) => input.nodes[g]), edges: pairs, shape: `${members.length}:${pairs.map((p) => `${p[0]}>${p[1]}`).join(",")}` });
  }
  return out;
}

/** Distinct shapes in first-seen order. */
export function distinctShapes(comps: Component[]): Component[] {
  const seen = new Map<string, Component>();
  for (const c of comps) if (!seen.has(c.shape)) seen.set(c.shape, c);
  return [...seen.values()];
}

/** Space between a chain's columns (left to right) and between the nodes of a column. */
export const CHAIN_SPACING = { layer: 84, node: 28 };

/**
 * One ELK graph holding each shape once as its own connected component (ELK lays out
 * components separately, so each shape's layout is the one it would get alone). Node ids
 * are `s<shape>n<node>`. `big` trades crossing minimisation for speed (many nodes at once).
 */
export function elkGraphOfShapes(shapes: Component[], node: Size, big: boolean): ElkNode {
  const children: ElkNode["children"] = [];
  const edges: NonNullable<ElkNode["edges"]> = [];
  shapes.forEach((s, k) => {
    for (let i = 0; i < s.nodes.length; i++) children.push({ id: `s${k}n${i}`, width: node.w, height: node.h });
    s.edges.forEach(([a, b], j) => edges.push({ id: `s${k}e${j}`, sources: [`s${k}n${a}`], targets: [`s${k}n${b}`] }));
  });
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": String(CHAIN_SPACING.layer),
      "elk.spacing.nodeNode": String(CHAIN_SPACING.node),
      "elk.spacing.componentComponent": "48",
      "elk.separateConnectedComponents": "true",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.layered.nodePlacement.strategy": big ? "SIMPLE" : "BRANDES_KOEPF",
      "elk.layered.thoroughness": big ? "1" : "7",
      ...(big ? { "elk.layered.crossingMinimization.strategy": "NONE" } : {}),
      // React Flow draws the edges itself: ELK's routes are never read.
      "elk.edgeRouting": "UNDEFINED",
    },
    children,
    edges,
  };
}

/** Per shape: node offsets relative to the shape's top-left corner, and its size. */
export interface ShapeLayout {
  offsets: { x: number; y: number }[];
  size: Size;
}

export function shapeLayouts(shapes: Component[], result: ElkNode, node: Size): ShapeLayout[] {
  const pos = new Map<string, { x: number; y: number }>();
  for (const c of result.children ?? []) pos.set(c.id, { x: c.x ?? 0, y: c.y ?? 0 });
  return shapes.map((s, k) => {
    const raw = s.nodes.map((_, i) => pos.get(`s${k}n${i}`) ?? { x: 0, y: 0 });
    const x0 = Math.min(...raw.map((p) => p.x));
    const y0 = Math.min(...raw.map((p) => p.y));
    const offsets = raw.map((p) => ({ x: p.x - x0, y: p.y - y0 }));
    return { offsets, size: { w: Math.max(...offsets.map((p) => p.x)) + node.w, h: Math.max(...offsets.map((p) => p.y)) + node.h } };
  });
}

/** Space between chains side by side (x) and between rows of chains (y). */
export interface Gap {
  x: number;
  y: number;
}

/** Boxes in rows no wider than `limit` (a box wider than that gets a row of its own). */
function rows(boxes: Size[], gap: Gap, limit: number) {
  const at: { x: number; y: number }[] = [];
  let x = 0;
  let y = 0;
  let rowH = 0;
  let w = 0;
  for (const b of boxes) {
    if (x > 0 && x + b.w > limit) {
      y += rowH + gap.y;
      x = 0;
      rowH = 0;
    }
    at.push({ x, y });
    w = Math.max(w, x + b.w);
    x += b.w + gap.x;
    rowH = Math.max(rowH, b.h);
  }
  return { at, w, h: y + rowH };
}

/**
 * Rows of boxes in the given order, each row no wider than `width` (a box wider than that
 * gets a row of its own): the chains wrap to the drawing area's width at the zoom wanted,
 * so the graph grows down, not sideways.
 */
export function packWithin(boxes: Size[], gap: Gap, width: number): { x: number; y: number }[] {
  if (boxes.length === 0) return [];
  return rows(boxes, gap, Math.max(width, ...boxes.map((b) => b.w))).at;
}

/** Positions of every node: each component drawn as its shape's layout, components packed in rows no wider than `rowWidth`. */
export function assemble(comps: Component[], layouts: Map<string, ShapeLayout>, gap: Gap, rowWidth: number): Positions {
  const sizes = comps.map((c) => layouts.get(c.shape)!.size);
  const origins = packWithin(sizes, gap, rowWidth);
  const out: Positions = new Map();
  comps.forEach((c, k) => {
    const { offsets } = layouts.get(c.shape)!;
    c.nodes.forEach((id, i) => out.set(id, { x: origins[k].x + offsets[i].x, y: origins[k].y + offsets[i].y }));
  });
  return out;
}

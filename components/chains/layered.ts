// A layered drawing of one chain (up to SMALL_CHAIN objects), computed in the page: well
// under a millisecond for a chain of five once the code is warm. ELK's script needs about
// half a second to load in its worker and its first layouts run on cold code, which a page of
// many small chains of different shapes paid in full before anything was drawn. The classic
// layered steps below draw such chains about as ELK does: over 150 random chains of up to 20
// objects (layered.test.ts, against ELK itself), edges as long within 3%, no more crossings
// and no taller in total, though chain by chain either may come out a little better. Bigger
// or denser chains still go to ELK.
import type { CHAIN_SPACING, Component, ShapeLayout, Size } from "./layoutPlan";

type Spacing = typeof CHAIN_SPACING;

/**
 * Chains up to this many nodes are laid out here; ELK gets the bigger ones, whose cost could
 * grow enough to stall the page.
 */
export const SMALL_CHAIN = 40;
/**
 * Nor more edge pieces than this (an edge spanning k columns is k pieces): a 40-node chain in
 * which every object waits on every earlier one has about 10,600 and took 60-150 ms; 2,500
 * keeps the worst case near 30 ms, the common one well under a millisecond.
 */
const MAX_PIECES = 2500;

/**
 * Node offsets (top-left corners relative to the chain's own) and the chain's size; undefined
 * when the chain is too big or dense to lay out here without stalling the page (ELK's job).
 * Edges as components() gives them: upstream → waiter index pairs.
 */
export function layered(c: Component, node: Size, gap: Spacing): ShapeLayout | undefined {
  const n = c.nodes.length;
  if (n === 0 || n > SMALL_CHAIN) return undefined;
  const edges = acyclic(
    n,
    c.edges.filter(([a, b]) => a !== b),
  );
  const layer = layers(n, edges);
  let pieces = 0;
  for (const [a, b] of edges) pieces += layer[b] - layer[a];
  if (pieces > MAX_PIECES) return undefined;

  // Edges longer than one column get a placeholder in every column they pass, so that they
  // count in the ordering and leave room between the nodes they pass.
  const layerOf = [...layer];
  const proper: [number, number][] = [];
  for (const [a, b] of edges) {
    let from = a;
    for (let l = layer[a] + 1; l < layer[b]; l++) {
      const d = layerOf.push(l) - 1;
      proper.push([from, d]);
      from = d;
    }
    proper.push([from, b]);
  }
  const items = layerOf.length;
  const preds: number[][] = Array.from({ length: items }, () => []);
  const succs: number[][] = Array.from({ length: items }, () => []);
  for (const [a, b] of proper) {
    preds[b].push(a);
    succs[a].push(b);
  }
  const columns: number[][] = [];
  for (let i = 0; i < items; i++) (columns[layerOf[i]] ??= []).push(i);

  const order = ordered(columns, preds, succs, n);
  const centre = placed(order, preds, succs, (i) => (i < n ? node.h : 0), gap.node);

  let top = Infinity;
  for (let i = 0; i < n; i++) top = Math.min(top, centre[i] - node.h / 2);
  const offsets = Array.from({ length: n }, (_, i) => ({ x: layer[i] * (node.w + gap.layer), y: centre[i] - node.h / 2 - top }));
  return {
    offsets,
    size: { w: Math.max(...offsets.map((p) => p.x)) + node.w, h: Math.max(...offsets.map((p) => p.y)) + node.h },
  };
}

/**
 * The edges with those that close a loop turned around, so columns exist. The nodes are put
 * in a line as ELK's default (greedy) cycle breaking does: ends with no way out go last,
 * starts go first, else the node with the most edges out over edges in; the edges pointing
 * back along the line are the ones turned.
 */
function acyclic(n: number, edges: [number, number][]): [number, number][] {
  const gone = new Uint8Array(n);
  const ins = new Int32Array(n);
  const outs = new Int32Array(n);
  for (const [a, b] of edges) {
    outs[a]++;
    ins[b]++;
  }
  const remove = (v: number) => {
    gone[v] = 1;
    for (const [a, b] of edges) {
      if (a === v && !gone[b]) ins[b]--;
      if (b === v && !gone[a]) outs[a]--;
    }
  };
  const first: number[] = [];
  const last: number[] = [];
  for (let left = n; left > 0; ) {
    let found = true;
    while (found) {
      found = false;
      for (let v = 0; v < n; v++)
        if (!gone[v] && outs[v] === 0) {
          remove(v);
          last.unshift(v);
          left--;
          found = true;
        } else if (!gone[v] && ins[v] === 0) {
          remove(v);
          first.push(v);
          left--;
          found = true;
        }
    }
    if (left === 0) break;
    let pick = -1;
    for (let v = 0; v < n; v++) if (!gone[v] && (pick < 0 || outs[v] - ins[v] > outs[pick] - ins[pick])) pick = v;
    remove(pick);
    first.push(pick);
    left--;
  }
  const rank = new Int32Array(n);
  [...first, ...last].forEach((v, i) => (rank[v] = i));
  return edges.map(([a, b]) => (rank[a] < rank[b] ? [a, b] : [b, a]));
}

/**
 * Columns: longest path from the upstream ends, then each node moved within the room its
 * neighbours leave toward the side it has more edges on (a Job waited on by one Deployment
 * far to the right sits just left of it), until nothing moves: short edges, the aim of ELK's
 * network simplex (which finds the shortest; this comes within a few per cent, see the test).
 */
function layers(n: number, edges: [number, number][]): number[] {
  const preds: number[][] = Array.from({ length: n }, () => []);
  const succs: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) {
    preds[b].push(a);
    succs[a].push(b);
  }
  const layer = new Array<number>(n).fill(0);
  // Kahn's order (node order among ties); the graph is acyclic here.
  const indeg = preds.map((p) => p.length);
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (indeg[v] === 0) queue.push(v);
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q];
    for (const w of succs[v]) {
      layer[w] = Math.max(layer[w], layer[v] + 1);
      if (--indeg[w] === 0) queue.push(w);
    }
  }
  for (let round = 0; round < n; round++) {
    let moved = false;
    for (const v of queue) {
      const lo = preds[v].length ? Math.max(...preds[v].map((p) => layer[p] + 1)) : -Infinity;
      const hi = succs[v].length ? Math.min(...succs[v].map((s) => layer[s] - 1)) : Infinity;
      const to = succs[v].length > preds[v].length ? hi : preds[v].length > succs[v].length ? lo : layer[v];
      if (Number.isFinite(to) && to !== layer[v]) {
        layer[v] = to;
        moved = true;
      }
    }
    if (!moved) break;
  }
  const min = Math.min(...layer);
  return layer.map((l) => l - min);
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
}

/**
 * Edge crossings between columns l and l + 1, `pos` giving each item's place in its column.
 * A crossing of two edges between nodes counts 3, one involving a long edge's placeholder 1:
 * React Flow draws each edge from node to node, passing no placeholder, so only the first
 * kind is sure to be seen. Counted as inversions with Fenwick trees (edges by upper end, then
 * lower end: a later edge crosses every earlier one whose lower end is further down).
 */
function crossingsAt(order: number[][], l: number, pos: ArrayLike<number>, succs: number[][], nodes: number): number {
  if (l < 0 || l + 1 >= order.length) return 0;
  const es: { a: number; b: number; real: boolean }[] = [];
  for (const v of order[l]) for (const t of succs[v]) es.push({ a: pos[v], b: pos[t], real: v < nodes && t < nodes });
  es.sort((x, y) => x.a - y.a || x.b - y.b);
  const size = order[l + 1].length;
  const all = new Int32Array(size + 1);
  const real = new Int32Array(size + 1);
  const add = (tree: Int32Array, i: number) => {
    for (i++; i <= size; i += i & -i) tree[i]++;
  };
  // earlier edges whose lower end is at or above place i
  const upTo = (tree: Int32Array, i: number) => {
    let n = 0;
    for (i++; i > 0; i -= i & -i) n += tree[i];
    return n;
  };
  let count = 0;
  es.forEach((e, seen) => {
    count += seen - upTo(all, e.b);
    if (e.real) count += 2 * (upTo(real, size - 1) - upTo(real, e.b));
    add(all, e.b);
    if (e.real) add(real, e.b);
  });
  return count;
}

/** Weighted edge crossings of the whole drawing in this order (see crossingsAt). */
function crossings(order: number[][], succs: number[][], nodes: number): number {
  const pos: number[] = [];
  for (const col of order) for (let i = 0; i < col.length; i++) pos[col[i]] = i;
  let count = 0;
  for (let l = 0; l + 1 < order.length; l++) count += crossingsAt(order, l, pos, succs, nodes);
  return count;
}

/**
 * The order within each column: sweeps that sort a column by the mean position of its
 * neighbours in the column just fixed (ties keep the current order, which starts as the
 * node order: ELK's "model order"), keeping the order with the fewest crossings.
 */
function ordered(columns: number[][], preds: number[][], succs: number[][], nodes: number): number[][] {
  const order = columns.map((c) => [...c]);
  let best = order.map((c) => [...c]);
  let fewest = crossings(order, succs, nodes);
  const pos = new Float64Array(preds.length);
  const index = () => order.forEach((col) => col.forEach((v, i) => (pos[v] = i)));
  const key = new Float64Array(preds.length);
  const sortBy = (col: number[], nb: number[][]) => {
    for (const v of col) {
      let sum = 0;
      for (const u of nb[v]) sum += pos[u];
      key[v] = nb[v].length ? sum / nb[v].length : pos[v];
    }
    return [...col].sort((a, b) => key[a] - key[b] || pos[a] - pos[b]);
  };
  for (let round = 0; round < 4 && fewest > 0; round++) {
    for (const down of [true, false]) {
      index();
      const ls = order.map((_, l) => l);
      for (const l of down ? ls.slice(1) : ls.slice(0, -1).reverse()) {
        order[l] = sortBy(order[l], down ? preds : succs);
        order[l].forEach((v, i) => (pos[v] = i));
      }
      const c = crossings(order, succs, nodes);
      if (c < fewest) {
        fewest = c;
        best = order.map((col) => [...col]);
      }
    }
  }
  // Then neighbours swapped wherever that removes crossings (what the sweeps' means miss).
  // Swapping u and v changes only crossings between u's edges and v's own, on either side.
  // (At most a few passes: each one removes crossings, but a dense chain could take many.)
  const at: number[] = [];
  for (const col of best) col.forEach((v, i) => (at[v] = i));
  for (let pass = 0, improved = fewest > 0; improved && pass < 8; pass++) {
    improved = false;
    for (const col of best)
      for (let i = 0; i + 1 < col.length; i++) {
        const u = col[i];
        const v = col[i + 1];
        let change = 0;
        for (const nb of [preds, succs])
          for (const x of nb[u])
            for (const y of nb[v]) {
              // u above v: their edges to x and y cross when x is below y, and the other way round after the swap
              const w = Math.min(u < nodes && x < nodes ? 3 : 1, v < nodes && y < nodes ? 3 : 1);
              if (at[x] < at[y]) change += w;
              else if (at[x] > at[y]) change -= w;
            }
        if (change < 0) {
          col[i] = v;
          col[i + 1] = u;
          at[v] = i;
          at[u] = i + 1;
          improved = true;
        }
      }
  }
  return best;
}

/**
 * Vertical centres: each column in turn placed as near as its order allows to the median of
 * its neighbours' centres (a least-squares fit under the spacing, by pooling adjacent
 * violators), sweeping right then left a few times, so a waiter sits level with what it
 * waits on and long edges run straight.
 */
function placed(order: number[][], preds: number[][], succs: number[][], height: (v: number) => number, gap: number): Float64Array {
  const y = new Float64Array(preds.length);
  // Least distance between the centres of neighbours in a column (half a gap beside a lane).
  const sep = (a: number, b: number) => (height(a) + height(b)) / 2 + (height(a) && height(b) ? gap : gap / 2);
  const fit = (col: number[], nb: number[][]) => {
    // want[i] - offset[i], made non-decreasing by pooling; adding the offsets back keeps the spacing.
    const offset: number[] = [0];
    for (let i = 1; i < col.length; i++) offset.push(offset[i - 1] + sep(col[i - 1], col[i]));
    const blocks: { sum: number; count: number }[] = [];
    col.forEach((v, i) => {
      const want = nb[v].length ? median(nb[v].map((u) => y[u])) : y[v];
      blocks.push({ sum: want - offset[i], count: 1 });
      while (blocks.length > 1 && blocks[blocks.length - 2].sum / blocks[blocks.length - 2].count > blocks[blocks.length - 1].sum / blocks[blocks.length - 1].count) {
        const last = blocks.pop()!;
        blocks[blocks.length - 1].sum += last.sum;
        blocks[blocks.length - 1].count += last.count;
      }
    });
    let i = 0;
    for (const b of blocks) for (let k = 0; k < b.count; k++, i++) y[col[i]] = b.sum / b.count + offset[i];
  };
  for (const col of order) {
    let at = 0;
    col.forEach((v, i) => {
      if (i > 0) at += sep(col[i - 1], v);
      y[v] = at;
    });
  }
  for (let round = 0; round < 4; round++) {
    for (let l = 1; l < order.length; l++) fit(order[l], preds);
    for (let l = order.length - 2; l >= 0; l--) fit(order[l], succs);
  }
  return y;
}

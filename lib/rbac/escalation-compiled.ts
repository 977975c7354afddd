// The escalation graph as arrays, for the searches (escalation-search.ts): node ids, and every
// move as an edge (hops, and the free moves out of internal nodes and into groups).
//
// Edges live in typed arrays (their two ends and flags), and a node's out-edges are one run
// of them, [start, end): a node's edges are always made together, one after another. The
// in-edges a reverse search follows are sorted out of them when it first needs them.
//
// After bindings change, the arrays are derived from the previous graph's: node ids are stable
// (a new node gets the next id), and only the nodes whose hops, expansion or groups changed get
// their edges again, appended. The node and edge arrays are append-only and shared by every
// version (a version reads only the edges its own runs hold); each version has its own runs.
// The searches break ties by the nodes' names and the edges' order within their node, never by
// id, so a derived version answers as a fresh one.
import { processWide } from "@/lib/store/memo";
import { expand, isInternal, type EscalationGraph, type Out, type OutGroup } from "./escalation-graph";
import { parseServiceAccountUser } from "./subjects";

export const HOP = 0;
export const EXPAND = 1; // an internal node → what it stands for
export const MEMBER = 2; // a subject → one of its groups
/** An edge's flags: its kind, plus CERTAIN when it is certain. */
const KIND = 3;
const CERTAIN = 4;

/** Node and edge attributes, append-only, shared by the versions derived from one cold build. */
interface Shared {
  names: string[];
  ids: Map<string, number>;
  internal: Uint8Array;
  subject: Uint8Array;
  /** Edges made so far (the arrays below have room for more). */
  edges: number;
  from: Int32Array;
  to: Int32Array;
  flags: Uint8Array;
  /** Internal nodes whose expansion reads the graph's subjects (the rest read the world only). */
  bySubjects: number[];
}

/** The kind of an edge (HOP, EXPAND, MEMBER). */
export const kindOf = (c: Compiled, e: number) => c.s.flags[e] & KIND;

/** Internal nodes that stand for subjects the bindings name (impersonation), not for the world's. */
const readsSubjects = (name: string) => name.startsWith("~imp-") || name === "~users" || name === "~groups";

export interface Compiled {
  graph: EscalationGraph;
  s: Shared;
  /** Nodes of this version: ids 0..n-1 (a later version's are beyond). */
  n: number;
  /** Each node's out-edges: the edges start[u] … end[u] - 1. */
  start: Int32Array;
  end: Int32Array;
  /** What each node's edges were made from (to tell, next time, whose changed). */
  made: readonly (Made | undefined)[];
  /** Edges this version holds (when `s` holds far more, the next version is built cold). */
  live: number;
  /** The shared node and edge counts when this version was made: only then may the next derive from it. */
  ends: [number, number];
  /** Derived: the previous version (weakly: versions do not hold their history), its node count, and the nodes whose out-edges this one made again (new nodes included). */
  derived?: { prev: WeakRef<Compiled>; prevN: number; remade: readonly number[] };
}

interface Made {
  hops?: readonly OutGroup[];
  expansion?: readonly string[];
  groups?: readonly string[];
  /** The hops one by one (made when a path first needs one). */
  flat?: Flat;
  /** Which of them each hop edge is, when repeated hops were dropped (else the edge's place in the run). */
  hopIndexes?: readonly number[];
}
interface Flat {
  groups: OutGroup[];
  outs: Out[];
}

// one per process, like the graph it is made from (Next loads this module more than once)
const memo = processWide("escalation.compiled", () => new WeakMap<EscalationGraph, Compiled>());

/** The arrays of a graph: derived from its previous graph's when it has one, else built. */
export function compiled(g: EscalationGraph): Compiled {
  const hit = memo.get(g);
  if (hit) return hit;
  const prevGraph = g.previous?.deref();
  const prev = prevGraph && memo.get(prevGraph);
  // derive only from the last version made on the shared arrays (a second successor of the
  // same graph is built cold), and while the garbage of replaced edges stays small
  const derivable = prev && prev.s.names.length === prev.ends[0] && prev.s.edges === prev.ends[1] && prev.s.edges < 2 * prev.live + 100_000;
  const c = derivable && g.changed ? build(g, prev, prevGraph) : build(g);
  memo.set(g, c);
  return c;
}

/** The id of a node in a version, if it has one. */
export function idIn(c: Compiled, name: string): number | undefined {
  const i = c.s.ids.get(name);
  return i !== undefined && i < c.n ? i : undefined;
}

/** A node's hops one by one, as its hop edges are (made when a path first needs one). */
function flatOf(c: Compiled, u: number): Flat {
  const m = c.made[u]!;
  return (m.flat ??= flatHops(m.hops ?? []));
}
/** Which of its node's hops (one by one) a HOP edge is: a node's hop edges come first in its run, in the order of its groups' hops. */
function hopIndex(c: Compiled, e: number): number {
  const u = c.s.from[e];
  const j = e - c.start[u];
  const indexes = c.made[u]!.hopIndexes;
  return indexes ? indexes[j] : j;
}
/** The hop a HOP edge stands for. */
export const hopAt = (c: Compiled, e: number): Out => flatOf(c, c.s.from[e]).outs[hopIndex(c, e)];
/** The group (one binding's hops) of the hop a HOP edge stands for. */
export const hopGroupAt = (c: Compiled, e: number): OutGroup => flatOf(c, c.s.from[e]).groups[hopIndex(c, e)];
function flatHops(hops: readonly OutGroup[]): Flat {
  const flat: Flat = { groups: [], outs: [] };
  for (const group of hops)
    for (const out of group.outs) {
      flat.groups.push(group);
      flat.outs.push(out);
    }
  return flat;
}

export const isSubject = (node: string) => node.startsWith("user:") || node.startsWith("group:") || parseServiceAccountUser(node) !== undefined;

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `a`, or a copy of it with room for at least `n` entries. */
function room<T extends Int32Array | Uint8Array>(a: T, n: number): T {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (length: number) => T)(Math.max(n, 2 * a.length, 1024));
  b.set(a);
  return b;
}

/**
 * Every node has the edges of what it is made of in `g` (its hops, its expansion when
 * internal, the groups with hops it is a member of). Cold: every subject and node with hops,
 * and every node their edges lead to. Derived: the nodes the graph lists as changed (their
 * hop list another object than in the previous graph, a subject come or gone, an internal node
 * whose ServiceAccounts, pods or workloads came or went), the internal nodes that stand for
 * subjects the bindings name, every node when a group gained or lost its hops, and the nodes
 * new edges lead to.
 */
function build(g: EscalationGraph, prev?: Compiled, prevGraph?: EscalationGraph): Compiled {
  const s: Shared = prev
    ? prev.s
    : { names: [], ids: new Map(), internal: new Uint8Array(0), subject: new Uint8Array(0), edges: 0, from: new Int32Array(0), to: new Int32Array(0), flags: new Uint8Array(0), bySubjects: [] };
  let start = prev ? prev.start.slice() : new Int32Array(0);
  let end = prev ? prev.end.slice() : new Int32Array(0);
  const made: (Made | undefined)[] = prev ? [...prev.made] : [];
  /** Marks of the node being made (`stamp`): the targets it has a hop edge to, and a certain one. */
  let hopTo = new Int32Array(s.names.length);
  let certainTo = new Int32Array(s.names.length);
  let stamp = 0;
  let live = prev ? prev.live : 0;
  const todo: number[] = [];
  const queued = new Set<number>();
  const check = (u: number) => {
    if (queued.has(u)) return;
    queued.add(u);
    todo.push(u);
  };
  const idOf = (name: string): number => {
    let i = s.ids.get(name);
    if (i !== undefined) return i;
    i = s.names.length;
    s.names.push(name);
    s.ids.set(name, i);
    s.internal = room(s.internal, i + 1);
    s.subject = room(s.subject, i + 1);
    start = room(start, i + 1);
    end = room(end, i + 1);
    hopTo = room(hopTo, i + 1);
    certainTo = room(certainTo, i + 1);
    const internal = isInternal(name);
    s.internal[i] = internal ? 1 : 0;
    s.subject[i] = !internal && isSubject(name) ? 1 : 0;
    start[i] = end[i] = 0;
    if (internal && readsSubjects(name)) s.bySubjects.push(i);
    made.push(undefined);
    check(i);
    return i;
  };

  const edge = (u: number, t: number, flags: number) => {
    const e = s.edges++;
    if (e >= s.to.length) {
      s.from = room(s.from, e + 1);
      s.to = room(s.to, e + 1);
      s.flags = room(s.flags, e + 1);
    }
    s.from[e] = u;
    s.to[e] = t;
    s.flags[e] = flags;
  };
  /** Replaces the edges of node `u` by those of what it is made of now (appended: the old ones are left unread). */
  const remade: number[] = [];
  const remake = (u: number, m: Made) => {
    remade.push(u);
    live -= end[u] - start[u];
    const first = s.edges;
    // a hop to a target the node has a hop to already, as surely, is never taken (the searches
    // take a node's first edge of those as short): it is dropped, a quarter of the bench world's
    stamp++;
    let indexes: number[] | undefined;
    let j = 0;
    for (const grp of m.hops ?? [])
      for (const o of grp.outs) {
        const t = idOf(o.to);
        if (certainTo[t] === stamp || (!o.certain && hopTo[t] === stamp)) indexes ??= Array.from({ length: j }, (_, i) => i);
        else {
          hopTo[t] = stamp;
          if (o.certain) certainTo[t] = stamp;
          edge(u, t, HOP | (o.certain ? CERTAIN : 0));
          indexes?.push(j);
        }
        j++;
      }
    m.hopIndexes = indexes;
    for (const v of m.expansion ?? []) edge(u, idOf(v), EXPAND | CERTAIN);
    for (const grp of m.groups ?? []) edge(u, idOf(grp), MEMBER | CERTAIN);
    start[u] = first;
    end[u] = s.edges;
    live += s.edges - first;
    made[u] = m;
  };

  // one shape for every node's (what is read of them in the loop below stays monomorphic)
  const madeOf = (name: string): Made => {
    const hops = g.outs.get(name);
    if (isInternal(name)) return { hops, expansion: expand(g, name), groups: undefined, flat: undefined, hopIndexes: undefined };
    const groups = g.groupsWithHops(name);
    return { hops, expansion: undefined, groups: groups.length ? groups : undefined, flat: undefined, hopIndexes: undefined };
  };

  if (prev && prevGraph && g.changed) {
    let flipped = false;
    for (const name of g.changed) {
      // an internal node no hop leads to yet (a pod's, a workload's, a ServiceAccount's) is made when one does
      if (isInternal(name) && !s.ids.has(name)) continue;
      check(idOf(name));
      if (name.startsWith("group:") && g.outs.has(name) !== prevGraph.outs.has(name)) flipped = true;
    }
    // the internal nodes that stand for ServiceAccounts, pods or workloads that changed are
    // among the changed ones (with other namespaces the graph is built afresh): of the others,
    // only the expansions that read the subjects may differ
    if (flipped) for (let u = 0; u < prev.n; u++) check(u);
    else for (const u of s.bySubjects) if (u < prev.n) check(u);
  } else {
    for (const name of g.subjects) idOf(name);
    for (const name of g.outs.keys()) idOf(name);
  }
  while (todo.length) {
    const u = todo.pop()!;
    const m = madeOf(s.names[u]);
    const was = made[u];
    if (!was || was.hops !== m.hops || !sameList(was.expansion, m.expansion) || !sameList(was.groups, m.groups)) remake(u, m);
  }
  return { graph: g, s, n: s.names.length, start, end, made, live, ends: [s.names.length, s.edges], ...(prev ? { derived: { prev: new WeakRef(prev), prevN: prev.n, remade } } : {}) };
}

export interface Search {
  dist: Int32Array;
  /** The edge that reached each node (forward), or its next edge towards the start (reverse); -1: none. */
  edge: Int32Array;
  /** Whether an uncertain hop was left out whose target the search did not reach otherwise. */
  leftOut: boolean;
}

/** A version's in-edges, per node the run inStart[v] … inStart[v + 1] - 1 of `edges` (ids), with each edge's other end and flags beside it. */
interface InEdges {
  inStart: Int32Array;
  edges: Int32Array;
  from: Int32Array;
  flags: Uint8Array;
}
const inMemo = processWide("escalation.inEdges", () => new WeakMap<Compiled, InEdges>());
/** The in-edges of a version (sorted out of its runs, by target, when a reverse search first needs them). */
function inEdgesOf(c: Compiled): InEdges {
  let hit = inMemo.get(c);
  if (hit) return hit;
  const { n, start, end } = c;
  const { to, flags } = c.s;
  const inStart = new Int32Array(n + 1);
  for (let u = 0; u < n; u++) for (let e = start[u]; e < end[u]; e++) inStart[to[e] + 1]++;
  for (let v = 0; v < n; v++) inStart[v + 1] += inStart[v];
  const at = inStart.slice(0, n);
  const m = inStart[n];
  const edges = new Int32Array(m);
  const from = new Int32Array(m);
  const f = new Uint8Array(m);
  for (let u = 0; u < n; u++)
    for (let e = start[u]; e < end[u]; e++) {
      const k = at[to[e]]++;
      edges[k] = e;
      from[k] = u;
      f[k] = flags[e];
    }
  inMemo.set(c, (hit = { inStart, edges, from, flags: f }));
  return hit;
}

/** Whether an edge of the version leads to node `v`: a node that is not a subject is in a fresh build only as a hop's or an expansion's target. */
export function isTarget(c: Compiled, v: number): boolean {
  const { inStart } = inEdgesOf(c);
  return inStart[v + 1] > inStart[v];
}

/**
 * Breadth-first from `start` (0-1: free moves stay on the level): each node's distance in
 * hops and its edge of a shortest path. Forward, along out-edges from a subject: the edge that
 * first reached each node (a node reached as itself rather than only as a member keeps that
 * edge); each node's out-edges are in their own order (its hops in binding order, then its
 * expansion, then its groups) however the arrays were numbered, so the first is the same in a
 * derived version as in a fresh one. Reverse, along in-edges from CLUSTER_ADMIN, whose order
 * does depend on how the arrays were made: each node's next edge towards it is chosen after
 * the distances, the node's first (by its own order) of those on a shortest path, as
 * `reverseSearchAfter` chooses.
 */
export function search(c: Compiled, start: number, certainOnly: boolean, direction: "forward" | "reverse"): Search {
  const forward = direction === "forward";
  const { to, flags } = c.s;
  // forward: a node's run of edges, each edge's id its index; reverse: its in-edges' run
  const rev = forward ? undefined : inEdgesOf(c);
  const first = rev ? rev.inStart : c.start;
  const last = rev ? rev.inStart.subarray(1) : c.end;
  const ends = rev ? rev.from : to;
  const fl = rev ? rev.flags : flags;
  const n = c.n;
  const dist = new Int32Array(n).fill(-1);
  const edge = new Int32Array(n).fill(-1);
  /** Reverse: whether a node was reached by more than one edge of a shortest path (then they are compared). */
  const tie = new Uint8Array(n);
  let leftOutCandidates: number[] | undefined;
  dist[start] = 0;
  let level = [start];
  const order: number[] = [];
  for (let d = 0; level.length; d++) {
    const next: number[] = [];
    for (let i = 0; i < level.length; i++) {
      const u = level[i];
      if (dist[u] !== d) continue;
      if (rev) order.push(u);
      for (let k = first[u], stop = last[u]; k < stop; k++) {
        const f = fl[k];
        const v = ends[k];
        if (certainOnly && !(f & CERTAIN)) {
          (leftOutCandidates ??= []).push(v);
          continue;
        }
        const w = (f & KIND) === HOP ? 1 : 0;
        const nd = d + w;
        const cur = dist[v];
        if (cur < 0 || cur > nd) {
          dist[v] = nd;
          edge[v] = rev ? rev.edges[k] : k;
          tie[v] = 0;
          if (w) next.push(v);
          else level.push(v);
        } else if (cur === nd) {
          if (rev) tie[v] = 1;
          else if ((f & KIND) !== MEMBER && (flags[edge[v]] & KIND) === MEMBER) edge[v] = k; // reached as itself, not only as a member
        }
      }
    }
    level = next;
  }
  if (rev) {
    for (const v of order) {
      if (v === start || !tie[v]) continue;
      const dv = dist[v];
      let best = -1;
      // the node's first edge (in its own order) on a shortest path
      for (let e = c.start[v]; e < c.end[v]; e++) {
        if (certainOnly && !(flags[e] & CERTAIN)) continue;
        const du = dist[to[e]];
        if (du < 0 || du + ((flags[e] & KIND) === HOP ? 1 : 0) !== dv) continue;
        best = e;
        break;
      }
      edge[v] = best;
    }
  }
  return { dist, edge, leftOut: leftOutCandidates?.some((v) => dist[v] < 0) ?? false };
}

/**
 * The reverse search of a version derived from `prev`'s, when the distances did not change:
 * every node whose out-edges were made again (and every new node) still has the distance its
 * out-edges give it from the others' (the distances are the only solution of those equations,
 * there being no cycle of free moves), so only those nodes choose their edge again. Undefined
 * when a distance changed, or an uncertain hop was added that the search could not follow
 * (search afresh).
 */
export function reverseSearchAfter(c: Compiled, start: number, certainOnly: boolean, prev: Search): Search | undefined {
  const d = c.derived;
  if (!d || start >= d.prevN) return undefined;
  const { to, flags } = c.s;
  const dist = new Int32Array(c.n).fill(-1);
  dist.set(prev.dist);
  const edge = new Int32Array(c.n).fill(-1);
  edge.set(prev.edge);
  const pn = d.prevN;
  /** A node's distance from its out-edges and the best edge giving it (the first, in its own order, of those giving it); undefined: it needs a node not yet known. */
  const bestOf = (u: number): [number, number] | undefined => {
    let best = -1;
    let bd = -1;
    for (let e = c.start[u]; e < c.end[u]; e++) {
      if (certainOnly && !(flags[e] & CERTAIN)) continue;
      const v = to[e];
      if (v >= pn && v !== u && !known.has(v)) return undefined;
      if (dist[v] < 0) continue;
      const nd = dist[v] + ((flags[e] & KIND) === HOP ? 1 : 0);
      if (best < 0 || nd < bd) {
        best = e;
        bd = nd;
      }
    }
    return [bd, best];
  };
  const known = new Set<number>();
  const fresh = d.remade.filter((u) => u >= pn);
  for (const u of fresh) {
    const b = bestOf(u);
    if (!b) return undefined;
    dist[u] = b[0];
    edge[u] = b[1];
    known.add(u);
  }
  for (const u of d.remade) {
    if (u >= pn || u === start) continue;
    const b = bestOf(u);
    if (!b || b[0] !== dist[u]) return undefined;
    edge[u] = b[1];
  }
  // a new node's distance may lower those of the nodes with an edge to it: checked above (they were made again)
  const leftOut = prev.leftOut;
  if (certainOnly && !leftOut)
    for (const u of d.remade) for (let e = c.start[u]; e < c.end[u]; e++) if (!(flags[e] & CERTAIN) && dist[u] < 0) return undefined;
  return { dist, edge, leftOut };
}

const byName = processWide("escalation.byName", () => new WeakMap<Compiled, Int32Array>());
/**
 * The subject nodes of a version in name order (memoised; a derived version merges its new
 * nodes into the previous order), so that answers sorted by hops then subject are made by
 * counting, not by comparing names.
 */
export function subjectsByName(c: Compiled): Int32Array {
  const hit = byName.get(c);
  if (hit) return hit;
  const { names, subject } = c.s;
  const prev = c.derived?.prev.deref();
  const before = prev && byName.get(prev);
  const cmp = (a: number, b: number) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0);
  let order: Int32Array;
  if (before && prev) {
    const added: number[] = [];
    for (let u = prev.n; u < c.n; u++) if (subject[u]) added.push(u);
    added.sort(cmp);
    order = new Int32Array(before.length + added.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < before.length || j < added.length) order[k++] = j >= added.length || (i < before.length && cmp(before[i], added[j]) <= 0) ? before[i++] : added[j++];
  } else {
    const all: number[] = [];
    for (let u = 0; u < c.n; u++) if (subject[u]) all.push(u);
    order = Int32Array.from(all.sort(cmp));
  }
  byName.set(c, order);
  return order;
}

// Searches over the escalation graph: the direct hops of a subject, the closure from one subject
// (breadth-first, shortest path each), and the reverse search from cluster-admin. Hops cost 1;
// moving from an internal node to what it stands for, or from a subject into its groups, is
// free (0-1 breadth-first search), so a path counts only what the subject does.
import { parseServiceAccountUser } from "./subjects";
import { expand, isInternal, viaOf, type EscalationGraph, type Out, type OutGroup } from "./escalation-graph";
import { CLUSTER_ADMIN, type Escalation, type EscalationPath, type Hop, type HopVia, type Technique } from "./escalation-types";

/** The graph node of a subject string, or undefined when it is not one (`user:system:serviceaccount:…` is that SA). */
export function subjectNode(subject: string): string | undefined {
  if (parseServiceAccountUser(subject)) return subject;
  if (subject.startsWith("user:") && subject.length > 5) {
    const name = subject.slice(5);
    if (name.startsWith("system:serviceaccount:")) return parseServiceAccountUser(name) ? name : undefined;
    return subject;
  }
  if (subject.startsWith("group:") && subject.length > 6) return subject;
  return undefined;
}

export const isSubject = (node: string) => node.startsWith("user:") || node.startsWith("group:") || parseServiceAccountUser(node) !== undefined;

/** What a rights node stands for, in words. */
export function describeNode(node: string): string {
  if (node === CLUSTER_ADMIN) return "cluster-admin (every permission everywhere)";
  if (node.startsWith("namespace-admin:")) return `every permission in namespace ${node.slice("namespace-admin:".length)}`;
  if (node.startsWith("role:Role/")) {
    const [ns, name] = node.slice("role:Role/".length).split("/");
    return name === "*" ? `the rights of every Role in namespace ${ns}` : `the rights of Role ${name} in namespace ${ns}`;
  }
  if (node.startsWith("role:ClusterRole/")) {
    const rest = node.slice("role:ClusterRole/".length);
    const at = rest.indexOf("@");
    const name = at < 0 ? rest : rest.slice(0, at);
    const what = name === "*" ? "every ClusterRole" : `ClusterRole ${name}`;
    if (at < 0) return `the rights of ${what} cluster-wide`;
    const scope = rest.slice(at + 1);
    return `the rights of ${what} ${scope === "*" ? "in every namespace" : `in namespace ${scope}`}`;
  }
  return node;
}

/** One plain sentence: what the subject does to take the hop. */
export function whyOf(technique: Technique, what: string, to: string): string {
  const may = `May ${what}`;
  switch (technique) {
    case "create-pods":
      return `${may}: a pod it creates there can run as ${to} and use its token.`;
    case "create-workloads":
      return `${may}: the pod template can name ${to}, whose token the pods then mount.`;
    case "update-workloads":
      return `${may}: changing the pod template of one to run as ${to} starts pods with its token.`;
    case "token-request":
      return `${may}: it can request a token for ${to} and act as it.`;
    case "exec":
      return `${may}: a running pod there mounts the token of ${to}.`;
    case "impersonate":
      return to === CLUSTER_ADMIN ? `${may}: as a member of system:masters it may do anything.` : `${may}: it can send requests as ${to}.`;
    case "bind":
      return `${may}: it can bind that role to itself and gain ${describeNode(to)}.`;
    case "escalate":
      return `${may}: it can add any rule to that role and gain ${describeNode(to)}.`;
    case "read-secrets":
      return `${may}: a legacy token Secret of ${to} may be there (possible, not certain: Rolecall does not read Secrets).`;
    case "nodes-proxy":
      return `${may}: the kubelet API runs commands in every pod of a node, as the pod's ServiceAccount: cluster-admin-equivalent.`;
    case "approve-csr":
      return `${may}: it can have a client certificate issued for any user and groups it chooses (admission refuses only the superuser group), e.g. the controller manager's user, which may request tokens of kube-system's controllers: cluster-admin-equivalent.`;
    case "webhooks":
      return `${may}: a webhook it registers sees (and may change) every matching write, pods and bindings included: cluster-admin-equivalent.`;
    case "all-permissions":
      return `${may}: cluster-admin in all but name.`;
  }
}

/** Builds hops, sharing the `via` lists of one (group, out) between them. */
class Hops {
  private vias = new Map<OutGroup, Map<Out, HopVia[]>>();
  hop(from: string, to: string, group: OutGroup, out: Out): Hop {
    let m = this.vias.get(group);
    if (!m) this.vias.set(group, (m = new Map()));
    let via = m.get(out);
    if (!via) m.set(out, (via = viaOf(group, out)));
    return { technique: out.technique, from, to, certain: out.certain, why: whyOf(out.technique, out.what, to), via };
  }
}

const pathOf = (subject: string, path: Hop[]): EscalationPath => ({ subject, hops: path.length, certain: path.every((h) => h.certain), path });

/** Direct hops out of a subject node: its own and its groups', internal targets resolved to subjects. */
export function directHopsOf(g: EscalationGraph, node: string): Hop[] {
  const out: Hop[] = [];
  const hops = new Hops();
  for (const from of [node, ...g.groupsWithHops(node)]) {
    for (const group of g.outs.get(from) ?? []) {
      for (const o of group.outs) {
        const seen = new Set<string>();
        const visit = (to: string) => {
          if (seen.has(to)) return;
          seen.add(to);
          if (isInternal(to)) for (const t of expand(g, to)) visit(t);
          else if (to !== node) out.push(hops.hop(node, to, group, o));
        };
        visit(o.to);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- the graph as arrays

const HOP = 0;
const EXPAND = 1; // an internal node → what it stands for
const MEMBER = 2; // a subject → one of its groups

/**
 * The graph as arrays, for the searches: node ids, and every move as an edge (hops, and the
 * free moves out of internal nodes and into groups), outgoing and incoming.
 */
interface Compiled {
  names: string[];
  ids: Map<string, number>;
  internal: Uint8Array;
  subject: Uint8Array;
  from: Int32Array;
  to: Int32Array;
  kind: Uint8Array;
  certain: Uint8Array;
  out: (Out | undefined)[];
  group: (OutGroup | undefined)[];
  outStart: Int32Array;
  outEdges: Int32Array;
  inStart: Int32Array;
  inEdges: Int32Array;
}

const compiledMemo = new WeakMap<EscalationGraph, Compiled>();

function compiled(g: EscalationGraph): Compiled {
  const hit = compiledMemo.get(g);
  if (hit) return hit;
  const ids = new Map<string, number>();
  const names: string[] = [];
  const id = (n: string) => {
    let i = ids.get(n);
    if (i === undefined) {
      i = names.length;
      ids.set(n, i);
      names.push(n);
    }
    return i;
  };
  const from: number[] = [];
  const to: number[] = [];
  const kind: number[] = [];
  const certain: number[] = [];
  const outs: (Out | undefined)[] = [];
  const groups: (OutGroup | undefined)[] = [];
  const edge = (f: number, t: number, k: number, c: boolean, o?: Out, grp?: OutGroup) => {
    from.push(f);
    to.push(t);
    kind.push(k);
    certain.push(c ? 1 : 0);
    outs.push(o);
    groups.push(grp);
  };
  // Every node (subjects, hop targets, and what internal nodes stand for), numbered in name
  // order and their edges made in that order: the searches' ties then fall the same way for
  // equal graphs, however each was built (afresh, or derived from the previous one).
  const all = new Set<string>(g.subjects);
  for (const [f, list] of g.outs) {
    all.add(f);
    for (const grp of list) for (const o of grp.outs) all.add(o.to);
  }
  const expansions = new Map<string, readonly string[]>();
  const todo = [...all].filter(isInternal);
  while (todo.length) {
    const node = todo.pop()!;
    if (expansions.has(node)) continue;
    const ex = expand(g, node);
    expansions.set(node, ex);
    for (const v of ex) {
      if (all.has(v)) continue;
      all.add(v);
      if (isInternal(v)) todo.push(v);
    }
  }
  for (const name of [...all].sort()) id(name);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    for (const grp of g.outs.get(name) ?? []) for (const o of grp.outs) edge(i, id(o.to), HOP, o.certain, o, grp);
    if (isInternal(name)) for (const v of expansions.get(name) ?? []) edge(i, id(v), EXPAND, true);
    else for (const grp of g.groupsWithHops(name)) edge(i, id(grp), MEMBER, true);
  }
  const n = names.length;
  const m = from.length;
  const csr = (key: number[]) => {
    const start = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) start[key[e] + 1]++;
    for (let i = 0; i < n; i++) start[i + 1] += start[i];
    const fill = start.slice(0, n);
    const edges = new Int32Array(m);
    for (let e = 0; e < m; e++) edges[fill[key[e]]++] = e;
    return { start, edges };
  };
  const o = csr(from);
  const r = csr(to);
  const internal = new Uint8Array(n);
  const subject = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (isInternal(names[i])) internal[i] = 1;
    else if (isSubject(names[i])) subject[i] = 1;
  }
  const c: Compiled = {
    names,
    ids,
    internal,
    subject,
    from: Int32Array.from(from),
    to: Int32Array.from(to),
    kind: Uint8Array.from(kind),
    certain: Uint8Array.from(certain),
    out: outs,
    group: groups,
    outStart: o.start,
    outEdges: o.edges,
    inStart: r.start,
    inEdges: r.edges,
  };
  compiledMemo.set(g, c);
  return c;
}

interface Search {
  dist: Int32Array;
  /** The edge that reached each node (forward), or its next edge towards cluster-admin (reverse); -1: none. */
  edge: Int32Array;
  /** Whether an uncertain hop was left out whose target the search did not reach otherwise. */
  leftOut: boolean;
}

/**
 * Breadth-first from `start` (0-1: free moves stay on the level): each node's distance in hops
 * and its edge of the shortest path. Forward, along out-edges from a subject (the edge that
 * reached each node); reverse, along in-edges from CLUSTER_ADMIN (each node's next edge towards it).
 */
function search(c: Compiled, start: number, certainOnly: boolean, direction: "forward" | "reverse"): Search {
  const forward = direction === "forward";
  const [starts, edges, ends] = forward ? [c.outStart, c.outEdges, c.to] : [c.inStart, c.inEdges, c.from];
  const n = c.names.length;
  const dist = new Int32Array(n).fill(-1);
  const edge = new Int32Array(n).fill(-1);
  const skipped: number[] = [];
  dist[start] = 0;
  let level = [start];
  for (let d = 0; level.length; d++) {
    const next: number[] = [];
    for (let i = 0; i < level.length; i++) {
      const u = level[i];
      if (dist[u] !== d) continue;
      for (let k = starts[u]; k < starts[u + 1]; k++) {
        const e = edges[k];
        const v = ends[e];
        if (certainOnly && !c.certain[e]) {
          skipped.push(v);
          continue;
        }
        const w = c.kind[e] === HOP ? 1 : 0;
        const nd = d + w;
        const cur = dist[v];
        if (cur < 0 || cur > nd) {
          dist[v] = nd;
          edge[v] = e;
          if (w) next.push(v);
          else level.push(v);
        } else if (forward && cur === nd && c.kind[e] !== MEMBER && c.kind[edge[v]] === MEMBER) edge[v] = e; // reached as itself, not only as a member
      }
    }
    level = next;
  }
  return { dist, edge, leftOut: skipped.some((v) => dist[v] < 0) };
}

/** The closure from one subject node: what it can become, shortest path each (a certain one when there is one). */
export function forwardClosure(g: EscalationGraph, node: string): Escalation {
  const c = compiled(g);
  const start = c.ids.get(node);
  if (start === undefined) return { subject: node, reachesClusterAdmin: false, canBecome: [] };
  const certain = search(c, start, true, "forward");
  // every node an uncertain hop leads to is reached anyway: no other path to look for
  const any = certain.leftOut ? search(c, start, false, "forward") : certain;
  const hops = new Hops();
  const memo = new Map<Search, (Hop[] | undefined)[]>();
  /** The hops to `v`: those to where its last hop starts, then that hop. */
  const pathTo = (s: Search, v: number): Hop[] => {
    let m = memo.get(s);
    if (!m) memo.set(s, (m = new Array<Hop[] | undefined>(c.names.length)));
    const hit = m[v];
    if (hit) return hit;
    let e = s.edge[v];
    while (e >= 0 && c.kind[e] !== HOP) e = s.edge[c.from[e]]; // back over the free moves into v
    let path: Hop[] = [];
    if (e >= 0) {
      let from = c.from[e];
      while (s.edge[from] >= 0 && c.kind[s.edge[from]] === MEMBER) from = c.from[s.edge[from]]; // the member who takes its group's hop
      path = [...pathTo(s, from), hops.hop(c.names[from], c.names[v], c.group[e]!, c.out[e]!)];
    }
    m[v] = path;
    return path;
  };
  const best = (v: number): EscalationPath | undefined => {
    const s = certain.dist[v] >= 0 ? certain : any.dist[v] >= 0 ? any : undefined;
    return s && pathOf(c.names[v], pathTo(s, v));
  };
  const canBecome: EscalationPath[] = [];
  for (let v = 0; v < c.names.length; v++) {
    if (v === start || any.dist[v] <= 0 || !c.subject[v] || c.kind[any.edge[v]] === MEMBER) continue;
    canBecome.push(best(v)!);
  }
  canBecome.sort(bySubject);
  const admin = c.ids.get(CLUSTER_ADMIN);
  const clusterAdmin = admin === undefined ? undefined : best(admin);
  return { subject: node, reachesClusterAdmin: admin !== undefined && certain.dist[admin] >= 0, ...(clusterAdmin ? { clusterAdmin } : {}), canBecome };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const bySubject = (a: EscalationPath, b: EscalationPath) => a.hops - b.hops || cmp(a.subject, b.subject);

// ---------------------------------------------------------------- reverse: who reaches cluster-admin

/** The reverse closure of a graph: the list, and the searches it was read from. */
interface ReverseState {
  graph: EscalationGraph;
  list: EscalationPath[];
  /** undefined: cluster-admin is nobody's target (nothing reaches it). */
  base?: { c: Compiled; certain: Search; any: Search; pathFrom: (u: number) => Hop[]; hops: Hops };
}

const reverseStates = new WeakMap<EscalationGraph, ReverseState>();

/** The reverse closure of a graph, computed from scratch (memoised on the graph). */
function reverseState(g: EscalationGraph): ReverseState {
  const hit = reverseStates.get(g);
  if (hit) return hit;
  const c = compiled(g);
  const admin = c.ids.get(CLUSTER_ADMIN);
  const list: EscalationPath[] = [];
  let base: ReverseState["base"];
  if (admin !== undefined) {
    const certain = search(c, admin, true, "reverse");
    const any = certain.leftOut ? search(c, admin, false, "reverse") : certain;
    const hops = new Hops();
    const memo = new Map<Search, (Hop[] | undefined)[]>();
    /** The hops from `u` to cluster-admin: its first hop (taken as itself or through a group), then the rest from where it lands. */
    const pathIn = (s: Search, u: number): Hop[] => {
      let m = memo.get(s);
      if (!m) memo.set(s, (m = new Array<Hop[] | undefined>(c.names.length)));
      const hit = m[u];
      if (hit) return hit;
      let e = s.edge[u];
      while (e >= 0 && c.kind[e] !== HOP) e = s.edge[c.to[e]]; // into the group whose hop it takes
      let path: Hop[] = [];
      if (e >= 0) {
        let to = c.to[e];
        while (c.internal[to] && s.edge[to] >= 0) to = c.to[s.edge[to]]; // the subject the internal node stands for
        path = [hops.hop(c.names[u], c.names[to], c.group[e]!, c.out[e]!), ...pathIn(s, to)];
      }
      m[u] = path;
      return path;
    };
    const pathFrom = (u: number) => pathIn(certain.dist[u] >= 0 ? certain : any, u);
    for (const subject of g.subjects) {
      const u = c.ids.get(subject)!;
      if (any.dist[u] >= 0) list.push(pathOf(subject, pathFrom(u)));
    }
    list.sort(bySubject);
    base = { c, certain, any, pathFrom, hops };
  }
  const state: ReverseState = { graph: g, list, base };
  reverseStates.set(g, state);
  return state;
}

/**
 * Every subject that reaches CLUSTER_ADMIN, shortest path each (a certain one when there is
 * one), by hops then subject. Here `subject` is the subject that reaches it (the path's start).
 */
export function reverseClosure(g: EscalationGraph): EscalationPath[] {
  return reverseState(g).list;
}

// Searches over the escalation graph: the direct hops of a subject, the closure from one subject
// (breadth-first, shortest path each), and the reverse search from cluster-admin. Hops cost 1;
// moving from an internal node to what it stands for, or from a subject into its groups, is
// free (0-1 breadth-first search), so a path counts only what the subject does.
import { processWide } from "@/lib/store/memo";
import { parseServiceAccountUser } from "./subjects";
import { compiled, hopAt, hopGroupAt, HOP, idIn, isTarget, kindOf, MEMBER, reverseSearchAfter, search, subjectsByName, type Compiled, type Search } from "./escalation-compiled";
import { expand, isInternal, viaOf, type EscalationGraph, type Out, type OutGroup } from "./escalation-graph";
import { CLUSTER_ADMIN, type Escalation, type EscalationPage, type EscalationPath, type Hop, type HopVia, type Technique } from "./escalation-types";

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

export { isSubject } from "./escalation-compiled";

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
  private vias = new WeakMap<OutGroup, Map<Out, HopVia[]>>();
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

/** The forward searches of the last few subjects asked, per version (the next page of one subject's answer searches no more). */
const recentSearches = processWide("escalation.recentSearches", () => new WeakMap<Compiled, Map<number, [Search, Search]>>());
const RECENT = 4;

/** The certain search from `start`, and the one with every hop (the same object when it adds nothing). */
function forwardSearches(c: Compiled, start: number): [Search, Search] {
  let recent = recentSearches.get(c);
  if (!recent) recentSearches.set(c, (recent = new Map()));
  const hit = recent.get(start);
  if (hit) {
    recent.delete(start); // the most recent last
    recent.set(start, hit);
    return hit;
  }
  const certain = search(c, start, true, "forward");
  // every node an uncertain hop leads to is reached anyway: no other path to look for
  const any = certain.leftOut ? search(c, start, false, "forward") : certain;
  recent.set(start, [certain, any]);
  if (recent.size > RECENT) recent.delete(recent.keys().next().value!);
  return [certain, any];
}

/** Which entries of the answer to give paths for: `limit` entries from `offset` (both optional). */
export interface PageOptions {
  offset?: number;
  limit?: number;
}

/**
 * The closure from one subject node: what it can become, shortest path each (a certain one when
 * there is one), by hops then subject. With `page`, `canBecome` holds only the entries
 * `offset … offset + limit - 1` of that list (the same entries, with the same paths, as the
 * whole answer's), and `total` the length of the whole list: the searches run in full (the
 * distances are what order the list and count it), but only those entries' paths are made.
 */
export function forwardClosure(g: EscalationGraph, node: string): Escalation;
export function forwardClosure(g: EscalationGraph, node: string, page: PageOptions): EscalationPage;
export function forwardClosure(g: EscalationGraph, node: string, page?: PageOptions): Escalation & { total?: number } {
  const c = compiled(g);
  const { names, from: fromOf } = c.s;
  const kind = (e: number) => kindOf(c, e);
  const start = idIn(c, node);
  // Neither a subject nor anything's target (a ServiceAccount deleted, named by no binding, run
  // by no pod): nothing, as in a graph built afresh, though arrays derived from before keep its
  // node. A ServiceAccount only a pod runs as (deleted, or not readable) is answered.
  if (start === undefined || (!g.subjects.has(node) && !isTarget(c, start))) return { subject: node, reachesClusterAdmin: false, canBecome: [], ...(page ? { total: 0 } : {}) };
  const [certain, any] = forwardSearches(c, start);
  const hops = new Hops();
  const memo = new Map<Search, (Hop[] | undefined)[]>();
  /** The hops to `v`: those to where its last hop starts, then that hop. */
  const pathTo = (s: Search, v: number): Hop[] => {
    let m = memo.get(s);
    if (!m) memo.set(s, (m = new Array<Hop[] | undefined>(c.n)));
    const hit = m[v];
    if (hit) return hit;
    let e = s.edge[v];
    while (e >= 0 && kind(e) !== HOP) e = s.edge[fromOf[e]]; // back over the free moves into v
    let path: Hop[] = [];
    if (e >= 0) {
      let from = fromOf[e];
      while (s.edge[from] >= 0 && kind(s.edge[from]) === MEMBER) from = fromOf[s.edge[from]]; // the member who takes its group's hop
      path = [...pathTo(s, from), hops.hop(names[from], names[v], hopGroupAt(c, e), hopAt(c, e))];
    }
    m[v] = path;
    return path;
  };
  const best = (v: number): EscalationPath | undefined => {
    const s = certain.dist[v] >= 0 ? certain : any.dist[v] >= 0 ? any : undefined;
    return s && pathOf(names[v], pathTo(s, v));
  };
  // the list is by hops, then subject: count each hop count's entries (a path's hops are the
  // distance of the search it comes from), then place each entry of the page by counting
  const order = subjectsByName(c);
  const hopsOf = (v: number) => (certain.dist[v] >= 0 ? certain.dist[v] : any.dist[v]);
  const isEntry = (v: number) => v !== start && any.dist[v] > 0 && kind(any.edge[v]) !== MEMBER;
  const count: number[] = [];
  let total = 0;
  for (const v of order) {
    if (!isEntry(v)) continue;
    const h = hopsOf(v);
    count[h] = (count[h] ?? 0) + 1;
    total++;
  }
  /** A count asked for: whole, at least 0; `fallback` when absent or not a number. */
  const count0 = (x: number | undefined, fallback: number) => (x === undefined || Number.isNaN(x) ? fallback : Math.max(0, Math.floor(x)));
  const first = Math.min(total, count0(page?.offset, 0));
  const end = Math.min(total, first + count0(page?.limit, total));
  const at: number[] = []; // the index in the list of each hop count's next entry
  for (let h = 0, sum = 0; h < count.length; h++) {
    at[h] = sum;
    sum += count[h] ?? 0;
  }
  const canBecome = new Array<EscalationPath>(end - first);
  if (end > first)
    for (const v of order) {
      if (!isEntry(v)) continue;
      const i = at[hopsOf(v)]++;
      if (i >= first && i < end) canBecome[i - first] = best(v)!;
    }
  const admin = idIn(c, CLUSTER_ADMIN);
  const clusterAdmin = admin === undefined ? undefined : best(admin);
  return {
    subject: node,
    reachesClusterAdmin: admin !== undefined && certain.dist[admin] >= 0,
    ...(clusterAdmin ? { clusterAdmin } : {}),
    canBecome,
    ...(page ? { total } : {}),
  };
}

/** Paths in subject order, by hops then subject (a stable counting sort on the hops). */
function byHops(paths: readonly EscalationPath[]): EscalationPath[] {
  const buckets: EscalationPath[][] = [];
  for (const p of paths) (buckets[p.hops] ??= []).push(p);
  const out: EscalationPath[] = [];
  for (const b of buckets) if (b) for (const p of b) out.push(p);
  return out;
}

// ---------------------------------------------------------------- reverse: who reaches cluster-admin

/** The paths of one search to cluster-admin, by node id: the first hop's edge, where it lands, the path. */
interface Paths {
  edge: Int32Array;
  to: Int32Array;
  path: (Hop[] | undefined)[];
}
const newPaths = (n: number): Paths => ({ edge: new Int32Array(n).fill(-1), to: new Int32Array(n).fill(-1), path: new Array<Hop[] | undefined>(n) });

/** The reverse closure of a graph: the list, and what the next graph's may reuse. */
interface ReverseState {
  c: Compiled;
  list: EscalationPath[];
  /** Each subject's entry of the list, by node id. */
  entries: (EscalationPath | undefined)[];
  /** The paths of the certain search and of the search with every hop (the same object when equal). */
  paths: [Paths, Paths];
  /** The certain search and the one with every hop (the same object when equal). */
  searches?: [Search, Search];
  hops: Hops;
}

const reverseStates = processWide("escalation.reverseStates", () => new WeakMap<EscalationGraph, ReverseState>());

/**
 * The reverse closure of a graph (memoised on the graph). The searches run in full; a node's
 * path, and a subject's entry, are the previous graph's objects when its first hop, where it
 * lands and the rest of the path are.
 */
function reverseState(g: EscalationGraph): ReverseState {
  const hit = reverseStates.get(g);
  if (hit) return hit;
  const c = compiled(g);
  const { names, to: toOf, internal } = c.s;
  const kind = (e: number) => kindOf(c, e);
  const prevGraph = g.previous?.deref();
  const prevState = prevGraph && reverseStates.get(prevGraph);
  const prev = prevState && prevState.c.s === c.s ? prevState : undefined; // the same node ids
  const admin = idIn(c, CLUSTER_ADMIN);
  const hops = prev?.hops ?? new Hops();
  const certainPaths = newPaths(c.n);
  const state: ReverseState = { c, list: [], entries: new Array<EscalationPath | undefined>(c.n), paths: [certainPaths, certainPaths], hops };
  if (admin !== undefined) {
    // after a change that moved no distance, the previous searches with the changed nodes' choices
    const was = prev?.searches && c.derived?.prev.deref() === prev.c ? prev.searches : undefined;
    const certain = (was && reverseSearchAfter(c, admin, true, was[0])) || search(c, admin, true, "reverse");
    const any = !certain.leftOut ? certain : (was && was[1] !== was[0] && reverseSearchAfter(c, admin, false, was[1])) || search(c, admin, false, "reverse");
    state.searches = [certain, any];
    if (any !== certain) state.paths[1] = newPaths(c.n);
    /** The hops from `u` to cluster-admin: its first hop (taken as itself or through a group), then the rest from where it lands. */
    const pathIn = (s: Search, k: 0 | 1, u: number): Hop[] => {
      const m = state.paths[k];
      const hit = m.path[u];
      if (hit) return hit;
      let e = s.edge[u];
      while (e >= 0 && kind(e) !== HOP) e = s.edge[toOf[e]]; // into the group whose hop it takes
      const p = prev?.paths[k];
      let path: Hop[] = p && u < p.edge.length && p.path[u]?.length === 0 ? p.path[u]! : [];
      if (e >= 0) {
        let to = toOf[e];
        while (internal[to] && s.edge[to] >= 0) to = toOf[s.edge[to]]; // the subject the internal node stands for
        const rest = pathIn(s, k, to);
        m.edge[u] = e;
        m.to[u] = to;
        path = p && u < p.edge.length && p.edge[u] === e && p.to[u] === to && p.path[to] === rest ? p.path[u]! : [hops.hop(names[u], names[to], hopGroupAt(c, e), hopAt(c, e)), ...rest];
      }
      m.path[u] = path;
      return path;
    };
    let reused = 0;
    const inOrder: EscalationPath[] = [];
    for (const u of subjectsByName(c)) {
      if (any.dist[u] < 0 || !g.subjects.has(names[u])) continue;
      const path = certain.dist[u] >= 0 ? pathIn(certain, 0, u) : pathIn(any, 1, u);
      const was = prev?.entries[u];
      if (was && was.path === path) {
        state.entries[u] = was;
        reused++;
      } else state.entries[u] = pathOf(names[u], path);
      inOrder.push(state.entries[u]!);
    }
    // every subject kept its entry and there are as many: the same list
    state.list = prev && reused === inOrder.length && reused === prev.list.length ? prev.list : byHops(inOrder);
  }
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

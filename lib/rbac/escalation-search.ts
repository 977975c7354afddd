// Searches over the escalation graph: the direct hops of a subject, the closure from one subject
// (breadth-first, shortest path each), and the reverse search from cluster-admin. Hops cost 1;
// moving from an internal node to what it stands for, or from a subject into its groups, is
// free (0-1 breadth-first search), so a path counts only what the subject does.
import { parseServiceAccountUser } from "./subjects";
import { expand, isInternal, membersOf, viaOf, type EscalationGraph, type Out, type OutGroup } from "./escalation-graph";
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
      return `${may}: it can have a client certificate for group system:masters issued and signed: cluster-admin.`;
    case "webhooks":
      return `${may}: a webhook it registers sees (and may change) every matching write, pods and bindings included: cluster-admin-equivalent.`;
    case "all-permissions":
      return `${may}: cluster-admin in all but name.`;
  }
}

/** One move: a hop (`out` of `group`) or a free move (internal node → what it stands for, subject → its group). */
interface Step {
  from: string;
  to: string;
  out?: Out;
  group?: OutGroup;
}
const isMemberStep = (s: Step | undefined) => !!s && !s.out && !isInternal(s.from);

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

interface Search {
  dist: Map<string, number>;
  step: Map<string, Step>;
  /** Whether an uncertain hop was left out whose target the search did not reach otherwise. */
  leftOut: boolean;
}

/** Breadth-first from `start` (0-1: free moves stay on the level): each node's distance in hops and the move that reached it. */
function forwardSearch(g: EscalationGraph, start: string, certainOnly: boolean): Search {
  const dist = new Map<string, number>([[start, 0]]);
  const step = new Map<string, Step>();
  const skipped: string[] = [];
  let level = [start];
  for (let d = 0; level.length; d++) {
    const next: string[] = [];
    // allocates a step only when it is taken
    const reach = (u: string, v: string, w: number, out?: Out, group?: OutGroup) => {
      const nd = d + w;
      const cur = dist.get(v);
      if (cur === undefined || cur > nd) {
        dist.set(v, nd);
        step.set(v, out ? { from: u, to: v, out, group } : { from: u, to: v });
        (w ? next : level).push(v);
      } else if (cur === nd && (out || isInternal(u)) && isMemberStep(step.get(v))) step.set(v, out ? { from: u, to: v, out, group } : { from: u, to: v }); // reached as itself, not only as a member
    };
    for (let i = 0; i < level.length; i++) {
      const u = level[i];
      if (dist.get(u) !== d) continue;
      if (isInternal(u)) {
        for (const v of expand(g, u)) reach(u, v, 0);
        continue;
      }
      for (const group of g.outs.get(u) ?? []) {
        for (const out of group.outs) {
          if (certainOnly && !out.certain) skipped.push(out.to);
          else reach(u, out.to, 1, out, group);
        }
      }
      for (const grp of g.groupsWithHops(u)) reach(u, grp, 0);
    }
    level = next;
  }
  return { dist, step, leftOut: skipped.some((t) => !dist.has(t)) };
}

/** The closure from one subject node: what it can become, shortest path each (a certain one when there is one). */
export function forwardClosure(g: EscalationGraph, node: string): Escalation {
  const certain = forwardSearch(g, node, true);
  // every node an uncertain hop leads to is reached anyway: no other path to look for
  const any = certain.leftOut ? forwardSearch(g, node, false) : certain;
  const hops = new Hops();
  const memo = new Map<Search, Map<string, Hop[]>>();
  /** The hops to `v` in a search: those to where the last hop starts, then the last hop. */
  const pathTo = (s: Search, v: string): Hop[] => {
    let m = memo.get(s);
    if (!m) memo.set(s, (m = new Map()));
    const hit = m.get(v);
    if (hit) return hit;
    let st = s.step.get(v);
    while (st && !st.out) st = s.step.get(st.from); // back over the free moves into v
    if (!st) {
      m.set(v, []);
      return [];
    }
    let from = st.from;
    for (let p = s.step.get(from); isMemberStep(p); p = s.step.get(from)) from = p!.from; // the group's member
    const path = [...pathTo(s, from), hops.hop(from, v, st.group!, st.out!)];
    m.set(v, path);
    return path;
  };
  const best = (target: string): EscalationPath | undefined => {
    const s = certain.dist.has(target) ? certain : any.dist.has(target) ? any : undefined;
    return s && pathOf(target, pathTo(s, target));
  };
  const canBecome: EscalationPath[] = [];
  for (const [v, d] of any.dist) {
    if (v === node || d === 0 || isMemberStep(any.step.get(v)) || !isSubject(v)) continue;
    canBecome.push(best(v)!);
  }
  canBecome.sort(bySubject);
  const clusterAdmin = best(CLUSTER_ADMIN);
  return { subject: node, reachesClusterAdmin: certain.dist.has(CLUSTER_ADMIN), ...(clusterAdmin ? { clusterAdmin } : {}), canBecome };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const bySubject = (a: EscalationPath, b: EscalationPath) => a.hops - b.hops || cmp(a.subject, b.subject);

// ---------------------------------------------------------------- reverse: who reaches cluster-admin

interface Reverse {
  /** Hops into each node. */
  into: Map<string, Step[]>;
  /** Internal nodes that stand for each node. */
  standsFor: Map<string, string[]>;
}

const reverses = new WeakMap<EscalationGraph, Reverse>();

function reverseOf(g: EscalationGraph): Reverse {
  const hit = reverses.get(g);
  if (hit) return hit;
  const into = new Map<string, Step[]>();
  const standsFor = new Map<string, string[]>();
  const internals: string[] = [];
  const seenInternal = new Set<string>();
  const add = <V>(m: Map<string, V[]>, k: string, v: V) => {
    const a = m.get(k);
    if (a) a.push(v);
    else m.set(k, [v]);
  };
  const noteInternal = (n: string) => {
    if (!isInternal(n) || seenInternal.has(n)) return;
    seenInternal.add(n);
    internals.push(n);
  };
  for (const [from, groups] of g.outs) {
    for (const group of groups) {
      for (const out of group.outs) {
        add(into, out.to, { from, to: out.to, out, group });
        noteInternal(out.to);
      }
    }
  }
  for (let i = 0; i < internals.length; i++) {
    for (const v of expand(g, internals[i])) {
      add(standsFor, v, internals[i]);
      noteInternal(v);
    }
  }
  const r = { into, standsFor };
  reverses.set(g, r);
  return r;
}

/** Breadth-first backwards from CLUSTER_ADMIN: each node's distance and its next move towards it. */
function reverseSearch(g: EscalationGraph, certainOnly: boolean): Search {
  const rev = reverseOf(g);
  const dist = new Map<string, number>([[CLUSTER_ADMIN, 0]]);
  const step = new Map<string, Step>();
  const skipped: string[] = [];
  let level = [CLUSTER_ADMIN];
  for (let d = 0; level.length; d++) {
    const next: string[] = [];
    const reach = (s: Step, w: number) => {
      const u = s.from;
      const nd = d + w;
      const cur = dist.get(u);
      if (cur !== undefined && cur <= nd) return;
      dist.set(u, nd);
      step.set(u, s);
      (w ? next : level).push(u);
    };
    for (let i = 0; i < level.length; i++) {
      const v = level[i];
      if (dist.get(v) !== d) continue;
      for (const s of rev.into.get(v) ?? []) {
        if (certainOnly && !s.out!.certain) skipped.push(s.from);
        else reach(s, 1);
      }
      for (const i2 of rev.standsFor.get(v) ?? []) reach({ from: i2, to: v }, 0);
      if (v.startsWith("group:")) for (const m of membersOf(v, g)) if (m !== v) reach({ from: m, to: v }, 0);
    }
    level = next;
  }
  return { dist, step, leftOut: skipped.some((u) => !dist.has(u)) };
}

const reachingMemo = new WeakMap<EscalationGraph, EscalationPath[]>();

/**
 * Every subject that reaches CLUSTER_ADMIN, shortest path each (a certain one when there is
 * one), by hops then subject. Here `subject` is the subject that reaches it (the path's start).
 */
export function reverseClosure(g: EscalationGraph): EscalationPath[] {
  const hit = reachingMemo.get(g);
  if (hit) return hit;
  const certain = reverseSearch(g, true);
  const any = certain.leftOut ? reverseSearch(g, false) : certain;
  const hops = new Hops();
  const memo = new Map<Search, Map<string, Hop[]>>();
  /** The hops from `u` to cluster-admin: the first hop (after free moves into groups), then the rest from where it lands. */
  const pathFrom = (s: Search, u: string): Hop[] => {
    let m = memo.get(s);
    if (!m) memo.set(s, (m = new Map()));
    const hit = m.get(u);
    if (hit) return hit;
    let st = s.step.get(u);
    while (st && !st.out) st = s.step.get(st.to); // into the group whose hop it takes
    if (!st) {
      m.set(u, []);
      return [];
    }
    let to = st.to;
    for (let n = s.step.get(to); n && !n.out && isInternal(n.from); n = s.step.get(to)) to = n.to; // to the subject the internal node stands for
    const path = [hops.hop(u, to, st.group!, st.out!), ...pathFrom(s, to)];
    m.set(u, path);
    return path;
  };
  const out: EscalationPath[] = [];
  for (const subject of g.subjects) {
    const s = certain.dist.has(subject) ? certain : any.dist.has(subject) ? any : undefined;
    if (s) out.push(pathOf(subject, pathFrom(s, subject)));
  }
  out.sort(bySubject);
  reachingMemo.set(g, out);
  return out;
}

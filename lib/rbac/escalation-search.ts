// Searches over the escalation graph: the direct hops of a subject, the closure from one subject
// (breadth-first, shortest path each), and the reverse search from cluster-admin. Hops cost 1;
// moving from an internal node to what it stands for, or from a subject into its groups, is
// free (0-1 breadth-first search), so a path counts only what the subject does.
import { parseServiceAccountUser } from "./subjects";
import { expand, isInternal, memberGroups, membersOf, type EscalationGraph, type Out } from "./escalation-graph";
import { CLUSTER_ADMIN, type Escalation, type EscalationPath, type Hop, type Technique } from "./escalation-types";

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
    return `the rights of Role ${name} in namespace ${ns}`;
  }
  if (node.startsWith("role:ClusterRole/")) {
    const rest = node.slice("role:ClusterRole/".length);
    const at = rest.indexOf("@");
    if (at < 0) return `the rights of ClusterRole ${rest} cluster-wide`;
    const scope = rest.slice(at + 1);
    return `the rights of ClusterRole ${rest.slice(0, at)} ${scope === "*" ? "in every namespace" : `in namespace ${scope}`}`;
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

/** One move along a path: a hop (with `out`) or a free move (internal → what it stands for, subject → group). */
interface Step {
  from: string;
  to: string;
  out?: Out;
}

/** The hops of a path of steps from `start`: free moves fold into the hop before them. */
export function hopsOf(start: string, steps: readonly Step[]): Hop[] {
  let pos = start;
  const hops: Hop[] = [];
  let pending: { out: Out; from: string; to: string } | undefined;
  const finish = (p: { out: Out; from: string; to: string }): Hop => ({
    technique: p.out.technique,
    from: p.from,
    to: p.to,
    certain: p.out.certain,
    why: whyOf(p.out.technique, p.out.what, p.to),
    via: p.out.via.map((v) => ({ ...v })),
  });
  for (const s of steps) {
    if (s.out) {
      if (pending) {
        pos = pending.to;
        hops.push(finish(pending));
      }
      pending = { out: s.out, from: pos, to: s.to };
    } else if (pending && isInternal(s.from)) pending.to = s.to;
  }
  if (pending) hops.push(finish(pending));
  return hops;
}

const pathOf = (subject: string, path: Hop[]): EscalationPath => ({ subject, hops: path.length, certain: path.every((h) => h.certain), path });

/** Direct hops out of a subject node: its own and its groups', internal targets resolved to subjects. */
export function directHopsOf(g: EscalationGraph, node: string): Hop[] {
  const out: Hop[] = [];
  for (const from of [node, ...memberGroups(node)]) {
    for (const o of g.outs.get(from) ?? []) {
      const seen = new Set<string>();
      const visit = (to: string) => {
        if (seen.has(to)) return;
        seen.add(to);
        if (isInternal(to)) {
          for (const t of expand(g.world, g.subjects, to)) visit(t);
          return;
        }
        if (to !== node) out.push(hopsOf(node, [{ from: node, to, out: o }])[0]);
      };
      visit(o.to);
    }
  }
  return out;
}

interface Reached {
  d: number;
  step?: Step;
}

const isMemberStep = (s: Step | undefined) => !!s && !s.out && !isInternal(s.from);

/** The free and hop moves out of a node, forward. */
function forEachMove(g: EscalationGraph, u: string, certainOnly: boolean, f: (to: string, w: 0 | 1, out?: Out) => void) {
  if (isInternal(u)) {
    for (const v of expand(g.world, g.subjects, u)) f(v, 0);
    return;
  }
  for (const o of g.outs.get(u) ?? []) if (!certainOnly || o.certain) f(o.to, 1, o);
  for (const grp of memberGroups(u)) f(grp, 0);
}

/** Breadth-first from `start` (0-1: free moves stay on the level): each node's distance in hops and the move that reached it. */
function forwardSearch(g: EscalationGraph, start: string, certainOnly: boolean): Map<string, Reached> {
  const seen = new Map<string, Reached>([[start, { d: 0 }]]);
  let level = [start];
  for (let d = 0; level.length; d++) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i++) {
      const u = level[i];
      if (seen.get(u)!.d !== d) continue;
      forEachMove(g, u, certainOnly, (v, w, out) => {
        const nd = d + w;
        const step: Step = { from: u, to: v, ...(out ? { out } : {}) };
        const cur = seen.get(v);
        if (!cur || cur.d > nd) {
          seen.set(v, { d: nd, step });
          (w ? next : level).push(v);
        } else if (cur.d === nd && isMemberStep(cur.step) && !isMemberStep(step)) cur.step = step; // reached as itself, not only as a member
      });
    }
    level = next;
  }
  return seen;
}

function stepsTo(seen: Map<string, Reached>, node: string): Step[] {
  const steps: Step[] = [];
  for (let s = seen.get(node)?.step; s; s = seen.get(s.from)?.step) steps.push(s);
  return steps.reverse();
}

const bySubject = (a: EscalationPath, b: EscalationPath) => a.hops - b.hops || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0);

/** The closure from one subject node: what it can become, shortest path each (a certain one when there is one). */
export function forwardClosure(g: EscalationGraph, node: string): Escalation {
  const certain = forwardSearch(g, node, true);
  const any = forwardSearch(g, node, false);
  const best = (target: string): EscalationPath | undefined => {
    const seen = certain.has(target) ? certain : any.has(target) ? any : undefined;
    if (!seen) return undefined;
    return pathOf(target, hopsOf(node, stepsTo(seen, target)));
  };
  const canBecome: EscalationPath[] = [];
  for (const [v, r] of any) {
    if (v === node || r.d === 0 || isMemberStep(r.step) || !isSubject(v)) continue;
    const p = best(v);
    if (p) canBecome.push(p);
  }
  canBecome.sort(bySubject);
  const clusterAdmin = best(CLUSTER_ADMIN);
  return { subject: node, reachesClusterAdmin: certain.has(CLUSTER_ADMIN), ...(clusterAdmin ? { clusterAdmin } : {}), canBecome };
}

// ---------------------------------------------------------------- reverse: who reaches cluster-admin

interface Reverse {
  /** Hops into each node: (from, out). */
  into: Map<string, { from: string; out: Out }[]>;
  /** Internal nodes that stand for each node. */
  standsFor: Map<string, string[]>;
}

const reverses = new WeakMap<EscalationGraph, Reverse>();

function reverseOf(g: EscalationGraph): Reverse {
  const hit = reverses.get(g);
  if (hit) return hit;
  const into = new Map<string, { from: string; out: Out }[]>();
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
  for (const [from, list] of g.outs) {
    for (const out of list) {
      add(into, out.to, { from, out });
      noteInternal(out.to);
    }
  }
  for (let i = 0; i < internals.length; i++) {
    for (const v of expand(g.world, g.subjects, internals[i])) {
      add(standsFor, v, internals[i]);
      noteInternal(v);
    }
  }
  const r = { into, standsFor };
  reverses.set(g, r);
  return r;
}

/** Breadth-first backwards from CLUSTER_ADMIN: each node's distance and its next move towards it. */
function reverseSearch(g: EscalationGraph, certainOnly: boolean): Map<string, Reached> {
  const rev = reverseOf(g);
  const seen = new Map<string, Reached>([[CLUSTER_ADMIN, { d: 0 }]]);
  let level = [CLUSTER_ADMIN];
  for (let d = 0; level.length; d++) {
    const next: string[] = [];
    const reach = (u: string, v: string, w: 0 | 1, out?: Out) => {
      const nd = d + w;
      const cur = seen.get(u);
      if (cur && cur.d <= nd) return;
      seen.set(u, { d: nd, step: { from: u, to: v, ...(out ? { out } : {}) } });
      (w ? next : level).push(u);
    };
    for (let i = 0; i < level.length; i++) {
      const v = level[i];
      if (seen.get(v)!.d !== d) continue;
      for (const { from, out } of rev.into.get(v) ?? []) if (!certainOnly || out.certain) reach(from, v, 1, out);
      for (const i2 of rev.standsFor.get(v) ?? []) reach(i2, v, 0);
      if (v.startsWith("group:")) for (const m of membersOf(v, g.subjects, g.world)) if (m !== v) reach(m, v, 0);
    }
    level = next;
  }
  return seen;
}

function stepsFrom(seen: Map<string, Reached>, node: string): Step[] {
  const steps: Step[] = [];
  for (let s = seen.get(node)?.step; s; s = seen.get(s.to)?.step) steps.push(s);
  return steps;
}

/**
 * Every subject that reaches CLUSTER_ADMIN, shortest path each (a certain one when there is
 * one), by hops then subject. Here `subject` is the subject that reaches it (the path's start).
 */
export function reverseClosure(g: EscalationGraph): EscalationPath[] {
  const certain = reverseSearch(g, true);
  const any = reverseSearch(g, false);
  const out: EscalationPath[] = [];
  for (const s of g.subjects) {
    const seen = certain.has(s) ? certain : any.has(s) ? any : undefined;
    if (!seen || s === CLUSTER_ADMIN) continue;
    out.push(pathOf(s, hopsOf(s, stepsFrom(seen, s))));
  }
  return out.sort(bySubject);
}


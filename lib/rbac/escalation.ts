// Escalation paths: which identities a subject can become, and whether it can become
// cluster-admin, hop by hop, each hop from the exact permission that allows it (binding →
// role → rule), with the closure over hops (shortest path first, cycle-safe).
//
// The graph's nodes are the subjects plus a few internal ones ("any ServiceAccount of N", "the
// ServiceAccounts of N's pods that mount their token", …), so that a grant covering a
// namespace or the whole cluster is one edge, not one per ServiceAccount. Moving from such an
// internal node to a subject, and from a subject into the groups it is a member of, is free:
// a hop is one thing the subject does.
import type { Snapshot } from "@/lib/store/types";
import type { Escalation, EscalationPage, EscalationPath, Hop } from "./escalation-types";
import { graphOf, type EscalationGraph } from "./escalation-graph";
import { directHopsOf, forwardClosure, reverseClosure, subjectNode, type PageOptions } from "./escalation-search";

export { CLUSTER_ADMIN, TECHNIQUES } from "./escalation-types";
export type { Escalation, EscalationPage, EscalationPath, Hop, HopVia, Technique } from "./escalation-types";
export type { PageOptions } from "./escalation-search";

/**
 * The escalation graph of a snapshot, built once per snapshot; the hops of each binding are
 * memoised on the binding (and its role's rules), so the next snapshot's build reuses every
 * unchanged one.
 */
export function escalationGraph(snap: Snapshot): EscalationGraph {
  return graphOf(snap);
}

/** Direct hops out of one subject (its own bindings plus its groups'). */
export function directHops(snap: Snapshot, subject: string): Hop[] {
  const node = subjectNode(subject);
  if (!node) return [];
  return directHopsOf(escalationGraph(snap), node);
}

/**
 * The closure for one subject; undefined for a malformed subject string. With `page`
 * (`{ limit, offset }`, each optional): `canBecome` is the entries `offset … offset + limit - 1`
 * of the whole answer's list (the same paths), `total` that list's length; `reachesClusterAdmin`
 * and `clusterAdmin` as without it. Only the page's paths are made.
 */
export function escalationOf(snap: Snapshot, subject: string): Escalation | undefined;
export function escalationOf(snap: Snapshot, subject: string, page: PageOptions): EscalationPage | undefined;
export function escalationOf(snap: Snapshot, subject: string, page?: PageOptions): Escalation | undefined {
  const node = subjectNode(subject);
  if (!node) return undefined;
  const g = escalationGraph(snap);
  return page ? forwardClosure(g, node, page) : forwardClosure(g, node);
}

/** Every subject (SA, user, group named by a binding or an SA object) that reaches CLUSTER_ADMIN, shortest path each, by hops. */
export function reachingClusterAdmin(snap: Snapshot): EscalationPath[] {
  return reverseClosure(escalationGraph(snap));
}

// The history's answers in API v1: entries mapped field by field to the wire shape, and whose
// entries a ServiceAccount's timeline holds.
import type { HistoryStatus } from "@/lib/history/recorder";
import type { HistoryEntry, SubjectOf } from "@/lib/history/types";
import type { HistoryEntryWire, HistoryStatusWire } from "./wire";

/**
 * A ServiceAccount's timeline: its own entries and those of the groups every ServiceAccount of
 * its namespace is in (a grant to system:serviceaccounts:ns is a grant to it).
 */
export function serviceAccountHistorySubjects(namespace: string, name: string): SubjectOf[] {
  return [
    { kind: "ServiceAccount", namespace, name },
    { kind: "Group", name: "system:serviceaccounts" },
    { kind: "Group", name: `system:serviceaccounts:${namespace}` },
    { kind: "Group", name: "system:authenticated" },
  ];
}

const opt = <K extends string, V>(k: K, v: V | undefined) => (v === undefined ? {} : ({ [k]: v } as { [P in K]: V }));

export function wireHistoryEntry(e: HistoryEntry): HistoryEntryWire {
  const p = e.permission;
  return {
    id: e.id,
    cluster: e.cluster,
    change: e.change,
    at: e.at,
    seenAtStart: e.seenAtStart,
    ...opt("subject", e.subject && { kind: e.subject.kind, name: e.subject.name, ...opt("namespace", e.subject.namespace) }),
    namespace: e.namespace,
    ...opt(
      "permission",
      p && {
        namespace: p.namespace,
        verb: p.verb,
        ...opt("apiGroup", p.apiGroup),
        ...opt("resource", p.resource),
        ...opt("resourceName", p.resourceName),
        ...opt("nonResourceURL", p.nonResourceURL),
      },
    ),
    risk: e.risk,
    ...opt("risks", e.risks),
    ...opt(
      "via",
      e.via?.map((g) => ({
        binding: { kind: g.binding.kind, ...opt("namespace", g.binding.namespace), name: g.binding.name },
        role: { kind: g.role.kind, ...opt("namespace", g.role.namespace), name: g.role.name },
        rule: g.rule,
      })),
    ),
    cause: { kind: e.cause.kind, ...opt("namespace", e.cause.namespace), name: e.cause.name, uid: e.cause.uid, resourceVersion: e.cause.resourceVersion },
    ...opt("fields", e.fields?.map((f) => ({ path: f.path, ...opt("before", f.before), ...opt("after", f.after) }))),
  };
}

export function wireHistoryStatus(s: HistoryStatus): HistoryStatusWire {
  return { state: s.state, ...opt("backend", s.backend), ...opt("cluster", s.cluster), ...opt("message", s.message) };
}

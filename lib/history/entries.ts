// What the recorder writes for a set of object changes between two snapshots (pure): each
// RBAC object's own change (created, changed with the fields that changed, deleted) and, per
// subject, the permissions gained and lost (the same diff as `rolecall diff`, restricted to the
// subjects the changed objects touch), each attributed to the object change that caused it.
import crypto from "node:crypto";
import { diff, type Grant, type PermissionChange } from "@/lib/rbac/diff";
import { bindingScope, rbacIndex, subjectKey } from "@/lib/rbac/indexes";
import type { Binding, ChangeEvent, KubeObject, Snapshot } from "@/lib/store/types";
import type { Cause, FieldChange, NewEntry } from "./types";

/** The kinds whose changes the history records. */
export const HISTORY_KINDS = ["ServiceAccount", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];
const HISTORY_KIND_SET: ReadonlySet<string> = new Set(HISTORY_KINDS);

export interface ObjectChange {
  before?: KubeObject;
  after?: KubeObject;
}

/** The history's changes in a store change event. */
export function changesOf(e: ChangeEvent): ObjectChange[] {
  const out: ObjectChange[] = [];
  for (const kind of HISTORY_KINDS) {
    const c = e.changes[kind];
    if (!c) continue;
    for (const after of c.added) out.push({ after });
    for (const ch of c.changed) out.push(ch);
    for (const before of c.removed) out.push({ before });
  }
  return out;
}

/** An object's identity in the history: its uid and resourceVersion (manifests have neither: key and content hash). */
export function identityOf(o: KubeObject): { uid: string; resourceVersion: string } {
  const m = o.metadata;
  return {
    uid: m.uid ?? `${o.kind}/${m.namespace ?? ""}/${m.name}`,
    resourceVersion: m.resourceVersion ?? crypto.createHash("sha256").update(JSON.stringify(o)).digest("hex").slice(0, 16),
  };
}

export function causeOf(o: KubeObject): Cause {
  return { kind: o.kind, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name, ...identityOf(o) };
}

// Bookkeeping the API server changes on every write: not a change anyone made.
const IGNORED = new Set(["metadata.resourceVersion", "metadata.managedFields", "metadata.generation", "metadata.uid", "metadata.creationTimestamp", "metadata.selfLink"]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The fields that differ between two versions of an object (objects walked, arrays compared whole). */
export function fieldChanges(before: unknown, after: unknown, at = ""): FieldChange[] {
  if (IGNORED.has(at)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => fieldChanges(before[k], after[k], at ? `${at}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: at, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) }];
}

/** The subjects (index keys) whose permissions the changes can touch: a binding's own, a role's bindings'. */
function touchedSubjects(before: Snapshot, after: Snapshot, changes: readonly ObjectChange[]): Set<string> {
  const keys = new Set<string>();
  const addBinding = (b: Binding) => {
    for (let i = 0; i < (b.subjects?.length ?? 0); i++) {
      const k = subjectKey(b, i);
      if (k) keys.add(k.key);
    }
  };
  const roles = new Set<string>(); // "Role/ns/name" | "ClusterRole//name"
  for (const c of changes) {
    for (const o of [c.before, c.after]) {
      if (!o) continue;
      if (o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding") addBinding(o as Binding);
      else if (o.kind === "Role" || o.kind === "ClusterRole") roles.add(`${o.kind}/${o.kind === "Role" ? (o.metadata.namespace ?? "") : ""}/${o.metadata.name}`);
    }
  }
  if (roles.size) {
    for (const snap of [before, after]) {
      const idx = rbacIndex(snap);
      const scan = (b: Binding) => {
        const ref = b.roleRef;
        if (ref && roles.has(`${ref.kind}/${ref.kind === "Role" ? bindingScope(b) : ""}/${ref.name}`)) addBinding(b);
      };
      idx.clusterBindings.forEach(scan);
      for (const list of idx.roleBindingsByNamespace.values()) list.forEach(scan);
    }
  }
  return keys;
}

const refKey = (r: { kind: string; namespace?: string; name: string }) => `${r.kind}/${r.namespace ?? ""}/${r.name}`;

/** The change among `changes` that explains a permission change granted `via` these grants. */
function causeFor(via: readonly Grant[], byRef: ReadonlyMap<string, KubeObject>, fallback: KubeObject): KubeObject {
  for (const g of via) {
    const b = byRef.get(refKey(g.binding));
    if (b) return b;
  }
  for (const g of via) {
    const r = byRef.get(refKey(g.role));
    if (r) return r;
  }
  return fallback;
}

/**
 * The entries for `changes` taking `before` to `after` (snapshots of the same source), seen at
 * `at`. `seenAtStart`: found by comparing the last recorded state with a first list, so the
 * change happened at some time while Rolecall was not running.
 */
export function entriesFor(before: Snapshot, after: Snapshot, changes: readonly ObjectChange[], at: string, seenAtStart = false): NewEntry[] {
  const relevant = changes.filter((c) => HISTORY_KIND_SET.has((c.after ?? c.before)!.kind));
  if (!relevant.length) return [];
  const out: NewEntry[] = [];
  // the changed objects by kind/namespace/name, on the side that grants (after) and the side that did (before)
  const afterRef = new Map<string, KubeObject>();
  const beforeRef = new Map<string, KubeObject>();
  for (const c of relevant) {
    const o = (c.after ?? c.before)!;
    const ns = o.kind === "Role" || o.kind === "RoleBinding" || o.kind === "ServiceAccount" ? o.metadata.namespace : undefined;
    const key = refKey({ kind: o.kind, ...(ns ? { namespace: ns } : {}), name: o.metadata.name });
    if (c.after) afterRef.set(key, c.after);
    // a loss is caused by the change that removed or rewrote the object: its new version when there is one
    beforeRef.set(key, c.after ?? c.before!);
    const base = { at, seenAtStart, namespace: o.metadata.namespace ?? "", risk: "none" as const };
    if (!c.before) out.push({ ...base, change: "created", cause: causeOf(c.after!) });
    else if (!c.after) out.push({ ...base, change: "deleted", cause: causeOf(c.before) });
    else {
      const fields = fieldChanges(c.before, c.after);
      if (fields.length) out.push({ ...base, change: "changed", cause: causeOf(c.after), fields });
    }
  }
  const subjects = touchedSubjects(before, after, relevant);
  if (!subjects.size) return out;
  const report = diff(before, after, { failOnGain: "never", subjects });
  const first = (relevant[0].after ?? relevant[0].before)!;
  const entry = (change: "gained" | "lost", s: (typeof report.subjects)[number]["subject"], p: PermissionChange, cause: KubeObject): NewEntry => {
    const { via, risk, risks, ...permission } = p;
    return { change, at, seenAtStart, subject: s, namespace: p.namespace, permission, risk, ...(risks.length ? { risks } : {}), via, cause: causeOf(cause) };
  };
  for (const s of report.subjects) {
    for (const g of s.gained) out.push(entry("gained", s.subject, g, causeFor(g.via, afterRef, first)));
    for (const l of s.lost) out.push(entry("lost", s.subject, l, causeFor(l.via, beforeRef, first)));
  }
  return out;
}

/** The changes between a last recorded state and a snapshot's objects of the history's kinds, by uid. */
export function changesBetween(recorded: readonly KubeObject[], now: Snapshot): ObjectChange[] {
  const old = new Map(recorded.map((o) => [identityOf(o).uid, o]));
  const out: ObjectChange[] = [];
  for (const kind of HISTORY_KINDS) {
    for (const o of now.objects[kind].values()) {
      const { uid, resourceVersion } = identityOf(o);
      const was = old.get(uid);
      old.delete(uid);
      if (!was) out.push({ after: o });
      else if (identityOf(was).resourceVersion !== resourceVersion) out.push({ before: was, after: o });
    }
  }
  for (const was of old.values()) out.push({ before: was });
  return out;
}

// What the history keeps: one entry per permission a subject gained or lost, and one per change
// of an RBAC object itself, each with the object change that caused it.
import type { Grant, Permission, Risk } from "@/lib/rbac/diff";

/** `gained`/`lost`: a subject's permission; `created`/`changed`/`deleted`: an RBAC object (or ServiceAccount). */
export type ChangeType = "gained" | "lost" | "created" | "changed" | "deleted";
export const CHANGE_TYPES: readonly ChangeType[] = ["gained", "lost", "created", "changed", "deleted"];

export interface SubjectOf {
  kind: string;
  namespace?: string;
  name: string;
}

/** The object change that caused an entry: the object as it was at that resourceVersion. */
export interface Cause {
  kind: string;
  namespace?: string;
  name: string;
  uid: string;
  resourceVersion: string;
}

/** One field of an object that changed: its path, the value before and after (absent: not set). */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface NewEntry {
  change: ChangeType;
  /** When Rolecall saw it (ISO); for `seenAtStart`, when it started: the change happened while it was not running. */
  at: string;
  seenAtStart: boolean;
  /** The subject whose permissions changed (gained/lost). */
  subject?: SubjectOf;
  /** The permission's namespace ("" cluster-wide), or the changed object's namespace. */
  namespace: string;
  /** The permission gained or lost, spelled as a key (`verb group/resource name url`). */
  permission?: Permission;
  risk: Risk;
  /** Risk ids of the permission (secrets-read, wildcard…). */
  risks?: string[];
  /** The grants: binding → role → rule (on the side that has it). */
  via?: Grant[];
  cause: Cause;
  /** For a changed object: the fields that changed. */
  fields?: FieldChange[];
}

export interface HistoryEntry extends NewEntry {
  id: string;
  cluster: string;
}

/** A Role (with its namespace) or a ClusterRole. */
export interface RoleOf {
  kind: "Role" | "ClusterRole";
  namespace?: string;
  name: string;
}

export interface HistoryQuery {
  /** Any of these subjects (empty/absent: all). */
  subjects?: SubjectOf[];
  /** Entries through this role: its own changes, and permissions gained or lost by a binding to it. */
  role?: RoleOf;
  namespace?: string;
  since?: Date;
  until?: Date;
  /** Only entries of these risks. */
  risks?: Risk[];
  changes?: ChangeType[];
  limit: number;
  /** Entries older than this id (the previous page's last). */
  before?: string;
}

export interface HistoryPage {
  items: HistoryEntry[];
  /** The id to pass as `before` for the next page; absent on the last page. */
  next?: string;
}

/** The permission as one key: what makes two entries about the same permission. */
export function permissionKey(p: Permission): string {
  if (p.nonResourceURL !== undefined) return `${p.verb} ${p.nonResourceURL}`;
  const res = p.apiGroup ? `${p.apiGroup}/${p.resource}` : `${p.resource}`;
  return `${p.verb} ${res}${p.resourceName ? ` ${p.resourceName}` : ""}`;
}

// The answers of the RBAC routes, built from the engine (pure); lib/api/wire.ts maps them to API v1.
import type { Snapshot } from "@/lib/store/types";
import { canI, type ReasonWithMatch } from "./authorize";
import { identityNotes, requestNotes, type AnswerNote } from "./hints";
import { kubectlCanI, type CanIQuery, type WhoCanQuery } from "./questions";
import { permissionNamespaces, permissionView, type PermissionView } from "./permissions";
import type { RequestAttributes } from "./rules";
import { bindingsForIdentity, serviceAccountIdentity, type Identity } from "./subjects";
import { serviceAccountPresence, serviceAccountState } from "./service-accounts";
import { whoCan, type WhoCanResult } from "./who-can";

export interface CanIAnswer {
  allowed: boolean;
  reasons: ReasonWithMatch[];
  identity: Identity;
  request: RequestAttributes;
  kubectl: string;
  /** The authorizer does this too: a RoleBinding "grants" a cluster-scoped resource inside a namespace. */
  note?: string;
  /** What the question probably did not mean: `ns:name` read as an SA, an unknown user, verb or resource type. */
  notes: AnswerNote[];
  version: number;
}

export function canIAnswer(snap: Snapshot, q: CanIQuery, explicitGroups: readonly string[] = []): CanIAnswer {
  const d = canI(snap, q.identity, q.request);
  const notes = [...identityNotes(snap, q.identity, q.asWritten), ...requestNotes(snap, q.request)];
  return { ...d, identity: q.identity, request: q.request, kubectl: kubectlCanI(q.identity, q.request, explicitGroups), notes, version: snap.version };
}

export interface WhoCanAnswer extends WhoCanResult {
  request: RequestAttributes;
  /** An unknown verb or resource type (the subjects are still what RBAC allows for it). */
  notes: AnswerNote[];
  version: number;
}
export function whoCanAnswer(snap: Snapshot, q: WhoCanQuery): WhoCanAnswer {
  return { ...whoCan(snap, q.request, q.scope ? { scope: q.scope } : {}), request: q.request, notes: requestNotes(snap, q.request), version: snap.version };
}

export interface PermissionsAnswer {
  serviceAccount: { namespace: string; name: string; exists: boolean };
  identity: Identity;
  /** Namespaces with a view: the SA's own plus every namespace where a RoleBinding applies to it. */
  namespaces: string[];
  /** Cluster-wide first (namespace null), then per namespace. */
  views: PermissionView[];
  version: number;
}

/**
 * undefined when the SA does not exist and no binding names it directly, unless `named` (a
 * workload or pod runs as it: the caller knows, this layer does not read workloads).
 */
export function permissionsAnswer(snap: Snapshot, namespace: string, name: string, only?: string | null, named = false): PermissionsAnswer | undefined {
  const id = serviceAccountIdentity(namespace, name);
  const matches = bindingsForIdentity(snap, id);
  const exists = serviceAccountState(serviceAccountPresence(snap), namespace, name) !== "missing";
  if (!exists && !named && !matches.some((m) => m.matchedBy.type !== "Group")) return undefined;
  const namespaces = permissionNamespaces(matches, [namespace]);
  const scopes: (string | null)[] = only === undefined ? [null, ...namespaces] : [only];
  return {
    serviceAccount: { namespace, name, exists },
    identity: id,
    namespaces,
    views: scopes.map((s) => permissionView(snap, id, s, matches)),
    version: snap.version,
  };
}

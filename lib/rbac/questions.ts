// The questions the RBAC routes ask the engine (read from query parameters by lib/api/schemas),
// and how they read: `ns:name` as a ServiceAccount, the equivalent kubectl command.
import type { RequestAttributes } from "./rules";
import type { Severity } from "./risk";
import type { Identity } from "./subjects";

export interface CanIQuery {
  identity: Identity;
  request: RequestAttributes;
  /** `as` as written when it was read as a ServiceAccount's user name (`ns:name`). */
  asWritten?: string;
}

const NS_COLON_NAME = /^([a-z0-9](?:[-a-z0-9]*[a-z0-9])?):([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)$/;

/**
 * `ns:name` → `system:serviceaccount:ns:name` (the short form people type for a
 * ServiceAccount); anything else as written. `system:…` names (system:anonymous,
 * system:kube-proxy) are users of their own, never a namespace "system".
 */
export function normaliseAs(as: string): string {
  const m = NS_COLON_NAME.exec(as);
  if (!m || m[1] === "system" || m[1].length > 63) return as;
  return `system:serviceaccount:${m[1]}:${m[2]}`;
}

export interface WhoCanQuery {
  request: RequestAttributes;
  /** "cluster": ClusterRoleBindings only, for a request without a namespace (default: every namespace). */
  scope?: "cluster";
}

export interface FindingsQuery {
  severity?: Severity[];
  namespace?: string;
  hideSystem: boolean;
  serviceAccount?: { namespace: string; name: string };
  format: "json" | "csv";
  /** At most this many items in a JSON answer (default 1000); CSV has them all. */
  limit: number;
}

export interface PermissionsQuery {
  /** null: the cluster-wide view; absent: every view. */
  namespace?: string | null;
  format: "json" | "csv";
}

/** The `kubectl auth can-i` command for a question. */
export function kubectlCanI(identity: Identity, req: RequestAttributes, explicitGroups: readonly string[] = []): string {
  const q = (s: string) => (/^[A-Za-z0-9_.:/*@=-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
  const parts = ["kubectl", "auth", "can-i", q(req.verb)];
  if (req.kind === "nonResource") parts.push(q(req.path));
  else {
    const res = req.apiGroup ? `${req.resource}.${req.apiGroup}` : req.resource;
    parts.push(q(req.name ? `${res}/${req.name}` : res));
    if (req.subresource) parts.push(`--subresource=${q(req.subresource)}`);
    parts.push(req.namespace ? `-n ${q(req.namespace)}` : "--all-namespaces");
  }
  parts.push(`--as=${q(identity.user)}`);
  for (const g of explicitGroups.length ? explicitGroups : identity.groups) parts.push(`--as-group=${q(g)}`);
  return parts.join(" ");
}

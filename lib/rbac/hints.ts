// What the can-i and who-can answers say beside Yes/No: a question RBAC answers literally but
// the person probably did not mean (a verb or resource type the cluster does not serve, a user
// name no binding names), as kubectl warns "the server doesn't have a resource type". The
// decision itself is never changed: the authorizer matches whatever it is given (`*` allows
// `gett secretz`).
import type { Snapshot } from "@/lib/store/types";
import { rbacIndex, userKey } from "./indexes";
import { resourceCatalog } from "./resources";
import type { RequestAttributes } from "./rules";
import { parseServiceAccountUser, serviceAccountUserName, type Identity } from "./subjects";
import { serviceAccountsByNamespace } from "./who-can";

export interface AnswerNote {
  level: "info" | "warning";
  code: "as-read-as-serviceaccount" | "unknown-user" | "unknown-serviceaccount" | "unknown-resource" | "unknown-verb";
  message: string;
  /** What was probably meant (user names, resource names or verbs), best first. */
  suggestions?: string[];
}

/** Verbs the API server puts in resource requests: the standard ones and RBAC's special verbs. */
export const RESOURCE_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "proxy", "use", "bind", "escalate", "impersonate", "approve", "sign", "attest", "*"];
/** Non-resource requests carry the lower-case HTTP method. */
export const NON_RESOURCE_VERBS = ["get", "post", "put", "patch", "delete", "head", "options", "*"];

/** Edit distance, capped: enough to find "secretz" → "secrets". */
function distance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > cap) return cap + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Names close to `word` (case-insensitive, plural/singular, a typo or two), closest first. */
function closest(word: string, names: Iterable<string>, max = 3): string[] {
  const w = word.toLowerCase();
  const scored: [string, number][] = [];
  for (const n of names) {
    if (n === "*") continue;
    const d = n === w || n === `${w}s` || n === `${w}es` ? 0 : w.length > 3 ? distance(w, n, 2) : 3;
    if (d <= 2) scored.push([n, d]);
  }
  return scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, max).map(([n]) => n);
}

/** Warnings about the request: a verb the API server never sends, a resource type the cluster does not serve. */
export function requestNotes(snap: Snapshot, req: RequestAttributes): AnswerNote[] {
  const notes: AnswerNote[] = [];
  const verbs = req.kind === "resource" ? RESOURCE_VERBS : NON_RESOURCE_VERBS;
  if (!verbs.includes(req.verb)) {
    const suggestions = closest(req.verb, verbs);
    notes.push({
      level: "warning",
      code: "unknown-verb",
      message: `"${req.verb}" is not a verb the API server uses${req.verb !== req.verb.toLowerCase() ? " (verbs are lower case)" : ""}; the answer is what RBAC rules give it literally (a "*" verb allows it)`,
      ...(suggestions.length ? { suggestions } : {}),
    });
  }
  if (req.kind === "resource" && req.resource !== "*" && req.apiGroup !== "*") {
    const cat = resourceCatalog(snap);
    if (!cat.byKey.has(`${req.apiGroup}\n${req.resource}`)) {
      const inGroups = (cat.byName.get(req.resource) ?? []).map((r) => r.group);
      const where = req.apiGroup ? ` in API group "${req.apiGroup}"` : "";
      if (inGroups.length) {
        notes.push({
          level: "warning",
          code: "unknown-resource",
          message: `the server doesn't have a resource type "${req.resource}"${where || " in the core group"}; it serves ${req.resource} in ${inGroups.map((g) => (g ? `"${g}"` : "the core group")).join(", ")}. The answer is what RBAC rules give the type as written`,
          suggestions: inGroups.map((g) => (g ? `${req.resource}.${g}` : req.resource)),
        });
      } else {
        const suggestions = closest(req.resource, [...cat.byName.keys()].filter((n) => !n.includes("/")));
        notes.push({
          level: "warning",
          code: "unknown-resource",
          message: `the server doesn't have a resource type "${req.resource}"${where}; the answer is what RBAC rules give it literally (a "*" resource allows it)`,
          ...(suggestions.length ? { suggestions } : {}),
        });
      }
    }
  }
  return notes;
}

/** ServiceAccount user names whose SA name is `name`, in namespace order (at most `max`). */
function serviceAccountsNamed(snap: Snapshot, name: string, max = 5): string[] {
  const out: string[] = [];
  for (const [ns, list] of [...serviceAccountsByNamespace(snap)].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (list.some((sa) => sa.name === name)) out.push(serviceAccountUserName(ns, name));
    if (out.length >= max) break;
  }
  return out;
}

/** Notes about who is asking: `ns:name` read as an SA, an SA with no object, a user no binding names. */
export function identityNotes(snap: Snapshot, id: Identity, asWritten?: string): AnswerNote[] {
  const idx = rbacIndex(snap);
  const notes: AnswerNote[] = [];
  const named = (user: string) => (idx.bySubject.get(userKey(user))?.length ?? 0) > 0;
  if (asWritten) {
    notes.push({
      level: "info",
      code: "as-read-as-serviceaccount",
      message: `"${asWritten}" read as the ServiceAccount user ${id.user}${named(asWritten) ? `; note that a binding names a user literally called "${asWritten}"` : ""}`,
    });
  }
  const sa = parseServiceAccountUser(id.user);
  if (sa) {
    if (!(serviceAccountsByNamespace(snap).get(sa.namespace) ?? []).some((s) => s.name === sa.name)) {
      const suggestions = serviceAccountsNamed(snap, sa.name);
      notes.push({
        level: "warning",
        code: "unknown-serviceaccount",
        message: `there is no ServiceAccount ${sa.namespace}/${sa.name}; the answer is for a token of that name (bindings naming it and its groups still apply)`,
        ...(suggestions.length ? { suggestions } : {}),
      });
    }
  } else if (!named(id.user)) {
    const suggestions = serviceAccountsNamed(snap, id.user);
    notes.push({
      level: "warning",
      code: "unknown-user",
      message: `no binding names the user "${id.user}"${suggestions.length ? `; did you mean ${suggestions.join(" or ")}?` : id.groups.length ? ": only its groups can allow anything" : ": only bindings to groups it is in could allow anything, and it is given none"}`,
      ...(suggestions.length ? { suggestions } : {}),
    });
  }
  return notes;
}

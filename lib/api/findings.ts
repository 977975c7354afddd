// API v1's answer about findings (GET /api/v1/findings), also what the findings page puts in its HTML.
import { findings, pageOfFindings, withSuggestions, type Finding, type FindingFilter } from "@/lib/rbac/findings";
import type { Snapshot } from "@/lib/store/types";
import { ruleLookup } from "./escalation";
import { wireFinding, type FindingsResponse } from "./wire";

// The pages asked of one list of findings (one per RBAC change), by filter and limit: the page
// and the API ask the same few (the default view above all), and each is a pass over 100k.
const pages = new WeakMap<readonly Finding[], Map<string, ReturnType<typeof pageOfFindings>>>();
const PAGES_KEPT = 32;

/** The kept page of `all` for this query (exported for its test: asked again, the same object). */
export function pageOf(all: readonly Finding[], q: FindingFilter & { limit: number }) {
  let byQuery = pages.get(all);
  if (!byQuery) pages.set(all, (byQuery = new Map()));
  const key = JSON.stringify([q.severity, q.namespace, q.hideSystem, q.serviceAccount, q.limit]);
  let page = byQuery.get(key);
  if (!page) {
    if (byQuery.size >= PAGES_KEPT) byQuery.clear();
    byQuery.set(key, (page = pageOfFindings(all, q, q.limit)));
  }
  return page;
}

/** The first `limit` findings the filter keeps, worst first; `matched`, `hidden` and `total` count them all. */
export function findingsAnswer(snap: Snapshot, q: FindingFilter & { limit: number }): FindingsResponse {
  const all = findings(snap);
  const page = pageOf(all, q);
  const ruleOf = ruleLookup(snap);
  // the suggested Role YAML is built only for the findings returned
  // hidden: left out only as the bootstrap policy's own (hideSystem), for the page to say so
  return { version: snap.version, total: all.length, matched: page.matched, hidden: page.hidden, items: withSuggestions(page.items).map((f) => wireFinding(f, ruleOf)) };
}

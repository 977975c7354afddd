// API v1's answer about findings (GET /api/v1/findings), also what the findings page puts in its HTML.
import { findings, pageOfFindings, withSuggestions, type FindingFilter } from "@/lib/rbac/findings";
import type { Snapshot } from "@/lib/store/types";
import { ruleLookup } from "./escalation";
import { wireFinding, type FindingsResponse } from "./wire";

/** The first `limit` findings the filter keeps, worst first; `matched`, `hidden` and `total` count them all. */
export function findingsAnswer(snap: Snapshot, q: FindingFilter & { limit: number }): FindingsResponse {
  const all = findings(snap);
  const page = pageOfFindings(all, q, q.limit);
  const ruleOf = ruleLookup(snap);
  // the suggested Role YAML is built only for the findings returned
  // hidden: left out only as the bootstrap policy's own (hideSystem), for the page to say so
  return { version: snap.version, total: all.length, matched: page.matched, hidden: page.hidden, items: withSuggestions(page.items).map((f) => wireFinding(f, ruleOf)) };
}

import type { NextRequest } from "next/server";
import { handle, json, parseQuery } from "@/lib/api/errors";
import { syncedSnapshot } from "@/lib/server/snapshot";
import { filterFindings, findings, findingsCsv, hiddenBootstrapFindings, withSuggestions } from "@/lib/rbac/findings";
import { findingsQuery } from "@/lib/api/schemas";
import { ruleLookup } from "@/lib/api/escalation";
import { wireFinding } from "@/lib/api/wire";

/** GET /api/v1/findings?severity=&namespace=&hideSystem=&serviceAccount=ns/name&limit=&format=json|csv → {items, matched, hidden, total} */
export function GET(request: NextRequest) {
  return handle(() => {
    const q = parseQuery(findingsQuery, request.nextUrl.searchParams);
    const snap = syncedSnapshot();
    const all = findings(snap);
    const items = filterFindings(all, q);
    if (q.format === "csv") {
      return new Response(findingsCsv(items), {
        headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="rolecall-findings.csv"', "Cache-Control": "no-store" },
      });
    }
    const ruleOf = ruleLookup(snap);
    // the suggested Role YAML is built only for the findings returned
    // hidden: left out only as the bootstrap policy's own (hideSystem), for the page to say so
    return json({ version: snap.version, total: all.length, matched: items.length, hidden: hiddenBootstrapFindings(all, q), items: withSuggestions(items.slice(0, q.limit)).map((f) => wireFinding(f, ruleOf)) });
  });
}

import type { NextRequest } from "next/server";
import { handle, json, parseQuery } from "@/lib/api/errors";
import { syncedSnapshot } from "@/lib/server/snapshot";
import { filterFindings, findings, findingsCsv } from "@/lib/rbac/findings";
import { findingsQuery } from "@/lib/api/schemas";
import { findingsAnswer } from "@/lib/api/findings";

/** GET /api/v1/findings?severity=&namespace=&hideSystem=&serviceAccount=ns/name&limit=&format=json|csv → {items, matched, hidden, total} */
export function GET(request: NextRequest) {
  return handle(() => {
    const q = parseQuery(findingsQuery, request.nextUrl.searchParams);
    const snap = syncedSnapshot();
    if (q.format === "csv") {
      return new Response(findingsCsv(filterFindings(findings(snap), q)), {
        headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="rolecall-findings.csv"', "Cache-Control": "no-store" },
      });
    }
    return json(findingsAnswer(snap, q));
  });
}

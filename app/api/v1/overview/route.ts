import type { NextRequest } from "next/server";
import { handle, json, parseQuery } from "@/lib/api/errors";
import { overview } from "@/lib/api/overview";
import { overviewQuery } from "@/lib/api/schemas";
import { chainsOf } from "@/lib/server/chains";
import { syncedSnapshot } from "@/lib/server/snapshot";

/** GET /api/v1/overview?namespace= → counts of ServiceAccounts, bindings, findings and chains; the worst findings and the chains needing attention. */
export function GET(request: NextRequest) {
  return handle(() => {
    const { namespace } = parseQuery(overviewQuery, request.nextUrl.searchParams);
    const snap = syncedSnapshot();
    return json(overview(snap, chainsOf(snap), namespace));
  });
}

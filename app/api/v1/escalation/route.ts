import type { NextRequest } from "next/server";
import { handle, json, parseQuery } from "@/lib/api/errors";
import { escalationTarget } from "@/lib/api/escalation";
import { escalationQuery } from "@/lib/api/schemas";
import { syncedSnapshot } from "@/lib/server/snapshot";

/** GET /api/v1/escalation?target=cluster-admin&limit=N → {target, subjects: [shortest path each, the first N], total, truncated, version} */
export function GET(request: NextRequest) {
  return handle(() => {
    const q = parseQuery(escalationQuery, request.nextUrl.searchParams);
    return json(escalationTarget(syncedSnapshot(), q.limit));
  });
}

import type { NextRequest } from "next/server";
import { ApiError, handle, json } from "@/lib/api/errors";
import { syncedSnapshot } from "@/lib/server/snapshot";
import { parseWhoCanQuery } from "@/lib/rbac/http";
import { whoCanAnswer } from "@/lib/rbac/views";

/** GET /api/v1/who-can?verb=&resource=|nonResourceURL=&apiGroup=&namespace=&name=&scope=cluster → {scope, subjects, groupMembers, notes} */
export function GET(request: NextRequest) {
  return handle(() => {
    const q = parseWhoCanQuery(request.nextUrl.searchParams);
    if (!q.ok) throw new ApiError(400, q.error, q.field);
    return json(whoCanAnswer(syncedSnapshot(), q.value));
  });
}

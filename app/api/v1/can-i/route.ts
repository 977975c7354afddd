import type { NextRequest } from "next/server";
import { ApiError, handle, json } from "@/lib/api/errors";
import { syncedSnapshot } from "@/lib/server/snapshot";
import { parseCanIQuery } from "@/lib/rbac/http";
import { canIAnswer } from "@/lib/rbac/views";

/** GET /api/v1/can-i?as=&asGroup=&verb=&resource=|nonResourceURL=&apiGroup=&name=&namespace= → {allowed, reasons, kubectl, notes} (`as` may be ns:name) */
export function GET(request: NextRequest) {
  return handle(() => {
    const params = request.nextUrl.searchParams;
    const q = parseCanIQuery(params);
    if (!q.ok) throw new ApiError(400, q.error, q.field);
    return json(canIAnswer(syncedSnapshot(), q.value));
  });
}

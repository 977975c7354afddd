import type { NextRequest } from "next/server";
import { handle, json, parseQuery } from "@/lib/api/errors";
import { syncedSnapshot } from "@/lib/server/snapshot";
import { canIQuery } from "@/lib/api/schemas";
import { wireCanI } from "@/lib/api/wire";
import { canIAnswer } from "@/lib/rbac/views";

/** GET /api/v1/can-i?as=&asGroup=&verb=&resource=|nonResourceURL=&apiGroup=&name=&namespace= → {allowed, reasons, kubectl, notes} (`as` may be ns:name) */
export function GET(request: NextRequest) {
  return handle(() => {
    const params = request.nextUrl.searchParams;
    const q = parseQuery(canIQuery, params);
    return json(wireCanI(canIAnswer(syncedSnapshot(), q)));
  });
}

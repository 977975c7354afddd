import type { NextRequest } from "next/server";
import { handle, json, parseQuery } from "@/lib/api/errors";
import { syncedSnapshot } from "@/lib/server/snapshot";
import { whoCanQuery } from "@/lib/api/schemas";
import { wireWhoCan } from "@/lib/api/wire";
import { whoCanAnswer } from "@/lib/rbac/views";

/** GET /api/v1/who-can?verb=&resource=|nonResourceURL=&apiGroup=&namespace=&name=&scope=cluster → {scope, subjects, groupMembers, notes} */
export function GET(request: NextRequest) {
  return handle(() => {
    const q = parseQuery(whoCanQuery, request.nextUrl.searchParams);
    return json(wireWhoCan(whoCanAnswer(syncedSnapshot(), q)));
  });
}

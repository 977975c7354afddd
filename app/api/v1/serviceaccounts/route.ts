import type { NextRequest } from "next/server";
import { handle, json, parseQuery } from "@/lib/api/errors";
import { serviceAccountListQuery } from "@/lib/api/schemas";
import { serviceAccountList } from "@/lib/api/serviceaccounts";
import { syncedSnapshot } from "@/lib/server/snapshot";

/** GET /api/v1/serviceaccounts?namespace= → {version, items} */
export function GET(request: NextRequest) {
  return handle(() => {
    const { namespace } = parseQuery(serviceAccountListQuery, request.nextUrl.searchParams);
    return json(serviceAccountList(syncedSnapshot(), namespace));
  });
}

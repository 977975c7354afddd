import type { NextRequest } from "next/server";
import { handle, json, parseQuery } from "@/lib/api/errors";
import { searchQuery } from "@/lib/api/schemas";
import { search } from "@/lib/api/search";
import { syncedSnapshot } from "@/lib/server/snapshot";

/** GET /api/v1/search?q=&limit=&namespace= → ServiceAccounts, bindings, roles, workloads by name. */
export function GET(request: NextRequest) {
  return handle(() => {
    const { q, limit, namespace } = parseQuery(searchQuery, request.nextUrl.searchParams);
    return json(search(syncedSnapshot(), q, limit, namespace));
  });
}

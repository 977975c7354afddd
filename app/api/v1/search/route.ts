import type { NextRequest } from "next/server";
import { handle, json, parseQuery } from "@/lib/api/errors";
import { searchQuery } from "@/lib/api/schemas";
import { search } from "@/lib/api/search";
import { chainsOf } from "@/lib/server/chains";
import { syncedSnapshot } from "@/lib/server/snapshot";

/** GET /api/v1/search?q=&limit=&namespace= → ServiceAccounts, bindings, roles, workloads by name; objects of a chain also to their chain. */
export function GET(request: NextRequest) {
  return handle(() => {
    const { q, limit, namespace } = parseQuery(searchQuery, request.nextUrl.searchParams);
    const snap = syncedSnapshot();
    return json(search(snap, q, limit, namespace, chainsOf(snap)));
  });
}

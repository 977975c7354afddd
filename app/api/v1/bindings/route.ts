import type { NextRequest } from "next/server";
import { bindingList } from "@/lib/api/bindings";
import { handle, json, parseQuery } from "@/lib/api/errors";
import { bindingListQuery } from "@/lib/api/schemas";
import { syncedSnapshot } from "@/lib/server/snapshot";

/** GET /api/v1/bindings?namespace= → every RoleBinding and ClusterRoleBinding, orphans marked. */
export function GET(request: NextRequest) {
  return handle(() => {
    const { namespace } = parseQuery(bindingListQuery, request.nextUrl.searchParams);
    return json(bindingList(syncedSnapshot(), namespace));
  });
}

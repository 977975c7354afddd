import type { NextRequest } from "next/server";
import { handle, json, parseQuery } from "@/lib/api/errors";
import { resourceList } from "@/lib/api/resources";
import { emptyQuery } from "@/lib/api/schemas";
import { syncedSnapshot } from "@/lib/server/snapshot";

/** GET /api/v1/resources → {version, items: [{resource, groups, namespaced}]}: what the cluster serves, for the can-i and who-can forms. */
export function GET(request: NextRequest) {
  return handle(() => {
    parseQuery(emptyQuery, request.nextUrl.searchParams);
    return json(resourceList(syncedSnapshot()));
  });
}

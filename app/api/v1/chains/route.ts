import type { NextRequest } from "next/server";
import { handle, json, parseQuery } from "@/lib/api/errors";
import { syncedSnapshot } from "@/lib/server/snapshot";
import { chainsInNamespace } from "@/lib/chains";
import { chainsQuery } from "@/lib/api/schemas";
import { wireChains } from "@/lib/api/wire";
import { chainsOf } from "@/lib/server/chains";

/** GET /api/v1/chains?namespace= → {version, nodes, edges, diagnostics, chains}: every chain touching the namespace. */
export function GET(request: NextRequest) {
  return handle(() => {
    const { namespace } = parseQuery(chainsQuery, request.nextUrl.searchParams);
    const snap = syncedSnapshot();
    return json(wireChains(chainsInNamespace(chainsOf(snap), namespace), snap.version));
  });
}

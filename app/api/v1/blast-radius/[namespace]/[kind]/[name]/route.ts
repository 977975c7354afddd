import type { NextRequest } from "next/server";
import { handle, json, notFound, parseInput, parseQuery } from "@/lib/api/errors";
import { blastRadius } from "@/lib/api/escalation";
import { blastRadiusParams, emptyQuery } from "@/lib/api/schemas";
import { syncedSnapshot } from "@/lib/server/snapshot";

/** GET /api/v1/blast-radius/{namespace}/{kind}/{name} → its ServiceAccount, what it can become, whose Secrets, pods and nodes are within reach. */
export function GET(request: NextRequest, ctx: { params: Promise<{ namespace: string; kind: string; name: string }> }) {
  return handle(async () => {
    const { namespace, kind, name } = parseInput(blastRadiusParams, await ctx.params);
    parseQuery(emptyQuery, request.nextUrl.searchParams);
    const answer = blastRadius(syncedSnapshot(), namespace, kind, name);
    if (!answer) throw notFound(`${kind} ${namespace}/${name}`);
    return json(answer);
  });
}

import type { NextRequest } from "next/server";
import { handle, json, notFound, parseInput, parseQuery } from "@/lib/api/errors";
import { serviceAccountEscalation } from "@/lib/api/escalation";
import { emptyQuery, serviceAccountParams } from "@/lib/api/schemas";
import { syncedSnapshot } from "@/lib/server/snapshot";

/** GET /api/v1/serviceaccounts/{ns}/{name}/escalation → {subject, reachesClusterAdmin, clusterAdmin?, canBecome, version} */
export function GET(request: NextRequest, ctx: { params: Promise<{ namespace: string; name: string }> }) {
  return handle(async () => {
    const { namespace, name } = parseInput(serviceAccountParams, await ctx.params);
    parseQuery(emptyQuery, request.nextUrl.searchParams);
    const answer = serviceAccountEscalation(syncedSnapshot(), namespace, name);
    if (!answer) throw notFound(`ServiceAccount ${namespace}/${name}`);
    return json(answer);
  });
}

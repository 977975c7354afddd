import type { NextRequest } from "next/server";
import { handle, json, notFound, parseInput, parseQuery } from "@/lib/api/errors";
import { serviceAccountEscalation } from "@/lib/api/escalation";
import { serviceAccountEscalationQuery, serviceAccountParams } from "@/lib/api/schemas";
import { syncedSnapshot } from "@/lib/server/snapshot";

/** GET /api/v1/serviceaccounts/{ns}/{name}/escalation?limit=N → {subject, reachesClusterAdmin, clusterAdmin?, canBecome (the first N), total, truncated, version} */
export function GET(request: NextRequest, ctx: { params: Promise<{ namespace: string; name: string }> }) {
  return handle(async () => {
    const { namespace, name } = parseInput(serviceAccountParams, await ctx.params);
    const { limit } = parseQuery(serviceAccountEscalationQuery, request.nextUrl.searchParams);
    const answer = serviceAccountEscalation(syncedSnapshot(), namespace, name, limit);
    if (!answer) throw notFound(`ServiceAccount ${namespace}/${name}`);
    return json(answer);
  });
}

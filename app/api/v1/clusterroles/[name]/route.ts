import type { NextRequest } from "next/server";
import { handle, json, notFound, parseInput } from "@/lib/api/errors";
import { clusterRoleParams } from "@/lib/api/schemas";
import { roleDetail } from "@/lib/api/roles";
import { syncedSnapshot } from "@/lib/server/snapshot";

/** GET /api/v1/clusterroles/{name} → a ClusterRole's rules, aggregation both ways, the bindings naming it, the findings through it. */
export function GET(_request: NextRequest, ctx: { params: Promise<{ name: string }> }) {
  return handle(async () => {
    const { name } = parseInput(clusterRoleParams, await ctx.params);
    const detail = roleDetail(syncedSnapshot(), { kind: "ClusterRole", name });
    if (!detail) throw notFound(`ClusterRole ${name}`);
    return json(detail);
  });
}

import type { NextRequest } from "next/server";
import { handle, json, notFound, parseInput } from "@/lib/api/errors";
import { roleParams } from "@/lib/api/schemas";
import { roleDetail } from "@/lib/api/roles";
import { syncedSnapshot } from "@/lib/server/snapshot";

/** GET /api/v1/roles/{namespace}/{name} → a Role's rules, the bindings naming it, the findings through it. */
export function GET(_request: NextRequest, ctx: { params: Promise<{ namespace: string; name: string }> }) {
  return handle(async () => {
    const { namespace, name } = parseInput(roleParams, await ctx.params);
    const detail = roleDetail(syncedSnapshot(), { kind: "Role", namespace, name });
    if (!detail) throw notFound(`Role ${namespace}/${name}`);
    return json(detail);
  });
}

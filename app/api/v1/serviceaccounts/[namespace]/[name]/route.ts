import type { NextRequest } from "next/server";
import { handle, parseInput, json, notFound } from "@/lib/api/errors";
import { serviceAccountParams } from "@/lib/api/schemas";
import { serviceAccountDetail } from "@/lib/api/serviceaccounts";
import { chainsOf } from "@/lib/server/chains";
import { syncedSnapshot } from "@/lib/server/snapshot";

/** GET /api/v1/serviceaccounts/{namespace}/{name} → bindings, roles, workloads, pods, automount, pull secret names, the chains its workloads are in. */
export function GET(_request: NextRequest, ctx: { params: Promise<{ namespace: string; name: string }> }) {
  return handle(async () => {
    const params = parseInput(serviceAccountParams, await ctx.params);
    const { namespace, name } = params;
    const snap = syncedSnapshot();
    const detail = serviceAccountDetail(snap, namespace, name, chainsOf(snap));
    if (!detail) throw notFound(`ServiceAccount ${namespace}/${name}`);
    return json(detail);
  });
}

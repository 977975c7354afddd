import type { NextRequest } from "next/server";
import { ApiError, handle, json, notFound } from "@/lib/api/errors";
import { serviceAccountParams } from "@/lib/api/schemas";
import { serviceAccountDetail } from "@/lib/api/serviceaccounts";
import { syncedSnapshot } from "@/lib/server/snapshot";

/** GET /api/v1/serviceaccounts/{namespace}/{name} → bindings, roles, workloads, pods, automount, pull secret names. */
export function GET(_request: NextRequest, ctx: { params: Promise<{ namespace: string; name: string }> }) {
  return handle(async () => {
    const parsed = serviceAccountParams.safeParse(await ctx.params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError(400, issue.message, issue.path.map(String).join("."));
    }
    const { namespace, name } = parsed.data;
    const detail = serviceAccountDetail(syncedSnapshot(), namespace, name);
    if (!detail) throw notFound(`ServiceAccount ${namespace}/${name}`);
    return json(detail);
  });
}

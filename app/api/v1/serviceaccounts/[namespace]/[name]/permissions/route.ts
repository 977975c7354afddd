import type { NextRequest } from "next/server";
import { ApiError, handle, json, notFound } from "@/lib/api/errors";
import { serviceAccountParams } from "@/lib/api/schemas";
import { serviceAccountKnown } from "@/lib/api/serviceaccounts";
import { syncedSnapshot } from "@/lib/server/snapshot";
import { parsePermissionsQuery } from "@/lib/rbac/http";
import { permissionViewCsv } from "@/lib/rbac/permissions";
import { permissionsAnswer } from "@/lib/rbac/views";

/** GET /api/v1/serviceaccounts/{ns}/{name}/permissions?namespace=&format= → effective permissions per namespace and cluster-wide. */
export function GET(request: NextRequest, ctx: { params: Promise<{ namespace: string; name: string }> }) {
  return handle(async () => {
    const parsed = serviceAccountParams.safeParse(await ctx.params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError(400, issue.message, issue.path.map(String).join("."));
    }
    const q = parsePermissionsQuery(request.nextUrl.searchParams);
    if (!q.ok) throw new ApiError(400, q.error, q.field);
    const { namespace, name } = parsed.data;
    const snap = syncedSnapshot();
    const answer = permissionsAnswer(snap, namespace, name, q.value.namespace, serviceAccountKnown(snap, namespace, name));
    if (!answer) throw notFound(`ServiceAccount ${namespace}/${name}`);
    if (q.value.format === "csv") {
      return new Response(answer.views.map(permissionViewCsv).map((c, i) => (i ? c.split("\n").slice(1).join("\n") : c)).join(""), {
        headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="permissions-${namespace}-${name}${q.value.namespace === undefined ? "" : `-${q.value.namespace ?? "cluster"}`}.csv"`, "Cache-Control": "no-store" },
      });
    }
    return json(answer);
  });
}

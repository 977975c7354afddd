import type { NextRequest } from "next/server";
import { handle, parseInput, json, parseQuery, notFound } from "@/lib/api/errors";
import { serviceAccountParams } from "@/lib/api/schemas";
import { serviceAccountKnown } from "@/lib/api/serviceaccounts";
import { syncedSnapshot } from "@/lib/server/snapshot";
import { permissionsQuery } from "@/lib/api/schemas";
import { wirePermissions } from "@/lib/api/wire";
import { permissionViewCsv } from "@/lib/rbac/permissions";
import { permissionsAnswer } from "@/lib/rbac/views";

/** GET /api/v1/serviceaccounts/{ns}/{name}/permissions?namespace=&format= → effective permissions per namespace and cluster-wide. */
export function GET(request: NextRequest, ctx: { params: Promise<{ namespace: string; name: string }> }) {
  return handle(async () => {
    const params = parseInput(serviceAccountParams, await ctx.params);
    const q = parseQuery(permissionsQuery, request.nextUrl.searchParams);
    const { namespace, name } = params;
    const snap = syncedSnapshot();
    const answer = permissionsAnswer(snap, namespace, name, q.namespace, serviceAccountKnown(snap, namespace, name));
    if (!answer) throw notFound(`ServiceAccount ${namespace}/${name}`);
    if (q.format === "csv") {
      return new Response(answer.views.map(permissionViewCsv).map((c, i) => (i ? c.split("\n").slice(1).join("\n") : c)).join(""), {
        headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="permissions-${namespace}-${name}${q.namespace === undefined ? "" : `-${q.namespace ?? "cluster"}`}.csv"`, "Cache-Control": "no-store" },
      });
    }
    return json(wirePermissions(answer));
  });
}

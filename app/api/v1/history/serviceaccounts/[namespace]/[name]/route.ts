import type { NextRequest } from "next/server";
import { handle, json, parseInput, parseQuery } from "@/lib/api/errors";
import { serviceAccountHistorySubjects, wireHistoryEntry, wireHistoryStatus } from "@/lib/api/history";
import { serviceAccountHistoryQuery, serviceAccountParams } from "@/lib/api/schemas";
import { historyRepositoryOrFail, historyStatus } from "@/lib/server/history";

/** GET /api/v1/history/serviceaccounts/{namespace}/{name}?since=&until=&limit=&cursor= → the ServiceAccount's timeline (with its namespace's and every SA's groups). */
export function GET(request: NextRequest, ctx: { params: Promise<{ namespace: string; name: string }> }) {
  return handle(async () => {
    const { namespace, name } = parseInput(serviceAccountParams, await ctx.params);
    const q = parseQuery(serviceAccountHistoryQuery, request.nextUrl.searchParams);
    const page = await historyRepositoryOrFail().query({ ...q, subjects: serviceAccountHistorySubjects(namespace, name) });
    return json({ items: page.items.map(wireHistoryEntry), ...(page.next ? { next: page.next } : {}), history: wireHistoryStatus(historyStatus()) });
  });
}

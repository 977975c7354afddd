import type { NextRequest } from "next/server";
import { handle, json, parseQuery } from "@/lib/api/errors";
import { wireHistoryEntry, wireHistoryStatus } from "@/lib/api/history";
import { historyQuery } from "@/lib/api/schemas";
import { historyRepositoryOrFail, historyStatus } from "@/lib/server/history";

/** GET /api/v1/history?subject=&namespace=&since=&until=&risk=&change=&limit=&cursor= → {items (newest first), next?, history}; 503 while history is unavailable. */
export function GET(request: NextRequest) {
  return handle(async () => {
    const q = parseQuery(historyQuery, request.nextUrl.searchParams);
    const page = await historyRepositoryOrFail().query(q);
    return json({ items: page.items.map(wireHistoryEntry), ...(page.next ? { next: page.next } : {}), history: wireHistoryStatus(historyStatus()) });
  });
}

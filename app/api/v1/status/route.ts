import { handle, json } from "@/lib/api/errors";
import { wireHistoryStatus } from "@/lib/api/history";
import { statusView } from "@/lib/api/status";
import { historyStatus } from "@/lib/server/history";
import { getStore } from "@/lib/server/store";

/** GET /api/v1/status → what the frame shows: source, sync state per kind, problems, namespaces. Always 200. */
export function GET() {
  return handle(() => {
    const store = getStore();
    return json({ ...statusView(store.snapshot(), store.isSynced()), history: wireHistoryStatus(historyStatus()) });
  });
}

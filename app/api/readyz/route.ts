import { handle, json } from "@/lib/api/errors";
import { getStore } from "@/lib/server/store";
import { readAccessConfig } from "@/lib/auth/config";

/** GET /api/readyz: 200 once the store is synced, else 503; details name kind states and source problems (file and line). */
export function GET() {
  return handle(() => {
    const store = getStore();
    const snap = store.snapshot();
    const ready = store.isSynced();
    // Behind SSO this path is exempt from login (probes), so it must not name anything.
    if (readAccessConfig(process.env).mode === "proxy") return json({ ready }, ready ? 200 : 503);
    return json(
      {
        ready,
        version: snap.version,
        source: snap.source,
        kinds: snap.kinds,
        problems: snap.problems,
      },
      ready ? 200 : 503,
    );
  });
}

// GET /api/v1/whoami → {user, groups}: who the authenticating proxy said this is. Only the
// headers proxy.ts set after validating the request are read (it deletes incoming copies),
// so outside ROLECALL_AUTH=proxy this is always {user: null, groups: []}.
import "server-only";
import { headers } from "next/headers";
import { GROUPS_HEADER, USER_HEADER } from "@/lib/auth/access";
import { json } from "@/lib/api/errors";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const h = await headers();
  const user = h.get(USER_HEADER);
  const groups = (h.get(GROUPS_HEADER) ?? "").split(",").filter(Boolean);
  return json({ user: user || null, groups: user ? groups : [] });
}

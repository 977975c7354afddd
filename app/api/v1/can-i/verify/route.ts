import type { NextRequest } from "next/server";
import { ApiError, handle, json, parseQuery } from "@/lib/api/errors";
import { syncedSnapshot } from "@/lib/server/snapshot";
import { log } from "@/lib/log";
import { isLiveSource } from "@/lib/rbac/aggregation";
import { canI } from "@/lib/rbac/authorize";
import { canIQuery } from "@/lib/api/schemas";
import { canVerify, subjectAccessReview } from "@/lib/server/sar";

/** GET /api/v1/can-i/verify → {available}: live source and the dashboard may create SubjectAccessReviews. */
export function GET() {
  return handle(async () => {
    const snap = syncedSnapshot();
    return json({ available: isLiveSource(snap.source) && (await canVerify()) });
  });
}

/**
 * POST /api/v1/can-i/verify with the can-i parameters as a JSON object (asGroup an array)
 * → {apiServer: {allowed, denied, reason}, rolecall: {allowed}, agree}.
 */
export function POST(request: NextRequest) {
  return handle(async () => {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      throw new ApiError(400, "the body must be a JSON object of can-i parameters");
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new ApiError(400, "the body must be a JSON object of can-i parameters");
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      for (const x of Array.isArray(v) ? v : [v]) {
        if (typeof x !== "string") throw new ApiError(400, `${k.slice(0, 64)} must be a string`, k.slice(0, 64));
        params.append(k, x);
      }
    }
    const q = parseQuery(canIQuery, params);
    const snap = syncedSnapshot();
    if (!isLiveSource(snap.source)) throw new ApiError(404, "no API server: Rolecall is reading manifests or example data");
    const ours = canI(snap, q.identity, q.request);
    let verdict;
    try {
      verdict = await subjectAccessReview(q.identity, q.request);
    } catch (err) {
      log.warn({ err: (err as Error).message }, "SubjectAccessReview failed");
      throw new ApiError(503, "the API server did not answer the SubjectAccessReview");
    }
    if (!verdict) throw new ApiError(404, "no API server configured");
    return json({ apiServer: verdict, rolecall: { allowed: ours.allowed }, agree: verdict.allowed === ours.allowed, version: snap.version });
  });
}

/** GET /api/healthz: the process is alive and serving. Never touches the store. */
export function GET() {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}

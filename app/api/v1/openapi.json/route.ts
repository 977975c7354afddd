import { handle, json } from "@/lib/api/errors";
import { openApiDocument } from "@/lib/api/openapi";

/** GET /api/v1/openapi.json → the OpenAPI 3.1 document of API v1, generated from its zod schemas. */
export function GET() {
  return handle(() => json(openApiDocument()));
}

import "server-only";
import { z } from "zod";
import { log } from "@/lib/log";
import type { ApiErrorBody } from "./wire";

/** An answer the client caused or must wait for; anything else is our bug. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404 | 503,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, `${what} not found`);
export const notSynced = () => new ApiError(503, "not synced yet: the store is still loading the cluster state");

const NO_STORE = { "Cache-Control": "no-store" };

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

function errorResponse(status: number, body: ApiErrorBody): Response {
  return json(body, status);
}

/** The first zod issue as `{error, field}`; field is the dotted path of the input. */
export function fromZod(err: z.ZodError): ApiErrorBody {
  // An unknown parameter comes first (as a mistyped name explains the rest); it has an empty
  // path, so the key itself is the field to name, cut short as it echoes the client's input.
  const issue = err.issues.find((i) => i.code === "unrecognized_keys") ?? err.issues[0];
  const unknown = issue?.code === "unrecognized_keys" ? issue.keys[0].slice(0, 64) : undefined;
  const field = unknown ?? (issue?.path.map(String).join(".") || undefined);
  const error = unknown ? `unknown parameter "${unknown}"` : issue ? issue.message : "invalid input";
  return { error, ...(field ? { field } : {}) };
}

/**
 * Wraps a route handler body: ApiError → its status, ZodError → 400 with the field, anything
 * else → logged with its stack, and the client gets a generic message without one.
 */
export async function handle(fn: () => Response | Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ApiError) {
      const body: ApiErrorBody = { error: err.message, ...(err.field ? { field: err.field } : {}) };
      const res = errorResponse(err.status, body);
      if (err.status === 503) res.headers.set("Retry-After", "2");
      return res;
    }
    if (err instanceof z.ZodError) return errorResponse(400, fromZod(err));
    log.error({ err }, "route handler failed");
    return errorResponse(500, { error: "internal error" });
  }
}

/** Reads input (path parameters, a query) with its zod schema; a problem is a 400 {error, field}. */
export function parseInput<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const res = schema.safeParse(raw);
  if (!res.success) {
    const b = fromZod(res.error);
    throw new ApiError(400, b.error, b.field);
  }
  return res.data;
}

/** Parses URL search params with a zod object schema; a key given more than once is a list (the schema says whether it may be). */
export function parseQuery<T extends z.ZodType>(schema: T, params: URLSearchParams): z.output<T> {
  // No prototype: "__proto__" becomes a key like any other (and so an unknown parameter).
  const raw: Record<string, string | string[]> = Object.create(null);
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    raw[key] = all.length > 1 ? all : all[0];
  }
  return parseInput(schema, raw);
}

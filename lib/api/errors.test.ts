import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { log } from "@/lib/log";
import { ApiError, handle, notFound, notSynced, parseQuery } from "./errors";

vi.mock("@/lib/log", () => ({ log: { error: vi.fn() } }));

describe("handle", () => {
  it("turns ApiError into its status with {error, field}", async () => {
    const r = await handle(() => {
      throw new ApiError(400, "bad namespace", "namespace");
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: "bad namespace", field: "namespace" });
    expect((await handle(() => Promise.reject(notFound("ServiceAccount a/b")))).status).toBe(404);
    const r503 = await handle(() => {
      throw notSynced();
    });
    expect(r503.status).toBe(503);
    expect(r503.headers.get("Retry-After")).toBe("2");
  });

  it("answers an unexpected error with a generic message and no stack", async () => {
    const r = await handle(() => {
      throw new TypeError("secret internals at /app/lib/x.ts:12");
    });
    expect(r.status).toBe(500);
    const text = await r.text();
    expect(JSON.parse(text)).toEqual({ error: "internal error" });
    expect(text).not.toContain("internals");
    // The details go to the server log instead.
    expect(log.error).toHaveBeenCalledWith({ err: expect.any(TypeError) }, "route handler failed");
  });

  it("parseQuery names an unknown parameter as the field (strict schemas)", () => {
    const schema = z.strictObject({ namespace: z.string().optional() });
    try {
      parseQuery(schema, new URLSearchParams("namspace=a"));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).status).toBe(400);
      expect((e as ApiError).field).toBe("namspace");
      expect((e as ApiError).message).toBe('unknown parameter "namspace"');
    }
  });

  it("parseQuery names the offending field; a repeated single-valued key is a 400", () => {
    const schema = z.object({ namespace: z.string().optional(), limit: z.coerce.number().int().optional() });
    expect(parseQuery(schema, new URLSearchParams("namespace=a&limit=3"))).toEqual({ namespace: "a", limit: 3 });
    for (const [qs, field] of [
      ["namespace=a&namespace=b", "namespace"],
      ["limit=x", "limit"],
    ]) {
      try {
        parseQuery(schema, new URLSearchParams(qs));
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ApiError);
        expect((e as ApiError).status).toBe(400);
        expect((e as ApiError).field).toBe(field);
      }
    }
  });
});

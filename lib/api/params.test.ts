// Path and query input that names Object's own properties: a 400, never a lookup that finds
// Object.prototype (which answered 500).
import { describe, expect, it } from "vitest";
import { ApiError, parseQuery } from "./errors";
import { chainParams, chainsQuery, emptyQuery, searchQuery, serviceAccountListQuery } from "./schemas";

describe("names of Object's own properties", () => {
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])("kind %s is an unknown kind", (kind) => {
    const r = chainParams.safeParse({ namespace: "shop", kind, name: "api" });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0].path).toEqual(["kind"]);
  });
  it("a real kind still parses, in any case and plural", () => {
    expect(chainParams.parse({ namespace: "shop", kind: "Deployments", name: "api" }).kind).toBe("Deployment");
  });
  it.each(["__proto__", "constructor", "toString"])("query parameter %s is unknown to every schema", (name) => {
    for (const schema of [serviceAccountListQuery, emptyQuery, searchQuery, chainsQuery]) {
      let err: unknown;
      try {
        parseQuery(schema, new URLSearchParams(`${name}=1`));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(400);
      expect((err as ApiError).field).toBe(name);
    }
  });
});

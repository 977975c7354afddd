import { describe, expect, it } from "vitest";
import { concerns } from "./live";

describe("concerns", () => {
  it("a query without meta.kinds is refreshed on every change", () => {
    expect(concerns({ meta: undefined }, new Set(["Pod"]))).toBe(true);
  });
  it("a query with meta.kinds only when one of them changed, or on a full refresh", () => {
    const q = { meta: { kinds: ["Job", "Pod"] } };
    expect(concerns(q, new Set(["Pod"]))).toBe(true);
    expect(concerns(q, new Set(["RoleBinding"]))).toBe(false);
    expect(concerns(q, new Set())).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { concerns, toRefresh } from "./live";

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

describe("toRefresh", () => {
  it("on (re)connecting, everything if the store moved on, else nothing", () => {
    expect(toRefresh({ version: 5, kinds: [] }, false, 4)).toEqual([]);
    expect(toRefresh({ version: 5, kinds: [] }, false, undefined)).toEqual([]);
    expect(toRefresh({ version: 5, kinds: [] }, false, 5)).toBeUndefined();
  });
  it("while live, the kinds that changed; a change without kinds (manifest problems, resources) refreshes everything", () => {
    expect(toRefresh({ version: 6, kinds: ["Pod"] }, true, 5)).toEqual(["Pod"]);
    expect(toRefresh({ version: 6, kinds: [] }, true, 5)).toEqual([]);
    expect(toRefresh({ version: 6, kinds: [] }, true, 6)).toBeUndefined();
  });
});

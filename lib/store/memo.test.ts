import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "./snapshot";
import { memoOnKinds } from "./memo";
import type { Snapshot } from "./types";

const sa = (name: string) => ({ kind: "ServiceAccount", metadata: { name, namespace: "a" } });
const pod = (name: string) => ({ kind: "Pod", metadata: { name, namespace: "a" } });

describe("memoOnKinds", () => {
  it("reuses a result while the maps it reads (and the extras) are the same, whatever else changed", () => {
    let runs = 0;
    let extra = "x";
    const names = memoOnKinds(["ServiceAccount"], (s) => (runs++, [...s.objects.ServiceAccount.values()].map((o) => o.metadata.name)), () => [extra]);
    const s1 = snapshotFromObjects([sa("one"), pod("p")]);
    expect(names(s1)).toEqual(["one"]);
    const podsChanged: Snapshot = { ...s1, version: 2, objects: { ...s1.objects, Pod: new Map() } };
    expect(names(podsChanged)).toBe(names(s1));
    expect(runs).toBe(1);
    const sasChanged = snapshotFromObjects([sa("two")]);
    expect(names(sasChanged)).toEqual(["two"]);
    expect(runs).toBe(2);
    extra = "y";
    expect(names(sasChanged)).toEqual(["two"]);
    expect(runs).toBe(3);
    expect(names(s1)).toEqual(["one"]); // an older snapshot's maps: its own result
  });

  it("with shareAs, two memos (two copies of a module) share their results", () => {
    let runs = 0;
    const derive = (s: Snapshot) => (runs++, [...s.objects.ServiceAccount.values()].map((o) => o.metadata.name));
    const a = memoOnKinds(["ServiceAccount"], derive, undefined, "memo-test");
    const b = memoOnKinds(["ServiceAccount"], derive, undefined, "memo-test");
    const s1 = snapshotFromObjects([sa("one")]);
    expect(b(s1)).toBe(a(s1));
    expect(runs).toBe(1);
    // without a name, each memo derives on its own
    const c = memoOnKinds(["ServiceAccount"], derive);
    expect(c(s1)).toEqual(["one"]);
    expect(runs).toBe(2);
  });
});

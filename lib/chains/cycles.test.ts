import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findCycles } from "./diagnostics";

/** Reference: mutual reachability by transitive closure (fine for small graphs). */
function cyclesByClosure(n: number, edges: { from: string; to: string }[]): string[][] {
  const reach = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  for (const e of edges) reach[Number(e.from)][Number(e.to)] = true;
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) if (reach[i][k]) for (let j = 0; j < n; j++) if (reach[k][j]) reach[i][j] = true;
  const seen = new Set<number>();
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    if (seen.has(i)) continue;
    const comp = [i];
    for (let j = i + 1; j < n; j++) if (reach[i][j] && reach[j][i]) comp.push(j);
    comp.forEach((x) => seen.add(x));
    if (comp.length > 1 || reach[i][i]) out.push(comp.map(String));
  }
  return out;
}
const canon = (cs: string[][]) => cs.map((c) => [...c].sort()).sort((a, b) => a.join().localeCompare(b.join()));

describe("findCycles", () => {
  it("finds a two-node deadlock, a self-wait and nothing in a plain chain", () => {
    expect(findCycles(["a", "b", "c"], [{ from: "a", to: "b" }, { from: "b", to: "c" }])).toEqual([]);
    expect(canon(findCycles(["a", "b"], [{ from: "a", to: "b" }, { from: "b", to: "a" }]))).toEqual([["a", "b"]]);
    expect(findCycles(["a"], [{ from: "a", to: "a" }])).toEqual([["a"]]);
  });
  it("equals mutual reachability on random graphs", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 30 }))),
        ([n, pairs]) => {
          const edges = pairs.map(([a, b]) => ({ from: String(a), to: String(b) }));
          const nodes = Array.from({ length: n }, (_, i) => String(i));
          expect(canon(findCycles(nodes, edges))).toEqual(canon(cyclesByClosure(n, edges)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

import { describe, expect, it } from "vitest";
import { assemble, components, distinctShapes, elkGraphOfShapes, packRows, shapeLayouts, type LayoutInput, type ShapeLayout } from "./layoutPlan";

const NODE = { w: 100, h: 40 };

/** Two chains of the same shape (job ← api ← worker) and one of another (a lone fan-in). */
const input: LayoutInput = {
  nodes: ["Job/a/m", "Deployment/a/api", "Deployment/a/worker", "Job/b/m", "Deployment/b/api", "Deployment/b/worker", "Service/c/db", "Deployment/c/x", "Deployment/c/y"],
  edges: [
    { from: "Deployment/a/api", to: "Job/a/m" },
    { from: "Deployment/a/worker", to: "Deployment/a/api" },
    { from: "Deployment/b/worker", to: "Deployment/b/api" },
    { from: "Deployment/b/api", to: "Job/b/m" },
    { from: "Deployment/c/x", to: "Service/c/db" },
    { from: "Deployment/c/y", to: "Service/c/db" },
    { from: "Deployment/c/y", to: "Service/c/db" }, // a second wait on the same target
    { from: "Deployment/c/y", to: "Service/gone/z" }, // an edge to a node not drawn
  ],
};

describe("components", () => {
  it("splits the graph into chains in input order, edges upstream → waiter as sorted index pairs", () => {
    const cs = components(input);
    expect(cs.map((c) => c.nodes)).toEqual([
      ["Job/a/m", "Deployment/a/api", "Deployment/a/worker"],
      ["Job/b/m", "Deployment/b/api", "Deployment/b/worker"],
      ["Service/c/db", "Deployment/c/x", "Deployment/c/y"],
    ]);
    expect(cs[0].edges).toEqual([
      [0, 1],
      [1, 2],
    ]);
    // The same chain whatever order its edges came in; the duplicate wait counts once.
    expect(cs[1].shape).toBe(cs[0].shape);
    expect(cs[2].edges).toEqual([
      [0, 1],
      [0, 2],
    ]);
    expect(cs[2].shape).not.toBe(cs[0].shape);
    expect(distinctShapes(cs).map((c) => c.nodes[0])).toEqual(["Job/a/m", "Service/c/db"]);
  });

  it("keeps a node without edges as a chain of its own", () => {
    const cs = components({ nodes: ["a", "b", "c"], edges: [{ from: "c", to: "a" }] });
    expect(cs.map((c) => c.nodes)).toEqual([["a", "c"], ["b"]]);
    expect(cs[1].shape).toBe("1:");
  });
});

describe("elkGraphOfShapes and shapeLayouts", () => {
  it("gives ELK each shape once, then reads each shape's positions relative to its own corner", () => {
    const shapes = distinctShapes(components(input));
    const g = elkGraphOfShapes(shapes, NODE, false);
    expect(g.children).toHaveLength(6);
    expect(g.edges?.map((e) => `${e.sources[0]}>${e.targets[0]}`)).toEqual(["s0n0>s0n1", "s0n1>s0n2", "s1n0>s1n1", "s1n0>s1n2"]);
    expect(g.layoutOptions?.["elk.separateConnectedComponents"]).toBe("true");
    // A result as ELK would place it: shape 0 in a row, shape 1 below, offset by padding.
    const result = {
      id: "root",
      children: [
        { id: "s0n0", x: 12, y: 12 },
        { id: "s0n1", x: 202, y: 12 },
        { id: "s0n2", x: 392, y: 12 },
        { id: "s1n0", x: 12, y: 112 },
        { id: "s1n1", x: 202, y: 84 },
        { id: "s1n2", x: 202, y: 152 },
      ],
    };
    const [path, fan] = shapeLayouts(shapes, result, NODE);
    expect(path.offsets).toEqual([
      { x: 0, y: 0 },
      { x: 190, y: 0 },
      { x: 380, y: 0 },
    ]);
    expect(path.size).toEqual({ w: 480, h: 40 });
    expect(fan.offsets[0]).toEqual({ x: 0, y: 28 });
    expect(fan.size).toEqual({ w: 290, h: 108 });
  });
});

describe("packRows", () => {
  const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

  it("places boxes in reading order, rows about as wide as the aspect asks, never overlapping", () => {
    const boxes = Array.from({ length: 60 }, (_, i) => ({ w: 400 + (i % 3) * 100, h: 40 + (i % 4) * 30 }));
    const at = packRows(boxes, { x: 40, y: 20 }, 1.5);
    const rects = boxes.map((b, i) => ({ ...at[i], ...b }));
    for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(overlap(rects[i], rects[j]), `${i} and ${j}`).toBe(false);
    // reading order: each box is right of the previous one in its row, or starts a lower row at x 0
    for (let i = 1; i < at.length; i++) expect(at[i].y > at[i - 1].y ? at[i].x === 0 : at[i].x > at[i - 1].x).toBe(true);
    const w = Math.max(...rects.map((r) => r.x + r.w));
    const h = Math.max(...rects.map((r) => r.y + r.h));
    expect(w / h).toBeGreaterThan(1.3);
    expect(w / h).toBeLessThan(1.7);
  });

  it("gives a box wider than the target row a row of its own, and the first box the origin", () => {
    expect(packRows([], { x: 10, y: 10 }, 1)).toEqual([]);
    expect(packRows([{ w: 50, h: 50 }], { x: 10, y: 10 }, 1)).toEqual([{ x: 0, y: 0 }]);
    const at = packRows([{ w: 10, h: 10 }, { w: 1000, h: 10 }, { w: 10, h: 10 }], { x: 10, y: 10 }, 1);
    expect(at.map((p) => p.x)).toEqual([0, 0, 0]);
    expect(at.map((p) => p.y)).toEqual([0, 20, 40]);
  });
});

describe("assemble", () => {
  it("draws every chain as its shape's layout at its packed origin", () => {
    const cs = components(input);
    const layouts = new Map<string, ShapeLayout>([
      [cs[0].shape, { offsets: [{ x: 0, y: 0 }, { x: 190, y: 0 }, { x: 380, y: 0 }], size: { w: 480, h: 40 } }],
      [cs[2].shape, { offsets: [{ x: 0, y: 28 }, { x: 190, y: 0 }, { x: 190, y: 68 }], size: { w: 290, h: 108 } }],
    ]);
    const pos = assemble(cs, layouts, { x: 20, y: 10 }, 100); // a very wide aspect: one row
    expect(pos.size).toBe(9);
    expect(pos.get("Deployment/a/worker")).toEqual({ x: 380, y: 0 });
    expect(pos.get("Job/b/m")).toEqual({ x: 500, y: 0 });
    expect(pos.get("Deployment/b/api")).toEqual({ x: 690, y: 0 });
    expect(pos.get("Service/c/db")).toEqual({ x: 1000, y: 28 });
    expect(pos.get("Deployment/c/y")).toEqual({ x: 1190, y: 68 });
  });
});

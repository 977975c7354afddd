import { describe, expect, it } from "vitest";
import { assemble, components, distinctShapes, elkGraphOfShapes, packWithin, shapeLayouts, type LayoutInput, type ShapeLayout } from "./layoutPlan";

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

describe("packWithin", () => {
  it("wraps rows at the width given, in reading order", () => {
    const boxes = [{ w: 100, h: 10 }, { w: 100, h: 30 }, { w: 100, h: 10 }, { w: 50, h: 10 }];
    // 100 + 20 + 100 = 220 fits in 240, a third does not
    expect(packWithin(boxes, { x: 20, y: 5 }, 240)).toEqual([
      { x: 0, y: 0 },
      { x: 120, y: 0 },
      { x: 0, y: 35 },
      { x: 120, y: 35 },
    ]);
    expect(packWithin([], { x: 1, y: 1 }, 10)).toEqual([]);
  });
  it("a box wider than the width sets the row width (the zoom fits it anyway)", () => {
    const at = packWithin([{ w: 100, h: 10 }, { w: 500, h: 10 }, { w: 100, h: 10 }, { w: 100, h: 10 }, { w: 100, h: 10 }, { w: 100, h: 10 }], { x: 20, y: 5 }, 240);
    expect(at.map((p) => p.y)).toEqual([0, 15, 30, 30, 30, 30]);
    expect(at.map((p) => p.x)).toEqual([0, 0, 0, 120, 240, 360]);
  });
});

describe("assemble", () => {
  it("draws every chain as its shape's layout at its packed origin", () => {
    const cs = components(input);
    const layouts = new Map<string, ShapeLayout>([
      [cs[0].shape, { offsets: [{ x: 0, y: 0 }, { x: 190, y: 0 }, { x: 380, y: 0 }], size: { w: 480, h: 40 } }],
      [cs[2].shape, { offsets: [{ x: 0, y: 28 }, { x: 190, y: 0 }, { x: 190, y: 68 }], size: { w: 290, h: 108 } }],
    ]);
    const pos = assemble(cs, layouts, { x: 20, y: 10 }, 10_000); // a very wide row: one row
    expect(pos.size).toBe(9);
    expect(pos.get("Deployment/a/worker")).toEqual({ x: 380, y: 0 });
    expect(pos.get("Job/b/m")).toEqual({ x: 500, y: 0 });
    expect(pos.get("Deployment/b/api")).toEqual({ x: 690, y: 0 });
    expect(pos.get("Service/c/db")).toEqual({ x: 1000, y: 28 });
    expect(pos.get("Deployment/c/y")).toEqual({ x: 1190, y: 68 });
  });
});

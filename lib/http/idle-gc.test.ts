import { afterEach, describe, expect, it } from "vitest";
import { compactingCollection, idleCollector } from "./idle-gc";

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const busyFor = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe("idle collector", () => {
  let timer: ReturnType<typeof setInterval> | undefined;
  afterEach(() => clearInterval(timer));

  it("collects once the heap has grown past the threshold while idle, and not again until it grows again", async () => {
    let heap = 100 * MB;
    let collections = 0;
    timer = idleCollector({ everyMs: 50, growthBytes: 32 * MB, idleBelow: 0.5, heapUsed: () => heap, collect: () => (collections++, (heap = 110 * MB)) });
    await sleep(200);
    expect(collections).toBe(0); // no growth
    heap = 150 * MB;
    await sleep(200);
    expect(collections).toBe(1);
    heap = 130 * MB; // 20 MB over what the collection left: under the threshold
    await sleep(200);
    expect(collections).toBe(1);
  });

  it("compacts after a large growth (a load), a plain collection after a small one", async () => {
    let heap = 100 * MB;
    const done: string[] = [];
    timer = idleCollector({ everyMs: 50, growthBytes: 32 * MB, compactGrowthBytes: 128 * MB, idleBelow: 0.5, heapUsed: () => heap, collect: () => (done.push("plain"), (heap = 100 * MB)), compact: () => (done.push("compact"), (heap = 100 * MB)) });
    heap = 140 * MB;
    await sleep(200);
    expect(done).toEqual(["plain"]);
    heap = 400 * MB;
    await sleep(200);
    expect(done).toEqual(["plain", "compact"]);
  });

  it("never collects while the event loop is busy", async () => {
    let collections = 0;
    timer = idleCollector({ everyMs: 50, growthBytes: 1, idleBelow: 0.5, heapUsed: () => 1000 * MB, collect: () => collections++ });
    for (let i = 0; i < 6; i++) {
      busyFor(60);
      await new Promise((r) => setImmediate(r));
    }
    expect(collections).toBe(0);
  });

  it("gets V8's collector at run time, without --expose-gc", async () => {
    // dropped garbage the collector finds: the real gc runs (the heap used falls)
    let garbage: number[][] | undefined = Array.from({ length: 200 }, () => Array.from({ length: 10_000 }, (_, i) => i + 0.5));
    expect(garbage.length).toBe(200);
    garbage = undefined;
    let ran = false;
    const { default: v8 } = await import("node:v8");
    const before = v8.getHeapStatistics().used_heap_size;
    timer = idleCollector({ everyMs: 50, growthBytes: 0, idleBelow: 1.1, heapUsed: () => (ran ? 0 : before) });
    expect(timer).toBeDefined();
    await sleep(300);
    ran = true;
    expect(v8.getHeapStatistics().used_heap_size).toBeLessThan(before - 10 * MB);
  });

  it("compacts: survivors scattered between garbage are moved together and the emptied heap given back", async () => {
    const { default: v8 } = await import("node:v8");
    const { default: vm } = await import("node:vm");
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    // a load: every object survives a while (old generation), one in four for good
    let all: object[] | undefined = [];
    const keep: object[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      const o = { name: `object-${i}`, values: [i, i + 1], spec: { n: i } };
      all.push(o);
      if (i % 4 === 0) keep.push(o);
    }
    all = undefined;
    // the old generation's held but unused pages: the whole heap's total also counts the young
    // generation's reservation, 32 MB on Node 20 and 128 MB on Node 24, which no full collection gives back
    const slack = () => {
      const old = v8.getHeapSpaceStatistics().find((s) => s.space_name === "old_space")!;
      return old.space_size - old.space_used_size;
    };
    const rss = () => process.memoryUsage().rss;
    gc();
    await sleep(1000); // Node 20's V8 gives emptied pages back on a background thread
    const plain = slack();
    const rssPlain = rss();
    compactingCollection(gc)();
    await sleep(1000);
    const compacted = slack();
    expect(keep.length).toBe(250_000);
    expect(plain).toBeGreaterThan(60 * MB); // the plain collection left the survivors' pages held
    expect(compacted).toBeLessThan(plain / 2);
    // and the pages emptied are given back to the system (Node 24 pooled them, still resident)
    expect(rss()).toBeLessThan(rssPlain - plain / 2);
  });
});

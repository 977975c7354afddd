import { afterEach, describe, expect, it } from "vitest";
import { idleCollector } from "./idle-gc";

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
});

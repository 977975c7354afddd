import { describe, expect, it } from "vitest";
import { Backoff, sleep } from "./backoff";

describe("Backoff", () => {
  it("doubles from 250 ms to a 30 s cap, each delay jittered within [d/2, d], and resets", () => {
    const lo = new Backoff(250, 30_000, () => 0);
    const hi = new Backoff(250, 30_000, () => 1);
    const lows = Array.from({ length: 10 }, () => lo.next());
    const highs = Array.from({ length: 10 }, () => hi.next());
    expect(highs).toEqual([250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(lows).toEqual(highs.map((d) => Math.round(d / 2)));
    hi.reset();
    expect(hi.next()).toBe(250);
  });
  it("sleep ends early when aborted", async () => {
    const ac = new AbortController();
    const t0 = Date.now();
    const p = sleep(10_000, ac.signal);
    ac.abort();
    await p;
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

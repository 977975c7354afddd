// Writes made before Next's router listens to history writes (a pick while the page hydrates)
// wait for it, and land in the order they were made.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { replaceParamsInPlace } from "./url";

const written: string[] = [];
const params = (search: string) => Object.fromEntries(new URLSearchParams(search));
const location = { href: "http://x/sa?perm=ci" };
const record = (_state: unknown, _unused: string, url: URL) => {
  location.href = String(url);
  written.push(url.search);
};
// a bound function prints as the browser's own; Next's patch is a plain function
const browsers = record.bind(null);
const nexts = (state: unknown, unused: string, url: URL) => record(state, unused, url);
const history = { replaceState: browsers as typeof record };

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal("window", { location, history });
  written.length = 0;
  location.href = "http://x/sa?perm=ci";
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

it("waits for Next's router, then writes what was picked, in order", () => {
  history.replaceState = browsers;
  replaceParamsInPlace({ q: "a" });
  vi.advanceTimersByTime(10);
  replaceParamsInPlace({ q: "ab", perm: "_cluster" });
  replaceParamsInPlace({ cell: "x" });
  vi.advanceTimersByTime(100);
  expect(written).toEqual([]); // nothing written past Next's back
  history.replaceState = nexts;
  // a write made while others wait goes after them
  replaceParamsInPlace({ q: "abc" });
  vi.advanceTimersByTime(20);
  expect(written.map(params)).toEqual([{ perm: "_cluster", q: "abc", cell: "x" }]);
  // once Next listens, at once
  replaceParamsInPlace({ cell: undefined });
  expect(written.map(params)).toEqual([{ perm: "_cluster", q: "abc", cell: "x" }, { perm: "_cluster", q: "abc" }]);
});

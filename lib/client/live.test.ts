import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { concerns, liveInvalidator, toRefresh } from "./live";

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

describe("liveInvalidator", () => {
  // A server whose answers are held until released: each fetch reads the state when it starts.
  // The browser's client keeps answers fresh for 60 s (app/providers.tsx).
  function world() {
    let state = "before";
    let fetches = 0;
    const held: (() => void)[] = [];
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 60_000 } } });
    const watch = () => {
      const observer = new QueryObserver(client, {
        queryKey: ["page"],
        queryFn: () => {
          fetches++;
          const seen = state;
          return new Promise<string>((resolve) => held.push(() => resolve(seen)));
        },
      });
      return { observer, unwatch: observer.subscribe(() => {}) };
    };
    const page = watch();
    const live = liveInvalidator(client);
    const release = async () => {
      for (let i = 0; i < 10; i++) {
        while (held.length) held.shift()!();
        await new Promise((r) => setTimeout(r, 0));
      }
    };
    const done = () => {
      live.stop();
      client.clear();
    };
    return { client, live, page, watch, held, release, fetches: () => fetches, change: (s: string) => (state = s), done };
  }

  it("a change while a query's first fetch is under way asks again once it ends (TanStack alone keeps the stale answer)", async () => {
    const plain = world();
    expect(plain.held).toHaveLength(1);
    plain.change("after");
    void plain.client.invalidateQueries({ predicate: () => true });
    await plain.release();
    expect(plain.page.observer.getCurrentResult().data).toBe("before");
    plain.done();

    const w = world();
    w.change("after");
    w.live.invalidate(() => true);
    await w.release();
    expect(w.page.observer.getCurrentResult().data).toBe("after");
    expect(w.fetches()).toBe(2);
    w.done();
  });

  it("many changes during one first fetch ask again once, not once each", async () => {
    const w = world();
    for (const s of ["a", "b", "c"]) {
      w.change(s);
      w.live.invalidate(() => true);
    }
    await w.release();
    expect(w.page.observer.getCurrentResult().data).toBe("c");
    expect(w.fetches()).toBe(2);
    w.done();
  });

  it("a query with data is refetched once, and a query the change does not concern is left alone", async () => {
    const w = world();
    await w.release();
    expect(w.page.observer.getCurrentResult().data).toBe("before");
    w.change("after");
    w.live.invalidate((q) => q.queryKey[0] === "other");
    await w.release();
    expect(w.page.observer.getCurrentResult().data).toBe("before");
    expect(w.fetches()).toBe(1);
    w.live.invalidate(() => true);
    await w.release();
    expect(w.page.observer.getCurrentResult().data).toBe("after");
    expect(w.fetches()).toBe(2);
    w.done();
  });

  it("a refetch left in flight by a page the user has left is asked again: coming back shows the change, not its answer from before", async () => {
    const w = world();
    await w.release();
    w.change("mid");
    w.live.invalidate(() => true); // the refetch reads "mid"
    w.page.unwatch(); // the user moves to another page
    w.change("after");
    w.live.invalidate(() => true); // nobody watches: TanStack starts nothing and keeps the refetch
    await w.release();
    const back = w.watch();
    await w.release();
    expect(back.observer.getCurrentResult().data).toBe("after");
    back.unwatch();
    w.done();
  });
});

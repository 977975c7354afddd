import { afterEach, describe, expect, it, vi } from "vitest";
import { SnapshotStore } from "@/lib/store/store";
import { eventStream } from "./events";

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, done: (text: string) => boolean, text = ""): Promise<string> {
  const dec = new TextDecoder();
  while (!done(text)) {
    const r = await reader.read();
    if (r.done) break;
    text += dec.decode(r.value);
  }
  return text;
}

const dataLines = (text: string) => [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]) as unknown);

describe("eventStream", () => {
  afterEach(() => vi.useRealTimers());

  it("sends the current version first, then one message per store change with the kinds that changed", async () => {
    const store = new SnapshotStore({ source: { mode: "manifests", label: "t" }, coalesceMs: 0 });
    const ac = new AbortController();
    const reader = eventStream(store, ac.signal).getReader();
    let text = await readUntil(reader, (t) => dataLines(t).length >= 1);
    expect(text.startsWith("retry: 2000\n")).toBe(true);
    expect(dataLines(text)).toEqual([{ version: 0, kinds: [] }]);
    store.upsert({ kind: "ServiceAccount", metadata: { name: "a", namespace: "n" } });
    store.flush();
    text = await readUntil(reader, (t) => dataLines(t).length >= 2, text);
    expect(dataLines(text)[1]).toEqual({ version: 1, kinds: ["ServiceAccount"] });
    ac.abort();
    store.close();
  });

  it("sends an `event: history` per history write, and drops that subscription too when the client goes away", async () => {
    const store = new SnapshotStore({ source: { mode: "manifests", label: "t" }, coalesceMs: 0 });
    const listeners = new Set<(n: number) => void>();
    const history = (l: (n: number) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    };
    const ac = new AbortController();
    const reader = eventStream(store, ac.signal, { history }).getReader();
    await readUntil(reader, (t) => dataLines(t).length >= 1);
    expect(listeners.size).toBe(1);
    for (const l of listeners) l(3);
    expect(await readUntil(reader, (t) => t.includes("event: history"))).toContain('event: history\ndata: {"entries":3}\n\n');
    ac.abort();
    expect(listeners.size).toBe(0);
    store.close();
  });

  it("unsubscribes from the store, stops the heartbeat and closes when the client goes away", async () => {
    vi.useFakeTimers();
    const store = new SnapshotStore({ source: { mode: "manifests", label: "t" }, coalesceMs: 0 });
    let unsubscribed = 0;
    const subscribe = store.subscribe.bind(store);
    vi.spyOn(store, "subscribe").mockImplementation((listener) => {
      const off = subscribe(listener);
      return () => {
        unsubscribed++;
        off();
      };
    });
    const onClose = vi.fn();
    const ac = new AbortController();
    const reader = eventStream(store, ac.signal, { heartbeatMs: 1000, onClose }).getReader();
    await readUntil(reader, (t) => dataLines(t).length >= 1);
    vi.advanceTimersByTime(1000);
    expect(await readUntil(reader, (t) => t.includes("event: heartbeat"))).toContain(": heartbeat\nevent: heartbeat\ndata: {}\n\n");
    expect(unsubscribed).toBe(0);
    ac.abort();
    expect(unsubscribed).toBe(1);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect((await reader.read()).done).toBe(true);
    // A change after the client left reaches no one and throws nothing.
    store.upsert({ kind: "ServiceAccount", metadata: { name: "b", namespace: "n" } });
    store.flush();
    expect(vi.getTimerCount()).toBe(0);
    ac.abort();
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(unsubscribed).toBe(1);
    store.close();
  });
});

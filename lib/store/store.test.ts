import { afterEach, describe, expect, it } from "vitest";
import { SnapshotStore } from "./store";
import { KINDS, type ChangeEvent, type KubeObject } from "./types";

const sa = (name: string, rv = "1", ns = "default"): KubeObject => ({
  kind: "ServiceAccount",
  apiVersion: "v1",
  metadata: { name, namespace: ns, uid: `uid-${ns}-${name}`, resourceVersion: rv },
});
const pod = (name: string, rv = "1"): KubeObject => ({
  kind: "Pod",
  metadata: { name, namespace: "default", uid: `pod-${name}`, resourceVersion: rv },
  spec: { containers: [] },
});

const stores: SnapshotStore[] = [];
function newStore(coalesceMs = 20) {
  const s = new SnapshotStore({ source: { mode: "cluster", label: "test" }, coalesceMs });
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("SnapshotStore", () => {
  it("starts at version 0, empty and syncing", () => {
    const s = newStore();
    const snap = s.snapshot();
    expect(snap.version).toBe(0);
    expect(snap.objects.ServiceAccount.size).toBe(0);
    expect(s.isSynced()).toBe(false);
    expect(snap.kinds.map((k) => k.state)).toEqual(KINDS.map(() => "syncing"));
  });

  it("publishes a new immutable snapshot per flush and leaves the old one untouched", () => {
    const s = newStore();
    s.upsert(sa("a"));
    s.flush();
    const v1 = s.snapshot();
    expect(v1.version).toBe(1);
    s.upsert(sa("b"));
    s.remove(sa("a"));
    s.flush();
    const v2 = s.snapshot();
    expect(v2.version).toBe(2);
    expect([...v1.objects.ServiceAccount.values()].map((o) => o.metadata.name)).toEqual(["a"]);
    expect([...v2.objects.ServiceAccount.values()].map((o) => o.metadata.name)).toEqual(["b"]);
    expect(Object.isFrozen(v2)).toBe(true);
  });

  it("shares unchanged kinds' maps between versions", () => {
    const s = newStore();
    s.upsert(sa("a"));
    s.upsert(pod("p"));
    s.flush();
    const v1 = s.snapshot();
    s.upsert(pod("p", "2"));
    s.flush();
    const v2 = s.snapshot();
    expect(v2.objects.ServiceAccount).toBe(v1.objects.ServiceAccount);
    expect(v2.objects.Pod).not.toBe(v1.objects.Pod);
  });

  it("coalesces a burst of changes into one snapshot and one event naming the kinds", async () => {
    const s = newStore(30);
    const events: ChangeEvent[] = [];
    s.subscribe((e) => events.push(e));
    for (let i = 0; i < 5000; i++) s.upsert(pod(`p${i}`));
    s.upsert(sa("a"));
    expect(s.snapshot().version).toBe(0); // nothing published inside the window
    await wait(80);
    expect(events.map(({ version, kinds }) => ({ version, kinds }))).toEqual([{ version: 1, kinds: ["ServiceAccount", "Pod"] }]);
    expect(events[0].changes.Pod?.added).toHaveLength(5000);
    expect(s.snapshot().objects.Pod.size).toBe(5000);
  });

  it("publishes a steady stream at least once per window (not a sliding debounce)", async () => {
    const s = newStore(30);
    const events: ChangeEvent[] = [];
    s.subscribe((e) => events.push(e));
    for (let i = 0; i < 10; i++) {
      s.upsert(pod(`p${i}`));
      await wait(15);
    }
    await wait(50);
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(s.snapshot().objects.Pod.size).toBe(10);
  });

  it("ignores no-op changes: same resourceVersion, removing the absent, an identical relist", async () => {
    const s = newStore();
    const events: ChangeEvent[] = [];
    s.subscribe((e) => events.push(e));
    s.replaceKind("ServiceAccount", [sa("a"), sa("b")]);
    s.flush();
    expect(events).toHaveLength(1);
    s.upsert(sa("a", "1"));
    s.remove(sa("zzz"));
    s.replaceKind("ServiceAccount", [sa("b"), sa("a")]);
    s.flush();
    expect(events).toHaveLength(1);
    expect(s.snapshot().version).toBe(1);
  });

  it("a relist replaces the kind: missing objects go, changed ones update", () => {
    const s = newStore();
    s.replaceKind("ServiceAccount", [sa("a"), sa("b")]);
    s.flush();
    s.replaceKind("ServiceAccount", [sa("b", "7"), sa("c")]);
    s.flush();
    const m = s.snapshot().objects.ServiceAccount;
    expect([...m.values()].map((o) => [o.metadata.name, o.metadata.resourceVersion]).sort()).toEqual([
      ["b", "7"],
      ["c", "1"],
    ]);
  });

  it("compares manifest objects (no resourceVersion) by content", () => {
    const s = newStore();
    const m = (image: string): KubeObject => ({ kind: "Pod", metadata: { name: "x", namespace: "default" }, spec: { containers: [{ name: "c", image }] } });
    s.replaceAll([m("a")]);
    s.flush();
    s.replaceAll([m("a")]);
    s.flush();
    expect(s.snapshot().version).toBe(1);
    s.replaceAll([m("b")]);
    s.flush();
    expect(s.snapshot().version).toBe(2);
  });

  it("ignores kinds it does not hold (e.g. a Secret)", () => {
    const s = newStore();
    s.upsert({ kind: "Secret", metadata: { name: "x", namespace: "default", uid: "s" } });
    s.flush();
    expect(s.snapshot().version).toBe(0);
    expect(Object.keys(s.snapshot().objects)).not.toContain("Secret");
  });

  it("is synced when every kind is synced or not permitted; whenSynced resolves then", async () => {
    const s = newStore();
    const done = s.whenSynced(1000);
    for (const k of KINDS) if (k !== "Job") s.setKindState(k, { state: "synced" });
    s.flush();
    expect(s.isSynced()).toBe(false);
    s.setKindState("Job", { state: "not-permitted", message: "forbidden" });
    s.flush();
    expect(s.isSynced()).toBe(true);
    await expect(done).resolves.toBeUndefined();
    expect(s.snapshot().kinds.find((k) => k.kind === "Job")).toEqual({ kind: "Job", state: "not-permitted", message: "forbidden", restarts: 0 });
  });

  it("whenSynced rejects after its timeout naming the kinds still pending", async () => {
    const s = newStore();
    for (const k of KINDS) if (k !== "Pod") s.setKindState(k, { state: "synced" });
    s.flush();
    await expect(s.whenSynced(30)).rejects.toThrow(/Pod/);
  });

  it("kind state changes are events naming that kind; a throwing listener does not stop others", () => {
    const s = newStore();
    const events: ChangeEvent[] = [];
    s.subscribe(() => {
      throw new Error("boom");
    });
    const unsubscribe = s.subscribe((e) => events.push(e));
    s.setKindState("Pod", { state: "synced", restarts: 2 });
    s.flush();
    expect(events).toEqual([{ version: 1, kinds: ["Pod"], changes: {} }]);
    unsubscribe();
    s.setKindState("Pod", { state: "error" });
    s.flush();
    expect(events).toHaveLength(1);
  });

  it("resources, problems and source ride along in the next snapshot", () => {
    const s = newStore();
    s.setResources([{ group: "", version: "v1", resource: "pods", kind: "Pod", namespaced: true, verbs: ["get"] }]);
    s.setProblems([{ file: "a.yaml", line: 3, message: "bad" }]);
    s.setSource({ mode: "manifests", label: "/m" });
    s.flush();
    const snap = s.snapshot();
    expect(snap.resources).toHaveLength(1);
    expect(snap.problems).toEqual([{ file: "a.yaml", line: 3, message: "bad" }]);
    expect(snap.source).toEqual({ mode: "manifests", label: "/m" });
  });

  it("a change of problems alone is a new version with an event; the same problems, resources and objects again are none", () => {
    const s = newStore();
    const events: ChangeEvent[] = [];
    s.subscribe((e) => events.push(e));
    const resources = [{ group: "", version: "v1", resource: "pods", kind: "Pod", namespaced: true, verbs: ["get"] }];
    const reload = (problems: { file: string; line: number; message: string }[]) => {
      // what a manifests reload writes, each time as fresh copies
      s.replaceAll([sa("a")].map((o) => structuredClone(o)));
      s.setResources(structuredClone(resources));
      s.setProblems(structuredClone(problems));
      s.flush();
    };
    reload([]);
    const v = s.snapshot().version;
    expect(events).toHaveLength(1);
    reload([]);
    reload([]);
    expect(s.snapshot().version).toBe(v);
    expect(events).toHaveLength(1);
    reload([{ file: "a.yaml", line: 3, message: "bad" }]);
    expect(s.snapshot().version).toBe(v + 1);
    expect(events.at(-1)).toEqual({ version: v + 1, kinds: [], changes: {} });
    expect(s.snapshot().problems).toEqual([{ file: "a.yaml", line: 3, message: "bad" }]);
    reload([{ file: "a.yaml", line: 3, message: "bad" }]);
    expect(s.snapshot().version).toBe(v + 1);
    reload([]);
    expect(s.snapshot().version).toBe(v + 2);
    expect(s.snapshot().problems).toEqual([]);
  });

  it("events carry the objects added, changed and removed since the last snapshot", () => {
    const s = newStore();
    const events: ChangeEvent[] = [];
    s.subscribe((e) => events.push(e));
    const [a1, b1, c1] = [sa("a"), sa("b"), sa("c")];
    s.replaceKind("ServiceAccount", [a1, b1, c1]);
    s.flush();
    expect(events[0].changes).toEqual({ ServiceAccount: { added: [a1, b1, c1], changed: [], removed: [] } });

    // within one window: a changed twice, b removed, d added then removed, e added, c set back as it was
    const [a2, a3, d, e] = [sa("a", "2"), sa("a", "3"), sa("d"), sa("e")];
    s.upsert(a2);
    s.upsert(a3);
    s.remove(b1);
    s.upsert(d);
    s.remove(d);
    s.upsert(e);
    s.upsert(sa("c", "2"));
    s.upsert(c1);
    s.flush();
    expect(events[1].changes).toEqual({ ServiceAccount: { added: [e], changed: [{ before: a1, after: a3 }], removed: [b1] } });

    // a relist: what it leaves out is removed, what differs changed
    const a4 = sa("a", "4");
    s.replaceKind("ServiceAccount", [a4, e]);
    s.flush();
    expect(events[2].changes.ServiceAccount).toEqual({ added: [], changed: [{ before: a3, after: a4 }], removed: [c1] });
    expect(events[2].changes.Pod).toBeUndefined();
  });
});

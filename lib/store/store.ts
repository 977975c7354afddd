import "server-only";
import type { Store } from "./contract";
import { isKnownKind, objectKey } from "./snapshot";
import {
  KINDS,
  type ApiResource,
  type ChangeEvent,
  type Kind,
  type KindChanges,
  type KindState,
  type KubeObject,
  type Snapshot,
  type SourceInfo,
  type SourceProblem,
} from "./types";

/** What sources write through. Changes are staged and published together (coalesced). */
export interface StoreWriter {
  /** Adds or replaces one object (keyed by UID, else kind/namespace/name). */
  upsert(obj: KubeObject): void;
  /** Removes one object. */
  remove(obj: KubeObject): void;
  /** Replaces every object of one kind (after a list); only real differences count as a change. */
  replaceKind(kind: Kind, objects: Iterable<KubeObject>): void;
  /** Replaces all objects of all kinds (files source reload). */
  replaceAll(objects: Iterable<KubeObject>): void;
  setKindState(kind: Kind, patch: Partial<Omit<KindState, "kind">>): void;
  setResources(resources: readonly ApiResource[]): void;
  setProblems(problems: readonly SourceProblem[]): void;
  setSource(source: SourceInfo): void;
  /** Publishes staged changes now instead of after the coalescing window. */
  flush(): void;
}

export interface SnapshotStoreOptions {
  source: SourceInfo;
  resources?: readonly ApiResource[];
  /** Changes within this window become one snapshot and one event (an initial list is thousands). */
  coalesceMs?: number;
}

type Maps = Record<Kind, ReadonlyMap<string, KubeObject>>;

const SETTLED: ReadonlySet<KindState["state"]> = new Set(["synced", "not-permitted"]);

/**
 * Unchanged if the resourceVersion is. Manifests have none: compare content, so re-reading
 * an unchanged folder publishes nothing.
 */
function sameObject(a: KubeObject | undefined, b: KubeObject): boolean {
  if (!a) return false;
  if (a === b) return true;
  const ra = a.metadata.resourceVersion;
  if (ra !== undefined || b.metadata.resourceVersion !== undefined) return ra === b.metadata.resourceVersion;
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameJson(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a === b || (a.length === b.length && JSON.stringify(a) === JSON.stringify(b));
}

/**
 * The store: one immutable Snapshot, replaced (with version + 1) on every published change.
 * Unchanged kinds share their maps with the previous snapshot, so a burst that touches
 * Pods copies only the Pod map, once per coalescing window.
 */
export class SnapshotStore implements Store, StoreWriter {
  private current: Snapshot;
  private readonly listeners = new Set<(e: ChangeEvent) => void>();
  private readonly coalesceMs: number;
  // Staged changes: copied-on-write maps per kind and which parts of the snapshot changed.
  private draft: Partial<Record<Kind, Map<string, KubeObject>>> = {};
  private dirtyKinds = new Set<Kind>();
  /** Per kind, each key staged since the last publish with its object in the current snapshot. */
  private before: Partial<Record<Kind, Map<string, KubeObject | undefined>>> = {};
  private draftKinds: KindState[] | null = null;
  private draftResources: readonly ApiResource[] | null = null;
  private draftProblems: readonly SourceProblem[] | null = null;
  private draftSource: SourceInfo | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private syncWaiters: (() => void)[] = [];

  constructor(opts: SnapshotStoreOptions) {
    this.coalesceMs = opts.coalesceMs ?? 40;
    const objects = Object.fromEntries(KINDS.map((k) => [k, new Map<string, KubeObject>()])) as unknown as Maps;
    this.current = Object.freeze({
      version: 0,
      source: opts.source,
      objects,
      resources: opts.resources ?? [],
      kinds: KINDS.map((kind) => ({ kind, state: "syncing" as const, restarts: 0 })),
      problems: [],
    });
  }

  // ---- Store (readers) ----
  snapshot(): Snapshot {
    return this.current;
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  isSynced(): boolean {
    return this.current.kinds.every((k) => SETTLED.has(k.state));
  }

  whenSynced(timeoutMs = 30_000): Promise<void> {
    if (this.isSynced()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.syncWaiters = this.syncWaiters.filter((w) => w !== done);
        const pending = this.current.kinds.filter((k) => !SETTLED.has(k.state)).map((k) => k.kind);
        reject(new Error(`store not synced after ${timeoutMs} ms (waiting for ${pending.join(", ")})`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.syncWaiters.push(done);
    });
  }

  // ---- StoreWriter (sources) ----
  upsert(obj: KubeObject): void {
    if (!isKnownKind(obj.kind)) return;
    const kind = obj.kind;
    const key = objectKey(obj);
    if (sameObject(this.readMap(kind).get(key), obj)) return;
    this.noteBefore(kind, key);
    this.writeMap(kind).set(key, obj);
    this.touch(kind);
  }

  remove(obj: KubeObject): void {
    if (!isKnownKind(obj.kind)) return;
    const kind = obj.kind;
    const key = objectKey(obj);
    if (!this.readMap(kind).has(key)) return;
    this.noteBefore(kind, key);
    this.writeMap(kind).delete(key);
    this.touch(kind);
  }

  replaceKind(kind: Kind, objects: Iterable<KubeObject>): void {
    const old = this.readMap(kind);
    const next = new Map<string, KubeObject>();
    const changedKeys: string[] = [];
    for (const obj of objects) {
      const key = objectKey(obj);
      const prev = old.get(key);
      if (sameObject(prev, obj)) next.set(key, prev!);
      else {
        next.set(key, obj);
        changedKeys.push(key);
      }
    }
    if (!changedKeys.length && next.size === old.size) return;
    for (const key of changedKeys) this.noteBefore(kind, key);
    for (const key of old.keys()) if (!next.has(key)) this.noteBefore(kind, key);
    this.draft[kind] = next;
    this.touch(kind);
  }

  replaceAll(objects: Iterable<KubeObject>): void {
    const byKind = Object.fromEntries(KINDS.map((k) => [k, [] as KubeObject[]])) as Record<Kind, KubeObject[]>;
    for (const obj of objects) byKind[obj.kind as Kind]?.push(obj);
    for (const kind of KINDS) this.replaceKind(kind, byKind[kind]);
  }

  setKindState(kind: Kind, patch: Partial<Omit<KindState, "kind">>): void {
    const kinds = this.draftKinds ?? this.current.kinds;
    const i = kinds.findIndex((k) => k.kind === kind);
    const prev = kinds[i];
    const next = { ...prev, ...patch };
    if (next.message === undefined) delete next.message;
    if (prev.state === next.state && prev.message === next.message && prev.restarts === next.restarts) return;
    this.draftKinds = kinds.map((k, j) => (j === i ? next : k));
    this.touch(kind);
  }

  setResources(resources: readonly ApiResource[]): void {
    // A re-read that finds the same resources (polling, an unrelated edit) is no change.
    if (sameJson(this.draftResources ?? this.current.resources, resources)) return;
    this.draftResources = resources;
    this.schedule();
  }

  setProblems(problems: readonly SourceProblem[]): void {
    if (sameJson(this.draftProblems ?? this.current.problems, problems)) return;
    this.draftProblems = problems;
    this.schedule();
  }

  setSource(source: SourceInfo): void {
    this.draftSource = source;
    this.schedule();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const hasChanges =
      this.dirtyKinds.size > 0 || this.draftKinds || this.draftResources || this.draftProblems || this.draftSource;
    if (!hasChanges) return;
    const prev = this.current;
    const objects = { ...prev.objects } as Maps;
    for (const kind of KINDS) {
      const m = this.draft[kind];
      if (m) objects[kind] = m;
    }
    this.current = Object.freeze({
      version: prev.version + 1,
      source: this.draftSource ?? prev.source,
      objects: Object.freeze(objects),
      resources: this.draftResources ?? prev.resources,
      kinds: this.draftKinds ?? prev.kinds,
      problems: this.draftProblems ?? prev.problems,
    });
    const event: ChangeEvent = { version: this.current.version, kinds: KINDS.filter((k) => this.dirtyKinds.has(k)), changes: this.stagedChanges() };
    this.draft = {};
    this.before = {};
    this.dirtyKinds = new Set();
    this.draftKinds = this.draftResources = this.draftProblems = this.draftSource = null;

    if (this.isSynced() && this.syncWaiters.length) {
      const waiters = this.syncWaiters;
      this.syncWaiters = [];
      for (const w of waiters) w();
    }
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A broken listener must not stop the others or the source that triggered the flush.
      }
    }
  }

  /** Stops the pending flush timer (tests, source shutdown). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  // ---- internals ----
  private readMap(kind: Kind): ReadonlyMap<string, KubeObject> {
    return this.draft[kind] ?? this.current.objects[kind] ?? new Map();
  }

  private writeMap(kind: Kind): Map<string, KubeObject> {
    let m = this.draft[kind];
    if (!m) {
      m = new Map(this.current.objects[kind]);
      this.draft[kind] = m;
    }
    return m;
  }

  /** Remembers a key's object in the current snapshot the first time it is staged. */
  private noteBefore(kind: Kind, key: string): void {
    let m = this.before[kind];
    if (!m) this.before[kind] = m = new Map();
    if (!m.has(key)) m.set(key, this.current.objects[kind].get(key));
  }

  /** The staged keys' objects before and after, as added / changed / removed (a key set back to what it was is no change). */
  private stagedChanges(): ChangeEvent["changes"] {
    const changes: ChangeEvent["changes"] = {};
    for (const kind of KINDS) {
      const keys = this.before[kind];
      if (!keys) continue;
      const now = this.current.objects[kind];
      const c: KindChanges = { added: [], changed: [], removed: [] };
      for (const [key, before] of keys) {
        const after = now.get(key);
        if (before === after) continue;
        if (!before) c.added.push(after!);
        else if (!after) c.removed.push(before);
        else c.changed.push({ before, after });
      }
      if (c.added.length || c.changed.length || c.removed.length) changes[kind] = c;
    }
    return changes;
  }

  private touch(kind: Kind): void {
    this.dirtyKinds.add(kind);
    this.schedule();
  }

  private schedule(): void {
    // A fixed window from the first staged change (not a sliding debounce): a steady stream
    // of changes still publishes every coalesceMs.
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.coalesceMs);
    this.timer.unref?.();
  }
}

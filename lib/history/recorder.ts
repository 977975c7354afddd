import "server-only";
// The recorder: follows the store's change events and keeps the history. Off the store's hot
// path: a change event only takes the snapshots in hand (and derives the next RBAC index,
// O(changed bindings)); the diff runs later, and entries are written in batches. A failed write
// is retried with the entries kept; past `maxQueued` entries the queue is dropped and, once the
// database answers again, the last recorded state is compared with the store (as at a start)
// so that no change is lost silently.
import { log as rootLog, type Logger } from "@/lib/log";
import { RbacIndexer } from "@/lib/rbac/indexes";
import type { Store } from "@/lib/store/contract";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { ChangeEvent, KubeObject, Snapshot } from "@/lib/store/types";
import { changesBetween, changesOf, entriesFor, HISTORY_KINDS, identityOf, type ObjectChange } from "./entries";
import type { HistoryRepository, RecordBatch, RecordedObject } from "./repository";

export type HistoryState = "off" | "starting" | "recording" | "unavailable";

export interface HistoryStatus {
  state: HistoryState;
  backend?: "pglite" | "postgres";
  cluster?: string;
  /** Why it is off or unavailable. */
  message?: string;
  /** Entries waiting to be written. */
  queued: number;
  /** Entries this process has written (new ones; a change another replica wrote first is not counted). */
  recorded: number;
  /** When the last batch was written. */
  lastWrite?: string;
}

export interface RecorderOptions {
  store: Store;
  /** Connects, migrates and returns the repository; retried until it succeeds. */
  open: () => Promise<HistoryRepository>;
  /** Entries older than this many days are pruned in the background (0: never). */
  retentionDays: number;
  flushMs?: number;
  retryMs?: { min: number; max: number };
  maxQueued?: number;
  pruneEveryMs?: number;
  now?: () => Date;
  log?: Logger;
}

interface Pending {
  before: Snapshot;
  after: Snapshot;
  changes: ObjectChange[];
  at: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

/** What a batch does to the recorded state: changed objects put, deleted ones gone. */
function stateOf(changes: readonly ObjectChange[]): Pick<RecordBatch, "put" | "gone"> {
  const put: RecordedObject[] = [];
  const gone: string[] = [];
  for (const c of changes) {
    if (c.after) put.push({ uid: identityOf(c.after).uid, object: c.after });
    else gone.push(identityOf(c.before!).uid);
  }
  return { put, gone };
}

export class HistoryRecorder {
  private repo?: HistoryRepository;
  private state: HistoryState = "starting";
  private message?: string;
  private recorded = 0;
  private lastWrite?: string;
  private readonly indexer = new RbacIndexer();
  /** The last snapshot taken in; undefined until the start comparison has its base. */
  private last?: Snapshot;
  private pending: Pending[] = [];
  /**
   * Change events not yet given to the indexer, in order: while changes wait, the indexer takes
   * each event only when their snapshots are indexed, in the background (not in the store's update).
   */
  private unindexed: ChangeEvent[] = [];
  private batches: RecordBatch[] = [];
  private queued = 0;
  /** The queue was dropped: compare the recorded state with the store before writing again. */
  private gap = false;
  private stopped = false;
  /** A comparison or a write is under way. */
  private busy = false;
  private unsubscribe?: () => void;
  private running?: Promise<void>;
  private wake?: () => void;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly written = new Set<(entries: number) => void>();

  constructor(private readonly opts: RecorderOptions) {
    this.log = opts.log ?? rootLog;
    this.now = opts.now ?? (() => new Date());
  }

  /** Subscribes to the store now (no change is missed) and connects in the background. */
  start(): this {
    this.unsubscribe = this.opts.store.subscribe((e) => this.changed(e));
    this.running = this.run();
    return this;
  }

  status(): HistoryStatus {
    return {
      state: this.state,
      ...(this.repo ? { backend: this.repo.backend, cluster: this.repo.cluster } : {}),
      ...(this.message ? { message: this.message } : {}),
      queued: this.queued + this.pending.reduce((n, p) => n + p.changes.length, 0),
      recorded: this.recorded,
      ...(this.lastWrite ? { lastWrite: this.lastWrite } : {}),
    };
  }

  /** Calls `listener` after each write of entries (the event stream tells open history feeds). */
  onWritten(listener: (entries: number) => void): () => void {
    this.written.add(listener);
    return () => this.written.delete(listener);
  }

  /** Another replica may have written the same entries first: they are in the database either way. */
  private notify(entries: number): void {
    if (!entries) return;
    for (const listener of this.written) {
      try {
        listener(entries);
      } catch (e) {
        this.log.warn({ err: e }, "history: a listener failed");
      }
    }
  }

  /** The repository once connected (for the API's queries). */
  repository(): HistoryRepository | undefined {
    return this.state === "recording" ? this.repo : undefined;
  }

  /** Resolves when everything taken in so far is written (tests, shutdown). */
  async whenIdle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.length || this.batches.length || this.state !== "recording" || this.gap || this.busy) {
      if (Date.now() > deadline) throw new Error(`history not written after ${timeoutMs} ms (${this.state}${this.message ? `: ${this.message}` : ""})`);
      await sleep(20);
    }
  }

  /** Writes what is queued (best effort) and closes the repository. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.state === "recording") await this.whenIdle(5000).catch(() => {});
    this.stopped = true;
    this.wake?.();
    await this.running;
    await this.repo?.close().catch(() => {});
  }

  // ---- the hot path: one store change event ----
  private changed(e: ChangeEvent): void {
    if (this.pending.length || this.unindexed.length) this.unindexed.push(e);
    else this.indexer.changed(e);
    if (!this.last || this.gap) return; // not started yet, or behind: the comparison will cover it
    const changes = changesOf(e);
    if (!changes.length) return;
    const after = this.opts.store.snapshot();
    this.pending.push({ before: this.last, after, changes, at: this.now().toISOString() });
    this.last = after;
    this.wake?.();
  }

  // ---- the background loop ----
  private async run(): Promise<void> {
    let delay = this.opts.retryMs?.min ?? 1000;
    let lastPrune = 0;
    while (!this.stopped) {
      try {
        if (!this.repo) {
          this.repo = await this.opts.open();
          this.log.info({ backend: this.repo.backend, cluster: this.repo.cluster }, "history: connected");
        }
        this.busy = true;
        if (!this.last || this.gap) await this.catchUp();
        this.drain();
        if (this.batches.length) await this.write();
        this.state = "recording";
        this.busy = false;
        this.message = undefined;
        delay = this.opts.retryMs?.min ?? 1000;
        const every = this.opts.pruneEveryMs ?? 3_600_000;
        if (this.opts.retentionDays > 0 && Date.now() - lastPrune > every) {
          lastPrune = Date.now();
          const cutoff = new Date(this.now().getTime() - this.opts.retentionDays * 86_400_000);
          const n = await this.repo.prune(cutoff);
          if (n) this.log.info({ pruned: n, before: cutoff.toISOString() }, "history: pruned old entries");
        }
        if (!this.pending.length && !this.batches.length) await this.idle(this.opts.flushMs ?? 200);
        else await sleep(this.opts.flushMs ?? 200); // let a burst gather into one batch
      } catch (err) {
        this.busy = false;
        this.state = "unavailable";
        this.message = err instanceof Error ? err.message : String(err);
        this.log.warn({ err: this.message, retryInMs: delay, queued: this.queued }, "history: database unavailable, retrying");
        if (this.queued > (this.opts.maxQueued ?? 200_000)) this.dropQueue();
        await sleep(delay);
        delay = Math.min(delay * 2, this.opts.retryMs?.max ?? 30_000);
      }
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      t.unref?.();
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  /** Diffs the pending changes into batches (CPU, off the store's path). */
  private drain(): void {
    for (const p of this.pending.splice(0)) {
      this.feedIndexer(p.after.version);
      this.indexer.index(p.after); // derived from the last index: O(changed bindings)
      const entries = entriesFor(p.before, p.after, p.changes, p.at);
      this.batches.push({ entries, ...stateOf(p.changes) });
      this.queued += entries.length + p.changes.length;
    }
    this.feedIndexer(Infinity);
  }

  /** Gives the indexer the waiting change events up to `version`. */
  private feedIndexer(version: number): void {
    let n = 0;
    while (n < this.unindexed.length && this.unindexed[n].version <= version) this.indexer.changed(this.unindexed[n++]);
    this.unindexed.splice(0, n);
  }

  private async write(): Promise<void> {
    const batches = this.batches;
    const merged: RecordBatch = { entries: batches.flatMap((b) => b.entries), put: batches.flatMap((b) => b.put ?? []), gone: batches.flatMap((b) => b.gone ?? []) };
    // one object changed twice in the batch: its last state wins (put and gone in order)
    const last = new Map<string, RecordedObject | null>();
    for (const b of batches) {
      for (const o of b.put ?? []) last.set(o.uid, o);
      for (const uid of b.gone ?? []) last.set(uid, null);
    }
    merged.put = [...last.values()].filter((o): o is RecordedObject => o !== null);
    merged.gone = [...last].filter(([, o]) => o === null).map(([uid]) => uid);
    const n = await this.repo!.record(merged);
    this.batches = this.batches.slice(batches.length);
    this.queued = 0;
    this.recorded += n;
    this.lastWrite = this.now().toISOString();
    this.notify(merged.entries.length);
  }

  private dropQueue(): void {
    this.log.error({ queued: this.queued }, "history: too many entries waiting; they are dropped and the changes will be found by comparing the recorded state when the database is back");
    this.pending = [];
    this.unindexed = []; // the indexer sees the versions missed and rebuilds
    this.batches = [];
    this.queued = 0;
    this.gap = true;
  }

  /**
   * Compares the last recorded state with the store (synced) and records what changed, marked
   * "seen at start". A first start records the state only: there is no earlier one to compare.
   */
  private async catchUp(): Promise<void> {
    while (!this.opts.store.isSynced()) await this.opts.store.whenSynced(60_000).catch(() => undefined);
    const recorded = await this.repo!.recordedObjects();
    const now = this.opts.store.snapshot();
    this.unindexed = []; // behind `now`: the indexer sees the versions missed and rebuilds
    this.indexer.index(now);
    // live events from here on take `now` as their before; what was queued is in the comparison
    this.last = now;
    this.pending = [];
    this.batches = [];
    this.queued = 0;
    this.gap = false;
    try {
      const objects: KubeObject[] = HISTORY_KINDS.flatMap((k) => [...now.objects[k].values()]);
      if (!recorded.length) {
        await this.repo!.record({ entries: [], put: objects.map((o) => ({ uid: identityOf(o).uid, object: o })) });
        this.log.info({ objects: objects.length }, "history: first start, the current state recorded");
      } else {
        const old = recorded.map((r) => r.object);
        const changes = changesBetween(old, now);
        const entries = entriesFor(snapshotFromObjects(old, { source: now.source }), now, changes, this.now().toISOString(), true);
        this.recorded += await this.repo!.record({ entries, ...stateOf(changes) });
        this.notify(entries.length);
        if (changes.length) this.log.info({ changes: changes.length, entries: entries.length }, "history: changes while not running recorded as seen at start");
      }
      this.lastWrite = this.now().toISOString();
    } catch (err) {
      this.gap = true; // compare again when the database answers
      throw err;
    }
  }
}

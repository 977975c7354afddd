import "server-only";
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { log } from "@/lib/log";
import type { StoreWriter } from "@/lib/store/store";
import { KINDS, type KubeObject, type SourceInfo, type SourceProblem } from "@/lib/store/types";
import { BUILTIN_RESOURCES } from "@/lib/k8s/builtin-resources";
import { Assembler, limitsFromEnv, type FileResult, type HeldFile, type LoadedManifests, type ManifestLimits } from "./manifests";
import type { ReaderMessage, ReaderRequest, ReaderWorkerData } from "./reader-protocol";
import { internStrings, shareParts, SharedParts } from "./sanitize";
import type { Source } from "./source";

export interface FilesSourceOptions {
  /** A manifest file or a folder of them. */
  root: string;
  info?: SourceInfo;
  /** Re-read on change (a watch on every folder read, debounced). */
  watch?: boolean;
  debounceMs?: number;
  limits?: ManifestLimits;
  /** A file whose parsing takes longer is skipped with a problem (the reader thread is replaced). */
  fileTimeoutMs?: number;
  /** Heap of the reader thread; a file that needs more is skipped with a problem. */
  readerHeapMb?: number;
  /** An idle reader thread is ended after this long (a new one starts with the next read). */
  readerIdleMs?: number;
}

/** Fallback when a folder cannot be watched (e.g. out of inotify watches). */
const POLL_MS = 3000;

/**
 * ROLECALL_MANIFESTS: the state read from manifests. Every change under the root re-reads the
 * folder: a thread (manifest-worker.ts) walks it and parses the files that changed since the
 * last read, so the event loop never waits for YAML; the store publishes only what differs.
 */
export class FilesSource implements Source {
  readonly info: SourceInfo;
  private readonly root: string;
  private readonly limits: ManifestLimits;
  private store: StoreWriter | null = null;
  private loads = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;
  /** A watch per folder read, plus the root's parent (to see the root itself replaced). */
  private watchers = new Map<string, { ino: number; watcher: fs.FSWatcher }>();
  private running: Promise<void> | null = null;
  private again = false;
  private reader: Reader;

  constructor(private readonly opts: FilesSourceOptions) {
    this.info = opts.info ?? { mode: "manifests", label: opts.root };
    this.root = path.resolve(opts.root);
    this.limits = opts.limits ?? limitsFromEnv();
    this.reader = new Reader(this.root, this.limits, opts.fileTimeoutMs ?? 60_000, opts.readerHeapMb ?? 768, opts.readerIdleMs ?? 5000);
  }

  /** Reader threads started and files parsed so far (for tests and logs). */
  get readerStats(): { threads: number; parsed: number } {
    return this.reader.stats;
  }

  start(store: StoreWriter): void {
    this.store = store;
    store.setSource(this.info);
    void this.reload();
  }

  /** Reads the manifests again and publishes the result; resolves when published (a read already running is followed by one more). */
  reload(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.readOnce();
        } catch (e) {
          log.error({ err: e, root: this.root }, "manifest reload failed");
        }
      } while (this.again && this.store);
      this.running = null;
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    for (const { watcher } of this.watchers.values()) watcher.close();
    this.watchers.clear();
    if (this.poll) clearInterval(this.poll);
    if (this.timer) clearTimeout(this.timer);
    this.poll = this.timer = null;
    this.store = null;
    await this.reader.close();
  }

  private async readOnce(): Promise<void> {
    if (!this.store) return;
    const read = await this.reader.read();
    const store = this.store;
    if (!store) return;
    const loaded = read.loaded;
    store.replaceAll(loaded.objects);
    store.setResources(loaded.resources.length ? [...BUILTIN_RESOURCES, ...loaded.resources] : BUILTIN_RESOURCES);
    store.setProblems(loaded.problems);
    for (const kind of KINDS) store.setKindState(kind, { state: "synced" });
    store.flush();
    const level = this.loads++ === 0 ? "info" : "debug"; // polling would repeat it every few seconds
    log[level]({ root: this.root, objects: loaded.objects.length, problems: loaded.problems.length }, "manifests loaded");
    if (this.opts.watch !== false) this.rearm(read.dirs);
    else await this.reader.pause(); // read once (the examples): no thread kept for nothing
  }

  private schedule = (): void => {
    if (!this.store) return;
    if (this.timer) clearTimeout(this.timer);
    // Editors write in bursts (temp file, rename, chmod): one reload after they settle.
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.reload();
    }, this.opts.debounceMs ?? 150);
  };

  /**
   * Watches exactly the folders just read (not recursively: Node 20's recursive watch loses
   * a file once it is replaced by rename, and the whole tree once the root is). A folder
   * replaced since (new inode) gets a new watch; the root's parent is watched for the root's
   * own name, so a root deleted, re-created or swapped is seen. Watching a folder sees its
   * files replaced, since the watch is on the folder, not on a file's inode.
   */
  private rearm(dirs: readonly string[]): void {
    if (this.poll || !this.store) return;
    const isDir = dirs.length > 0 && isDirectory(this.root);
    const parent = path.dirname(this.root);
    const want = new Map<string, number>();
    for (const d of [parent, ...(isDir ? dirs : [])]) {
      try {
        want.set(d, fs.statSync(d).ino);
      } catch {
        // gone since the read: the next read sees it
      }
    }
    for (const [d, w] of this.watchers) {
      if (want.get(d) !== w.ino) {
        w.watcher.close();
        this.watchers.delete(d);
      }
    }
    let added = false;
    const base = path.basename(this.root);
    for (const [d, ino] of want) {
      if (this.watchers.has(d)) continue;
      const onlyRoot = d === parent && !(isDir && dirs.includes(parent));
      try {
        const watcher = fs.watch(d, { persistent: false }, (_event, name) => {
          if (!onlyRoot || !name || String(name) === base) this.schedule();
        });
        watcher.on("error", (e) => {
          // A watched folder removed, or the watch broken: re-read, which re-arms what exists.
          log.debug({ err: e, dir: d }, "manifest watch ended");
          watcher.close();
          if (this.watchers.get(d)?.watcher === watcher) this.watchers.delete(d);
          this.schedule();
        });
        this.watchers.set(d, { ino, watcher });
        added = true;
      } catch (e) {
        log.warn({ err: e, dir: d }, "cannot watch manifests; polling instead");
        for (const w of this.watchers.values()) w.watcher.close();
        this.watchers.clear();
        this.poll = setInterval(this.schedule, POLL_MS);
        this.poll.unref?.();
        return;
      }
    }
    // A file written into a new folder between the read and its watch would be missed: read once more.
    if (added) this.schedule();
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

interface ReadResult {
  loaded: Omit<LoadedManifests, "files">;
  dirs: string[];
}

/**
 * The reader thread, seen from the server: one read at a time. A file that takes longer than
 * `timeoutMs` or more than `heapMb` to parse ends the thread; it is reported and skipped while
 * unchanged, and a new thread reads the rest.
 */
class Reader {
  private worker: Worker | null = null;
  /** Results of the last completed read, for the files the thread reports unchanged. */
  private last = new Map<string, FileResult>();
  /** What a new thread needs to report those files unchanged, by `rel`. */
  private held = new Map<string, HeldFile & { abs: string }>();
  private failed = new Map<string, { stamp: string; message: string }>();
  private closed = false;
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly root: string,
    private readonly limits: ManifestLimits,
    private readonly timeoutMs: number,
    private readonly heapMb: number,
    private readonly idleMs: number,
  ) {}

  readonly stats = { threads: 0, parsed: 0 };

  async read(): Promise<ReadResult> {
    for (;;) {
      const outcome = await this.attempt();
      if ("dirs" in outcome) return outcome;
      // The thread ended while parsing a file: that file is skipped; read again with a new thread.
      if (!outcome.file) {
        const problems: SourceProblem[] = [{ file: path.basename(this.root), message: `cannot read manifests: ${outcome.message}` }];
        return { loaded: { objects: [], resources: [], problems }, dirs: [] };
      }
      this.failed.set(outcome.file.abs, { stamp: outcome.file.stamp, message: outcome.message });
    }
  }

  /** Ends the thread until the next read (which starts a new one). */
  async pause(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.last = new Map();
    this.held = new Map();
    if (w) await w.terminate();
  }

  /**
   * Ends an idle thread: parsing leaves its heap at the size of the largest read (hundreds of
   * MB for a large folder), which V8 keeps. A new thread starts with `held`, so it parses
   * only what changed meanwhile.
   */
  private retireWhenIdle(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      const w = this.worker;
      this.worker = null;
      if (w) void w.terminate();
    }, this.idleMs);
    this.idle.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idle);
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private spawn(): Worker {
    const w = this.newWorker();
    this.stats.threads++;
    // Failures during a read are reported by that read; one while idle must not crash the server.
    w.on("error", (e) => log.debug({ err: e }, "manifest reader thread ended"));
    w.on("exit", () => {
      if (this.worker === w) this.worker = null;
    });
    return w;
  }

  private newWorker(): Worker {
    const data: ReaderWorkerData = { root: this.root, limits: this.limits, failed: Object.fromEntries(this.failed), held: Object.fromEntries([...this.held.values()].map(({ abs, ...h }) => [abs, h])) };
    const resourceLimits = { maxOldGenerationSizeMb: this.heapMb };
    if (process.env.VITEST) {
      // Tests run the TypeScript sources, which no bundler has turned into a worker script.
      const url = new URL("./manifest-worker.ts", import.meta.url).href;
      const boot = `import("tsx/esm/api").then((m) => m.tsImport(${JSON.stringify(url)}, ${JSON.stringify(url)}))`;
      return new Worker(boot, { eval: true, workerData: data, resourceLimits, execArgv: ["--conditions=react-server"] });
    }
    return new Worker(new URL("./manifest-worker.ts", import.meta.url), { workerData: data, resourceLimits });
  }

  private attempt(): Promise<ReadResult | { file?: { abs: string; rel: string; stamp: string }; message: string }> {
    if (this.closed) return Promise.resolve({ message: "stopped" });
    clearTimeout(this.idle);
    const worker = (this.worker ??= this.spawn());
    return new Promise((resolve) => {
      // Put together as the messages arrive, each in its own turn of the event loop.
      const assembler = new Assembler();
      const results = new Map<string, FileResult>();
      const held = new Map<string, HeldFile & { abs: string }>();
      const parsed = new Map<string, { abs: string; stamp: string }>();
      const strings = new Map<string, string>();
      const sharedParts = new SharedParts();
      const compact = (o: KubeObject) => {
        internStrings(o, strings);
        shareParts(o, sharedParts);
      };
      let current: { abs: string; rel: string; stamp: string } | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      let parts: { objects: KubeObject[]; lines: number[] } = { objects: [], lines: [] };
      // Ask for the next message only after this one's turn of the event loop.
      const next = () => setImmediate(() => !settled && worker.postMessage("next" satisfies ReaderRequest));
      const finish = (v: Awaited<ReturnType<Reader["attempt"]>>) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        worker.unref();
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        resolve(v);
      };
      const fail = (message: string) => {
        if (this.worker === worker) this.worker = null;
        void worker.terminate();
        finish({ file: current, message });
      };
      const onMessage = (m: ReaderMessage) => {
        if (m.type === "parse") {
          current = { abs: m.abs, rel: m.rel, stamp: m.stamp };
          parsed.set(m.rel, current);
          this.stats.parsed++;
          if (timer) clearTimeout(timer);
          timer = setTimeout(() => fail(`took longer than ${this.timeoutMs / 1000} s to parse; skipped while unchanged`), this.timeoutMs);
        } else if (m.type === "part") {
          for (const o of m.objects) compact(o);
          assembler.add(m.rel, m);
          parts.objects.push(...m.objects);
          parts.lines.push(...m.lines);
          next();
        } else if (m.type === "file") {
          if (timer) clearTimeout(timer);
          timer = undefined;
          current = undefined;
          if (!("reused" in m)) for (const o of m.result.objects) compact(o);
          let result = "reused" in m ? this.last.get(m.rel) : m.result;
          if (result) assembler.add(m.rel, result);
          if (result && parts.objects.length) result = { ...result, objects: [...parts.objects, ...result.objects], lines: [...parts.lines, ...result.lines] };
          parts = { objects: [], lines: [] };
          if (result) results.set(m.rel, result);
          // Parse messages all come before the results; a file is held under the stamp it was parsed at.
          const at = parsed.get(m.rel);
          const before = this.held.get(m.rel);
          if (at && result) held.set(m.rel, { abs: at.abs, rel: m.rel, stamp: at.stamp, bytes: result.bytes, expanded: result.expanded });
          else if ("reused" in m && before) held.set(m.rel, before);
          next();
        } else {
          this.last = results;
          this.held = held;
          finish({ loaded: assembler.finish(m.problems), dirs: m.dirs });
          this.retireWhenIdle();
        }
      };
      const onError = (e: Error & { code?: string }) => {
        const oom = e.code === "ERR_WORKER_OUT_OF_MEMORY";
        log.warn({ err: e, file: current?.rel }, "manifest reader thread failed");
        fail(oom ? `needs more than ${this.heapMb} MB of memory to parse; skipped while unchanged (split it into smaller files)` : `the reader failed: ${e.message}`);
      };
      const onExit = (code: number) => fail(`the reader stopped (exit code ${code})`);
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.ref(); // keep the process up while a read is running, as the synchronous read did
      worker.postMessage("read" satisfies ReaderRequest);
    });
  }
}

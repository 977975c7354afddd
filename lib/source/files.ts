import "server-only";
import fs from "node:fs";
import path from "node:path";
import { log } from "@/lib/log";
import type { StoreWriter } from "@/lib/store/store";
import { KINDS, type SourceInfo } from "@/lib/store/types";
import { BUILTIN_RESOURCES } from "./builtin-resources";
import { loadManifests } from "./manifests";
import type { Source } from "./source";

export interface FilesSourceOptions {
  /** A manifest file or a folder of them. */
  root: string;
  info?: SourceInfo;
  /** Re-read on change (fs.watch, debounced). */
  watch?: boolean;
  debounceMs?: number;
}

/**
 * ROLECALL_MANIFESTS: the state read from manifests. Every change under the root re-reads
 * everything (manifest folders are small; a full reload keeps one code path), and the store
 * publishes only what actually differs.
 */
export class FilesSource implements Source {
  readonly info: SourceInfo;
  private watcher: fs.FSWatcher | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private store: StoreWriter | null = null;
  private loads = 0;

  constructor(private readonly opts: FilesSourceOptions) {
    this.info = opts.info ?? { mode: "manifests", label: opts.root };
  }

  start(store: StoreWriter): void {
    this.store = store;
    store.setSource(this.info);
    this.reload();
    if (this.opts.watch !== false) this.watch();
  }

  /** Reads the manifests again and publishes the result at once. */
  reload(): void {
    const store = this.store;
    if (!store) return;
    const loaded = loadManifests(this.opts.root);
    store.replaceAll(loaded.objects);
    store.setResources(loaded.resources.length ? [...BUILTIN_RESOURCES, ...loaded.resources] : BUILTIN_RESOURCES);
    store.setProblems(loaded.problems);
    for (const kind of KINDS) store.setKindState(kind, { state: "synced" });
    store.flush();
    const level = this.loads++ === 0 ? "info" : "debug"; // polling would repeat it every few seconds
    log[level]({ root: this.opts.root, objects: loaded.objects.length, problems: loaded.problems.length }, "manifests loaded");
  }

  async stop(): Promise<void> {
    this.watcher?.close();
    this.watcher = null;
    if (this.poll) clearInterval(this.poll);
    if (this.timer) clearTimeout(this.timer);
    this.poll = this.timer = null;
    this.store = null;
  }

  private schedule = (): void => {
    if (this.timer) clearTimeout(this.timer);
    // Editors write in bursts (temp file, rename, chmod): one reload after they settle.
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.reload();
      } catch (e) {
        log.error({ err: e }, "manifest reload failed");
      }
    }, this.opts.debounceMs ?? 150);
  };

  private watch(): void {
    const root = path.resolve(this.opts.root);
    try {
      const isDir = fs.statSync(root).isDirectory();
      // A single file is watched through its folder: editors replace the file, which ends a
      // watch on the old inode.
      const target = isDir ? root : path.dirname(root);
      const base = path.basename(root);
      this.watcher = fs.watch(target, { recursive: isDir, persistent: false }, (_event, name) => {
        if (isDir || !name || String(name) === base) this.schedule();
      });
      this.watcher.on("error", (e) => {
        log.warn({ err: e, root }, "manifest watch failed; polling instead");
        this.watcher?.close();
        this.watcher = null;
        this.startPolling();
      });
    } catch (e) {
      log.warn({ err: e, root }, "cannot watch manifests; polling instead");
      this.startPolling();
    }
  }

  private startPolling(): void {
    if (this.poll) return;
    this.poll = setInterval(this.schedule, 3000);
    this.poll.unref?.();
  }
}

import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import type { Logger } from "@/lib/log";
import type { StoreWriter } from "@/lib/store/store";
import type { Kind, KubeObject } from "@/lib/store/types";
import { Backoff, sleep } from "./backoff";
import { ApiError, getJson, openGet } from "./http";
import { KIND_API } from "./kinds";
import { sanitizeObject } from "./sanitize";

export interface InformerOptions {
  kc: KubeConfig;
  kind: Kind;
  store: StoreWriter;
  log: Logger;
  pageSize?: number;
  /** Server-side watch timeout; randomised (5–10 min) like client-go so watches do not all end together. */
  watchTimeoutSeconds?: () => number;
  /** A watch silent for its timeout plus this long is presumed dead and restarted. */
  watchdogMarginMs?: number;
  /** How often a kind we may not list (403) is tried again. */
  forbiddenRetryMs?: number;
  backoff?: Backoff;
  /** Where to list and watch, when not KIND_API's default (a custom resource's served version). */
  api?: { apiVersion: string; path: string };
}

interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: KubeObject & { code?: number; message?: string; reason?: string };
}

interface ListPage {
  metadata: { resourceVersion: string; continue?: string };
  items: KubeObject[];
}

/** Why a watch ended without an error. */
type WatchEnd = "closed" | "gone";

/**
 * One kind's list+watch loop: list (paginated) → watch from the list's resourceVersion →
 * on a normal server timeout watch again from the last seen version; on 410 Gone list again;
 * on a dropped connection back off and retry. Resource versions are opaque strings.
 */
export class Informer {
  private rv: string | null = null;
  private synced = false;
  private forbidden = false;
  private restarts = 0;
  private readonly stopper = new AbortController();
  private running: Promise<void> | null = null;
  private watchCtrl: AbortController | null = null;
  private readonly backoff: Backoff;
  private readonly api;

  constructor(private readonly opts: InformerOptions) {
    this.backoff = opts.backoff ?? new Backoff();
    this.api = opts.api ?? KIND_API[opts.kind];
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
  }

  /**
   * Drops the current watch and resumes from `rv` (tests use an expired version to exercise
   * the 410 Gone → re-list path against a real API server).
   */
  resumeFrom(rv: string): void {
    this.rv = rv;
    this.watchCtrl?.abort();
  }

  /**
   * The resourceVersion the store holds this kind at: every event up to it is applied (tests
   * compare the store with a list at exactly this version, which stays exact while others
   * change the cluster). Null before the first list and while a re-list is due.
   */
  get resourceVersion(): string | null {
    return this.rv;
  }

  private get stopped(): boolean {
    return this.stopper.signal.aborted;
  }

  private async loop(): Promise<void> {
    const { kind, store, log } = this.opts;
    while (!this.stopped) {
      try {
        if (this.rv === null) await this.list();
        const started = Date.now();
        const result = await this.watch(this.rv!);
        if (result.end === "gone") {
          this.restart("watch expired (410 Gone); listing again");
          this.rv = null;
        } else if (result.events === 0 && Date.now() - started < Math.min(5000, result.timeoutSeconds * 500)) {
          // A watch the server ends at once, well before its timeout, is not healthy.
          await sleep(this.backoff.next(), this.stopper.signal);
        } else this.backoff.reset();
      } catch (e) {
        if (this.stopped) break;
        const status = e instanceof ApiError ? e.status : 0;
        const msg = (e as Error).message;
        if (status === 410) {
          // Usually an expired list continue token; a short pause guards against a 410 loop.
          this.restart("resource version too old (410 Gone); listing again");
          this.rv = null;
          await sleep(this.backoff.next(), this.stopper.signal);
        } else if (status === 403) {
          // Not allowed to list this kind: report it, hold no stale objects, keep the rest going.
          log.warn({ kind }, "not permitted to list/watch; will retry");
          this.rv = null;
          this.synced = false;
          this.forbidden = true;
          store.replaceKind(kind, []);
          store.setKindState(kind, { state: "not-permitted", message: msg });
          const retry = this.opts.forbiddenRetryMs ?? 60_000;
          await sleep(retry / 2 + (Math.random() * retry) / 2, this.stopper.signal);
        } else {
          const delay = this.backoff.next();
          this.restart(`${msg}; retrying in ${delay} ms`);
          log.warn({ kind, err: msg, status: status || undefined, delayMs: delay }, "list/watch failed");
          await sleep(delay, this.stopper.signal);
        }
      }
    }
  }

  /**
   * Counts a restart. Once synced (or known forbidden) the state stays and only the message
   * says what is happening, so readiness does not flap on a blip; before that it is an error.
   */
  private restart(message: string): void {
    this.restarts++;
    this.opts.store.setKindState(this.opts.kind, {
      state: this.synced ? "synced" : this.forbidden ? "not-permitted" : "error",
      message,
      restarts: this.restarts,
    });
  }

  private async list(): Promise<void> {
    const { kind, store } = this.opts;
    const items: KubeObject[] = [];
    let cont: string | undefined;
    let rv = "";
    do {
      const q = new URLSearchParams({ limit: String(this.opts.pageSize ?? 500) });
      if (cont) q.set("continue", cont);
      const page = await getJson<ListPage>(this.opts.kc, `${this.api.path}?${q}`, this.stopper.signal);
      for (const it of page.items ?? []) items.push(sanitizeObject(it, kind, this.api.apiVersion));
      cont = page.metadata?.continue || undefined;
      rv = page.metadata?.resourceVersion ?? "";
    } while (cont && !this.stopped);
    if (this.stopped) return;
    store.replaceKind(kind, items);
    this.rv = rv;
    this.synced = true;
    this.forbidden = false;
    this.backoff.reset();
    store.setKindState(kind, { state: "synced", message: undefined, restarts: this.restarts });
  }

  private async watch(rv: string): Promise<{ end: WatchEnd; events: number; timeoutSeconds: number }> {
    const { kind, store, kc } = this.opts;
    const timeout = this.opts.watchTimeoutSeconds?.() ?? 300 + Math.floor(Math.random() * 300);
    const q = new URLSearchParams({
      watch: "1",
      allowWatchBookmarks: "true",
      timeoutSeconds: String(timeout),
      resourceVersion: rv,
    });
    const ctrl = new AbortController();
    this.watchCtrl = ctrl;
    const onStop = () => ctrl.abort();
    this.stopper.signal.addEventListener("abort", onStop, { once: true });
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const silentLimit = timeout * 1000 + (this.opts.watchdogMarginMs ?? 30_000);
    let silent = false;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        silent = true;
        ctrl.abort();
      }, silentLimit);
    };
    arm();
    try {
      const res = await openGet(kc, `${this.api.path}?${q}`, ctrl.signal);
      if (this.synced) store.setKindState(kind, { message: undefined });
      let events = 0;
      const end = await new Promise<WatchEnd>((resolve, reject) => {
        let buf = "";
        let settled = false;
        const finish = (err: Error | null, end?: WatchEnd) => {
          if (settled) return;
          settled = true;
          if (err) reject(err);
          else resolve(end!);
          res.destroy();
        };
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          arm();
          buf += chunk;
          let nl: number;
          while (!settled && (nl = buf.indexOf("\n")) >= 0) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (!line) continue;
            events++;
            try {
              const end = this.handle(JSON.parse(line) as WatchEvent);
              if (end) finish(null, end);
            } catch (e) {
              finish(e as Error);
            }
          }
        });
        res.on("end", () => finish(null, "closed"));
        res.on("error", (e) => finish(silent ? new Error(`watch silent for ${silentLimit} ms`) : e));
        res.on("close", () => finish(new Error(silent ? `watch silent for ${silentLimit} ms` : "watch connection closed")));
      });
      return { end, events, timeoutSeconds: timeout };
    } catch (e) {
      if (silent) throw new Error(`watch silent for ${silentLimit} ms; restarting it`);
      throw e;
    } finally {
      clearTimeout(watchdog);
      this.stopper.signal.removeEventListener("abort", onStop);
    }
  }

  /** Applies one watch event; returns "gone" when the server says the version expired. */
  private handle(ev: WatchEvent): WatchEnd | undefined {
    const { kind, store } = this.opts;
    const obj = ev.object;
    switch (ev.type) {
      case "ADDED":
      case "MODIFIED":
        store.upsert(sanitizeObject(obj, kind, this.api.apiVersion));
        break;
      case "DELETED":
        store.remove(sanitizeObject(obj, kind, this.api.apiVersion));
        break;
      case "BOOKMARK":
        break;
      case "ERROR":
        if (obj.code === 410) return "gone";
        throw new ApiError(obj.code ?? 500, `watch error: ${obj.message ?? obj.reason ?? "unknown"}`);
      default:
        return undefined;
    }
    if (obj.metadata?.resourceVersion) this.rv = obj.metadata.resourceVersion;
    return undefined;
  }
}

import "server-only";
import { setMaxListeners } from "node:events";
import type { KubeConfig } from "@kubernetes/client-node";
import { log } from "@/lib/log";
import type { StoreWriter } from "@/lib/store/store";
import { KINDS, type ApiResource, type Kind, type SourceInfo } from "@/lib/store/types";
import { Backoff, sleep } from "./backoff";
import { BUILTIN_RESOURCES } from "@/lib/k8s/builtin-resources";
import { discoverResources } from "./discovery";
import { getJson } from "./http";
import { Informer, type InformerOptions } from "./informer";
import { KIND_API, crdApi } from "./kinds";
import type { Source } from "./source";
import { parseServerVersion, type VersionInfo } from "./version";

export interface LiveSourceOptions {
  kc: KubeConfig;
  info: SourceInfo;
  /** How often discovery runs again (CRDs come and go). */
  discoveryIntervalMs?: number;
  /** Passed to every informer (tests shorten timeouts). */
  informer?: Partial<Pick<InformerOptions, "pageSize" | "watchTimeoutSeconds" | "watchdogMarginMs" | "forbiddenRetryMs">>;
}

/** Kinds served by CRDs that may be absent (Flux): watched only while discovery lists them. */
const CRD_KINDS = KINDS.filter((k) => KIND_API[k].crd);
/** Discovery reads /api, /apis and every group-version: a stuck server must not stall it. */
const DISCOVERY_TIMEOUT_MS = 30_000;
const withTimeout = (signal: AbortSignal, ms: number) => {
  const s = AbortSignal.any([signal, AbortSignal.timeout(ms)]);
  setMaxListeners(200, s); // every group-version's request listens on it, like on the stop signal
  return s;
};

/**
 * A live cluster: one list+watch informer per kind (never Secrets) plus periodic discovery.
 * Custom-resource kinds (Flux) are syncing until the first discovery answers, then get an
 * informer while discovery shows their group served; while it is not, the kind is empty and
 * synced (not installed is not an error).
 */
export class LiveSource implements Source {
  readonly info: SourceInfo;
  private informers: Informer[] = [];
  /** Per custom-resource kind: the version watched (null: not served) and its informer. */
  private crd = new Map<Kind, { version: string | null; informer?: Informer }>();
  private readonly stopper = new AbortController();
  private discovery: Promise<void> | null = null;
  private serverVersion: string | undefined;

  constructor(private readonly opts: LiveSourceOptions) {
    this.info = opts.info;
    // Discovery fetches every group-version at once, each request listening on this signal.
    setMaxListeners(200, this.stopper.signal);
  }

  start(store: StoreWriter): void {
    const logger = log.child({ source: this.info.label });
    store.setSource(this.info);
    store.setResources(BUILTIN_RESOURCES); // until discovery answers
    this.informers = KINDS.filter((k) => !KIND_API[k].crd).map(
      (kind) => new Informer({ ...this.opts.informer, kc: this.opts.kc, kind, store, log: logger }),
    );
    for (const i of this.informers) i.start();
    this.discovery = this.discoverLoop(store);
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    const crd = [...this.crd.values()].map((c) => c.informer?.stop());
    await Promise.all([...this.informers.map((i) => i.stop()), ...crd, this.discovery]);
  }

  private async discoverLoop(store: StoreWriter): Promise<void> {
    const backoff = new Backoff(1000, 60_000);
    while (!this.stopper.signal.aborted) {
      try {
        // Neither may hang the loop: each request gives up after a while.
        const version = this.readVersion(store);
        const { resources, unavailableGroups } = await discoverResources(this.opts.kc, withTimeout(this.stopper.signal, DISCOVERY_TIMEOUT_MS));
        if (resources.length) {
          store.setResources(resources);
          await this.watchServedCrdKinds(store, resources, unavailableGroups);
        }
        await version;
        backoff.reset();
        await sleep(this.opts.discoveryIntervalMs ?? 5 * 60_000, this.stopper.signal);
      } catch (e) {
        if (this.stopper.signal.aborted) break;
        // Keep the last good answer (or the built-ins) and try again sooner.
        log.warn({ err: (e as Error).message }, "discovery failed");
        // Optional custom-resource kinds not yet decided must not hold the app back: shown
        // as empty with the reason, and decided on the next pass that works.
        for (const kind of CRD_KINDS)
          if (!this.crd.has(kind)) store.setKindState(kind, { state: "synced", message: `unknown: discovery failed (${(e as Error).message}); retrying` });
        await sleep(backoff.next(), this.stopper.signal);
      }
    }
  }

  /**
   * Starts, moves or stops each custom-resource kind's informer to match what the cluster
   * serves now (the CRD may be installed, upgraded or removed between passes).
   */
  private async watchServedCrdKinds(store: StoreWriter, resources: readonly ApiResource[], unavailableGroups: ReadonlySet<string>): Promise<void> {
    for (const kind of CRD_KINDS) {
      const crd = KIND_API[kind].crd!;
      const version = crdVersion(crd, resources);
      const cur = this.crd.get(kind);
      if (cur && cur.version === version) continue;
      // A group whose discovery failed this time says nothing: keep what is running.
      if (version === null && unavailableGroups.has(crd.group)) continue;
      await cur?.informer?.stop();
      if (this.stopper.signal.aborted) return;
      if (version === null) {
        store.replaceKind(kind, []);
        store.setKindState(kind, { state: "synced", message: `not installed (${crd.group} is not served)` });
        this.crd.set(kind, { version });
        continue;
      }
      const informer = new Informer({
        ...this.opts.informer,
        kc: this.opts.kc,
        kind,
        store,
        log: log.child({ source: this.info.label }),
        api: crdApi(crd, version),
      });
      this.crd.set(kind, { version, informer });
      informer.start();
    }
  }

  /**
   * The server's "major.minor" (chains use it for k8s-wait-for version quirks). Read with
   * every discovery pass, so a reconnect to an upgraded server is noticed; a failure keeps
   * the last answer and never holds up discovery.
   */
  private async readVersion(store: StoreWriter): Promise<void> {
    try {
      const v = parseServerVersion(await getJson<VersionInfo>(this.opts.kc, "/version", withTimeout(this.stopper.signal, 10_000)));
      if (v && v !== this.serverVersion) {
        this.serverVersion = v;
        store.setSource({ ...this.info, serverVersion: v });
      }
    } catch (e) {
      if (!this.stopper.signal.aborted) log.debug({ err: (e as Error).message }, "cannot read the server version");
    }
  }
}

/**
 * The version to watch a custom-resource kind in: the cluster's preferred one when Rolecall
 * knows it; else the first Rolecall knows that is served (the preferred one may be newer than
 * Rolecall); else the preferred one all the same (Flux has kept dependsOn and its status
 * conditions unchanged across versions); null when the resource is not served at all.
 */
export function crdVersion(crd: { group: string; resource: string; versions: readonly string[] }, resources: readonly ApiResource[]): string | null {
  const served = resources.find((r) => r.group === crd.group && r.resource === crd.resource);
  if (!served) return null;
  if (crd.versions.includes(served.version)) return served.version;
  return crd.versions.find((v) => served.versions?.includes(v)) ?? served.version;
}

/** A cluster that was asked for but cannot be used (bad ROLECALL_CONTEXT, no token): every kind shows the error. */
export class BrokenClusterSource implements Source {
  constructor(
    readonly info: SourceInfo,
    private readonly error: string,
  ) {}

  start(store: StoreWriter): void {
    log.error({ err: this.error }, "cluster configuration unusable");
    store.setSource(this.info);
    store.setResources(BUILTIN_RESOURCES);
    for (const kind of KINDS) store.setKindState(kind, { state: "error", message: this.error });
    store.flush();
  }

  async stop(): Promise<void> {}
}

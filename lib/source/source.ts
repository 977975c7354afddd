import type { StoreWriter } from "@/lib/store/store";
import type { SourceInfo } from "@/lib/store/types";

/** Something that fills the store: the live cluster, manifest files, or the examples. */
export interface Source {
  readonly info: SourceInfo;
  /** Starts filling `store`; returns at once (first results arrive asynchronously or before return). */
  start(store: StoreWriter): void;
  /** Stops watches and timers. */
  stop(): Promise<void>;
}

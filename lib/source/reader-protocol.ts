import type { KubeObject, SourceProblem } from "@/lib/store/types";
import type { FileResult, HeldFile, ManifestLimits } from "./manifests";

/** What the manifest reader's thread starts with. */
export interface ReaderWorkerData {
  root: string;
  limits: ManifestLimits;
  /** Files that stopped an earlier reader (too slow, out of memory), by path: skipped while their stamp is the same. */
  failed: Record<string, { stamp: string; message: string }>;
  /** Files whose results the server holds, by path: unchanged while their stamp is the same. */
  held: Record<string, HeldFile>;
}

/** Objects per message from the reader's thread: receiving one holds the server's event loop a few ms. */
export const READER_CHUNK = 2000;

/** "read" starts a read; "next" asks for the next message of its results. */
export type ReaderRequest = "read" | "next";

/** What the reader's thread sends back for one read. */
export type ReaderMessage =
  | { type: "parse"; abs: string; rel: string; stamp: string }
  | { type: "part"; rel: string; objects: KubeObject[]; lines: number[] }
  | { type: "file"; rel: string; reused: true }
  | { type: "file"; rel: string; result: FileResult }
  | { type: "done"; dirs: string[]; problems: SourceProblem[] };

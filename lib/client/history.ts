// The history feed as the page shows it: entries grouped by the object change that caused them
// (one binding created: the object's own entry and every subject's gains under it).
import type { HistoryEntryWire } from "@/lib/api/wire";
import { ApiRequestError, shouldRetry } from "./fetch";

/** The server records no history (offline, or turned off): a settled answer, not a wait. */
export const isHistoryOff = (error: unknown) => error instanceof ApiRequestError && error.status === 503 && error.message.startsWith("history is off");

/** Retried as any read while the store syncs or the database is unreachable, but not when history is off. */
export const historyRetry = (failureCount: number, error: Error) => !isHistoryOff(error) && shouldRetry(failureCount, error);

export interface CauseGroup {
  key: string;
  cause: HistoryEntryWire["cause"];
  at: string;
  seenAtStart: boolean;
  /** The object's own change (created/changed/deleted), when recorded. */
  objectChange?: HistoryEntryWire;
  gained: HistoryEntryWire[];
  lost: HistoryEntryWire[];
  /** The worst risk among the gains. */
  worstGain: HistoryEntryWire["risk"];
}

const RISK_ORDER = ["critical", "high", "medium", "low", "none"] as const;

/**
 * The entries (newest first) of one cause become one group, in feed order. A deletion names
 * the object's last version, the one its creation or last change named too: its losses go
 * with the deletion, not with that earlier change.
 */
export function groupByCause(items: readonly HistoryEntryWire[]): CauseGroup[] {
  const groups: CauseGroup[] = [];
  const byKey = new Map<string, CauseGroup>();
  const version = (e: HistoryEntryWire) => `${e.cluster}|${e.cause.uid}|${e.cause.resourceVersion}`;
  const deletions = new Set(items.filter((e) => e.change === "deleted").map(version));
  for (const e of items) {
    const gone = e.change === "deleted" || (e.change === "lost" && deletions.has(version(e)));
    const key = `${version(e)}|${gone ? "deleted" : ""}`;
    let g = byKey.get(key);
    if (!g) {
      g = { key, cause: e.cause, at: e.at, seenAtStart: e.seenAtStart, gained: [], lost: [], worstGain: "none" };
      byKey.set(key, g);
      groups.push(g);
    }
    if (e.change === "gained") {
      g.gained.push(e);
      if (RISK_ORDER.indexOf(e.risk) < RISK_ORDER.indexOf(g.worstGain)) g.worstGain = e.risk;
    } else if (e.change === "lost") g.lost.push(e);
    else g.objectChange = e;
  }
  return groups;
}

/** `get secrets in shop`, `create pods/exec (web-0) cluster-wide`, `get /metrics`. */
export function permissionText(p: NonNullable<HistoryEntryWire["permission"]>): string {
  const where = p.namespace ? `in ${p.namespace}` : "cluster-wide";
  if (p.nonResourceURL !== undefined) return `${p.verb} ${p.nonResourceURL}`;
  const res = `${p.apiGroup ? `${p.apiGroup}/` : ""}${p.resource ?? ""}`;
  return `${p.verb} ${res}${p.resourceName ? ` (${p.resourceName})` : ""} ${where}`;
}

/** A field value as one short line. */
export function valueText(v: unknown): string {
  if (v === undefined) return "—";
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

"use client";
import { useEffect, useState } from "react";
import type { StatusView } from "@/lib/api/types";
import { useLive } from "@/lib/client/live";

const STALE_AFTER_MS = 30_000;

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** live · syncing · reconnecting · stale since …, with a dot and a word (never colour alone). */
export function SyncState({ status }: { status: StatusView | undefined }) {
  const live = useLive();
  const [now, setNow] = useState(() => Date.now());
  const [errorSince, setErrorSince] = useState<number | undefined>();
  const kindError = status?.kinds.some((k) => k.state === "error") ?? false;

  useEffect(() => {
    // A coarse clock: "reconnecting" turns into "stale since" after a while.
    const t = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(t);
  }, []);

  // Remember when the store first reported a failing watch; forget it when it recovers.
  if (kindError !== (errorSince !== undefined)) setErrorSince(kindError ? now : undefined);

  let label: string;
  let tone: string;
  let title: string;
  if (live.connection === "reconnecting" && live.since !== undefined && now - live.since >= STALE_AFTER_MS) {
    label = `stale since ${time(live.since)}`;
    tone = "bg-red-500";
    title = "The live stream is down; the page polls the server every 5 s.";
  } else if (live.connection === "reconnecting") {
    label = "reconnecting";
    tone = "bg-amber-500 animate-pulse";
    title = "The live stream dropped; polling until it is back.";
  } else if (errorSince !== undefined) {
    label = `stale since ${time(errorSince)}`;
    tone = "bg-red-500";
    title = status?.kinds
      .filter((k) => k.state === "error")
      .map((k) => `${k.kind}: ${k.message ?? "watch failing"}`)
      .join("\n") ?? "";
  } else if (status && !status.synced) {
    label = "syncing";
    tone = "bg-sky-500 animate-pulse";
    title = "Loading the cluster state.";
  } else if (live.connection === "live") {
    label = "live";
    tone = "bg-emerald-500";
    title = `Live: store version ${live.version ?? status?.version ?? "?"}`;
  } else {
    label = "connecting";
    tone = "bg-zinc-400";
    title = "Opening the live stream.";
  }
  return (
    <span data-testid="sync-state" data-state={label.split(" ")[0]} title={title} className="inline-flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
      <span aria-hidden className={`inline-block size-2 rounded-full ${tone}`} />
      {label}
    </span>
  );
}

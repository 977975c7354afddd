"use client";
// What the graph's marks mean: kind abbreviations (those on the graph), edge styles and
// health colours. Collapsed to a button beside the zoom buttons; opened over the graph.
import { useId, useState } from "react";
import type { Health } from "@/lib/api/wire";
import { HEALTH_STYLE, HealthIcon, KIND_ABBR } from "./health";

const HEALTH_MEANING: Record<Health, string> = {
  Healthy: "done or running and ready",
  Progressing: "starting, or waiting on what it needs",
  Suspended: "paused on purpose",
  Missing: "waited on, but not found",
  Blocked: "an error holds it: it cannot finish as things are",
  Degraded: "failing",
  Unknown: "status not known",
};

export function Legend({ kinds }: { kinds: string[] }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const shown = kinds.filter((k) => KIND_ABBR[k] !== undefined).sort((a, b) => KIND_ABBR[a].localeCompare(KIND_ABBR[b]));
  return (
    <div className="text-xs">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => e.key === "Escape" && open && (e.stopPropagation(), setOpen(false))}
        className="rounded border border-zinc-300 bg-white px-2 py-1 font-medium text-zinc-800 shadow-sm hover:bg-zinc-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-100 dark:hover:bg-zinc-700"
      >
        Legend {open ? "▴" : "▾"}
      </button>
      {open && (
        <div id={id} data-testid="chain-legend" className="mt-1 max-h-[min(28rem,70vh)] w-80 overflow-auto rounded border border-zinc-300 bg-white p-3 text-zinc-800 shadow-lg dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100">
          <h3 className="mb-1 font-semibold">Kinds</h3>
          <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5">
            {shown.map((k) => (
              <div key={k} className="contents" data-testid="legend-kind">
                <dt>
                  <span className="rounded bg-zinc-200 px-1 font-mono text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200">{KIND_ABBR[k]}</span>
                </dt>
                <dd>{k}</dd>
              </div>
            ))}
          </dl>
          <h3 className="mb-1 mt-3 font-semibold">Arrows (from what is waited on to what waits)</h3>
          <ul className="space-y-1">
            <li className="flex items-center gap-2" data-testid="legend-edge" data-type="waits-for">
              <svg width="36" height="8" aria-hidden className="shrink-0 stroke-zinc-500">
                <line x1="0" y1="4" x2="36" y2="4" strokeWidth="2" />
              </svg>
              <span>
                <b>solid: waits for</b>. An init container or wait command holds the object&apos;s start until the target is ready (the label says how: <code>k8s-wait-for job</code>, <code>tcp 5432</code>…). Moving dashes: that wait is not satisfied now.
              </span>
            </li>
            <li className="flex items-center gap-2" data-testid="legend-edge" data-type="runs-after">
              <svg width="36" height="8" aria-hidden className="shrink-0 stroke-zinc-500">
                <line x1="0" y1="4" x2="36" y2="4" strokeWidth="2" strokeDasharray="6 4" />
              </svg>
              <span>
                <b>dashed: runs after</b>. An ordering a deploy tool applies (Flux <code>dependsOn</code>, Helm hooks, Argo CD sync waves): the tool holds it back, nothing inside it waits.
              </span>
            </li>
          </ul>
          <h3 className="mb-1 mt-3 font-semibold">Health</h3>
          <ul className="space-y-0.5">
            {(Object.keys(HEALTH_STYLE) as Health[]).map((h) => (
              <li key={h} className="flex items-center gap-2" data-testid="legend-health">
                <span aria-hidden className={`inline-block h-3 w-5 shrink-0 rounded-sm border-2 ${HEALTH_STYLE[h].border} ${HEALTH_STYLE[h].bg}`} />
                <span className={`inline-flex items-center gap-1 font-medium ${HEALTH_STYLE[h].cls}`}>
                  <HealthIcon health={h} />
                  {h}
                </span>
                <span className="text-zinc-600 dark:text-zinc-400">{HEALTH_MEANING[h]}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

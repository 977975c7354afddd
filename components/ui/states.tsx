import type { ReactNode } from "react";
import { ApiRequestError } from "@/lib/client/fetch";

/** A grey bar standing for text or a control that has not arrived yet; screen readers skip it. */
export function Bone({ className = "h-4 w-24" }: { className?: string }) {
  return <span aria-hidden className={`block animate-pulse rounded bg-zinc-200 motion-reduce:animate-none dark:bg-zinc-800 ${className}`} />;
}

/**
 * A loading state: the shape of the final layout in grey (`children`, a few lines by default),
 * so nothing moves when the data arrives; `aria-busy` on the region and "Loading {what}…" for
 * screen readers (and for tests that wait for it to go).
 */
export function Loading({ what, children, className }: { what: string; children?: ReactNode; className?: string }) {
  return (
    <div aria-busy="true" data-testid="skeleton" className={className}>
      <p role="status" className="sr-only">
        Loading {what}…
      </p>
      <div aria-hidden>{children ?? <LinesSkeleton />}</div>
    </div>
  );
}

/** Lines of text, each a row of the given height (Tailwind class), of varying widths. */
export function LinesSkeleton({ rows = 3, row = "h-7", widths = ["w-2/3", "w-1/2", "w-3/5", "w-2/5"] }: { rows?: number; row?: string; widths?: string[] }) {
  return (
    <div>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className={`flex items-center ${row}`}>
          <Bone className={`h-3.5 ${widths[i % widths.length]}`} />
        </div>
      ))}
    </div>
  );
}

/** A table of `rows` rows `row` high (matching the real rows), `columns` bars wide. */
export function TableSkeleton({ rows, columns, row = "h-9", header = true }: { rows: number; columns: string[]; row?: string; header?: boolean }) {
  const template = { gridTemplateColumns: columns.join(" ") };
  return (
    <div className="text-sm">
      {header && (
        <div className="grid items-center gap-3 border-b border-zinc-200 bg-zinc-50 px-4 py-2 dark:border-zinc-800 dark:bg-zinc-900/60" style={template}>
          {columns.map((_, i) => (
            <Bone key={i} className="h-4 w-16" />
          ))}
        </div>
      )}
      {Array.from({ length: rows }, (_, r) => (
        <div key={r} className={`grid items-center gap-3 border-b border-zinc-100 px-4 dark:border-zinc-800/70 ${row}`} style={template}>
          {columns.map((_, c) => (
            <Bone key={c} className={`h-3.5 ${c === 0 ? "w-3/4" : (r + c) % 3 === 0 ? "w-1/3" : "w-1/2"}`} />
          ))}
        </div>
      ))}
    </div>
  );
}

/** Label/value lines in grey, in the grid the real facts use; `labels` are the labels' widths. */
export function FactsSkeleton({ labels, className = "" }: { labels: string[]; className?: string }) {
  return (
    <div className={`grid grid-cols-[7.5rem_minmax(0,1fr)] gap-x-4 gap-y-1.5 sm:grid-cols-[10rem_minmax(0,1fr)] ${className}`}>
      {labels.map((w, i) => (
        <div key={i} className="contents">
          <div className="flex h-5 items-center">
            <Bone className={`h-3.5 ${w}`} />
          </div>
          <div className="flex h-5 items-center">
            <Bone className={`h-3.5 ${i % 2 ? "w-40" : "w-72"}`} />
          </div>
        </div>
      ))}
    </div>
  );
}

/**
 * An object's page in grey under its real heading (known from the URL): a header of `facts`
 * label/value lines, then `sections` of lines, each under a rule as the real sections are.
 */
export function PageSkeleton({ eyebrow, title, what, facts = 0, sections = [] }: { eyebrow: string; title: ReactNode; what: string; facts?: number; sections?: number[] }) {
  return (
    <>
      <header className="py-4">
        <p className="text-xs uppercase tracking-wide text-zinc-500">{eyebrow}</p>
        <h1 className="text-xl font-semibold">{title}</h1>
      </header>
      <Loading what={what}>
        {facts > 0 && <FactsSkeleton labels={Array<string>(facts).fill("w-20")} className="-mt-1 mb-4" />}
        {sections.map((rows, i) => (
          <div key={i} className="border-t border-zinc-200 py-4 dark:border-zinc-800">
            <Bone className="mb-2 h-6 w-32" />
            <LinesSkeleton rows={rows} />
          </div>
        ))}
      </Loading>
    </>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  const syncing = error instanceof ApiRequestError && error.status === 503;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p role={syncing ? "status" : "alert"} className={`mx-4 my-2 rounded px-3 py-2 text-sm ${syncing ? "bg-sky-50 text-sky-900 dark:bg-sky-950 dark:text-sky-200" : "bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200"}`}>
      {syncing ? "Rolecall is still loading the cluster state; this view fills in when it is ready." : message}
    </p>
  );
}

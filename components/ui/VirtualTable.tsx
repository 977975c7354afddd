"use client";
// A dense, sortable table that renders only the rows in view (fast at 10,000 rows).
// Rows are CSS-grid divs with table roles, so screen readers still get a table.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, type ReactNode } from "react";

export interface Column<T> {
  key: string;
  header: string;
  /** A CSS grid track, e.g. "minmax(8rem,1fr)" or "6rem". */
  width: string;
  sortable?: boolean;
  align?: "left" | "right" | "center";
  cell: (row: T) => ReactNode;
}

export interface SortState {
  key: string;
  dir: "asc" | "desc";
}

export function VirtualTable<T>({
  columns,
  rows,
  rowKey,
  sort,
  onSort,
  onRowClick,
  estimateRowHeight = 36,
  label,
  empty,
  minWidth = "56rem",
  rowCount = rows.length,
}: {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  sort?: SortState;
  onSort?: (key: string) => void;
  onRowClick?: (row: T) => void;
  estimateRowHeight?: number;
  label: string;
  empty?: ReactNode;
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth?: string;
  /** How many rows the table has when `rows` are only its first ones (the server's first screen). */
  rowCount?: number;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to be used this way
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateRowHeight,
    overscan: 12,
    getItemKey: (i) => rowKey(rows[i]),
    // Before the body is measured (on the server, and in the browser's first render, which must
    // match it) a screen's height of rows is drawn, so the HTML already shows the first ones.
    initialRect: { width: 0, height: 1080 },
  });
  const template = columns.map((c) => c.width).join(" ");
  const alignClass = (a: Column<T>["align"]) => (a === "right" ? "justify-end text-right" : a === "center" ? "justify-center text-center" : "");

  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-x-auto">
    <div role="table" aria-label={label} aria-rowcount={rowCount + 1} className="flex min-h-0 flex-1 flex-col text-sm" style={{ minWidth }}>
      <div role="rowgroup" className="shrink-0 border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900/60">
        <div role="row" aria-rowindex={1} className="grid items-center gap-3 px-4" style={{ gridTemplateColumns: template }}>
          {columns.map((c) => {
            const active = sort?.key === c.key;
            const ariaSort = active ? (sort?.dir === "asc" ? "ascending" : "descending") : undefined;
            return (
              <div key={c.key} role="columnheader" aria-sort={ariaSort} className={`flex py-2 text-xs font-medium uppercase tracking-wide text-zinc-500 ${alignClass(c.align)}`}>
                {c.sortable && onSort ? (
                  <button type="button" onClick={() => onSort(c.key)} className="inline-flex items-center gap-1 uppercase hover:text-zinc-900 dark:hover:text-zinc-100">
                    {c.header}
                    <span aria-hidden className={active ? "text-zinc-900 dark:text-zinc-100" : "text-transparent"}>
                      {sort?.dir === "desc" && active ? "▼" : "▲"}
                    </span>
                  </button>
                ) : (
                  c.header
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div ref={scrollRef} role="rowgroup" className="min-h-0 flex-1 overflow-auto" data-testid="table-body">
        {rows.length === 0 && empty}
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                data-index={item.index}
                ref={virtualizer.measureElement}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
                className={`absolute left-0 top-0 grid w-full items-center gap-3 border-b border-zinc-100 px-4 py-1.5 dark:border-zinc-800/70 ${
                  onRowClick ? "cursor-pointer hover:bg-sky-50 dark:hover:bg-sky-950/40" : ""
                }`}
                style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, minHeight: estimateRowHeight }}
              >
                {columns.map((c) => (
                  <div key={c.key} role="cell" className={`flex min-w-0 items-center ${alignClass(c.align)}`}>
                    {c.cell(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
    </div>
  );
}

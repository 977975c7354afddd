"use client";
// The "Permissions" section of a ServiceAccount page: resource × verb matrix per namespace
// or cluster-wide, each cell's provenance on click (or Enter) in a row right under the cell's.
// The matrix is an ARIA grid: one tab stop, arrow keys between cells; a filter box (`?resources=`)
// narrows the rows.
import { useSearchParams } from "next/navigation";
import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import type { PermissionCell as Cell, PermissionView } from "@/lib/api/wire";
import { replaceParamsInPlace } from "@/lib/client/url";
import { Bone, ErrorNote, Loading } from "@/components/ui/states";
import { download } from "@/lib/client/download";
import { CLUSTER_SCOPE as CLUSTER } from "@/lib/client/keys";
import { useShownPermissions } from "@/lib/client/queries";
import { linkClass } from "@/components/serviceaccounts/links";
import { filterView, moveInGrid, type GridPos } from "./matrixGrid";
import { Chain, ruleText } from "./Provenance";

const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"] as const;

function cellId(row: { apiGroup: string; resource: string }, verb: string) {
  return `${row.apiGroup}|${row.resource}|${verb}`;
}

function CellMark({ cell, groupOnly }: { cell: Cell | undefined; groupOnly: boolean }) {
  if (!cell) return <span className="text-zinc-300 dark:text-zinc-700" aria-label="not allowed">×</span>;
  if (cell.access === "named")
    return (
      <span className="text-amber-800 dark:text-amber-300" title={`only objects named ${cell.names?.join(", ")}`}>
        named{groupOnly && <sup title="through a group">G</sup>}
      </span>
    );
  return (
    <span className="font-semibold text-emerald-700 dark:text-emerald-400" aria-label="allowed">
      ✓{groupOnly && <sup title="only through a group the ServiceAccount is in">G</sup>}
    </span>
  );
}

/** The CSV of one view (`namespace=` empty: the cluster-wide one), as the permissions route serves it. */
function permissionsCsvUrl(namespace: string, name: string, view: string | null): string {
  const q = new URLSearchParams({ namespace: view ?? "", format: "csv" });
  return `/api/v1/serviceaccounts/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/permissions?${q}`;
}

function viaGroupOnly(view: PermissionView, cell: Cell | undefined): boolean {
  return !!cell && cell.grants.every((g) => view.rules[g].viaGroup);
}

/**
 * `lines`: how many lines the matrix of the shown scope has, when the server knows it at render
 * time; the skeleton takes that many rows, so the sections below stay where they are when the
 * permissions arrive.
 */
export function PermissionsSection({ namespace, name, lines }: { namespace: string; name: string; lines?: number }) {
  const { data, error, isPending, isPlaceholderData } = useShownPermissions(namespace, name);
  const params = useSearchParams();
  const scope = params.get("perm") || namespace; // as permissionScope reads it: an empty ?perm= is the namespace
  const selected = params.get("cell");
  // typed text shows at once; the URL follows, so a copied link reproduces the filter
  const [filter, setFilter] = useState(() => params.get("resources") ?? "");
  const onFilter = useCallback((q: string) => {
    setFilter(q);
    replaceParamsInPlace({ resources: q.trim() ? q : undefined });
  }, []);
  const view = useMemo(() => data?.views.find((v) => (scope === CLUSTER ? v.namespace === null : v.namespace === scope)), [data, scope]);

  if (error) return <ErrorNote error={error} />;
  if (isPending) return <PermissionsSkeleton lines={lines} />;
  const scopes = [{ id: CLUSTER, label: "cluster-wide" }, ...data.namespaces.map((n) => ({ id: n, label: n }))];

  return (
    <section id="permissions" aria-labelledby="permissions-title" className="border-t border-zinc-200 py-4 dark:border-zinc-800">
      <div className="mb-2 flex flex-wrap items-baseline gap-3">
        <h2 id="permissions-title" className="text-base font-semibold">
          Permissions
        </h2>
        <label className="text-sm">
          <span className="mr-1 text-zinc-500">in</span>
          <select
            value={scope}
            onChange={(e) => replaceParamsInPlace({ perm: e.target.value === namespace ? undefined : e.target.value, cell: undefined })}
            className="rounded border border-zinc-300 bg-transparent px-1 py-0.5 text-sm dark:border-zinc-700"
            data-testid="permission-scope"
          >
            {scopes.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        {view && (
          <span className="ml-auto flex gap-2">
            {/* The server writes the CSV (GET …/permissions?format=csv): the page needs no CSV code of its own. */}
            <a
              className="rounded border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700"
              href={permissionsCsvUrl(namespace, name, view.namespace)}
              download={`permissions-${namespace}-${name}-${view.namespace ?? "cluster"}.csv`}
            >
              Export CSV
            </a>
            <button type="button" className="rounded border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700" onClick={() => download(`permissions-${namespace}-${name}-${view.namespace ?? "cluster"}.json`, JSON.stringify(view, null, 2), "application/json")}>
              Export JSON
            </button>
          </span>
        )}
      </div>
      {view ? (
        <Matrix view={view} selected={selected} filter={filter} onFilter={onFilter} />
      ) : isPlaceholderData && data.views[0] ? (
        // another scope is asked for: the last one stays, dimmed, until it comes (nothing jumps)
        <div aria-busy="true" className="opacity-50" data-testid="matrix-previous">
          <Matrix view={data.views[0]} selected={null} filter={filter} onFilter={onFilter} />
        </div>
      ) : (
        <p className="text-sm text-zinc-500">No view for {scope}.</p>
      )}
    </section>
  );
}

function Legend() {
  return (
    <p id="permission-legend" className="mt-1 text-xs text-zinc-500">
      ✓ allowed · × not allowed · named: only the listed objects (resourceNames) · <sup>G</sup> only through a group · tinted: risky · greyed: a RoleBinding naming a cluster-scoped resource (no real request can use it) · arrow keys move between cells, Enter shows why, Escape closes it
    </p>
  );
}

/** Without a count from the server, a matrix of a few rows: the usual ServiceAccount's. */
const GUESSED_LINES = 8;

/** The Permissions section as it will be, in grey: heading, scope, filter, header and one row per line (29 px each, as drawn), legend. */
function PermissionsSkeleton({ lines = GUESSED_LINES }: { lines?: number }) {
  return (
    <section id="permissions" aria-labelledby="permissions-title" className="border-t border-zinc-200 py-4 dark:border-zinc-800">
      <div className="mb-2 flex flex-wrap items-baseline gap-3">
        <h2 id="permissions-title" className="text-base font-semibold">
          Permissions
        </h2>
        <Bone className="h-[26px] w-28 self-center" />
      </div>
      <Loading what="permissions">
        <div className="mb-2 flex items-center gap-3">
          <Bone className="h-[30px] w-64 max-w-full" />
          <Bone className="h-3 w-28" />
        </div>
        <div className="flex h-6 items-center gap-3 shadow-[0_1px_0_var(--color-zinc-200)] dark:shadow-[0_1px_0_var(--color-zinc-800)]">
          <Bone className="h-3 w-20" />
        </div>
        {Array.from({ length: Math.max(1, lines) }, (_, i) => (
          <div key={i} className="flex h-[29px] items-center gap-4 border-t border-zinc-100 dark:border-zinc-800/70">
            <Bone className={`h-3.5 ${i % 3 === 0 ? "w-40" : i % 3 === 1 ? "w-28" : "w-36"}`} />
          </div>
        ))}
      </Loading>
      <Legend />
      <Bone className="mt-3 h-5 w-32" />
    </section>
  );
}

/** One line of the matrix: a resource (group shown small) or a non-resource URL. */
interface Line {
  key: string;
  apiGroup: string;
  /** The resource, or the URL of a non-resource line. */
  name: string;
  url: boolean;
  ineffective: boolean;
  notServed: boolean;
  cells: Cell[];
}

function linesOf(rows: PermissionView["rows"], nonResource: PermissionView["nonResource"]): Line[] {
  return [
    ...rows.map((r): Line => ({ key: `${r.apiGroup}|${r.resource}`, apiGroup: r.apiGroup, name: r.resource, url: false, ineffective: r.ineffective, notServed: r.namespaced === undefined, cells: r.cells })),
    ...nonResource.map((n): Line => ({ key: `|${n.url}`, apiGroup: "", name: n.url, url: true, ineffective: false, notServed: false, cells: n.cells })),
  ];
}

const isMatrixVerb = (v: string) => (VERBS as readonly string[]).includes(v);

/** The verbs a line's keyboard stops stand for: its name, the eight columns, then each other verb (or the empty "other verbs" cell). */
function stopsOf(line: Line): (string | null)[] {
  const other = line.cells.filter((c) => !isMatrixVerb(c.verb)).map((c) => c.verb);
  return [null, ...VERBS, ...(other.length ? other : [null])];
}

/**
 * A matrix wider than its column scrolls sideways in a box of its own, where the header and the
 * resource column stick; one that fits scrolls with the page, whose scroller the header sticks to
 * (a box that scrolls sideways would also catch the vertical stickiness, so it is used only when needed).
 */
function useOverflowsSideways(box: RefObject<HTMLDivElement | null>, table: RefObject<HTMLTableElement | null>, shown: boolean): boolean {
  const [overflows, setOverflows] = useState(false);
  useLayoutEffect(() => {
    const b = box.current;
    const t = table.current;
    if (!b || !t) return;
    // the box's border width, not its client width: a vertical scrollbar must not flip the mode back
    const check = () => setOverflows(t.offsetWidth > Math.ceil(b.getBoundingClientRect().width) + 1);
    check();
    const ro = new ResizeObserver(check);
    ro.observe(b);
    ro.observe(t);
    return () => ro.disconnect();
  }, [box, table, shown]);
  return overflows;
}

function Matrix({ view, selected, filter, onFilter }: { view: PermissionView; selected: string | null; filter: string; onFilter: (q: string) => void }) {
  const sel = useMemo(() => {
    if (!selected) return undefined;
    const [g, res, verb] = selected.split("|");
    const row = view.rows.find((r) => r.apiGroup === g && r.resource === res);
    const cell = row?.cells.find((c) => c.verb === verb);
    if (row && cell) return { key: `${g}|${res}`, cell, label: `${verb} ${res}${g ? "." + g : ""}` };
    const nr = view.nonResource.find((n) => n.url === res && g === "");
    const ncell = nr?.cells.find((c) => c.verb === verb);
    return nr && ncell ? { key: `|${res}`, cell: ncell, label: `${verb} ${res}` } : undefined;
  }, [selected, view]);
  const shown = useMemo(() => filterView(view, filter), [view, filter]);
  const lines = useMemo(() => linesOf(shown.rows, shown.nonResource), [shown]);
  const stops = useMemo(() => lines.map(stopsOf), [lines]);

  // Roving tabindex: the grid is one tab stop, the cell last focused (else the open one, else the first).
  const [active, setActive] = useState<{ key: string; col: number } | null>(null);
  const activePos = useMemo((): GridPos => {
    const at = (key: string, col: number) => {
      const row = lines.findIndex((l) => l.key === key);
      return row >= 0 ? { row, col: Math.min(col, stops[row].length - 1) } : null;
    };
    if (active) {
      const p = at(active.key, active.col);
      if (p) return p;
    }
    if (sel && selected) {
      const verb = selected.slice(selected.lastIndexOf("|") + 1);
      const row = lines.findIndex((l) => l.key === sel.key);
      if (row >= 0) return { row, col: Math.max(0, stops[row].indexOf(verb)) };
    }
    return { row: 0, col: 0 };
  }, [active, lines, stops, sel, selected]);

  const gridRef = useRef<HTMLTableElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const detailRef = useRef<HTMLTableRowElement>(null);
  const overflows = useOverflowsSideways(boxRef, gridRef, lines.length > 0);

  const focusAt = useCallback((p: GridPos) => {
    const el = gridRef.current?.querySelector<HTMLElement>(`[data-nav="${p.row}:${p.col}"]`);
    if (!el) return;
    el.focus({ preventScroll: true });
    // nearest: the page moves only when the cell is out of sight (scroll-margin keeps it clear of the sticky header)
    el.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, []);

  // The why opens right under its row: bring all of it into view (a link with ?cell= lands on it too).
  useEffect(() => {
    detailRef.current?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [selected]);

  const isEmpty = view.rows.length === 0 && view.nonResource.length === 0;
  if (isEmpty)
    return (
      <div className="text-sm text-zinc-500">
        <p>Nothing is allowed {view.namespace ? `in ${view.namespace}` : "cluster-wide"}.</p>
        <Orphans view={view} />
      </div>
    );
  const pick = (id: string) => replaceParamsInPlace({ cell: id === selected ? undefined : id });

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const nav = (e.target as HTMLElement).dataset?.nav;
    if (e.key === "Escape" && sel) {
      // closes the why from its cell or from inside it, and gives the focus back to the cell
      e.preventDefault();
      const row = lines.findIndex((l) => l.key === sel.key);
      const col = row >= 0 ? stops[row].indexOf(selected!.slice(selected!.lastIndexOf("|") + 1)) : -1;
      replaceParamsInPlace({ cell: undefined });
      if (row >= 0 && col >= 0) focusAt({ row, col });
      return;
    }
    if (!nav) return; // focus is in the why (its links move with Tab)
    const [row, col] = nav.split(":").map(Number);
    const to = moveInGrid({ row, col }, e.key, e.ctrlKey || e.metaKey, stops.map((s) => s.length));
    if (!to) return;
    e.preventDefault();
    focusAt(to);
  };

  const total = view.rows.length;
  const urls = view.nonResource.length;
  const columns = VERBS.length + 2;
  // sticky cells need an opaque background: the page's own
  const stickyBg = "bg-white dark:bg-zinc-950";
  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center gap-x-3 gap-y-1">
        <input
          type="search"
          value={filter}
          onChange={(e) => onFilter(e.target.value)}
          placeholder="Filter by resource or API group"
          aria-label="Filter resources"
          aria-controls="permission-matrix"
          className="w-64 max-w-full rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
          data-testid="matrix-filter"
        />
        <span className="text-xs text-zinc-500" aria-live="polite" data-testid="matrix-count">
          {shown.rows.length} of {total} resources
          {urls > 0 && ` · ${shown.nonResource.length} of ${urls} non-resource URLs`}
        </span>
      </div>
      {lines.length === 0 ? (
        <p className="py-2 text-sm text-zinc-500" role="status" data-testid="matrix-empty">
          No resource matches “{filter.trim()}”.{" "}
          <button type="button" className={`${linkClass}`} onClick={() => onFilter("")}>
            Clear the filter
          </button>
        </p>
      ) : (
        <div ref={boxRef} className={overflows ? "max-h-[80dvh] overflow-auto" : undefined} data-testid="matrix-box" data-overflows={overflows ? "true" : "false"}>
          <table id="permission-matrix" ref={gridRef} role="grid" aria-labelledby="permissions-title" aria-describedby="permission-legend" className="w-full border-collapse text-sm" data-testid="permission-matrix" onKeyDown={onKeyDown}>
            <thead>
              <tr role="row" className="text-left text-xs uppercase tracking-wide text-zinc-500" data-testid="matrix-header">
                <th role="columnheader" scope="col" className={`sticky left-0 top-0 z-30 py-1 pr-3 font-medium shadow-[0_1px_0_var(--color-zinc-200)] dark:shadow-[0_1px_0_var(--color-zinc-800)] ${stickyBg}`}>
                  Resource
                </th>
                {VERBS.map((v) => (
                  <th key={v} role="columnheader" scope="col" className={`sticky top-0 z-20 px-1 py-1 text-center font-medium normal-case shadow-[0_1px_0_var(--color-zinc-200)] dark:shadow-[0_1px_0_var(--color-zinc-800)] ${stickyBg}`}>
                    {v}
                  </th>
                ))}
                <th role="columnheader" scope="col" className={`sticky top-0 z-20 px-1 py-1 font-medium normal-case shadow-[0_1px_0_var(--color-zinc-200)] dark:shadow-[0_1px_0_var(--color-zinc-800)] ${stickyBg}`}>
                  other verbs
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line, r) => (
                <Fragment key={line.key}>
                  <MatrixLine line={line} r={r} view={view} selected={selected} pick={pick} activeCol={activePos.row === r ? activePos.col : -1} onFocusCol={(col) => setActive({ key: line.key, col })} stickyBg={stickyBg} />
                  {sel && sel.key === line.key && (
                    <tr ref={detailRef} role="row" data-testid="provenance-row">
                      <td role="gridcell" colSpan={columns} className="pb-2">
                        <Why view={view} sel={sel} stickyBg={stickyBg} onClose={() => {
                          const col = stops[r].indexOf(selected!.slice(selected!.lastIndexOf("|") + 1));
                          replaceParamsInPlace({ cell: undefined });
                          if (col >= 0) focusAt({ row: r, col });
                        }} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Legend />
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">Raw rules ({view.rules.length})</summary>
        <ul className="mt-2 space-y-2">
          {view.rules.map((r, i) => (
            <li key={i} className={r.ineffective ? "opacity-60" : undefined}>
              <Chain binding={r.binding} role={r.role} rule={r.rule} subject={r.subject} matchedBy={r.matchedBy} policyRule={r.policyRule} />
            </li>
          ))}
        </ul>
        <Orphans view={view} />
      </details>
    </div>
  );
}

/** The "why" of the open cell, in a row right under the cell's own: binding → role → rule for every grant. */
function Why({ view, sel, stickyBg, onClose }: { view: PermissionView; sel: { cell: Cell; label: string }; stickyBg: string; onClose: () => void }) {
  return (
    // sticky left: in a matrix that scrolls sideways the answer stays under the resource column
    <div className={`sticky left-0 mt-1 max-w-3xl rounded border border-sky-300 p-3 shadow-sm dark:border-sky-800 ${stickyBg}`} data-testid="provenance" role="region" aria-label={`Why ${sel.label} is allowed`} id="permission-why">
      <div className="mb-2 flex items-baseline gap-2">
        <p className="text-sm font-medium">
          Why <code className="font-mono">{sel.label}</code> is allowed{sel.cell.names ? ` (only ${sel.cell.names.join(", ")})` : ""}:
        </p>
        <button type="button" onClick={onClose} className="ml-auto rounded px-1 text-xs text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800" aria-label="Close (Escape)">
          Close ✕
        </button>
      </div>
      <ul className="space-y-2">
        {sel.cell.grants.map((g) => {
          const r = view.rules[g];
          return (
            <li key={g}>
              <Chain binding={r.binding} role={r.role} rule={r.rule} subject={r.subject} matchedBy={r.matchedBy} policyRule={r.policyRule} />
              {r.ineffective && <p className="text-xs text-zinc-500">ineffective: the rule names cluster-scoped resources through a RoleBinding</p>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Orphans({ view }: { view: PermissionView }) {
  if (!view.orphans.length) return null;
  return (
    <ul className="mt-2 space-y-1 text-sm">
      {view.orphans.map((o, i) => (
        <li key={i} className="text-red-700 dark:text-red-400">
          {o.binding.kind} {o.binding.name} → {o.role.kind} {o.role.name} (missing: grants nothing)
        </li>
      ))}
    </ul>
  );
}

/** One row of the grid. Each keyboard stop carries `data-nav="row:col"`; only the active one is in the tab order. */
function MatrixLine({ line, r, view, selected, pick, activeCol, onFocusCol, stickyBg }: { line: Line; r: number; view: PermissionView; selected: string | null; pick: (id: string) => void; activeCol: number; onFocusCol: (col: number) => void; stickyBg: string }) {
  const by = new Map(line.cells.map((c) => [c.verb, c]));
  const other = line.cells.filter((c) => !isMatrixVerb(c.verb));
  const ref = { apiGroup: line.apiGroup, resource: line.name };
  const stop = (col: number) => ({ "data-nav": `${r}:${col}`, tabIndex: activeCol === col ? 0 : -1, onFocus: () => onFocusCol(col) });
  // focus rings drawn inside the cell: neighbours and the sticky header would hide an outer one
  const focusable = "scroll-mt-9 scroll-ml-40 focus-visible:outline-offset-[-2px]";
  const what = line.name;
  return (
    <tr role="row" className={`border-t border-zinc-100 dark:border-zinc-800/70 ${line.ineffective ? "opacity-50" : ""}`} title={line.ineffective ? "Ineffective: a RoleBinding cannot grant a cluster-scoped resource" : undefined} data-testid="matrix-row" data-resource={line.url ? undefined : line.name} data-group={line.url ? undefined : line.apiGroup} data-url={line.url ? line.name : undefined}>
      <th role="rowheader" scope="row" className={`sticky left-0 z-10 py-1 pr-3 text-left font-normal ${stickyBg} ${focusable}`} {...stop(0)}>
        {/* at most 40% of the screen: a sticky column wider than a narrow box would be pushed out of it */}
        <div className="max-w-[40vw] [overflow-wrap:anywhere]">
          {line.url ? (
            <>
              <span className="font-mono text-[13px]">{line.name}</span> <span className="text-xs text-zinc-500">non-resource URL</span>
            </>
          ) : (
            <>
              <span className="font-medium">{line.name}</span> <span className="text-xs text-zinc-500">{line.apiGroup || "core"}</span>
            </>
          )}
          {line.ineffective && <span className="ml-1 text-xs text-zinc-500">(ineffective)</span>}
          {line.notServed && <span className="ml-1 text-xs text-zinc-400" title="the cluster does not serve this resource">(not served)</span>}
        </div>
      </th>
      {VERBS.map((v, i) => {
        const c = by.get(v);
        const id = cellId(ref, v);
        const open = selected === id;
        const groupOnly = viaGroupOnly(view, c);
        return (
          <td key={v} role="gridcell" className={`px-1 text-center ${c?.risk ? "bg-red-50 dark:bg-red-950/40" : ""} ${open ? "ring-2 ring-inset ring-sky-500" : ""} ${c ? "" : focusable}`} data-verb={v} data-state={c ? c.access : "none"} {...(c ? {} : { ...stop(i + 1), "aria-label": `${v} ${what}: not allowed` })}>
            {c ? (
              <button type="button" onClick={() => pick(id)} className={`w-full rounded hover:bg-zinc-100 dark:hover:bg-zinc-800 ${focusable}`} aria-expanded={open} aria-controls={open ? "permission-why" : undefined} {...stop(i + 1)}>
                {/* Named by its words, not by the mark (a ✓ with a raised G would be read as "G"). */}
                <span aria-hidden>
                  <CellMark cell={c} groupOnly={groupOnly} />
                </span>
                <span className="sr-only">{`${v} ${what}: ${c.access === "named" ? "only named objects" : "allowed"}${groupOnly ? ", only through a group" : ""}${c.risk ? ", risky" : ""}; show why`}</span>
              </button>
            ) : (
              <CellMark cell={undefined} groupOnly={false} />
            )}
          </td>
        );
      })}
      <td role="gridcell" className={`px-1 text-xs ${other.length ? "" : focusable}`} {...(other.length ? {} : { ...stop(VERBS.length + 1), "aria-label": `no other verbs on ${what}` })}>
        {other.map((c, i) => {
          const id = cellId(ref, c.verb);
          const open = selected === id;
          return (
            <button key={c.verb} type="button" onClick={() => pick(id)} className={`mr-1 rounded px-1 font-mono ${c.risk ? "bg-red-100 dark:bg-red-950" : "bg-zinc-100 dark:bg-zinc-800"} ${open ? "ring-2 ring-sky-500" : ""} ${focusable}`} title={c.grants.map((g) => ruleText(view.rules[g].policyRule)).join("\n")} aria-expanded={open} aria-controls={open ? "permission-why" : undefined} {...stop(VERBS.length + 1 + i)}>
              {c.verb}
              {c.access === "named" ? " (named)" : ""}
            </button>
          );
        })}
      </td>
    </tr>
  );
}

// The permission matrix's filter and keyboard moves, apart from rendering so they are testable.
import type { PermissionRow, PermissionView } from "@/lib/api/wire";

/** Does a resource row match the filter box? Case-insensitive substring of the resource, its API group ("core" for the empty one) or `resource.group` as kubectl writes it. */
export function rowMatches(row: Pick<PermissionRow, "apiGroup" | "resource">, filter: string): boolean {
  const q = filter.trim().toLowerCase();
  if (!q) return true;
  const group = row.apiGroup || "core";
  return [row.resource, group, row.apiGroup ? `${row.resource}.${row.apiGroup}` : row.resource].some((s) => s.toLowerCase().includes(q));
}

/** The rows a filter keeps: resource rows by resource or group, non-resource URLs by URL. */
export function filterView(view: PermissionView, filter: string): { rows: PermissionView["rows"]; nonResource: PermissionView["nonResource"] } {
  const q = filter.trim().toLowerCase();
  if (!q) return { rows: view.rows, nonResource: view.nonResource };
  return { rows: view.rows.filter((r) => rowMatches(r, q)), nonResource: view.nonResource.filter((n) => n.url.toLowerCase().includes(q)) };
}

export interface GridPos {
  row: number;
  col: number;
}

/** Rows a PageUp / PageDown moves over. */
export const PAGE_ROWS = 10;

/**
 * Where a key moves the focus in a grid whose row i has `widths[i]` cells (rows differ: the
 * "other verbs" cell holds one stop per verb), as the ARIA grid pattern says: arrows by one cell,
 * Home/End to the row's ends, Ctrl+Home/End to the grid's, PageUp/Down by PAGE_ROWS rows. A move
 * up or down keeps the column where the row has it, else lands on the row's last cell.
 * null: the key is not a move (let it through).
 */
export function moveInGrid(pos: GridPos, key: string, ctrl: boolean, widths: readonly number[]): GridPos | null {
  const last = widths.length - 1;
  if (last < 0) return null;
  const inRow = (row: number, col: number): GridPos => {
    const r = Math.max(0, Math.min(last, row));
    return { row: r, col: Math.max(0, Math.min(widths[r] - 1, col)) };
  };
  switch (key) {
    case "ArrowRight":
      return inRow(pos.row, pos.col + 1);
    case "ArrowLeft":
      return inRow(pos.row, pos.col - 1);
    case "ArrowDown":
      return inRow(pos.row + 1, pos.col);
    case "ArrowUp":
      return inRow(pos.row - 1, pos.col);
    case "PageDown":
      return inRow(pos.row + PAGE_ROWS, pos.col);
    case "PageUp":
      return inRow(pos.row - PAGE_ROWS, pos.col);
    case "Home":
      return ctrl ? inRow(0, 0) : inRow(pos.row, 0);
    case "End":
      return ctrl ? inRow(last, widths[last] - 1) : inRow(pos.row, widths[pos.row] - 1);
    default:
      return null;
  }
}

// The ServiceAccount list's rows as the table shows them: filtered by "namespace/name" and
// sorted by a column. One function for the browser (over every row) and the server page (its
// first screen, in the HTML), so both show the same rows in the same order.
import type { ServiceAccountRow } from "@/lib/api/types";

const SEVERITY_ORDER = ["low", "medium", "high", "critical"];
const adminRank = (r: ServiceAccountRow) => (r.clusterAdmin?.certain ? 1000 - r.clusterAdmin.hops : 0);
const riskRank = (r: ServiceAccountRow) => (r.worstFinding ? SEVERITY_ORDER.indexOf(r.worstFinding) + 1 : 0);

const SORTERS: Record<string, (a: ServiceAccountRow, b: ServiceAccountRow) => number> = {
  namespace: (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  name: (a, b) => a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace),
  bindings: (a, b) => a.bindings - b.bindings || a.groupBindings - b.groupBindings,
  workloads: (a, b) => a.workloads - b.workloads,
  pods: (a, b) => a.pods - b.pods,
  automount: (a, b) => Number(a.automount ?? true) - Number(b.automount ?? true),
  // a path to cluster-admin ranks above any count; fewer steps is worse
  risk: (a, b) => adminRank(a) - adminRank(b) || riskRank(a) - riskRank(b) || a.findings - b.findings,
};

export interface RowsView {
  /** What the filter box holds: a part of "namespace/name". */
  filter: string;
  sort: string;
  dir: "asc" | "desc";
}

/** The view a URL asks for (`q`, `sort`, `dir`); an unknown sort column reads as the default, namespace. */
export function rowsViewOf(get: (key: string) => string | null | undefined): RowsView {
  const sort = get("sort") ?? "";
  return { filter: get("q") ?? "", sort: Object.hasOwn(SORTERS, sort) ? sort : "namespace", dir: get("dir") === "desc" ? "desc" : "asc" };
}

/** The rows matching the filter, in the view's order (a new array; `items` is left as it is). */
export function serviceAccountRows(items: readonly ServiceAccountRow[], view: RowsView): ServiceAccountRow[] {
  const f = view.filter.trim().toLowerCase();
  const rows = f ? items.filter((r) => `${r.namespace}/${r.name}`.includes(f)) : items.slice();
  const cmp = SORTERS[view.sort] ?? SORTERS.namespace;
  return rows.sort(view.dir === "asc" ? cmp : (a, b) => cmp(b, a));
}

"use client";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import type { ServiceAccountRow } from "@/lib/api/types";
import { rowsViewOf, serviceAccountRows, type RowsView } from "@/lib/client/serviceaccount-rows";
import { useServiceAccounts } from "@/lib/client/queries";
import { replaceParamsInPlace, useNamespace, withFrameParams } from "@/lib/client/url";
import { AutomountValue, FindingCounts } from "@/components/ui/badges";
import { ClusterAdminBadge } from "@/components/rbac/Escalation";
import { VirtualTable, type Column, type SortState } from "@/components/ui/VirtualTable";
import { ErrorNote, Loading, TableSkeleton } from "@/components/ui/states";

const saHref = (r: Pick<ServiceAccountRow, "namespace" | "name">) => `/serviceaccounts/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.name)}`;
/** The findings page showing exactly what the row's risk column counts (no namespace filter: it would drop cluster-wide grants). */
const findingsHref = (r: Pick<ServiceAccountRow, "namespace" | "name">, params: URLSearchParams) =>
  `/findings?serviceAccount=${encodeURIComponent(`${r.namespace}/${r.name}`)}${params.get("embed") ? `&embed=${encodeURIComponent(params.get("embed")!)}` : ""}`;

/** The rows the server put in the HTML, for the view it read from the URL, until the whole list has come. */
export interface FirstScreen {
  view: RowsView;
  /** "" for every namespace */
  namespace: string;
  rows: ServiceAccountRow[];
  /** how many rows match the view, and how many there are */
  matched: number;
  total: number;
}

export function ServiceAccountsView({ first }: { first?: FirstScreen }) {
  const router = useRouter();
  const params = useSearchParams();
  const namespace = useNamespace();
  const [filter, setFilter] = useState(() => params.get("q") ?? "");
  const urlView = rowsViewOf((k) => params.get(k));
  const sort: SortState = { key: urlView.sort, dir: urlView.dir };
  const { data, error, isPending } = useServiceAccounts(namespace);
  // the server's first screen, while it is still the answer to what the page shows
  const early =
    !data && first && first.namespace === (namespace ?? "") && first.view.filter === filter && first.view.sort === sort.key && first.view.dir === sort.dir ? first : undefined;

  const rows = useMemo(
    () => (data ? serviceAccountRows(data.items, { filter, sort: sort.key, dir: sort.dir }) : (early?.rows ?? [])),
    [data, early, filter, sort.key, sort.dir],
  );

  const columns: Column<ServiceAccountRow>[] = [
    { key: "namespace", header: "Namespace", width: "minmax(8rem,1fr)", sortable: true, cell: (r) => <span className="truncate text-zinc-600 dark:text-zinc-400">{r.namespace}</span> },
    {
      key: "name",
      header: "Name",
      width: "minmax(12rem,2fr)",
      sortable: true,
      cell: (r) => (
        <span className="flex min-w-0 items-center gap-2">
          {/* the name keeps its width; the marks beside it give way */}
          <Link href={withFrameParams(saHref(r), params)} onClick={(e) => e.stopPropagation()} className="max-w-full shrink-0 truncate font-medium text-sky-800 hover:underline dark:text-sky-300">
            {r.name}
          </Link>
          {!r.exists && (
            <span
              data-testid="no-such-object"
              title="No ServiceAccount object exists, but a binding, workload or pod names it: whoever creates it gets what the bindings grant"
              className="min-w-0 truncate rounded border border-amber-400 px-1 text-[11px] text-amber-800 dark:border-amber-600 dark:text-amber-300"
            >
              no such object
            </span>
          )}
          {r.clusterAdmin && (
            <Link href={`${withFrameParams(saHref(r), params)}#can-become`} onClick={(e) => e.stopPropagation()} className="min-w-0 truncate">
              <ClusterAdminBadge reach={r.clusterAdmin} />
            </Link>
          )}
          {r.implied && (
            <span title="Not in the manifests: Kubernetes creates a namespace's default ServiceAccount with the namespace" className="min-w-0 truncate text-[11px] text-zinc-500">
              created with the namespace
            </span>
          )}
        </span>
      ),
    },
    {
      key: "bindings",
      header: "Bindings",
      width: "9rem",
      sortable: true,
      align: "right",
      cell: (r) => (
        <span title={`${r.bindings} naming it directly, ${r.groupBindings} through its groups`}>
          {r.bindings}
          {r.groupBindings > 0 && <span className="ml-1 text-xs text-zinc-400">+{r.groupBindings} via groups</span>}
        </span>
      ),
    },
    { key: "workloads", header: "Workloads", width: "6rem", sortable: true, align: "right", cell: (r) => r.workloads || <span className="text-zinc-400">0</span> },
    { key: "pods", header: "Pods", width: "5rem", sortable: true, align: "right", cell: (r) => r.pods || <span className="text-zinc-400">0</span> },
    { key: "automount", header: "Token automount", width: "9rem", sortable: true, cell: (r) => <AutomountValue value={r.automount} /> },
    {
      key: "risk",
      header: "Risk",
      width: "13rem",
      sortable: true,
      cell: (r) =>
        r.findingsBySeverity && r.findings > 0 ? (
          <Link href={findingsHref(r, params)} onClick={(e) => e.stopPropagation()} title={`${r.findings} finding${r.findings === 1 ? "" : "s"} on grants that reach it: open them`}>
            <FindingCounts counts={r.findingsBySeverity} />
          </Link>
        ) : (
          <span className="text-xs text-zinc-400">none</span>
        ),
    },
  ];

  return (
    <div className="flex h-full flex-col">
      <div className="flex shrink-0 items-center gap-4 px-4 py-3">
        <h1 className="text-lg font-semibold">Service accounts</h1>
        <input
          type="search"
          aria-label="Filter service accounts"
          placeholder="Filter by namespace/name"
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value);
            replaceParamsInPlace({ q: e.target.value || undefined });
          }}
          className="w-64 rounded border border-zinc-300 bg-white px-2.5 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <span className="text-xs text-zinc-500" data-testid="row-count">
          {data ? `${rows.length} of ${data.items.length}` : early ? `${early.matched} of ${early.total}` : ""}
          {namespace ? ` in ${namespace}` : ""}
        </span>
      </div>
      {error && <ErrorNote error={error} />}
      {isPending && !error && !early ? (
        <Loading what="service accounts" className="min-h-0 flex-1 overflow-hidden">
          <TableSkeleton rows={16} columns={columns.map((c) => c.width)} />
        </Loading>
      ) : (
        <VirtualTable
          label="Service accounts"
          columns={columns}
          rows={rows}
          rowCount={data ? rows.length : early?.matched}
          rowKey={(r) => `${r.namespace}/${r.name}`}
          sort={sort}
          onSort={(key) => replaceParamsInPlace({ sort: key, dir: sort.key === key && sort.dir === "asc" ? "desc" : "asc" })}
          onRowClick={(r) => router.push(withFrameParams(saHref(r), params))}
          empty={<p className="px-4 py-6 text-sm text-zinc-500">No service account matches.</p>}
        />
      )}
    </div>
  );
}

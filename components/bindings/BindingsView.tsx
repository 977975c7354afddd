"use client";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import type { BindingRow, SubjectView } from "@/lib/api/types";
import { useBindings } from "@/lib/client/queries";
import { replaceParamsInPlace, useNamespace, withFrameParams } from "@/lib/client/url";
import { linkClass, roleHref, serviceAccountHref } from "@/components/serviceaccounts/links";
import { BuiltInBadge } from "@/components/ui/badges";
import { ErrorNote, Loading, TableSkeleton } from "@/components/ui/states";
import { VirtualTable, type Column, type SortState } from "@/components/ui/VirtualTable";

const roleId = (r: BindingRow["role"]) => `${r.kind}/${r.namespace ? `${r.namespace}/` : ""}${r.name}`;

const SORTERS: Record<string, (a: BindingRow, b: BindingRow) => number> = {
  kind: (a, b) => a.kind.localeCompare(b.kind) || (a.namespace ?? "").localeCompare(b.namespace ?? "") || a.name.localeCompare(b.name),
  namespace: (a, b) => (a.namespace ?? "").localeCompare(b.namespace ?? "") || a.name.localeCompare(b.name),
  name: (a, b) => a.name.localeCompare(b.name),
  role: (a, b) => a.role.name.localeCompare(b.role.name),
  subjects: (a, b) => a.subjects.length - b.subjects.length,
};

const MAX_SUBJECTS = 6;

export function Subject({ s, params }: { s: SubjectView; params: URLSearchParams }) {
  const base = "inline-flex items-baseline gap-1 rounded px-1.5 py-0.5 text-xs";
  if (s.kind === "ServiceAccount" && s.namespace) {
    return (
      <Link
        href={withFrameParams(serviceAccountHref(s.namespace, s.name), params)}
        className={`${base} ${s.missing ? "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-300" : "bg-sky-50 text-sky-900 hover:underline dark:bg-sky-950 dark:text-sky-200"}`}
        title={s.missing ? "No such ServiceAccount exists" : undefined}
      >
        <span className="opacity-80">SA</span> {s.namespace}/{s.name}
        {s.missing && <span>(no such SA)</span>}
      </Link>
    );
  }
  return (
    <span className={`${base} bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200`}>
      <span className="opacity-80">{s.kind}</span> {s.name}
    </span>
  );
}

export function BindingsView() {
  const params = useSearchParams();
  const namespace = useNamespace();
  const role = params.get("role") ?? "";
  const [filter, setFilter] = useState(() => params.get("q") ?? "");
  const [orphansOnly, setOrphansOnly] = useState(() => params.get("orphans") === "1");
  const [hideBuiltIn, setHideBuiltIn] = useState(() => params.get("builtin") === "hide");
  const sort: SortState = {
    key: SORTERS[params.get("sort") ?? ""] ? params.get("sort")! : "kind",
    dir: params.get("dir") === "desc" ? "desc" : "asc",
  };
  const { data, error, isPending } = useBindings(namespace);

  const rows = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const out = (data?.items ?? []).filter((b) => {
      if (orphansOnly && !b.orphan) return false;
      if (hideBuiltIn && b.builtIn) return false;
      if (role && roleId(b.role) !== role) return false;
      if (!f) return true;
      return (
        `${b.namespace ?? ""}/${b.name}`.includes(f) ||
        b.role.name.toLowerCase().includes(f) ||
        b.subjects.some((s) => `${s.namespace ?? ""}/${s.name}`.toLowerCase().includes(f))
      );
    });
    const cmp = SORTERS[sort.key];
    out.sort(sort.dir === "asc" ? cmp : (a, b) => cmp(b, a));
    return out;
  }, [data, filter, orphansOnly, hideBuiltIn, role, sort.key, sort.dir]);

  const orphanCount = useMemo(() => (data?.items ?? []).filter((b) => b.orphan).length, [data]);
  const builtInCount = useMemo(() => (data?.items ?? []).filter((b) => b.builtIn).length, [data]);

  const columns: Column<BindingRow>[] = [
    { key: "kind", header: "Kind", width: "9.5rem", sortable: true, cell: (b) => <span className="text-zinc-600 dark:text-zinc-400">{b.kind}</span> },
    { key: "namespace", header: "Namespace", width: "minmax(7rem,0.8fr)", sortable: true, cell: (b) => <span className="truncate text-zinc-600 dark:text-zinc-400">{b.namespace ?? "—"}</span> },
    {
      key: "name",
      header: "Name",
      width: "minmax(10rem,1.3fr)",
      sortable: true,
      cell: (b) => (
        <span className="flex min-w-0 flex-wrap items-baseline gap-x-2">
          <span className="wrap-break-word font-medium">{b.name}</span>
          <BuiltInBadge builtIn={b.builtIn} />
          {b.orphan && (
            <span className="rounded bg-red-100 px-1 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-300" title={b.orphanReason} data-testid="orphan">
              orphan{b.role.missing ? "" : `: ${b.orphanReason}`}
            </span>
          )}
        </span>
      ),
    },
    {
      key: "role",
      header: "Role",
      width: "minmax(10rem,1.2fr)",
      sortable: true,
      cell: (b) => (
        b.role.missing ? (
          <span className="wrap-break-word font-medium text-red-700 dark:text-red-400" title="This role does not exist">
            <span className="text-zinc-500">{b.role.kind}</span> {b.role.name} (missing)
          </span>
        ) : (
          <span className="wrap-break-word">
            <Link href={withFrameParams(roleHref(b.role), params)} className={linkClass}>
              {b.role.kind} {b.role.name}
            </Link>{" "}
            <BuiltInBadge builtIn={b.role.builtIn} />
          </span>
        )
      ),
    },
    {
      key: "subjects",
      header: "Subjects",
      width: "minmax(14rem,2.5fr)",
      sortable: true,
      cell: (b) => (
        <span className="flex flex-wrap gap-1 py-0.5">
          {b.subjects.length === 0 && <span className="text-xs text-zinc-400">none</span>}
          {b.subjects.slice(0, MAX_SUBJECTS).map((s, i) => (
            <Subject key={i} s={s} params={params} />
          ))}
          {b.subjects.length > MAX_SUBJECTS && <span className="text-xs text-zinc-500">+{b.subjects.length - MAX_SUBJECTS} more</span>}
        </span>
      ),
    },
  ];

  return (
    <div className="flex h-full flex-col">
      <div className="flex shrink-0 flex-wrap items-center gap-4 px-4 py-3">
        <h1 className="text-lg font-semibold">Bindings</h1>
        <input
          type="search"
          aria-label="Filter bindings"
          placeholder="Filter by name, role or subject"
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value);
            replaceParamsInPlace({ q: e.target.value || undefined });
          }}
          className="w-64 rounded border border-zinc-300 bg-white px-2.5 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <label className="flex items-center gap-1.5 text-sm">
          <input
            type="checkbox"
            checked={orphansOnly}
            onChange={(e) => {
              setOrphansOnly(e.target.checked);
              replaceParamsInPlace({ orphans: e.target.checked ? "1" : undefined });
            }}
          />
          Orphans only <span className="text-xs text-zinc-500">({orphanCount})</span>
        </label>
        {builtInCount > 0 && (
          <label className="flex items-center gap-1.5 text-sm" title="The bootstrap policy's bindings, which every Kubernetes cluster has">
            <input
              type="checkbox"
              checked={hideBuiltIn}
              data-testid="hide-built-in"
              onChange={(e) => {
                setHideBuiltIn(e.target.checked);
                replaceParamsInPlace({ builtin: e.target.checked ? "hide" : undefined });
              }}
            />
            Hide built-in <span className="text-xs text-zinc-500">({builtInCount})</span>
          </label>
        )}
        {role && (
          <span className="flex items-center gap-1 rounded bg-sky-50 px-2 py-0.5 text-xs text-sky-900 dark:bg-sky-950 dark:text-sky-200">
            role {role}
            <Link href={withFrameParams("/bindings", params)} aria-label="Clear role filter" className="ml-1 font-bold">
              ×
            </Link>
          </span>
        )}
        <span className="text-xs text-zinc-500" data-testid="row-count">
          {data ? `${rows.length} of ${data.items.length}` : ""}
          {namespace ? ` (RoleBindings in ${namespace} and all ClusterRoleBindings)` : ""}
        </span>
      </div>
      {error && <ErrorNote error={error} />}
      {isPending && !error ? (
        <Loading what="bindings" className="min-h-0 flex-1 overflow-hidden">
          <TableSkeleton rows={16} columns={columns.map((c) => c.width)} />
        </Loading>
      ) : (
        <VirtualTable
          label="Bindings"
          columns={columns}
          rows={rows}
          rowKey={(b) => `${b.kind}/${b.namespace ?? ""}/${b.name}`}
          sort={sort}
          onSort={(key) => replaceParamsInPlace({ sort: key, dir: sort.key === key && sort.dir === "asc" ? "desc" : "asc" })}
          estimateRowHeight={40}
          empty={<p className="px-4 py-6 text-sm text-zinc-500">No binding matches.</p>}
        />
      )}
    </div>
  );
}

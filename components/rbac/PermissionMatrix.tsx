"use client";
// The "Permissions" section of a ServiceAccount page: resource × verb matrix per namespace
// or cluster-wide, each cell's provenance on click.
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import type { PermissionCell as Cell, PermissionRow as Row, PermissionView } from "@/lib/api/wire";
import { replaceParamsInPlace } from "@/lib/client/url";
import { ErrorNote, Loading } from "@/components/ui/states";
import { download } from "@/lib/client/download";
import { usePermissions } from "@/lib/client/queries";
import { Chain, ruleText } from "./Provenance";

const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"] as const;
const CLUSTER = "_cluster";

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

export function PermissionsSection({ namespace, name }: { namespace: string; name: string }) {
  const { data, error, isPending } = usePermissions(namespace, name);
  const params = useSearchParams();
  const scope = params.get("perm") ?? namespace;
  const selected = params.get("cell");
  const view = useMemo(() => data?.views.find((v) => (scope === CLUSTER ? v.namespace === null : v.namespace === scope)), [data, scope]);

  if (error) return <ErrorNote error={error} />;
  if (isPending) return <Loading what="permissions" />;
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
      {view ? <Matrix view={view} selected={selected} /> : <p className="text-sm text-zinc-500">No view for {scope}.</p>}
    </section>
  );
}

function Matrix({ view, selected }: { view: PermissionView; selected: string | null }) {
  const sel = useMemo(() => {
    if (!selected) return undefined;
    const [g, res, verb] = selected.split("|");
    const row = view.rows.find((r) => r.apiGroup === g && r.resource === res);
    const cell = row?.cells.find((c) => c.verb === verb);
    if (row && cell) return { row, cell, label: `${verb} ${res}${g ? "." + g : ""}` };
    const nr = view.nonResource.find((n) => n.url === res && g === "");
    const ncell = nr?.cells.find((c) => c.verb === verb);
    return nr && ncell ? { row: undefined, cell: ncell, label: `${verb} ${res}` } : undefined;
  }, [selected, view]);

  if (view.rows.length === 0 && view.nonResource.length === 0)
    return (
      <div className="text-sm text-zinc-500">
        <p>Nothing is allowed {view.namespace ? `in ${view.namespace}` : "cluster-wide"}.</p>
        <Orphans view={view} />
      </div>
    );
  const pick = (id: string) => replaceParamsInPlace({ cell: id === selected ? undefined : id });
  return (
    <div>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-sm" data-testid="permission-matrix">
          <thead>
            <tr className="text-left text-xs uppercase tracking-wide text-zinc-500">
              <th className="py-1 pr-3 font-medium">Resource</th>
              {VERBS.map((v) => (
                <th key={v} className="px-1 py-1 text-center font-medium normal-case">
                  {v}
                </th>
              ))}
              <th className="px-1 py-1 font-medium normal-case">other verbs</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <MatrixRow key={`${row.apiGroup}/${row.resource}`} row={row} view={view} selected={selected} pick={pick} />
            ))}
            {view.nonResource.map((n) => (
              <tr key={n.url} className="border-t border-zinc-100 dark:border-zinc-800/70">
                <td className="py-1 pr-3 font-mono text-[13px]">
                  {n.url} <span className="font-sans text-xs text-zinc-500">non-resource URL</span>
                </td>
                {VERBS.map((v) => {
                  const c = n.cells.find((x) => x.verb === v);
                  return (
                    <td key={v} className="px-1 text-center">
                      {c ? (
                        <button type="button" onClick={() => pick(cellId({ apiGroup: "", resource: n.url }, v))} className="w-full rounded hover:bg-zinc-100 dark:hover:bg-zinc-800">
                          <CellMark cell={c} groupOnly={viaGroupOnly(view, c)} />
                        </button>
                      ) : (
                        <CellMark cell={undefined} groupOnly={false} />
                      )}
                    </td>
                  );
                })}
                <td className="px-1 text-xs">
                  {n.cells
                    .filter((c) => !(VERBS as readonly string[]).includes(c.verb))
                    .map((c) => (
                      <button key={c.verb} type="button" onClick={() => pick(cellId({ apiGroup: "", resource: n.url }, c.verb))} className="mr-1 rounded bg-zinc-100 px-1 font-mono dark:bg-zinc-800">
                        {c.verb}
                      </button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-1 text-xs text-zinc-500">
        ✓ allowed · × not allowed · named: only the listed objects (resourceNames) · <sup>G</sup> only through a group · tinted: risky · greyed: a RoleBinding naming a cluster-scoped resource (no real request can use it)
      </p>
      {sel && (
        <div className="mt-3 rounded border border-zinc-200 p-3 dark:border-zinc-800" data-testid="provenance" role="region" aria-label="Why this is allowed">
          <p className="mb-2 text-sm font-medium">
            Why <code className="font-mono">{sel.label}</code> is allowed{sel.cell.names ? ` (only ${sel.cell.names.join(", ")})` : ""}:
          </p>
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
      )}
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

function MatrixRow({ row, view, selected, pick }: { row: Row; view: PermissionView; selected: string | null; pick: (id: string) => void }) {
  const by = new Map(row.cells.map((c) => [c.verb, c]));
  const other = row.cells.filter((c) => !(VERBS as readonly string[]).includes(c.verb));
  return (
    <tr className={`border-t border-zinc-100 dark:border-zinc-800/70 ${row.ineffective ? "opacity-50" : ""}`} title={row.ineffective ? "Ineffective: a RoleBinding cannot grant a cluster-scoped resource" : undefined} data-testid="matrix-row" data-resource={row.resource} data-group={row.apiGroup}>
      <td className="py-1 pr-3">
        <span className="font-medium">{row.resource}</span> <span className="text-xs text-zinc-500">{row.apiGroup || "core"}</span>
        {row.ineffective && <span className="ml-1 text-xs text-zinc-500">(ineffective)</span>}
        {row.namespaced === undefined && <span className="ml-1 text-xs text-zinc-400" title="the cluster does not serve this resource">(not served)</span>}
      </td>
      {VERBS.map((v) => {
        const c = by.get(v);
        const id = cellId(row, v);
        return (
          <td key={v} className={`px-1 text-center ${c?.risk ? "bg-red-50 dark:bg-red-950/40" : ""} ${selected === id ? "ring-2 ring-sky-500" : ""}`} data-verb={v} data-state={c ? c.access : "none"}>
            {c ? (
              <button type="button" onClick={() => pick(id)} className="w-full rounded hover:bg-zinc-100 dark:hover:bg-zinc-800" aria-label={`${v} ${row.resource}: ${c.access === "named" ? "only named objects" : "allowed"}${c.risk ? ", risky" : ""}; show why`}>
                <CellMark cell={c} groupOnly={viaGroupOnly(view, c)} />
              </button>
            ) : (
              <CellMark cell={undefined} groupOnly={false} />
            )}
          </td>
        );
      })}
      <td className="px-1 text-xs">
        {other.map((c) => (
          <button key={c.verb} type="button" onClick={() => pick(cellId(row, c.verb))} className={`mr-1 rounded px-1 font-mono ${c.risk ? "bg-red-100 dark:bg-red-950" : "bg-zinc-100 dark:bg-zinc-800"}`} title={c.grants.map((g) => ruleText(view.rules[g].policyRule)).join("\n")}>
            {c.verb}
            {c.access === "named" ? " (named)" : ""}
          </button>
        ))}
      </td>
    </tr>
  );
}

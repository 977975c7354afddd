"use client";
// Findings: risky grants, worst first, with why and a narrower Role to copy.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import type { Finding } from "@/lib/api/wire";
import { replaceParamsInPlace } from "@/lib/client/url";
import { FINDINGS_PAGE, findingsViewOf } from "@/lib/client/findings-view";
import { CopyButton } from "@/components/ui/CopyButton";
import { Bone, ErrorNote, Loading } from "@/components/ui/states";
import { toQuery, useFindings, useServiceAccount } from "@/lib/client/queries";
import { Chain, SubjectLabel, ruleText } from "./Provenance";
import { PathChain } from "./Escalation";

const SEV = ["critical", "high", "medium", "low"] as const;
const SEV_STYLE: Record<string, string> = {
  critical: "bg-red-700 text-white",
  high: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  medium: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  low: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
};

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`inline-block rounded px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide ${SEV_STYLE[severity] ?? ""}`}>{severity}</span>;
}

function FindingItem({ f }: { f: Finding }) {
  return (
    <li className="border-t border-zinc-100 py-3 first:border-t-0 dark:border-zinc-800/70" data-testid="finding" data-risk={f.risk} data-severity={f.severity}>
      <div className="flex flex-wrap items-baseline gap-2">
        <SeverityBadge severity={f.severity} />
        <span className="font-medium">{f.title}</span>
        <span className="text-sm">
          · <SubjectLabel s={f.subject} />
        </span>
        <span className="ml-auto text-xs text-zinc-500">{f.scope === "cluster" ? "cluster-wide" : `in ${f.binding.namespace}`}{f.system ? " · built-in" : ""}</span>
      </div>
      {f.role && !f.path && (
        <div className="mt-1">
          <Chain binding={f.binding} role={f.role} rule={f.rule} subject={f.subject} policyRule={f.policyRule} />
        </div>
      )}
      {f.path ? (
        <div className="mt-1" data-testid="finding-path">
          <PathChain path={f.path} />
        </div>
      ) : (
        <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{f.why}</p>
      )}
      <p className="mt-0.5 text-sm">
        <span className="font-medium">Fix:</span> {f.fix}
      </p>
      {f.suggestedRole && (
        <details className="mt-1 text-sm">
          <summary className="cursor-pointer text-sky-800 dark:text-sky-300">Suggested narrower Role</summary>
          <div className="mt-1 flex items-start gap-2">
            <pre tabIndex={0} role="region" aria-label="Suggested narrower Role (YAML)" className="overflow-x-auto rounded bg-zinc-50 p-2 font-mono text-[12px] dark:bg-zinc-900">{f.suggestedRole}</pre>
            <CopyButton text={f.suggestedRole} label="Copy YAML" />
          </div>
          {f.policyRule && <p className="mt-1 text-xs text-zinc-500">instead of {ruleText(f.policyRule)}</p>}
        </details>
      )}
    </li>
  );
}

export function FindingsList({ items }: { items: Finding[] }) {
  if (!items.length) return <p className="text-sm text-zinc-500">No findings.</p>;
  return (
    <ul>
      {items.map((f) => (
        <FindingItem key={f.id} f={f} />
      ))}
    </ul>
  );
}

/** Findings in grey, each as tall as a usual one (severity and title, the grant, why, fix). */
export function FindingsSkeleton({ count }: { count: number }) {
  if (count === 0)
    return (
      <div className="flex h-5 items-center">
        <Bone className="h-3.5 w-24" />
      </div>
    );
  return (
    <div>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="h-[7.25rem] space-y-2.5 border-t border-zinc-100 py-3 first:border-t-0 dark:border-zinc-800/70">
          <div className="flex items-center gap-2">
            <Bone className="h-5 w-16" />
            <Bone className={`h-4 ${i % 2 ? "w-72" : "w-96"}`} />
          </div>
          <Bone className="h-3.5 w-1/2" />
          <Bone className="h-3.5 w-3/4" />
          <Bone className="h-3.5 w-2/3" />
        </div>
      ))}
    </div>
  );
}

/** The findings page: filters in the URL (severity, frame namespace, serviceAccount=ns/name, system=show). */
export function FindingsView() {
  const params = useSearchParams();
  const { severity, showSystem, serviceAccount, namespace, query } = findingsViewOf((k) => params.get(k));
  // A page of findings at a time: a thousand of them made megabytes and seconds before the first
  // showed. "Show more" asks for a longer first part (the list stays while it comes).
  const [shown, setShown] = useState({ for: "", limit: FINDINGS_PAGE });
  const filters = toQuery(query);
  const limit = shown.for === filters ? shown.limit : FINDINGS_PAGE;
  const { data, error, isPending, isFetching } = useFindings({ ...query, limit: String(limit) });
  const toggle = (s: string) => {
    const next = severity.includes(s) ? severity.filter((x) => x !== s) : [...severity, s];
    replaceParamsInPlace({ severity: next.join(",") || undefined });
  };
  return (
    <div className="mx-auto max-w-5xl px-6 py-4">
      <h1 className="text-xl font-semibold">Findings</h1>
      <p className="text-sm text-zinc-500">Risky permissions: who holds them, through which binding, role and rule, and how to narrow them.{namespace ? ` Namespace ${namespace}.` : ""}</p>
      <div className="my-3 flex flex-wrap items-center gap-3 text-sm">
        <fieldset className="flex items-center gap-2">
          <legend className="sr-only">Severity</legend>
          {SEV.map((s) => (
            <label key={s} className="flex items-center gap-1">
              <input type="checkbox" checked={severity.includes(s)} onChange={() => toggle(s)} /> {s}
            </label>
          ))}
        </fieldset>
        <label className="flex items-center gap-1" title="Bindings the API server creates in every cluster (labelled kubernetes.io/bootstrapping: rbac-defaults), such as system:controller:*. Your own bindings to built-in roles (cluster-admin, edit, …) are always shown.">
          <input type="checkbox" checked={!showSystem} onChange={() => replaceParamsInPlace({ system: showSystem ? undefined : "show" })} data-testid="hide-system" /> hide the bootstrap policy&apos;s own bindings
          {data && !showSystem ? (
            <span className="text-xs text-zinc-500" data-testid="hidden-count">
              ({data.hidden} hidden)
            </span>
          ) : null}
        </label>
        {serviceAccount && (
          <span className="flex items-center gap-1 rounded border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700" data-testid="sa-filter">
            reaching ServiceAccount {serviceAccount}
            <button type="button" aria-label="Show findings of every subject" className="text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100" onClick={() => replaceParamsInPlace({ serviceAccount: undefined })}>
              ×
            </button>
          </span>
        )}
        <span className="ml-auto flex gap-2">
          <a className="rounded border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700" href={`/api/v1/findings?${toQuery({ ...query, format: "csv" })}`} download>
            Export CSV
          </a>
          <a className="rounded border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700" href={`/api/v1/findings?${toQuery({ ...query, limit: "100000" })}`} download="rolecall-findings.json">
            Export JSON
          </a>
        </span>
      </div>
      {error ? (
        <ErrorNote error={error} />
      ) : isPending ? (
        <Loading what="findings">
          <div className="mb-2 flex h-4 items-center">
            <Bone className="h-3 w-24" />
          </div>
          <FindingsSkeleton count={6} />
        </Loading>
      ) : (
        <>
          <p className="mb-2 text-xs text-zinc-500" data-testid="findings-count" data-matched={data.matched}>
            {data.matched} shown of {data.total}
            {data.items.length < data.matched ? ` (first ${data.items.length})` : ""}
          </p>
          <FindingsList items={data.items} />
          {data.items.length < data.matched && (
            <button
              type="button"
              data-testid="findings-more"
              disabled={isFetching}
              onClick={() => setShown({ for: filters, limit: data.items.length + FINDINGS_PAGE })}
              className="mt-2 rounded border border-zinc-300 px-3 py-1 text-sm text-sky-800 hover:bg-zinc-50 disabled:opacity-60 dark:border-zinc-700 dark:text-sky-300 dark:hover:bg-zinc-900"
            >
              {isFetching ? "Loading…" : `Show ${Math.min(FINDINGS_PAGE, data.matched - data.items.length)} more (${data.matched - data.items.length} not shown)`}
            </button>
          )}
        </>
      )}
    </div>
  );
}

/** The "Findings" section of a ServiceAccount page: what its badge in the list counts. */
export function ServiceAccountFindingsSection({ namespace, name }: { namespace: string; name: string }) {
  const sa = `${namespace}/${name}`;
  const { data, error } = useFindings({ serviceAccount: sa });
  // the page's own answer counts them (bootstrap ones included): a skeleton of about that many
  const { data: detail } = useServiceAccount(namespace, name);
  return (
    <section id="findings" aria-labelledby="findings-title" className="border-t border-zinc-200 py-4 dark:border-zinc-800">
      <div className="mb-2 flex items-baseline gap-3">
        <h2 id="findings-title" className="text-base font-semibold">
          Findings
        </h2>
        <Link href={`/findings?${toQuery({ serviceAccount: sa })}`} className="text-xs text-sky-800 hover:underline dark:text-sky-300">
          on the findings page
        </Link>
      </div>
      {error ? (
        <ErrorNote error={error} />
      ) : data ? (
        <FindingsList items={data.items} />
      ) : (
        <Loading what="findings">
          <FindingsSkeleton count={Math.min(detail?.findings ?? 1, 4)} />
        </Loading>
      )}
      <p className="mt-1 text-xs text-zinc-500">
        Grants naming this ServiceAccount or its user name, and grants to its groups (every ServiceAccount in the group holds those).
        {data?.hidden ? (
          <>
            {" "}
            {data.hidden} more on the bootstrap policy&apos;s own bindings:{" "}
            <Link href={`/findings?${toQuery({ serviceAccount: sa, system: "show" })}`} className="text-sky-800 hover:underline dark:text-sky-300">
              show them
            </Link>
            .
          </>
        ) : null}
      </p>
    </section>
  );
}

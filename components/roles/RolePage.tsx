"use client";
// A Role's or ClusterRole's page: header, rules, aggregation, who is bound to it, findings, history.
// Every section reads the same query, so the page updates in place on a change event.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import type { RoleDetailResponse } from "@/lib/api/wire";
import type { PolicyRule } from "@/lib/store/types";
import { ApiRequestError } from "@/lib/client/fetch";
import { useRole } from "@/lib/client/queries";
import { withFrameParams } from "@/lib/client/url";
import { BuiltInBadge } from "@/components/ui/badges";
import { ErrorNote, PageSkeleton } from "@/components/ui/states";
import { NotFound } from "@/components/ui/NotFound";
import { Subject } from "@/components/bindings/BindingsView";
import { FindingsList } from "@/components/rbac/FindingsView";
import { RoleHistorySection } from "@/components/history/HistoryView";
import { Section } from "@/components/serviceaccounts/ServiceAccountPage";
import { bindingHref, linkClass, roleBindingsHref, roleHref } from "@/components/serviceaccounts/links";

export type RoleKey = { kind: "Role" | "ClusterRole"; namespace: string; name: string };

const useDetail = (k: RoleKey) => useRole(k.kind, k.namespace, k.name);
const title = (k: RoleKey) => (k.kind === "Role" ? `Role ${k.namespace}/${k.name}` : `ClusterRole ${k.name}`);

export function RoleView(k: RoleKey) {
  const { data, error, isPending } = useDetail(k);
  if (error) {
    // Deleted while open, or opened before the source synced (the server answers 404 itself otherwise).
    if (error instanceof ApiRequestError && error.status === 404) return <NotFound />;
    return <ErrorNote error={error} />;
  }
  if (isPending)
    return (
      <PageSkeleton
        eyebrow={k.kind}
        title={
          <>
            {k.name} {k.kind === "Role" && <span className="text-base font-normal text-zinc-500">in {k.namespace}</span>}
          </>
        }
        what={title(k)}
        sections={[4, 2, 3]}
      />
    );
  return (
    <>
      <Header d={data} />
      <RulesSection d={data} />
      <AggregationSection d={data} />
      <BoundToSection d={data} />
      <FindingsSection d={data} />
      <RoleHistorySection kind={k.kind} namespace={k.namespace} name={k.name} />
    </>
  );
}

function Header({ d }: { d: RoleDetailResponse }) {
  return (
    <header className="py-4">
      <p className="text-xs uppercase tracking-wide text-zinc-500">{d.kind}</p>
      <h1 className="flex flex-wrap items-center gap-x-3 text-xl font-semibold">
        <span>
          {d.name} {d.namespace && <span className="text-base font-normal text-zinc-500">in {d.namespace}</span>}
        </span>
        <BuiltInBadge builtIn={d.builtIn} />
      </h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        {d.kind === "Role" ? `Grants its rules in ${d.namespace} to whoever a RoleBinding there names.` : "Grants its rules cluster-wide through a ClusterRoleBinding, or in one namespace through a RoleBinding."}{" "}
        {(d.aggregatedRules ?? d.rules).length} rule{(d.aggregatedRules ?? d.rules).length === 1 ? "" : "s"} · {d.bindings.length} binding{d.bindings.length === 1 ? "" : "s"} · {d.findings.length} finding{d.findings.length === 1 ? "" : "s"}
      </p>
      {d.labels && (
        <p className="mt-1 flex flex-wrap gap-1">
          {Object.entries(d.labels).map(([k, v]) => (
            <code key={k} className="rounded bg-zinc-100 px-1 font-mono text-[11px] text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
              {k}={v}
            </code>
          ))}
        </p>
      )}
    </header>
  );
}

const list = (xs: string[] | undefined, empty = "") => (xs?.length ? xs.map((x) => (x === "" ? '"" (core)' : x)).join(", ") : empty);

function RulesTable({ rules }: { rules: PolicyRule[] }) {
  const names = rules.some((r) => r.resourceNames?.length);
  const urls = rules.some((r) => r.nonResourceURLs?.length);
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm" data-testid="role-rules">
        <thead>
          <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800">
            <th scope="col" className="py-1 pr-3 font-medium">
              #
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Verbs
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              API groups
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Resources
            </th>
            {names && (
              <th scope="col" className="py-1 pr-3 font-medium">
                Only the objects named
              </th>
            )}
            {urls && (
              <th scope="col" className="py-1 pr-3 font-medium">
                Non-resource URLs
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rules.map((r, i) => (
            <tr key={i} className="border-b border-zinc-100 align-top dark:border-zinc-800/70" data-testid="role-rule">
              <td className="py-1 pr-3 text-zinc-500">{i}</td>
              <td className="min-w-36 py-1 pr-3 font-mono text-[13px]" data-col="verbs">
                {list(r.verbs)}
              </td>
              <td className="py-1 pr-3 font-mono text-[13px]" data-col="apiGroups">
                {list(r.apiGroups, r.nonResourceURLs?.length ? "—" : "")}
              </td>
              <td className="py-1 pr-3 font-mono text-[13px]" data-col="resources">
                {list(r.resources, "—")}
              </td>
              {names && (
                <td className="py-1 pr-3 font-mono text-[13px]" data-col="resourceNames">
                  {list(r.resourceNames, "any")}
                </td>
              )}
              {urls && (
                <td className="py-1 pr-3 font-mono text-[13px]" data-col="nonResourceURLs">
                  {list(r.nonResourceURLs, "—")}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RulesSection({ d }: { d: RoleDetailResponse }) {
  const rules = d.aggregatedRules ?? d.rules;
  return (
    <Section id="rules" title="Rules" aside={<span className="text-xs text-zinc-500">numbered as &quot;rule #n&quot; on the other pages</span>}>
      {d.aggregatedRules && (
        <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">
          As the aggregation controller fills them in from the ClusterRoles it picks (below); the object itself writes {d.rules.length} rule{d.rules.length === 1 ? "" : "s"}.
        </p>
      )}
      {rules.length === 0 ? <p className="text-sm text-zinc-500">No rules: this role grants nothing.</p> : <RulesTable rules={rules} />}
    </Section>
  );
}

function selectorText(s: NonNullable<RoleDetailResponse["aggregation"]>["selectors"][number]): string {
  const parts = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of s.matchExpressions ?? []) parts.push(`${e.key} ${e.operator}${e.values?.length ? ` (${e.values.join(", ")})` : ""}`);
  return parts.length ? parts.join(", ") : "every ClusterRole";
}

function RoleNames({ items, testId }: { items: { name: string; builtIn?: "cluster" | "assumed" }[]; testId: string }) {
  const params = useSearchParams();
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" data-testid={testId}>
      {items.map((r) => (
        <li key={r.name} className="flex items-baseline gap-1">
          <Link href={withFrameParams(roleHref({ kind: "ClusterRole", name: r.name }), params)} className={linkClass}>
            {r.name}
          </Link>
          <BuiltInBadge builtIn={r.builtIn} />
        </li>
      ))}
    </ul>
  );
}

function AggregationSection({ d }: { d: RoleDetailResponse }) {
  if (d.kind !== "ClusterRole" || (!d.aggregation && !d.aggregatedInto)) return null;
  return (
    <Section id="aggregation" title="Aggregation">
      {d.aggregation && (
        <div className="mb-3">
          <p className="text-sm">
            Its rules are those of every ClusterRole labelled{" "}
            {d.aggregation.selectors.map((s, i) => (
              <span key={i}>
                {i > 0 && " or "}
                <code className="font-mono text-[13px]">{selectorText(s)}</code>
              </span>
            ))}
            : {d.aggregation.aggregates.length} today.
          </p>
          {d.aggregation.aggregates.length > 0 && (
            <div className="mt-1">
              <RoleNames items={d.aggregation.aggregates} testId="aggregates" />
            </div>
          )}
        </div>
      )}
      {d.aggregatedInto && (
        <div>
          <p className="text-sm">Its rules are added to {d.aggregatedInto.length === 1 ? "this aggregated ClusterRole" : "these aggregated ClusterRoles"}:</p>
          <div className="mt-1">
            <RoleNames items={d.aggregatedInto} testId="aggregated-into" />
          </div>
        </div>
      )}
    </Section>
  );
}

function BoundToSection({ d }: { d: RoleDetailResponse }) {
  const params = useSearchParams();
  return (
    <Section
      id="bound-to"
      title="Bound to"
      aside={
        <Link href={withFrameParams(roleBindingsHref(d), params)} className={`text-xs ${linkClass}`}>
          on the bindings page
        </Link>
      }
    >
      {d.bindings.length === 0 ? (
        <p className="text-sm text-zinc-500">No binding names this role: it grants nothing to anyone.</p>
      ) : (
        <ul>
          {d.bindings.map((b) => (
            <li
              key={`${b.kind}/${b.namespace ?? ""}/${b.name}`}
              className="flex flex-wrap items-baseline gap-x-2 gap-y-1 border-t border-zinc-100 py-1.5 text-sm first:border-t-0 dark:border-zinc-800/70"
              data-testid="role-binding"
            >
              <span>
                <span className="text-zinc-500">{b.kind}</span>{" "}
                <Link href={bindingHref(b)} className={`font-medium ${linkClass}`}>
                  {b.name}
                </Link>
                {b.namespace && <span className="text-xs text-zinc-500"> ({b.namespace})</span>}
              </span>
              <BuiltInBadge builtIn={b.builtIn} />
              <span aria-hidden className="text-zinc-400">
                →
              </span>
              <span className="flex flex-wrap gap-1">
                {b.subjects.length === 0 && <span className="text-xs text-zinc-500">no subjects</span>}
                {b.subjects.map((s, i) => (
                  <Subject key={i} s={s} params={params} />
                ))}
              </span>
              <span className="ml-auto text-xs text-zinc-500">{b.kind === "RoleBinding" ? `in ${b.namespace} only` : "cluster-wide"}</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function FindingsSection({ d }: { d: RoleDetailResponse }) {
  return (
    <Section id="findings" title="Findings" aside={<span className="text-xs text-zinc-500">risky grants that come through this role</span>}>
      <FindingsList items={d.findings} />
    </Section>
  );
}

"use client";
// The sections of a ServiceAccount's page. Each reads the same query (React Query shares
// it), so the page updates in place when the event stream reports a change.
import Link from "next/link";
import type { SaBindingView, ServiceAccountDetail } from "@/lib/api/types";
import { ApiRequestError } from "@/lib/client/fetch";
import { useServiceAccount } from "@/lib/client/queries";
import { AutomountValue, BuiltInBadge, FindingCounts, HealthBadge, TokenBadge } from "@/components/ui/badges";
import { CopyButton } from "@/components/ui/CopyButton";
import { ErrorNote, FactsSkeleton, LinesSkeleton, Loading } from "@/components/ui/states";
import { NotFound } from "@/components/ui/NotFound";
import { ClusterAdminBadge } from "@/components/rbac/Escalation";
import { chainHref } from "@/components/chains/ChainList";
import { HealthWord } from "@/components/chains/health";
import { blastRadiusHref, bindingHref, linkClass, roleHref } from "./links";

function useDetail(namespace: string, name: string) {
  return useServiceAccount(namespace, name);
}

export function Section({ id, title, children, aside }: { id: string; title: string; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="border-t border-zinc-200 py-4 dark:border-zinc-800">
      <div className="mb-2 flex items-baseline gap-3">
        <h2 id={`${id}-title`} className="text-base font-semibold">
          {title}
        </h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

/**
 * The page's sections, or only the not-found message once the API says no such ServiceAccount
 * exists and nothing names it (the server answers 404 itself when it knows at render time;
 * this covers one that disappears while open, or a page opened before the source synced).
 */
export function ServiceAccountSections({ namespace, name, children }: { namespace: string; name: string; children: React.ReactNode }) {
  const { error } = useDetail(namespace, name);
  if (error instanceof ApiRequestError && error.status === 404) return <NotFound />;
  return <div className="mx-auto max-w-5xl px-6 pb-10">{children}</div>;
}

export function ServiceAccountHeader({ namespace, name }: { namespace: string; name: string }) {
  const { data, error, isPending } = useDetail(namespace, name);
  if (error) return <ErrorNote error={error} />;
  if (isPending) return <HeaderSkeleton namespace={namespace} name={name} />;
  return <HeaderBody d={data} />;
}

/** The header in grey (only before the server has the cluster's state: it renders the header itself once synced). */
function HeaderSkeleton({ namespace, name }: { namespace: string; name: string }) {
  return (
    <header className="py-4">
      <p className="text-xs uppercase tracking-wide text-zinc-500">ServiceAccount</p>
      <h1 className="text-xl font-semibold">
        {name} <span className="text-base font-normal text-zinc-500">in {namespace}</span>
      </h1>
      <Loading what={`${namespace}/${name}`} className="mt-3">
        <FactsSkeleton labels={["w-20", "w-24", "w-28", "w-16", "w-32"]} />
      </Loading>
    </header>
  );
}

/** A section of the page in grey, under its real title, while the ServiceAccount loads. */
function SectionSkeleton({ id, title, rows }: { id: string; title: string; rows: number }) {
  return (
    <Section id={id} title={title}>
      <Loading what={title.toLowerCase()}>
        <LinesSkeleton rows={rows} row="h-8" />
      </Loading>
    </Section>
  );
}

function HeaderBody({ d }: { d: ServiceAccountDetail }) {
  return (
    <header className="py-4">
      <p className="text-xs uppercase tracking-wide text-zinc-500">ServiceAccount</p>
      <h1 className="flex flex-wrap items-center gap-x-3 text-xl font-semibold">
        <span>
          {d.name} <span className="text-base font-normal text-zinc-500">in {d.namespace}</span>
        </span>
        {d.clusterAdmin && (
          <a href="#can-become" className="text-base">
            <ClusterAdminBadge reach={d.clusterAdmin} />
          </a>
        )}
      </h1>
      {!d.exists && (
        <p role="note" data-testid="no-such-object" className="mt-1 text-sm text-amber-800 dark:text-amber-300">
          No such object: no ServiceAccount {d.namespace}/{d.name} exists, but bindings, workloads or pods name it. What the bindings grant applies to whoever creates it.
        </p>
      )}
      {d.implied && (
        <p role="note" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Not in the manifests: Kubernetes creates a namespace&apos;s default ServiceAccount with the namespace.
        </p>
      )}
      <dl className="mt-3 grid grid-cols-[7.5rem_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm wrap-anywhere sm:grid-cols-[10rem_minmax(0,1fr)]">
        <dt className="text-zinc-500">User name</dt>
        <dd className="flex items-center gap-2">
          <code className="font-mono text-[13px]" data-testid="user-name">
            {d.userName}
          </code>
          <CopyButton text={d.userName} label="Copy" />
        </dd>
        <dt className="text-zinc-500">Groups</dt>
        <dd className="font-mono text-[13px]">{d.groups.join(", ")}</dd>
        <dt className="text-zinc-500">Token automount</dt>
        <dd>
          <AutomountValue value={d.automount} />
          <span className="ml-2 text-xs text-zinc-500">(a pod&apos;s own setting overrides this)</span>
        </dd>
        <dt className="text-zinc-500">Findings</dt>
        <dd>
          {d.findingsBySeverity && d.findings > 0 ? (
            <a href="#findings" className="inline-flex items-center gap-2 hover:underline">
              <FindingCounts counts={d.findingsBySeverity} />
              <span className="text-xs text-zinc-500">
                {d.findings} finding{d.findings === 1 ? "" : "s"} on grants that reach it
              </span>
            </a>
          ) : (
            <span className="text-zinc-400">none on grants that reach it</span>
          )}
        </dd>
        <dt className="text-zinc-500">Image pull secrets</dt>
        <dd>{d.imagePullSecrets.length ? d.imagePullSecrets.map((s) => <code key={s} className="mr-2 font-mono text-[13px]">{s}</code>) : <span className="text-zinc-400">none</span>}</dd>
        {d.createdAt && (
          <>
            <dt className="text-zinc-500">Created</dt>
            <dd>
              <time dateTime={d.createdAt}>{d.createdAt.replace("T", " ").replace("Z", " UTC")}</time>
            </dd>
          </>
        )}
      </dl>
    </header>
  );
}

export function RunsAsSection({ namespace, name }: { namespace: string; name: string }) {
  const { data: d, isPending } = useDetail(namespace, name);
  if (isPending) return <SectionSkeleton id="runs-as" title="Runs as this" rows={2} />;
  if (!d) return null;
  // A workload in a startup chain opens it (the chain's page explains what it waits on).
  const inChain = new Set((d.chains ?? []).flatMap((c) => c.workloads.map((w) => `${w.kind}/${w.name}`)));
  return (
    <Section id="runs-as" title="Runs as this" aside={<span className="text-xs text-zinc-500">{d.workloads.length} workloads · {d.pods.length} pods</span>}>
      {d.workloads.length === 0 && d.pods.length === 0 ? (
        <p className="text-sm text-zinc-500">Nothing runs as this ServiceAccount.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs uppercase tracking-wide text-zinc-500">
                <th className="py-1 font-medium">Kind</th>
                <th className="py-1 font-medium">Name</th>
                <th className="py-1 font-medium">Status</th>
                <th className="py-1 font-medium">Token</th>
                <th className="py-1 font-medium">
                  <span className="sr-only">Blast radius</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.workloads.map((w) => (
                <tr key={`w/${w.kind}/${w.name}`} className="border-t border-zinc-100 dark:border-zinc-800/70">
                  <td className="py-1.5 pr-3 text-zinc-600 dark:text-zinc-400">{w.kind}</td>
                  <td className="py-1.5 pr-3 font-medium">
                    {inChain.has(`${w.kind}/${w.name}`) ? (
                      <Link href={chainHref({ namespace: d.namespace, kind: w.kind, name: w.name })} className={linkClass} title="Open its startup chain">
                        {w.name}
                      </Link>
                    ) : (
                      w.name
                    )}
                  </td>
                  <td className="py-1.5 pr-3">
                    <HealthBadge health={w.health} status={w.status} />
                  </td>
                  <td className="py-1.5">
                    <TokenBadge token={w.token} />
                  </td>
                  <td className="py-1.5 text-right">
                    <Link href={blastRadiusHref(d.namespace, w.kind, w.name)} className="text-xs text-sky-800 hover:underline dark:text-sky-300">
                      blast radius
                    </Link>
                  </td>
                </tr>
              ))}
              {d.pods.map((p) => (
                <tr key={`p/${p.name}`} className="border-t border-zinc-100 dark:border-zinc-800/70">
                  <td className="py-1.5 pr-3 text-zinc-600 dark:text-zinc-400">Pod</td>
                  <td className="py-1.5 pr-3">
                    {p.name}
                    {p.owner && <span className="ml-2 text-xs text-zinc-500">of {p.owner.kind}/{p.owner.name}</span>}
                  </td>
                  <td className="py-1.5 pr-3">
                    <HealthBadge health={p.health} status={p.status} />
                  </td>
                  <td className="py-1.5">
                    <TokenBadge token={p.token} />
                  </td>
                  <td className="py-1.5 text-right">
                    <Link href={blastRadiusHref(d.namespace, "Pod", p.name)} className="text-xs text-sky-800 hover:underline dark:text-sky-300">
                      blast radius
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

/** The startup chains its workloads are in, with the chain's health (as the chains page shows it). */
export function ChainsSection({ namespace, name }: { namespace: string; name: string }) {
  const { data: d } = useDetail(namespace, name);
  if (!d?.chains) return null;
  const chains = d.chains;
  return (
    <Section id="chains" title="Startup chains" aside={<span className="text-xs text-zinc-500">{chains.length} chain{chains.length === 1 ? "" : "s"}</span>}>
      {chains.length === 0 ? (
        <p className="text-sm text-zinc-500">None of its workloads is in a startup chain: they wait on nothing, and nothing waits on them.</p>
      ) : (
        <ul>
          {chains.map((c) => {
            const [first, ...rest] = c.workloads;
            return (
              <li key={c.id} data-testid="sa-chain" data-chain={c.id} className="flex flex-wrap items-baseline gap-x-2 border-t border-zinc-100 py-1.5 text-sm first:border-t-0 dark:border-zinc-800/70">
                <HealthWord health={c.health} />
                <Link href={chainHref(first)} className={`font-medium ${linkClass}`}>
                  Chain of {first.kind}/{first.name}
                </Link>
                <span className="text-xs text-zinc-500">
                  {c.objects} object{c.objects === 1 ? "" : "s"}
                  {rest.length > 0 && ` · also ${rest.map((w) => `${w.kind}/${w.name}`).join(", ")}`}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

const MATCHED: Record<SaBindingView["matchedBy"]["type"], string> = {
  ServiceAccount: "as ServiceAccount",
  User: "by user name",
  Group: "through group",
};

function BindingLine({ b }: { b: SaBindingView }) {
  return (
    <li className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5 border-t border-zinc-100 py-1.5 text-sm first:border-t-0 dark:border-zinc-800/70" data-testid="sa-binding">
      <span>
        <span className="text-zinc-500">{b.binding.kind}</span>{" "}
        <Link href={bindingHref(b.binding)} className={`font-medium ${linkClass}`}>
          {b.binding.name}
        </Link>
        {b.binding.namespace && <span className="text-xs text-zinc-500"> ({b.binding.namespace})</span>}
      </span>
      <BuiltInBadge builtIn={b.builtIn} />
      <span aria-hidden className="text-zinc-400">
        →
      </span>
      <span className="sr-only">grants</span>
      {b.role.missing ? (
        <span className="font-medium text-red-700 dark:text-red-400" title="This role does not exist: the binding grants nothing.">
          {b.role.kind} {b.role.name} <span className="text-xs font-normal">(missing)</span>
        </span>
      ) : (
        <span>
          <span className="text-zinc-500">{b.role.kind}</span>{" "}
          <Link href={roleHref(b.role)} className={`font-medium ${linkClass}`}>
            {b.role.name}
          </Link>
          {b.role.ruleCount !== undefined && (
            <span className="text-xs text-zinc-500">
              {" "}
              · {b.role.ruleCount} rule{b.role.ruleCount === 1 ? "" : "s"}
            </span>
          )}
        </span>
      )}
      {!b.role.missing && <BuiltInBadge builtIn={b.role.builtIn} />}
      <span className="ml-auto text-xs text-zinc-500">
        {MATCHED[b.matchedBy.type]} {b.matchedBy.type === "Group" ? b.matchedBy.group : ""}
        {b.binding.kind === "RoleBinding" ? ` · in ${b.binding.namespace} only` : " · cluster-wide"}
      </span>
    </li>
  );
}

const GROUP_NOTE: Record<string, (ns: string) => string> = {
  "system:serviceaccounts": () => "every ServiceAccount in the cluster",
  "system:authenticated": () => "every authenticated user and ServiceAccount",
};

export function BindingsSection({ namespace, name }: { namespace: string; name: string }) {
  const { data: d, isPending } = useDetail(namespace, name);
  if (isPending) return <SectionSkeleton id="bindings" title="Bindings" rows={3} />;
  if (!d) return null;
  const inherited = d.bindings.groups.reduce((n, g) => n + g.bindings.length, 0);
  return (
    <Section id="bindings" title="Bindings" aside={<span className="text-xs text-zinc-500">{d.bindings.direct.length} direct · {inherited} through groups</span>}>
      {d.bindings.direct.length === 0 ? (
        <p className="text-sm text-zinc-500">No binding names this ServiceAccount directly.</p>
      ) : (
        <ul>
          {d.bindings.direct.map((b) => (
            <BindingLine key={`${b.binding.kind}/${b.binding.namespace ?? ""}/${b.binding.name}`} b={b} />
          ))}
        </ul>
      )}
      <div className="mt-3 space-y-1.5">
        {d.bindings.groups.map((g) => (
          <details key={g.group} className="rounded border border-zinc-200 px-3 py-1.5 dark:border-zinc-800">
            <summary className="cursor-pointer text-sm">
              Inherited through group <code className="font-mono text-[13px]">{g.group}</code>{" "}
              <span className="text-xs text-zinc-500">
                ({g.bindings.length} binding{g.bindings.length === 1 ? "" : "s"} · {(GROUP_NOTE[g.group] ?? ((ns: string) => `every ServiceAccount in ${ns}`))(d.namespace)})
              </span>
            </summary>
            {g.bindings.length === 0 ? (
              <p className="py-1.5 text-sm text-zinc-500">None.</p>
            ) : (
              <ul className="mt-1">
                {g.bindings.map((b) => (
                  <BindingLine key={`${b.binding.kind}/${b.binding.namespace ?? ""}/${b.binding.name}`} b={b} />
                ))}
              </ul>
            )}
          </details>
        ))}
      </div>
    </Section>
  );
}

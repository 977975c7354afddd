"use client";
// The front page: where Rolecall reads from, how big and how risky the world is, how its
// chains are doing, and the few things to look at first, each one click from its page.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import type { ReactNode } from "react";
import type { Health, OverviewResponse } from "@/lib/api/wire";
import { useOverview, useStatus } from "@/lib/client/queries";
import { useNamespace, withFrameParams } from "@/lib/client/url";
import { Bone, ErrorNote, LinesSkeleton, Loading } from "@/components/ui/states";
import { SeverityBadge } from "@/components/rbac/FindingsView";
import { SubjectLabel } from "@/components/rbac/Provenance";
import { HealthIcon, HealthWord } from "@/components/chains/health";
import { chainHref } from "@/components/chains/ChainList";
import { HistoryFeed } from "@/components/history/HistoryView";

const SEVERITIES = ["critical", "high", "medium", "low"] as const;
const HEALTHS: Health[] = ["Blocked", "Degraded", "Missing", "Progressing", "Suspended", "Unknown", "Healthy"];
const MODE: Record<string, string> = { cluster: "cluster (kubeconfig)", "in-cluster": "cluster (in-cluster ServiceAccount)", manifests: "manifests folder", examples: "bundled examples" };
const LINK = "text-sky-800 underline dark:text-sky-300";

function Card({ title, href, children, testId }: { title: string; href: string; children: ReactNode; testId: string }) {
  return (
    <section aria-label={title} data-testid={testId} className="rounded border border-zinc-200 p-3 dark:border-zinc-800">
      <h2 className="text-sm font-semibold">
        <Link href={href} className={LINK}>
          {title}
        </Link>
      </h2>
      <div className="mt-1">{children}</div>
    </section>
  );
}

function Counts({ o, frame }: { o: OverviewResponse; frame: (href: string) => string }) {
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <Card title="Service accounts" href={frame("/serviceaccounts")} testId="overview-serviceaccounts">
        <p className="text-2xl font-semibold tabular-nums" data-testid="overview-count">
          {o.serviceAccounts}
        </p>
      </Card>
      <Card title="Bindings" href={frame("/bindings")} testId="overview-bindings">
        <p className="text-2xl font-semibold tabular-nums" data-testid="overview-count">
          {o.bindings}
        </p>
      </Card>
      <Card title="Findings" href={frame("/findings")} testId="overview-findings">
        <ul className="flex flex-wrap gap-x-3 gap-y-1 text-sm">
          {SEVERITIES.map((s) => (
            <li key={s} data-testid="overview-severity" data-severity={s} data-count={o.findings[s]}>
              <Link href={frame(`/findings?severity=${s}`)} className="inline-flex items-baseline gap-1 hover:underline">
                <span className="text-lg font-semibold tabular-nums">{o.findings[s]}</span> {s}
              </Link>
            </li>
          ))}
        </ul>
        {o.findings.hiddenBuiltIn > 0 && <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{o.findings.hiddenBuiltIn} of the bootstrap policy&rsquo;s own not counted</p>}
      </Card>
      <Card title="Chains" href={frame("/chains")} testId="overview-chains">
        <p className="text-sm">
          <span className="text-lg font-semibold tabular-nums" data-testid="overview-count">
            {o.chains.total}
          </span>{" "}
          in all
        </p>
        <ul className="mt-1 flex flex-wrap gap-x-3 text-sm">
          {HEALTHS.filter((h) => o.chains.health[h]).map((h) => (
            <li key={h} data-testid="overview-health" data-health={h} data-count={o.chains.health[h]}>
              <HealthIcon health={h} /> {o.chains.health[h]} {h}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

/** The four count cards and the two short lists, in grey. */
function OverviewSkeleton() {
  return (
    <>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-[6.5rem] rounded border border-zinc-200 p-3 dark:border-zinc-800">
            <Bone className="h-4 w-28" />
            <Bone className="mt-3 h-7 w-16" />
          </div>
        ))}
      </div>
      {[0, 1].map((i) => (
        <div key={i} className="mt-6">
          <Bone className="h-6 w-44" />
          <LinesSkeleton rows={5} row="h-9" />
        </div>
      ))}
    </>
  );
}

function WorstFindings({ o, frame }: { o: OverviewResponse; frame: (href: string) => string }) {
  const total = SEVERITIES.reduce((n, s) => n + o.findings[s], 0);
  return (
    <section aria-labelledby="worst-findings" className="mt-6">
      <h2 id="worst-findings" className="text-base font-semibold">
        Worst findings
      </h2>
      {!o.worstFindings.length ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No findings.</p>
      ) : (
        <ul className="mt-1 divide-y divide-zinc-100 dark:divide-zinc-800">
          {o.worstFindings.map((f) => {
            // one click to the finding itself: its ServiceAccount's findings, or all of this severity
            const href = f.subject.kind === "ServiceAccount" && f.subject.namespace ? `/findings?serviceAccount=${encodeURIComponent(`${f.subject.namespace}/${f.subject.name}`)}` : `/findings?severity=${f.severity}`;
            return (
              <li key={f.id} className="flex flex-wrap items-baseline gap-2 py-2 text-sm" data-testid="overview-finding" data-risk={f.risk} data-severity={f.severity}>
                <SeverityBadge severity={f.severity} />
                <Link href={frame(href)} className={`font-medium ${LINK}`}>
                  {f.title}
                </Link>
                <span>
                  · <SubjectLabel s={f.subject} />
                </span>
                <span className="ml-auto text-xs text-zinc-600 dark:text-zinc-400">{f.scope === "cluster" ? "cluster-wide" : `in ${f.binding.namespace}`}</span>
              </li>
            );
          })}
        </ul>
      )}
      {total > o.worstFindings.length && (
        <p className="mt-1 text-sm">
          <Link href={frame("/findings")} className={LINK}>
            All {total} findings
          </Link>
        </p>
      )}
    </section>
  );
}

function ChainsNeedingAttention({ o, frame }: { o: OverviewResponse; frame: (href: string) => string }) {
  return (
    <section aria-labelledby="stuck-chains" className="mt-6">
      <h2 id="stuck-chains" className="text-base font-semibold">
        Chains needing attention
      </h2>
      {!o.chainsNeedingAttention.length ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No chain is blocked, degraded or missing an object.</p>
      ) : (
        <ul className="mt-1 divide-y divide-zinc-100 dark:divide-zinc-800">
          {o.chainsNeedingAttention.map((c) => (
            <li key={c.id} className="py-2 text-sm" data-testid="overview-chain" data-id={c.id} data-health={c.health}>
              <div className="flex flex-wrap items-baseline gap-2">
                <HealthWord health={c.health} />
                <Link href={frame(chainHref(c.root))} className={`font-medium ${LINK}`}>
                  {c.root.kind} {c.root.namespace}/{c.root.name}
                </Link>
                <span className="text-xs text-zinc-600 dark:text-zinc-400">{c.objects} objects</span>
              </div>
              {c.problem && <p className="mt-0.5 text-zinc-700 dark:text-zinc-300">{c.problem}</p>}
            </li>
          ))}
        </ul>
      )}
      {o.chainsNeedingAttentionTotal > o.chainsNeedingAttention.length && (
        <p className="mt-1 text-sm">
          <Link href={frame("/chains")} className={LINK}>
            All {o.chainsNeedingAttentionTotal} chains needing attention
          </Link>
        </p>
      )}
    </section>
  );
}

export function OverviewView() {
  const params = useSearchParams();
  const namespace = useNamespace();
  const { data: status } = useStatus();
  const { data, error, isPending } = useOverview(namespace);
  const frame = (href: string) => withFrameParams(href, params);
  // Only a live cluster changes under Rolecall: files and examples have no history to show.
  // (When history is off or unavailable there, the feed says so.)
  const live = status?.source.mode === "cluster" || status?.source.mode === "in-cluster";
  return (
    <div className="mx-auto max-w-5xl px-6 py-4">
      <h1 className="text-xl font-semibold">Overview</h1>
      {status && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="overview-source" data-mode={status.source.mode} data-synced={status.synced}>
          Reading the {MODE[status.source.mode] ?? status.source.mode} <span className="font-medium text-zinc-800 dark:text-zinc-200">{status.source.label}</span>:{" "}
          {status.synced ? "synced" : "still loading"}
          {status.notPermitted.length ? `, not permitted to list ${status.notPermitted.join(", ")}` : ""}
          {status.problems.length ? `, ${status.problems.length} manifest problem${status.problems.length === 1 ? "" : "s"}` : ""}.{namespace ? ` Namespace ${namespace}.` : ""}
        </p>
      )}
      <div className="mt-4">
        {error ? (
          <ErrorNote error={error} />
        ) : isPending ? (
          <Loading what="the overview">
            <OverviewSkeleton />
          </Loading>
        ) : (
          <>
            <Counts o={data} frame={frame} />
            <WorstFindings o={data} frame={frame} />
            <ChainsNeedingAttention o={data} frame={frame} />
          </>
        )}
      </div>
      {live && (
        <section aria-labelledby="recent-changes" className="mt-6" data-testid="overview-recent">
          <h2 id="recent-changes" className="text-base font-semibold">
            Changed in the last 24 h
          </h2>
          <HistoryFeed params={{ namespace, since: "24h", limit: "5" }} paging={false} skeletonRows={5} />
          <p className="mt-1 text-sm">
            <Link href={frame("/history")} className={LINK}>
              All history
            </Link>
          </p>
        </section>
      )}
    </div>
  );
}

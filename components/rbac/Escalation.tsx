"use client";
// Escalation paths: who a ServiceAccount can become, each path drawn as a chain of identities
// (subject → technique → subject …), every step with why and the binding → role → rule that
// allows it. A path is a line, so it is drawn as one: pills and labelled arrows, then the steps.
import Link from "next/link";
import { useState } from "react";
import type { EscalationHop, EscalationPath, EscalationTechnique, HopVia } from "@/lib/api/wire";
import type { ServiceAccountRow } from "@/lib/api/types";
import { useEscalation, useServiceAccount, useShownPermissions } from "@/lib/client/queries";
import { Bone, ErrorNote, Loading } from "@/components/ui/states";
import { bindingHref, linkClass, roleHref, serviceAccountHref } from "@/components/serviceaccounts/links";
import { ruleText } from "./Provenance";

const SA_PREFIX = "system:serviceaccount:";

/** A subject as the engine writes it, in the user's words, with the page that shows it. */
export function subjectParts(subject: string): { kind: string; name: string; href?: string } {
  if (subject === "cluster-admin") return { kind: "", name: "cluster-admin" };
  if (subject.startsWith(SA_PREFIX)) {
    const [ns, name] = subject.slice(SA_PREFIX.length).split(":");
    if (ns && name) return { kind: "ServiceAccount", name: `${ns}/${name}`, href: serviceAccountHref(ns, name) };
  }
  if (subject.startsWith("user:")) return { kind: "User", name: subject.slice(5) };
  if (subject.startsWith("group:")) return { kind: "Group", name: subject.slice(6) };
  // the rights a bind or escalate step gains
  if (subject.startsWith("namespace-admin:")) return { kind: "", name: `every permission in namespace ${subject.slice(16)}` };
  if (subject.startsWith("role:")) {
    const [ref, scope] = subject.slice(5).split("@");
    return { kind: "", name: `the rights of ${ref.replace("/", " ")}${scope === "*" ? " in every namespace" : scope ? ` in namespace ${scope}` : ""}` };
  }
  return { kind: "", name: subject };
}

export const TECHNIQUE: Record<EscalationTechnique, string> = {
  "create-pods": "creates a pod",
  "create-workloads": "creates a workload",
  "update-workloads": "rewrites a workload",
  "token-request": "requests a token",
  exec: "execs into a pod",
  impersonate: "impersonates",
  bind: "binds a role",
  escalate: "edits a role it holds",
  "read-secrets": "reads a token Secret",
  "nodes-proxy": "uses the kubelet API",
  "approve-csr": "approves a client certificate",
  webhooks: "rewrites admission webhooks",
  "all-permissions": "may already do everything",
};

export function SubjectPill({ subject }: { subject: string }) {
  const p = subjectParts(subject);
  const admin = subject === "cluster-admin";
  const cls = `inline-flex items-baseline gap-1 rounded border px-1.5 py-0.5 text-xs ${admin ? "border-red-600 bg-red-600 font-semibold text-white" : "border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-900"}`;
  const body = (
    <>
      {p.kind && <span className={admin ? "" : "text-zinc-500"}>{p.kind}</span>}
      <span className="font-medium">{p.name}</span>
    </>
  );
  return p.href ? (
    <Link href={p.href} className={`${cls} hover:underline`} data-testid="escalation-subject" data-subject={subject}>
      {body}
    </Link>
  ) : (
    <span className={cls} data-testid="escalation-subject" data-subject={subject}>
      {body}
    </span>
  );
}

function ViaLine({ v }: { v: HopVia }) {
  // name "": the binding the previous bind step creates, which does not exist yet
  return (
    <li className="text-xs" data-testid="escalation-via">
      <span className="flex flex-wrap items-baseline gap-x-1.5">
        {v.binding.name ? (
          <span>
            <span className="text-zinc-500">{v.binding.kind}</span>{" "}
            <Link href={bindingHref(v.binding)} className={`font-medium ${linkClass}`}>
              {v.binding.name}
            </Link>
            {v.binding.namespace && <span className="text-zinc-500"> ({v.binding.namespace})</span>}
          </span>
        ) : (
          <span className="text-zinc-500">the {v.binding.kind} created in the step before</span>
        )}
        <span aria-hidden className="text-zinc-400">
          →
        </span>
        <span>
          <span className="text-zinc-500">{v.role.kind}</span>{" "}
          <Link href={roleHref(v.role)} className={`font-medium ${linkClass}`}>
            {v.role.name}
          </Link>
        </span>
        <span aria-hidden className="text-zinc-400">
          →
        </span>
        <span>rule #{v.rule}</span>
      </span>
      {v.policyRule && <code className="block font-mono text-[11px] text-zinc-600 dark:text-zinc-400">{ruleText(v.policyRule)}</code>}
    </li>
  );
}

function Step({ h, i }: { h: EscalationHop; i: number }) {
  return (
    <li className="mt-1.5" data-testid="escalation-hop" data-technique={h.technique} data-certain={h.certain}>
      <p className="text-sm">
        <span className="font-medium">
          Step {i + 1}: {TECHNIQUE[h.technique]}
        </span>{" "}
        <code className="text-[11px] text-zinc-500">{h.technique}</code>
        {!h.certain && <span className="ml-1 rounded bg-amber-100 px-1 text-[11px] text-amber-900 dark:bg-amber-950 dark:text-amber-200">possible: depends on token Secrets Rolecall does not read</span>}
      </p>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">{h.why}</p>
      <ul className="ml-3 mt-0.5 space-y-0.5">
        {h.via.map((v, j) => (
          <ViaLine key={j} v={v} />
        ))}
      </ul>
    </li>
  );
}

/** One path: the identities as a chain with labelled arrows, then each step with why and binding → role → rule. */
export function PathChain({ path }: { path: EscalationPath }) {
  const start = path.path[0]?.from;
  return (
    <div data-testid="escalation-path" data-subject={path.subject} data-hops={path.hops}>
      <p className="flex flex-wrap items-center gap-1.5" aria-label={`Path to ${subjectParts(path.subject).name} in ${path.hops} step${path.hops === 1 ? "" : "s"}`}>
        {start && <SubjectPill subject={start} />}
        {path.path.map((h, i) => (
          <span key={i} className="inline-flex items-center gap-1.5">
            <span className={`inline-flex items-center gap-1 text-[11px] ${h.certain ? "text-zinc-600 dark:text-zinc-400" : "text-amber-700 dark:text-amber-300"}`}>
              <span aria-hidden>—</span>
              {h.technique}
              <span aria-hidden>→</span>
            </span>
            <SubjectPill subject={h.to} />
          </span>
        ))}
      </p>
      <ol className="ml-1 border-l-2 border-zinc-200 pl-3 dark:border-zinc-800">
        {path.path.map((h, i) => (
          <Step key={i} h={h} i={i} />
        ))}
      </ol>
    </div>
  );
}

type Reach = NonNullable<ServiceAccountRow["clusterAdmin"]>;

export const clusterAdminText = (r: Reach) => (r.direct ? "cluster-admin" : `${r.certain ? "reaches" : "may reach"} cluster-admin in ${r.hops} step${r.hops === 1 ? "" : "s"}`);

/** "reaches cluster-admin in N steps" (or "cluster-admin": its own rules allow everything). */
export function ClusterAdminBadge({ reach }: { reach: Reach }) {
  return (
    <span
      data-testid="cluster-admin-badge"
      data-hops={reach.hops}
      data-direct={reach.direct}
      title={reach.direct ? "Its own rules allow every verb on every resource" : `A path of ${reach.hops} step${reach.hops === 1 ? "" : "s"} makes it cluster-admin${reach.certain ? "" : " (through token Secrets Rolecall does not read: possible, not certain)"}`}
      className={`inline-flex shrink-0 items-center gap-1 whitespace-nowrap rounded px-1.5 py-0.5 text-[11px] font-semibold ${reach.certain ? "bg-red-700 text-white" : "border border-dashed border-red-600 text-red-800 dark:text-red-300"}`}
    >
      <span aria-hidden>⚠</span>
      {clusterAdminText(reach)}
    </span>
  );
}

const SHOWN = 12;
const MORE = 50;
/** Paths asked for at first on a ServiceAccount's page, and beyond what a "show more" wants. */
const ESCALATION_PAGE = 100;

/**
 * Paths, a page at a time (an identity that may create pods everywhere can become thousands of
 * others). `total`: how many there are when `paths` are only the first ones the
 * server sent; `onMore(n)` asks for at least the first n when a click wants more than it holds.
 */
export function PathList({ paths, total = paths.length, onMore, loading = false }: { paths: EscalationPath[]; total?: number; onMore?: (n: number) => void; loading?: boolean }) {
  const [shown, setShown] = useState(SHOWN);
  const visible = Math.min(shown, paths.length);
  return (
    <>
      <ul className="space-y-3">
        {paths.slice(0, visible).map((p) => (
          <li key={p.subject} data-testid="can-become">
            <PathChain path={p} />
          </li>
        ))}
      </ul>
      {total > visible && (
        <p className="mt-2 text-sm">
          <span className="text-zinc-500" data-testid="can-become-hidden">
            {total - visible} more not shown.
          </span>{" "}
          <button
            type="button"
            disabled={loading}
            className="text-sky-800 underline disabled:opacity-60 dark:text-sky-300"
            onClick={() => {
              const next = visible + MORE;
              setShown(next);
              if (onMore && next > paths.length && paths.length < total) onMore(next);
            }}
          >
            {loading ? "Loading…" : `Show ${Math.min(MORE, total - visible)} more`}
          </button>
        </p>
      )}
    </>
  );
}

/** What a path looks like while it loads: identities joined by arrows, then its steps. */
function PathSkeleton() {
  return (
    <div>
      <div className="flex h-[26px] items-center gap-2">
        <Bone className="h-5 w-36" />
        <Bone className="h-3 w-20" />
        <Bone className="h-5 w-40" />
      </div>
      <div className="ml-1 border-l-2 border-zinc-200 py-1 pl-3 dark:border-zinc-800">
        <Bone className="h-3.5 w-2/3" />
      </div>
    </div>
  );
}

/** The section in grey, shaped by what the page already knows: a cluster-admin path (the ServiceAccount's badge says so) or none. */
function CanBecomeSkeleton({ namespace, name }: { namespace: string; name: string }) {
  const { data: sa } = useServiceAccount(namespace, name);
  return (
    <Loading what="escalation paths">
      {sa?.clusterAdmin ? (
        <>
          <div className="mb-3 rounded border border-zinc-200 p-2 dark:border-zinc-800">
            <Bone className="mb-1 h-5 w-64" />
            <PathSkeleton />
          </div>
          <div className="space-y-3">
            <PathSkeleton />
            <PathSkeleton />
          </div>
        </>
      ) : (
        <div className="flex h-5 items-center">
          <Bone className="h-3.5 w-2/3" />
        </div>
      )}
    </Loading>
  );
}

function CanBecomeNote({ namespace, name }: { namespace: string; name: string }) {
  return (
    <p className="mt-2 text-xs text-zinc-500">
      Each path is the shortest from this ServiceAccount; a step is one thing it does with a permission it holds (run a pod as another ServiceAccount, request its token, impersonate, bind a role…).{" "}
      <a className="text-sky-800 underline dark:text-sky-300" href={`/api/v1/serviceaccounts/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/escalation`}>
        As JSON
      </a>
    </p>
  );
}

/** The "Can become" section of a ServiceAccount's page. */
export function CanBecomeSection({ namespace, name }: { namespace: string; name: string }) {
  // Asked once the permission matrix above has its answer (the same query, from the cache):
  // asked together, the server answered both only when this large one was done.
  const permissions = useShownPermissions(namespace, name);
  // the first paths only: an SA that may create pods everywhere can become every other one
  const [limit, setLimit] = useState(ESCALATION_PAGE);
  const { data, error, isPending, isFetching } = useEscalation(namespace, name, !permissions.isPending, limit);
  const admin = data?.clusterAdmin;
  const others = (data?.canBecome ?? []).filter((p) => p.subject !== "cluster-admin");
  // cluster-admin is one of the subjects it can become, counted in total, shown apart
  const othersTotal = !data ? 0 : data.truncated ? data.total - (admin ? 1 : 0) : others.length;
  return (
    <section id="can-become" aria-labelledby="can-become-title" className="border-t border-zinc-200 py-4 dark:border-zinc-800">
      <div className="mb-2 flex items-baseline gap-3">
        <h2 id="can-become-title" className="text-base font-semibold">
          Can become
        </h2>
        {data && (
          <span className="text-xs text-zinc-500" data-testid="can-become-count">
            {othersTotal} identit{othersTotal === 1 ? "y" : "ies"}
            {admin ? ` · cluster-admin in ${admin.hops} step${admin.hops === 1 ? "" : "s"}` : ""}
          </span>
        )}
      </div>
      {error ? (
        <ErrorNote error={error} />
      ) : isPending ? (
        <>
          <CanBecomeSkeleton namespace={namespace} name={name} />
          <CanBecomeNote namespace={namespace} name={name} />
        </>
      ) : (
        <>
          {admin && (
            <div className="mb-3 rounded border border-red-300 p-2 dark:border-red-900" data-testid="cluster-admin-path">
              <p className="mb-1 text-sm font-semibold text-red-800 dark:text-red-300">
                {data.reachesClusterAdmin ? "Reaches" : "May reach"} cluster-admin in {admin.hops} step{admin.hops === 1 ? "" : "s"}
              </p>
              <PathChain path={admin} />
            </div>
          )}
          {others.length === 0 ? <p className="text-sm text-zinc-500">No other identity: none of its permissions lets it act as someone else.</p> : (
            <PathList paths={others} total={othersTotal} loading={isFetching && data.canBecome.length < Math.min(limit, data.total)} onMore={(n) => setLimit((l) => Math.max(l, n + ESCALATION_PAGE))} />
          )}
          <CanBecomeNote namespace={namespace} name={name} />
        </>
      )}
    </section>
  );
}

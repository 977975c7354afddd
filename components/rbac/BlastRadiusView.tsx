"use client";
// A workload's or pod's blast radius: what a compromised container holds (its ServiceAccount's
// token), what that identity may do and become, and whose Secrets, pods and nodes are then
// within reach. Everything is computed on the server (GET /api/v1/blast-radius/…).
import Link from "next/link";
import type { BlastRadiusResponse, ReachEntry } from "@/lib/api/wire";
import { ApiRequestError } from "@/lib/client/fetch";
import { useBlastRadius } from "@/lib/client/queries";
import { FindingCounts, TokenBadge } from "@/components/ui/badges";
import { ErrorNote, PageSkeleton } from "@/components/ui/states";
import { NotFound } from "@/components/ui/NotFound";
import { serviceAccountHref } from "@/components/serviceaccounts/links";
import { PathChain, PathList, SubjectPill, subjectParts } from "./Escalation";

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="border-t border-zinc-200 py-4 dark:border-zinc-800">
      <h2 id={`${id}-title`} className="mb-2 text-base font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function ReachTable({ what, entries, everything }: { what: string; entries: ReachEntry[]; everything: boolean }) {
  if (!entries.length) return <p className="text-sm text-zinc-500">None within reach.</p>;
  return (
    <table className="w-full table-fixed text-sm" data-testid={`reach-${what}`}>
      <thead>
        <tr className="text-left text-xs uppercase tracking-wide text-zinc-500">
          <th className="w-1/4 py-1 font-medium">Where</th>
          <th className="w-1/4 py-1 font-medium">Verbs</th>
          <th className="py-1 font-medium">As</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.namespace ?? "*"} className="border-t border-zinc-100 dark:border-zinc-800/70" data-testid="reach-row" data-namespace={e.namespace ?? "*"}>
            <td className="py-1.5 pr-3 font-medium">{e.namespace === null ? (what === "nodes" ? "every node" : "every namespace") : e.namespace}</td>
            <td className="py-1.5 pr-3 font-mono text-[12px]">{e.verbs.join(", ")}</td>
            <td className="py-1.5 text-xs">
              <span className="inline-flex flex-wrap items-center gap-1">
                <SubjectPill subject={e.subject} />
                <span className="text-zinc-500">{e.hops === 0 ? "itself" : `after ${e.hops} step${e.hops === 1 ? "" : "s"}${e.certain ? "" : " (possible)"}`}</span>
              </span>
            </td>
          </tr>
        ))}
      </tbody>
      {everything && (
        <caption className="caption-bottom pt-1 text-left text-xs text-zinc-500">It can become cluster-admin: everything, everywhere, whatever the rows say.</caption>
      )}
    </table>
  );
}

function Body({ b }: { b: BlastRadiusResponse }) {
  const sa = b.serviceAccount;
  const subject = b.escalation.subject;
  const own = (es: ReachEntry[]) => es.filter((e) => e.hops === 0 && e.subject === subject);
  const others = b.escalation.canBecome.filter((p) => p.subject !== "cluster-admin");
  const ownSecrets = own(b.reach.secrets);
  const ownPods = own(b.reach.pods);
  const ownNodes = own(b.reach.nodes);
  const where = (es: ReachEntry[]) => es.map((e) => (e.namespace === null ? "every namespace" : e.namespace)).join(", ");
  return (
    <>
      <header className="py-4">
        <p className="text-xs uppercase tracking-wide text-zinc-500">Blast radius</p>
        <h1 className="text-xl font-semibold">
          {b.workload.kind} {b.workload.name} <span className="text-base font-normal text-zinc-500">in {b.workload.namespace}</span>
        </h1>
        {b.reach.everything && (
          <p role="alert" data-testid="blast-everything" className="mt-2 rounded bg-red-700 px-2 py-1 text-sm font-semibold text-white">
            A compromised container of this {b.workload.kind} can become cluster-admin in {b.escalation.clusterAdmin?.hops} step{b.escalation.clusterAdmin?.hops === 1 ? "" : "s"}: every Secret, pod and node of the cluster is within reach.
          </p>
        )}
        <dl className="mt-3 grid grid-cols-[7.5rem_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm wrap-anywhere sm:grid-cols-[10rem_minmax(0,1fr)]">
          <dt className="text-zinc-500">Runs as</dt>
          <dd>
            <Link href={serviceAccountHref(sa.namespace, sa.name)} className="font-medium text-sky-800 hover:underline dark:text-sky-300" data-testid="blast-sa">
              ServiceAccount {sa.namespace}/{sa.name}
            </Link>
            {!sa.exists && <span className="ml-2 text-xs text-amber-800 dark:text-amber-300">(no such object)</span>}
          </dd>
          <dt className="text-zinc-500">Token</dt>
          <dd>
            <TokenBadge token={b.token} />
            {!b.token.mounted && <span className="ml-2 text-xs text-zinc-500">its containers do not hold the token; what follows needs one (a pod that mounts it)</span>}
          </dd>
          {b.owner && (
            <>
              <dt className="text-zinc-500">Owned by</dt>
              <dd>
                {b.owner.kind} {b.owner.name}
              </dd>
            </>
          )}
          <dt className="text-zinc-500">Runs on nodes</dt>
          <dd data-testid="blast-nodes">{b.nodes.length ? b.nodes.join(", ") : <span className="text-zinc-400">none scheduled</span>}</dd>
          <dt className="text-zinc-500">Findings</dt>
          <dd>
            {b.findingsBySeverity && b.findings > 0 ? (
              <Link href={`/findings?serviceAccount=${encodeURIComponent(`${sa.namespace}/${sa.name}`)}`}>
                <FindingCounts counts={b.findingsBySeverity} />
              </Link>
            ) : (
              <span className="text-zinc-400">none</span>
            )}
          </dd>
        </dl>
      </header>

      <Section id="may-do" title="What it may do on its own">
        <ul className="list-disc pl-5 text-sm" data-testid="blast-own">
          <li>{ownSecrets.length ? `read Secrets in ${where(ownSecrets)}` : "read no Secrets"}</li>
          <li>{ownPods.length ? `create, exec into or delete pods in ${where(ownPods)}` : "create, exec into or delete no pods"}</li>
          <li>{ownNodes.length ? `${ownNodes[0].verbs.join(", ")} nodes` : "touch no nodes"}</li>
        </ul>
        <p className="mt-1 text-xs text-zinc-500">
          Every permission, with the binding → role → rule that grants it:{" "}
          <Link className="text-sky-800 underline dark:text-sky-300" href={`${serviceAccountHref(sa.namespace, sa.name)}#permissions`}>
            its ServiceAccount&apos;s page
          </Link>
          .
        </p>
      </Section>

      <Section id="can-become" title="What it can become">
        {b.escalation.clusterAdmin && (
          <div className="mb-3 rounded border border-red-300 p-2 dark:border-red-900" data-testid="cluster-admin-path">
            <PathChain path={b.escalation.clusterAdmin} />
          </div>
        )}
        {others.length ? <PathList paths={others} /> : <p className="text-sm text-zinc-500">No other identity.</p>}
      </Section>

      <Section id="within-reach" title="Within reach">
        <p className="mb-2 text-xs text-zinc-500">
          With its own permissions and those of every identity it can become ({[subjectParts(subject).name, ...others.map((p) => subjectParts(p.subject).name)].slice(0, 6).join(", ")}
          {others.length > 5 ? ", …" : ""}). Reading Secrets: get or list; pods: create, exec or delete; nodes: get, proxy (the kubelet API), patch or delete.
        </p>
        <h3 className="mt-2 text-sm font-semibold">Secrets</h3>
        <ReachTable what="secrets" entries={b.reach.secrets} everything={b.reach.everything} />
        <h3 className="mt-3 text-sm font-semibold">Pods</h3>
        <ReachTable what="pods" entries={b.reach.pods} everything={b.reach.everything} />
        <h3 className="mt-3 text-sm font-semibold">Nodes</h3>
        <ReachTable what="nodes" entries={b.reach.nodes} everything={b.reach.everything} />
      </Section>
    </>
  );
}

export function BlastRadiusView({ namespace, kind, name }: { namespace: string; kind: string; name: string }) {
  const { data, error, isPending } = useBlastRadius(namespace, kind, name);
  // Deleted while open, or opened before the source synced (the server answers 404 itself otherwise).
  if (error instanceof ApiRequestError && error.status === 404) return <NotFound />;
  return (
    <div className="mx-auto max-w-5xl px-6 pb-10">
      {error ? (
        <ErrorNote error={error} />
      ) : isPending ? (
        <PageSkeleton
          eyebrow="Blast radius"
          title={
            <>
              {name} <span className="text-base font-normal text-zinc-500">in {namespace}</span>
            </>
          }
          what={`${kind} ${namespace}/${name}`}
          facts={4}
          sections={[3, 6]}
        />
      ) : (
        <Body b={data} />
      )}
    </div>
  );
}

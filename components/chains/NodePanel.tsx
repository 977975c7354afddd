"use client";
// A chain node's details beside the graph: status and conditions, pods and their init
// containers, the waits (with their commands, as the API sends them: already redacted),
// diagnostics with fixes, and the ServiceAccount it runs as with a summary of what it may do.
// Escape or the close button closes it (the page then puts focus back on the node).
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import { withFrameParams } from "@/lib/client/url";
import { usePermissions } from "@/lib/client/queries";
import type { ChainEdge, ChainNode, ContainerStateWire, Diagnostic, PermissionView } from "@/lib/api/wire";
import { blastRadiusHref } from "@/components/serviceaccounts/links";
import { chainHref } from "./ChainList";
import { Diagnostics } from "./Diagnostics";
import { HealthWord, KIND_ABBR } from "./health";

const saHref = (namespace: string, name: string) => `/serviceaccounts/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;

function Section({ title, children, testid }: { title: string; children: React.ReactNode; testid?: string }) {
  return (
    <section className="border-t border-zinc-200 py-3 dark:border-zinc-800" data-testid={testid}>
      <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{title}</h3>
      {children}
    </section>
  );
}

function ContainerLine({ c }: { c: ContainerStateWire }) {
  const tone = c.state === "terminated" ? (c.exitCode === 0 ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400") : c.state === "running" ? "text-sky-700 dark:text-sky-400" : "text-zinc-700 dark:text-zinc-300";
  return (
    <li data-testid="init-container" data-name={c.name} data-state={c.state}>
      <code className="font-mono">{c.name}</code>{" "}
      <span className={`font-medium ${tone}`}>
        {c.state}
        {c.reason ? ` (${c.reason})` : ""}
        {c.state === "terminated" && c.exitCode !== undefined ? `, exit ${c.exitCode}` : ""}
      </span>
      {c.restarts > 0 && <span className="text-zinc-600 dark:text-zinc-400"> · {c.restarts} restarts</span>}
    </li>
  );
}

/** What the ServiceAccount may do, in a few lines: per namespace (and cluster-wide), the resources and verbs, risky ones marked. */
function PermissionsSummary({ namespace, name, href }: { namespace: string; name: string; href: string }) {
  const { data, error, isPending } = usePermissions(namespace, name);
  if (isPending) return <p className="text-xs text-zinc-600 dark:text-zinc-400">Reading permissions…</p>;
  if (error || !data) return <p className="text-xs text-red-700 dark:text-red-400">Permissions could not be read.</p>;
  const views = data.views
    .map((v: PermissionView) => ({ v, rows: v.rows.filter((r) => !r.ineffective && r.cells.length > 0) }))
    .filter((x) => x.rows.length > 0);
  if (!data.serviceAccount.exists) return <p className="text-xs text-amber-800 dark:text-amber-300">This ServiceAccount does not exist.</p>;
  if (!views.length) return <p className="text-xs" data-testid="permissions-summary">No permissions on resources (only what every account gets).</p>;
  return (
    <div className="space-y-2 text-xs" data-testid="permissions-summary">
      {views.map(({ v, rows }) => {
        const risky = rows.flatMap((r) => r.cells.filter((c) => c.risk).map((c) => `${c.verb} ${r.resource}`));
        return (
          <div key={v.namespace ?? "(cluster)"}>
            <p className="font-medium">
              {v.namespace === null ? "Cluster-wide" : `In ${v.namespace}`}: {rows.length} resource{rows.length === 1 ? "" : "s"}
              {risky.length > 0 && <span className="ml-1 rounded bg-red-100 px-1 text-red-900 dark:bg-red-950 dark:text-red-100">{risky.length} risky</span>}
            </p>
            <ul className="ml-3 list-disc">
              {rows.slice(0, 6).map((r) => (
                <li key={`${r.apiGroup}/${r.resource}`}>
                  <code className="font-mono">{r.resource}</code>
                  {r.apiGroup ? <span className="text-zinc-600 dark:text-zinc-400"> ({r.apiGroup})</span> : null}: {r.cells.map((c) => (c.access === "named" ? `${c.verb} (named)` : c.verb)).join(", ")}
                </li>
              ))}
              {rows.length > 6 && <li>and {rows.length - 6} more</li>}
            </ul>
          </div>
        );
      })}
      <Link className="inline-block font-medium text-sky-800 underline dark:text-sky-300" href={href}>
        All permissions of {name} →
      </Link>
    </div>
  );
}

export function NodePanel({ node, byId, edges, diagnostics, onClose, onOpen }: { node: ChainNode; byId: Map<string, ChainNode>; edges: ChainEdge[]; diagnostics: Diagnostic[]; onClose: () => void; onOpen: (id: string) => void }) {
  const params = useSearchParams();
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus moves into the panel when it opens or shows another node.
  useEffect(() => heading.current?.focus(), [node.id]);
  // Escape closes it wherever focus is (after a click, focus may still be on the node).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented) onClose();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);
  const waits = edges.filter((e) => e.from === node.id);
  const waiters = edges.filter((e) => e.to === node.id);
  const mine = diagnostics.filter((d) => d.nodes.includes(node.id));
  const name = (id: string) => {
    const n = byId.get(id);
    return n ? `${n.kind}/${n.namespace === node.namespace ? "" : `${n.namespace}/`}${n.name}` : id;
  };
  const NodeButton = ({ id }: { id: string }) => (
    <button type="button" className="font-medium text-sky-800 underline dark:text-sky-300" onClick={() => onOpen(id)}>
      {name(id)}
    </button>
  );
  const titleId = `node-panel-title`;
  return (
    <section
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      data-testid="node-panel"
      data-id={node.id}
      className="fixed inset-y-0 right-0 z-40 flex w-[min(30rem,100vw)] flex-col border-l border-zinc-300 bg-white shadow-2xl dark:border-zinc-700 dark:bg-zinc-950"
    >
      <header className="flex items-start gap-2 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <div className="min-w-0 flex-1">
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            <span className="mr-1 rounded bg-zinc-200 px-1 font-mono text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200">{KIND_ABBR[node.kind] ?? node.kind}</span>
            {node.kind} in {node.namespace}
          </p>
          <h2 id={titleId} ref={heading} tabIndex={-1} className="break-words text-base font-semibold outline-none">
            {node.name}
          </h2>
        </div>
        <button type="button" onClick={onClose} aria-label="Close details" title="Close (Esc)" className="rounded px-2 py-0.5 text-lg leading-none text-zinc-700 hover:bg-zinc-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-zinc-300 dark:hover:bg-zinc-800">
          ×
        </button>
      </header>
      <div className="flex-1 overflow-auto px-4 pb-6 text-sm">
        <Section title="Status" testid="node-panel-status">
          <p className="flex flex-wrap items-center gap-2">
            <HealthWord health={node.health} />
            <span>{node.status}</span>
          </p>
          {node.ownStatus && (
            <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
              Its own status: {node.ownHealth ?? node.health}, {node.ownStatus}
            </p>
          )}
          {node.blockedBy && node.blockedBy.length > 0 && (
            <p className="mt-1 text-xs">
              Blocked by{" "}
              {node.blockedBy.map((id, i) => (
                <span key={id}>
                  {i > 0 && ", "}
                  <NodeButton id={id} />
                </span>
              ))}
            </p>
          )}
          {node.conditions && node.conditions.length > 0 && (
            <table className="mt-2 w-full text-left text-xs" data-testid="node-conditions">
              <caption className="sr-only">Conditions</caption>
              <thead className="text-zinc-600 dark:text-zinc-400">
                <tr>
                  <th className="pr-2 font-medium">Condition</th>
                  <th className="pr-2 font-medium">Status</th>
                  <th className="font-medium">Reason</th>
                </tr>
              </thead>
              <tbody>
                {node.conditions.map((c) => (
                  <tr key={c.type} className="align-top" data-testid="node-condition">
                    <td className="pr-2 font-mono">{c.type}</td>
                    <td className="pr-2">{c.status}</td>
                    <td>
                      {c.reason}
                      {c.message && <div className="break-words text-zinc-600 dark:text-zinc-400">{c.message}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {node.initContainers && (
            <ul className="mt-2 text-xs">
              {node.initContainers.map((c) => (
                <ContainerLine key={c.name} c={c} />
              ))}
            </ul>
          )}
        </Section>

        {waits.length > 0 && (
          <Section title="Waits for" testid="node-panel-waits">
            <ul className="space-y-2">
              {waits.map((e, i) => (
                <li key={i}>
                  <p>
                    <NodeButton id={e.to} /> <span className="text-zinc-600 dark:text-zinc-400">{e.type === "runs-after" ? "(runs after it)" : ""}</span> via <code className="font-mono text-xs">{e.mechanism}</code>
                    {e.container && <span className="text-xs text-zinc-600 dark:text-zinc-400"> in container {e.container}</span>}
                  </p>
                  {e.command && <pre data-testid="wait-command" className="mt-1 whitespace-pre-wrap break-all rounded bg-zinc-100 p-2 font-mono text-xs text-zinc-800 dark:bg-zinc-900 dark:text-zinc-200">{e.command}</pre>}
                </li>
              ))}
            </ul>
          </Section>
        )}
        {waiters.length > 0 && (
          <Section title="Waited on by">
            <ul className="space-y-1">
              {waiters.map((e, i) => (
                <li key={i}>
                  <NodeButton id={e.from} /> via <code className="font-mono text-xs">{e.mechanism}</code>
                </li>
              ))}
            </ul>
          </Section>
        )}

        {node.pods && node.pods.length > 0 && (
          <Section title={`Pods (${node.pods.length})`} testid="node-panel-pods">
            <ul className="space-y-2">
              {node.pods.map((p) => (
                <li key={p.name} data-testid="node-pod">
                  <p className="flex flex-wrap items-center gap-x-2">
                    <span className="font-mono text-xs">{p.name}</span>
                    <HealthWord health={p.health} />
                    <span className="text-xs">{p.status}</span>
                  </p>
                  {p.initContainers && (
                    <ul className="ml-3 text-xs" aria-label={`Init containers of ${p.name}`}>
                      {p.initContainers.map((c) => (
                        <ContainerLine key={c.name} c={c} />
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </Section>
        )}

        <Section title={`Diagnostics (${mine.length})`} testid="node-panel-diagnostics">
          {mine.length ? <Diagnostics diagnostics={mine} nodes={[...byId.values()]} /> : <p className="text-xs text-zinc-600 dark:text-zinc-400">No problem found on this object.</p>}
        </Section>

        <Section title="ServiceAccount" testid="node-panel-sa">
          {node.serviceAccount ? (
            <>
              <p className="mb-2">
                Runs as{" "}
                <Link data-testid="node-panel-sa-link" className="font-medium text-sky-800 underline dark:text-sky-300" href={withFrameParams(saHref(node.namespace, node.serviceAccount), params)}>
                  ServiceAccount {node.namespace}/{node.serviceAccount}
                </Link>
              </p>
              <PermissionsSummary namespace={node.namespace} name={node.serviceAccount} href={withFrameParams(saHref(node.namespace, node.serviceAccount), params)} />
              <Link className="mt-2 inline-block text-xs text-sky-800 underline dark:text-sky-300" href={withFrameParams(blastRadiusHref(node.namespace, node.kind, node.name), params)}>
                Blast radius of {node.kind}/{node.name}
              </Link>
            </>
          ) : (
            <p className="text-xs text-zinc-600 dark:text-zinc-400">No pods of its own: it runs as no ServiceAccount.</p>
          )}
        </Section>
        <p className="pt-2 text-xs">
          <Link className="text-sky-800 underline dark:text-sky-300" href={withFrameParams(chainHref(node), params)}>
            Open this object&apos;s chain
          </Link>
        </p>
      </div>
    </section>
  );
}

"use client";
// The same chains as text: for screen readers and for copying into a ticket.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { withFrameParams } from "@/lib/client/url";
import type { Chain, ChainEdge, ChainNode } from "@/lib/api/wire";
import { HealthWord } from "./health";
import { blastRadiusHref } from "@/components/serviceaccounts/links";

/** The kinds whose pods run as a ServiceAccount (a blast radius page each). */
const BLAST_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"]);

export const chainHref = (n: Pick<ChainNode, "namespace" | "kind" | "name">) =>
  `/chains/${encodeURIComponent(n.namespace)}/${encodeURIComponent(n.kind.toLowerCase())}/${encodeURIComponent(n.name)}`;

// Small links next to each other stay 24 px tall: targets a finger or a shaky hand can hit (WCAG 2.2 target size).
const smallLink = "inline-block py-1 text-xs text-sky-800 underline dark:text-sky-300";

export function chainAsText(chain: Chain, byId: Map<string, ChainNode>, edges: ChainEdge[]): string {
  const lines = [`Chain ${chain.id} (${chain.health})`];
  for (const id of chain.nodes) {
    const n = byId.get(id)!;
    lines.push(`- ${n.kind}/${n.namespace}/${n.name}: ${n.health}, ${n.status}${n.ownStatus ? ` (${n.ownHealth ? `${n.ownHealth}, ` : ""}${n.ownStatus})` : ""}`);
    for (const e of edges) if (e.from === id) lines.push(`    ${e.type} ${e.to} via ${e.mechanism}${e.container ? ` (container ${e.container})` : ""}`);
  }
  return lines.join("\n");
}

export function ChainList({ chains, nodes, edges }: { chains: Chain[]; nodes: ChainNode[]; edges: ChainEdge[] }) {
  const params = useSearchParams();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, ChainEdge[]>();
  for (const e of edges) {
    const l = out.get(e.from);
    if (l) l.push(e);
    else out.set(e.from, [e]);
  }
  return (
    <div className="space-y-4" data-testid="chain-list">
      {chains.map((c) => (
        // Off-screen chains skip layout and paint until scrolled to (a page of 300 objects).
        <section key={c.id} aria-label={`Chain ${c.id}`} className="rounded border border-zinc-200 p-3 [contain-intrinsic-size:auto_14rem] [content-visibility:auto] dark:border-zinc-800">
          <h3 className="flex items-center gap-2 text-sm font-semibold">
            <HealthWord health={c.health} /> <span>{c.nodes.length} objects</span>
            <Link className="ml-auto text-xs font-normal text-sky-800 underline dark:text-sky-300" href={withFrameParams(chainHref(byId.get(c.id)!), params)}>
              Open this chain
            </Link>
          </h3>
          <ul className="mt-2 space-y-2 text-sm">
            {c.nodes.map((id) => {
              const n = byId.get(id)!;
              return (
                <li key={id} data-testid="chain-list-item" data-id={id}>
                  <div className="flex flex-wrap items-baseline gap-x-2">
                    <span className="font-mono text-xs text-zinc-500">{n.kind}</span>
                    <span className="font-medium">
                      {n.namespace}/{n.name}
                    </span>
                    <HealthWord health={n.health} />
                    <span className="text-zinc-700 dark:text-zinc-300">{n.status}</span>
                    {n.ownStatus && (
                      <span className="text-xs text-zinc-500">
                        ({n.ownHealth ? `${n.ownHealth}, ` : ""}
                        {n.ownStatus})
                      </span>
                    )}
                    {n.serviceAccount && (
                      <Link className={smallLink} href={withFrameParams(`/serviceaccounts/${encodeURIComponent(n.namespace)}/${encodeURIComponent(n.serviceAccount)}`, params)}>
                        runs as {n.serviceAccount}
                      </Link>
                    )}
                    {n.serviceAccount && BLAST_KINDS.has(n.kind) && (
                      <Link className={smallLink} href={withFrameParams(blastRadiusHref(n.namespace, n.kind, n.name), params)}>
                        blast radius
                      </Link>
                    )}
                  </div>
                  {(out.get(id) ?? []).map((e, i) => {
                    const t = byId.get(e.to);
                    return (
                      <div key={i} className="ml-4 text-xs text-zinc-600 dark:text-zinc-400">
                        {e.type === "waits-for" ? "waits for" : "runs after"} {t ? `${t.kind}/${t.namespace}/${t.name}` : e.to} via <code>{e.mechanism}</code>
                        {e.container ? ` in container ${e.container}` : ""}
                      </div>
                    );
                  })}
                  {n.pods && n.pods.length > 0 && (
                    <details className="ml-4 text-xs">
                      <summary className="cursor-pointer py-1 text-zinc-600 dark:text-zinc-400">{n.pods.length} pod{n.pods.length > 1 ? "s" : ""}</summary>
                      <ul className="ml-4">
                        {n.pods.map((p) => (
                          <li key={p.name}>
                            {p.via ? `${p.via} → ` : ""}
                            {p.name}: <HealthWord health={p.health} /> {p.status}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}

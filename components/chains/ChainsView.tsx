"use client";
// The chains page: every chain in the selected namespace (or all), or one chain (deep link).
// Graph and diagnostics side by side, the text list below. Live through the app's event
// stream (React Query invalidation); positions stay while only statuses change.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { CopyButton } from "@/components/ui/CopyButton";
import { Bone, ErrorNote, LinesSkeleton, Loading } from "@/components/ui/states";
import { NotFound } from "@/components/ui/NotFound";
import { ApiRequestError } from "@/lib/client/fetch";
import { replaceParamsInPlace, useNamespace, withFrameParams } from "@/lib/client/url";
import type { DiagnosticSeverity as Severity, Health } from "@/lib/api/wire";
import { ChainGraph } from "./ChainGraph";
import { ChainList, chainAsText } from "./ChainList";
import { Diagnostics } from "./Diagnostics";
import { HealthWord, SEVERITY_STYLE } from "./health";
import { NodePanel } from "./NodePanel";
import { useChain, useChains } from "@/lib/client/queries";
import type { ChainsResponse } from "@/lib/api/wire";

function Body({ data, namespace, title }: { data: ChainsResponse; namespace?: string; title: string }) {
  const byId = useMemo(() => new Map(data.nodes.map((n) => [n.id, n])), [data.nodes]);
  // The API sends chains worst first: counted in that order, the worst health comes first.
  const counts = useMemo(() => {
    const c = new Map<Health, number>();
    for (const ch of data.chains) c.set(ch.health, (c.get(ch.health) ?? 0) + 1);
    return [...c];
  }, [data.chains]);
  const problems = useMemo(() => {
    const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    for (const d of data.diagnostics) c[d.severity]++;
    return (["error", "warning"] as const).filter((s) => c[s] > 0).map((s) => [s, c[s]] as const);
  }, [data.diagnostics]);
  const order = useMemo(() => [...data.chains].sort((a, b) => (a.id < b.id ? -1 : 1)).flatMap((c) => c.nodes), [data.chains]);
  const text = useMemo(() => data.chains.map((c) => chainAsText(c, byId, data.edges)).join("\n\n"), [data.chains, byId, data.edges]);
  // The node whose details are open, kept in the URL (?node=Kind/namespace/name) so the view can be shared.
  const params = useSearchParams();
  const [open, setOpenState] = useState<string | undefined>(() => params.get("node") ?? undefined);
  const setOpen = useCallback((id: string | undefined) => {
    setOpenState(id);
    replaceParamsInPlace({ node: id });
  }, []);
  const close = useCallback(() => {
    const id = open;
    setOpen(undefined);
    // back to the node it was opened from (React Flow's wrapper is the focusable element)
    if (id) requestAnimationFrame(() => document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`)?.focus());
  }, [open, setOpen]);
  const openNode = open ? byId.get(open) : undefined;
  return (
    <>
      <div className="mb-1 flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">{title}</h1>
        <span className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="chain-count">
          {data.chains.length} chain{data.chains.length === 1 ? "" : "s"}, {data.nodes.length} objects
        </span>
        {data.chains.length > 0 && (
          <span className="ml-auto">
            <CopyButton text={text} label="Copy as text" />
          </span>
        )}
      </div>
      {/* The counts on a line of their own: a health appearing live then cannot re-wrap the title line and move the graph. */}
      <div className="mb-3 flex min-h-6 flex-wrap items-center gap-3">
        {problems.map(([sev, n]) => (
          <span key={sev} data-testid={`chain-${sev}-count`} className={`inline-flex items-center gap-1 rounded border-l-4 px-1.5 text-xs font-semibold ${SEVERITY_STYLE[sev].cls}`}>
            <span aria-hidden>{SEVERITY_STYLE[sev].icon}</span>
            {n} {sev === "error" ? (n === 1 ? "error" : "errors") : n === 1 ? "warning" : "warnings"}
          </span>
        ))}
        {counts.map(([h, n]) => (
          <span key={h} className="text-sm" data-testid="chain-health-count" data-health={h}>
            <HealthWord health={h} /> {n}
          </span>
        ))}
      </div>
      {data.chains.length === 0 ? (
        <p className="rounded border border-dashed border-zinc-300 p-6 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          No startup dependencies found{namespace ? ` in namespace ${namespace}` : ""}: no init container or ordering annotation waits on another object.
        </p>
      ) : (
        // The graph takes the full width (the widest chains need it to be readable); the
        // diagnostics go beside it only on very wide screens.
        <div className="grid gap-4 min-[1800px]:grid-cols-[minmax(0,1fr)_26rem]">
          <ChainGraph nodes={data.nodes} edges={data.edges} order={order} namespace={namespace} selected={openNode?.id} onOpen={setOpen} />
          <aside aria-label="Diagnostics" className="max-h-[900px] overflow-auto">
            <h2 className="mb-2 text-sm font-semibold">Diagnostics ({data.diagnostics.length})</h2>
            <Diagnostics diagnostics={data.diagnostics} nodes={data.nodes} />
          </aside>
        </div>
      )}
      {data.chains.length > 0 && (
        <section className="mt-6" aria-labelledby="chain-list-title">
          <h2 id="chain-list-title" className="mb-2 text-sm font-semibold">
            As a list
          </h2>
          <ChainList chains={data.chains} nodes={data.nodes} edges={data.edges} />
        </section>
      )}
      {openNode && <NodePanel node={openNode} byId={byId} edges={data.edges} diagnostics={data.diagnostics} onClose={close} onOpen={setOpen} />}
    </>
  );
}

/** The chains page in grey under its real title: the counts, the drawing area (as tall as the graph's first guess) and the list. */
function ChainsSkeleton({ title, what }: { title: string; what: string }) {
  return (
    <>
      <div className="mb-1 flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">{title}</h1>
        <Bone className="h-4 w-40" />
      </div>
      <div className="mb-3 flex min-h-6 items-center">
        <Bone className="h-4 w-64" />
      </div>
      <Loading what={what}>
        <div className="h-[300px] rounded border border-zinc-200 p-4 dark:border-zinc-800">
          <div className="flex h-full items-center gap-10">
            {[0, 1, 2].map((i) => (
              <Bone key={i} className="h-14 w-48" />
            ))}
          </div>
        </div>
        <div className="mt-6">
          <Bone className="mb-2 h-5 w-24" />
          <LinesSkeleton rows={4} row="h-6" />
        </div>
      </Loading>
    </>
  );
}

export function ChainsView() {
  const namespace = useNamespace();
  const { data, error, isPending } = useChains(namespace);
  return (
    <div className="px-3 py-4 sm:px-6">
      {error && <ErrorNote error={error} />}
      {isPending && !data && <ChainsSkeleton title={namespace ? `Chains in ${namespace}` : "Chains in all namespaces"} what="chains" />}
      {data && <Body data={data} namespace={namespace} title={namespace ? `Chains in ${namespace}` : "Chains in all namespaces"} />}
    </div>
  );
}

export function OneChainView({ namespace, kind, name }: { namespace: string; kind: string; name: string }) {
  const params = useSearchParams();
  const { data, error, isPending } = useChain(namespace, kind, name);
  // Deleted while open, or opened before the source synced (the server answers 404 itself otherwise).
  if (error instanceof ApiRequestError && error.status === 404) return <NotFound />;
  return (
    <div className="px-3 py-4 sm:px-6">
      <p className="mb-2 text-sm">
        <Link className="text-sky-800 underline dark:text-sky-300" href={withFrameParams("/chains", params)}>
          ← All chains
        </Link>
      </p>
      {error && <ErrorNote error={error} />}
      {isPending && !data && <ChainsSkeleton title={`Chain of ${kind}/${name} (${namespace})`} what="the chain" />}
      {data && <Body data={data} namespace={namespace} title={`Chain of ${kind}/${name} (${namespace})`} />}
    </div>
  );
}

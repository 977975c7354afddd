"use client";
// Diagnostics beside the graph, worst first, each with its fix to copy and a link to the SA.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { CopyButton } from "@/components/ui/CopyButton";
import { withFrameParams } from "@/lib/client/url";
import type { ChainNode, Diagnostic } from "@/lib/api/wire";
import { SEVERITY_STYLE } from "./health";

export function Diagnostics({ diagnostics, nodes }: { diagnostics: Diagnostic[]; nodes: ChainNode[] }) {
  const params = useSearchParams();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  if (!diagnostics.length) return <p className="text-sm text-zinc-500">No problems found in these chains.</p>;
  return (
    <ol className="space-y-3" aria-label="Diagnostics, worst first">
      {diagnostics.map((d, i) => {
        const s = SEVERITY_STYLE[d.severity];
        return (
          <li key={`${d.code}-${i}`} data-testid="diagnostic" data-code={d.code} data-severity={d.severity} className={`rounded border-l-4 px-3 py-2 text-sm [contain-intrinsic-size:auto_8rem] [content-visibility:auto] ${s.cls}`}>
            <div className="flex items-center gap-2 text-xs font-semibold uppercase tracking-wide">
              <span aria-hidden>{s.icon}</span>
              <span>{s.label}</span>
              <code className="font-mono normal-case">{d.code}</code>
            </div>
            <p className="mt-1 break-words">{d.message}</p>
            <p className="mt-1 text-xs opacity-80">
              {d.nodes.map((id) => {
                const n = byId.get(id);
                return n ? `${n.kind}/${n.name}` : id;
              }).join(" · ")}
            </p>
            {d.serviceAccount && (
              <Link
                className="mt-1 inline-block text-xs font-medium text-sky-800 underline dark:text-sky-300"
                href={withFrameParams(`/serviceaccounts/${encodeURIComponent(d.serviceAccount.namespace)}/${encodeURIComponent(d.serviceAccount.name)}`, params)}
              >
                ServiceAccount {d.serviceAccount.namespace}/{d.serviceAccount.name} →
              </Link>
            )}
            {d.fix && (
              <div className="mt-2">
                <div className="flex items-center justify-between">
                  <span className="text-xs font-semibold">Fix</span>
                  <CopyButton text={d.fix} label="Copy fix" />
                </div>
                {/* Scrolls when long: focusable so a keyboard can scroll it, named for screen readers. */}
                <pre tabIndex={0} role="region" aria-label={`Fix for ${d.nodes[0] ?? d.code} (YAML)`} className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-white/70 p-2 font-mono text-xs text-zinc-800 dark:bg-black/40 dark:text-zinc-200">{d.fix}</pre>
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import type { StatusView } from "@/lib/api/types";
import { useStatus } from "@/lib/client/queries";
import { SignedInUser } from "@/components/auth/SignedInUser";
import { NamespacePicker } from "./NamespacePicker";
import { SearchBox } from "./SearchBox";
import { SyncState } from "./SyncState";

const MODE_LABEL: Record<StatusView["source"]["mode"], string> = {
  cluster: "context",
  "in-cluster": "in-cluster",
  manifests: "manifests",
  examples: "source",
};

/** Below 768 px it wraps: the menu button, name and state on one line, the namespace and the search box below. */
export function TopBar({ menuButton }: { menuButton?: ReactNode }) {
  const { data: status } = useStatus();
  return (
    <header className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-2 border-b border-zinc-200 px-4 py-2 md:h-12 md:flex-nowrap md:py-0 dark:border-zinc-800">
      {menuButton}
      <Link href="/serviceaccounts" className="text-base font-semibold tracking-tight">
        Rolecall
      </Link>
      {status && (
        <span className="flex min-w-[6rem] shrink items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400" data-testid="source">
          <span className="hidden text-zinc-400 lg:inline">{MODE_LABEL[status.source.mode]}</span>
          <span className="truncate font-mono text-zinc-800 dark:text-zinc-200" title={status.source.label}>
            {status.source.label}
          </span>
          {status.source.serverVersion && (
            <span className="hidden font-mono text-zinc-400 lg:inline" title="Kubernetes version the API server reports" data-testid="server-version">
              v{status.source.serverVersion}
            </span>
          )}
        </span>
      )}
      <SyncState status={status} />
      {status && status.notPermitted.length > 0 && (
        <span
          className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-900/40 dark:text-amber-200"
          title="Rolecall's identity may not list these kinds; views that need them are incomplete."
          data-testid="not-permitted"
        >
          not permitted: {status.notPermitted.join(", ")}
        </span>
      )}
      {status && status.problems.length > 0 && (
        <details className="relative text-xs">
          <summary className="cursor-pointer rounded bg-red-100 px-1.5 py-0.5 text-red-900 dark:bg-red-900/40 dark:text-red-200">
            {status.problems.length} manifest problem{status.problems.length === 1 ? "" : "s"}
          </summary>
          <ul className="absolute z-30 mt-1 max-h-80 w-[min(32rem,calc(100vw-2rem))] overflow-auto rounded border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
            {status.problems.map((p, i) => (
              <li key={i} className="py-1">
                <span className="font-mono">
                  {p.file}
                  {p.line ? `:${p.line}` : ""}
                </span>{" "}
                {p.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="flex w-full min-w-0 items-center gap-3 md:ml-auto md:w-auto">
        <SignedInUser />
        <NamespacePicker namespaces={status?.namespaces ?? []} />
        <SearchBox />
      </div>
    </header>
  );
}

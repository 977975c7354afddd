"use client";
import { useNamespace, useSetParams } from "@/lib/client/url";

export function NamespacePicker({ namespaces }: { namespaces: string[] }) {
  const current = useNamespace();
  const setParams = useSetParams();
  const options = current && !namespaces.includes(current) ? [current, ...namespaces] : namespaces;
  return (
    <label className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
      <span className="hidden lg:inline">Namespace</span>
      <select
        aria-label="Namespace"
        value={current ?? ""}
        onChange={(e) => setParams({ namespace: e.target.value || undefined }, "push")}
        className="rounded border border-zinc-300 bg-white px-1.5 py-1 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <option value="">All namespaces</option>
        {options.map((ns) => (
          <option key={ns} value={ns}>
            {ns}
          </option>
        ))}
      </select>
    </label>
  );
}

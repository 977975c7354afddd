import type { BuiltInView, Health, SeverityCounts, TokenMount } from "@/lib/api/types";

const HEALTH: Record<Health, { icon: string; label: string; cls: string }> = {
  healthy: { icon: "●", label: "Healthy", cls: "text-emerald-700 dark:text-emerald-400" },
  progressing: { icon: "◌", label: "Progressing", cls: "text-sky-700 dark:text-sky-400" },
  suspended: { icon: "❚❚", label: "Suspended", cls: "text-zinc-500" },
  missing: { icon: "▲", label: "Missing", cls: "text-amber-700 dark:text-amber-400" },
  degraded: { icon: "✕", label: "Degraded", cls: "text-red-700 dark:text-red-400" },
  unknown: { icon: "?", label: "Unknown", cls: "text-zinc-500" },
};

/** Health with an icon and words, never colour alone. */
export function HealthBadge({ health, status }: { health: Health; status: string }) {
  const h = HEALTH[health];
  return (
    <span className={`inline-flex items-center gap-1.5 text-xs ${h.cls}`} title={h.label}>
      <span aria-hidden className={health === "progressing" ? "animate-spin [animation-duration:3s]" : undefined}>
        {h.icon}
      </span>
      <span className="sr-only">{h.label}:</span>
      <span className="text-zinc-700 dark:text-zinc-300">{status}</span>
    </span>
  );
}

const DECIDED: Record<TokenMount["decidedBy"], string> = {
  pod: "set on the pod",
  serviceaccount: "from the ServiceAccount",
  default: "default",
};

export function TokenBadge({ token }: { token: TokenMount }) {
  return (
    <span className="inline-flex items-center gap-1 text-xs" title={`automountServiceAccountToken: ${DECIDED[token.decidedBy]}`}>
      <span className={token.mounted ? "font-medium text-amber-800 dark:text-amber-300" : "text-zinc-500"}>{token.mounted ? "token mounted" : "no token"}</span>
      <span className="text-zinc-400">({DECIDED[token.decidedBy]})</span>
    </span>
  );
}

export function AutomountValue({ value }: { value: boolean | undefined }) {
  if (value === undefined) return <span title="automountServiceAccountToken is not set: tokens are mounted">yes <span className="text-zinc-400">(default)</span></span>;
  return <span>{value ? "yes" : "no"}</span>;
}

const SEVERITY: Record<string, string> = {
  critical: "bg-red-600 text-white",
  high: "bg-orange-100 text-orange-900 dark:bg-orange-900/50 dark:text-orange-200",
  medium: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200",
  low: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
};

const SEVERITY_ORDER = ["critical", "high", "medium", "low"] as const;

/** How many findings of each severity, worst first ("1 critical 1 medium"): never a total that reads as all of the worst kind. */
export function FindingCounts({ counts }: { counts: SeverityCounts }) {
  const present = SEVERITY_ORDER.filter((s) => counts[s]);
  return (
    <span className="inline-flex flex-wrap gap-1" data-testid="finding-counts" {...Object.fromEntries(present.map((s) => [`data-${s}`, counts[s]]))}>
      {present.map((s) => (
        <span key={s} className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ${SEVERITY[s]}`}>
          {counts[s]} {s}
        </span>
      ))}
    </span>
  );
}

const BUILT_IN_TITLE: Record<BuiltInView, string> = {
  assumed: "Not in the manifests: part of the bootstrap policy every Kubernetes cluster has, so Rolecall assumes it",
  cluster: "Part of Kubernetes' bootstrap policy: the API server created it",
};

/** "built-in" for the bootstrap policy's roles and bindings; nothing for others. */
export function BuiltInBadge({ builtIn }: { builtIn?: BuiltInView }) {
  if (!builtIn) return null;
  return (
    <span className="rounded bg-zinc-100 px-1 text-xs font-normal text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400" title={BUILT_IN_TITLE[builtIn]} data-testid="built-in">
      built-in
    </span>
  );
}

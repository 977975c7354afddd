// Health colours with icons and words, never colour alone (UX.md "Colours for health").
import type { DiagnosticSeverity as Severity, Health } from "@/lib/api/wire";

export const HEALTH_STYLE: Record<Health, { icon: string; cls: string; border: string; bg: string }> = {
  Healthy: { icon: "✓", cls: "text-emerald-700 dark:text-emerald-400", border: "border-emerald-500", bg: "bg-emerald-50 dark:bg-emerald-950/40" },
  Progressing: { icon: "◌", cls: "text-sky-700 dark:text-sky-400", border: "border-sky-500", bg: "bg-sky-50 dark:bg-sky-950/40" },
  Suspended: { icon: "❚❚", cls: "text-zinc-500", border: "border-zinc-400", bg: "bg-zinc-50 dark:bg-zinc-900" },
  Missing: { icon: "▲", cls: "text-amber-700 dark:text-amber-400", border: "border-amber-500", bg: "bg-amber-50 dark:bg-amber-950/40" },
  // An error holds it (deadlock, missing target, failed upstream): it can never finish as things are.
  Blocked: { icon: "⊘", cls: "text-orange-700 dark:text-orange-400", border: "border-orange-600", bg: "bg-orange-50 dark:bg-orange-950/40" },
  Degraded: { icon: "✕", cls: "text-red-700 dark:text-red-400", border: "border-red-500", bg: "bg-red-50 dark:bg-red-950/40" },
  Unknown: { icon: "?", cls: "text-zinc-500", border: "border-zinc-400", bg: "bg-zinc-50 dark:bg-zinc-900" },
};

/** `spin`: the Progressing spinner; off in long lists and big graphs (hundreds of animations cost paint). */
export function HealthIcon({ health, spin = false }: { health: Health; spin?: boolean }) {
  const h = HEALTH_STYLE[health];
  return (
    <span aria-hidden className={`${h.cls} inline-block w-4 text-center ${spin && health === "Progressing" ? "motion-safe:animate-spin [animation-duration:3s]" : ""}`}>
      {h.icon}
    </span>
  );
}

export function HealthWord({ health }: { health: Health }) {
  return (
    <span className={`inline-flex items-center gap-1 text-xs font-medium ${HEALTH_STYLE[health].cls}`}>
      <HealthIcon health={health} />
      {health}
    </span>
  );
}

export const SEVERITY_STYLE: Record<Severity, { icon: string; cls: string; label: string }> = {
  error: { icon: "✕", cls: "border-red-400 bg-red-50 text-red-900 dark:bg-red-950/40 dark:text-red-100", label: "Error" },
  warning: { icon: "!", cls: "border-amber-400 bg-amber-50 text-amber-900 dark:bg-amber-950/40 dark:text-amber-100", label: "Warning" },
  info: { icon: "i", cls: "border-sky-400 bg-sky-50 text-sky-900 dark:bg-sky-950/40 dark:text-sky-100", label: "Info" },
};

export const KIND_ABBR: Record<string, string> = {
  Job: "Job",
  CronJob: "CronJob",
  Deployment: "Deploy",
  StatefulSet: "STS",
  DaemonSet: "DS",
  ReplicaSet: "RS",
  Pod: "Pod",
  Service: "Svc",
  Selector: "Sel",
  Kustomization: "KS", // as `flux get ks`
  HelmRelease: "HR",
};

// The waits of one pod template: every init container (and loop conditions or explicit wait
// tools in the other containers), with their commands built as the kubelet would.
import type { PodSpec } from "@/lib/store/types";
import { buildCommand, containerEnv, shellLookup } from "./cmdline";
import { parseCommand } from "./parsers";
import { redact } from "./redact";
import { UNRESOLVED_END, UNRESOLVED_START, isUnresolved, unresolvedReason } from "./shell";
import type { Wait } from "./types";

/** A marker-free, credential-free text for display. */
export function displayText(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] === UNRESOLVED_START) {
      const j = s.indexOf(UNRESOLVED_END, i);
      const reason = s.slice(i + 1, j < 0 ? undefined : j);
      out += reason.split(" (")[0];
      i = j < 0 ? s.length : j;
    } else out += s[i];
  }
  return redact(out);
}

/**
 * The reason as shown. Reasons naming a variable (`$DB_HOST (from a Secret)`) are safe; those
 * quoting script text (`$(vault read --token=…)`, `${…}`) were read after kubelet $(VAR)
 * expansion, so they may hold env values or credentials: name the construct only (the
 * redacted command, shown alongside, says which).
 */
export function reasonText(reason: string): string {
  if (reason.startsWith("$((")) return "an arithmetic expansion";
  if (reason.startsWith("$(") || reason.startsWith("`")) return "a command substitution";
  if (reason.startsWith("${")) return "a shell expansion";
  return redact(reason);
}

function markUnresolved(w: Wait): Wait {
  const t = w.target;
  const parts = t.type === "host" ? [t.host] : [t.namespace ?? "", t.name ?? "", t.selectorText ?? ""];
  for (const p of parts) {
    if (isUnresolved(p)) {
      w.unresolved = reasonText(unresolvedReason(p) ?? "unknown value");
      return w;
    }
  }
  return w;
}

export function templateWaits(spec: PodSpec, namespace: string): Wait[] {
  const out: Wait[] = [];
  const containers = [
    ...(spec.initContainers ?? []).map((c) => ({ c, init: true })),
    ...(spec.containers ?? []).map((c) => ({ c, init: false })),
  ];
  for (const { c, init } of containers) {
    const built = buildCommand(c, namespace);
    if (!built) continue;
    const env = shellLookup(containerEnv(c, namespace), namespace);
    for (const cmd of built.commands) {
      const waits = parseCommand(cmd.argv, {
        namespace,
        container: c.name,
        ...(c.image ? { image: c.image } : {}),
        command: displayText(cmd.written),
        env,
        probesAreWaits: init || cmd.inLoopCondition,
      });
      for (const w of waits) out.push(markUnresolved(w));
    }
  }
  return out;
}

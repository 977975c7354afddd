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

function markUnresolved(w: Wait): Wait {
  const t = w.target;
  const parts = t.type === "host" ? [t.host] : [t.namespace ?? "", t.name ?? "", t.selectorText ?? ""];
  for (const p of parts) {
    if (isUnresolved(p)) {
      w.unresolved = unresolvedReason(p) ?? "unknown value";
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

// The waits of one pod template: every init container (and loop conditions or explicit wait
// tools in the other containers), with their commands built as the kubelet would.
import type { Container, EnvVar, PodSpec } from "@/lib/store/types";
import { buildCommand, containerEnv, shellLookup } from "./cmdline";
import { parseCommand } from "./parsers";
import { redact } from "./redact";
import { UNRESOLVED_END, UNRESOLVED_START, isUnresolved, unresolvedReason } from "./shell";
import type { Wait } from "./types";

/** A marker-free, credential-free text for display. */
export function displayText(s: string): string {
  if (!s.includes(UNRESOLVED_START)) return redact(s);
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

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const scalar = (v: unknown): v is string | number | boolean => typeof v === "string" || typeof v === "number" || typeof v === "boolean";
const words = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter(scalar).map(String) : undefined);
/** Without command or args a container runs its image's entrypoint alone: no wait to read. */
const hasCommand = (c: Record<string, unknown>) => (Array.isArray(c.command) && c.command.length > 0) || (Array.isArray(c.args) && c.args.length > 0);

const strings = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === "string"));
/** Already shaped as the parsers expect (every container an API server returns). */
const clean = (c: Record<string, unknown>) =>
  typeof c.name === "string" &&
  (c.image === undefined || typeof c.image === "string") &&
  strings(c.command) &&
  strings(c.args) &&
  (c.env === undefined || (Array.isArray(c.env) && c.env.every((e) => isObject(e) && typeof e.name === "string" && (e.value === undefined || typeof e.value === "string"))));

/**
 * A container as the parsers expect it. Manifests are not validated by an API server: null
 * entries are dropped, numbers in command/args/env values become the text YAML meant, and
 * anything else (a string command, an env map) is left out rather than thrown on.
 */
function wellFormed(c: unknown): Container | undefined {
  if (!isObject(c) || !hasCommand(c)) return undefined;
  if (clean(c)) return c as unknown as Container; // what an API server returns: no copy needed
  const env: EnvVar[] = [];
  if (Array.isArray(c.env)) {
    for (const e of c.env) {
      if (!isObject(e) || typeof e.name !== "string") continue;
      const v: EnvVar = { name: e.name };
      if (scalar(e.value)) v.value = String(e.value);
      if (e.valueFrom !== undefined && e.valueFrom !== null) v.valueFrom = e.valueFrom;
      env.push(v);
    }
  }
  const out: Container = { name: typeof c.name === "string" ? c.name : "" };
  if (typeof c.image === "string") out.image = c.image;
  const command = words(c.command);
  if (command) out.command = command;
  const args = words(c.args);
  if (args) out.args = args;
  out.env = env;
  return out;
}

export function templateWaits(spec: PodSpec, namespace: string): Wait[] {
  const out: Wait[] = [];
  if (!isObject(spec)) return out;
  if (Array.isArray(spec.initContainers)) for (const raw of spec.initContainers as unknown[]) containerWaits(raw, true, namespace, out);
  if (Array.isArray(spec.containers)) for (const raw of spec.containers as unknown[]) containerWaits(raw, false, namespace, out);
  return out;
}

function containerWaits(raw: unknown, init: boolean, namespace: string, out: Wait[]): void {
  const c = wellFormed(raw);
  if (!c) return;
  const vars = containerEnv(c, namespace);
  const built = buildCommand(c, namespace, vars);
  if (!built) return;
  const env = shellLookup(vars, namespace);
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

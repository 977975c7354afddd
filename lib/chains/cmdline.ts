// The command line a container runs, built as the kubelet does: `command` replaces the
// image entrypoint, `args` alone are appended to it; `$(VAR)` comes from the container's
// literal env (valueFrom stays unknown), `$$` escapes. Then `sh -c` scripts are split into
// commands with $VAR expanded from the same env.
import type { Container, EnvVar } from "@/lib/store/types";
import { parseScript, unresolvedMarker, type ShellCommand, type VarLookup } from "./shell";

/** Entrypoints of images whose entrypoint matters for `args`-only containers. */
const ENTRYPOINTS: [RegExp, string[]][] = [
  [/(^|\/)groundnuty\/k8s-wait-for$/, ["/usr/local/bin/wait_for.sh"]],
  [/(^|\/)(bitnami|rancher)\/kubectl$/, ["kubectl"]],
  [/(^|\/)(jwilder|powerman)\/dockerize$/, ["dockerize"]],
  [/(^|\/)(atkrad|wait4x)\/wait4x$/, ["wait4x"]],
  [/(^|\/)alpine\/k8s$/, []],
];

const ENTRYPOINT_NAMES = new Set(["k8s-wait-for", "kubectl", "k8s-kubectl", "dockerize", "wait4x", "k8s"]);

/** Image name without registry port confusion, tag or digest: `ghcr.io/groundnuty/k8s-wait-for`. */
export function imageRepository(image: string): string {
  const at = image.indexOf("@");
  let s = at < 0 ? image : image.slice(0, at);
  const slash = s.lastIndexOf("/");
  const colon = s.lastIndexOf(":");
  if (colon > slash) s = s.slice(0, colon);
  return s;
}
export function imageTag(image: string): string | undefined {
  const at = image.indexOf("@");
  const s = at < 0 ? image : image.slice(0, at);
  const slash = s.lastIndexOf("/");
  const colon = s.lastIndexOf(":");
  return colon > slash ? s.slice(colon + 1) : undefined;
}

export function imageEntrypoint(image: string | undefined): string[] | undefined {
  if (!image) return undefined;
  const repo = imageRepository(image);
  // Every pattern below ends in one of these names: skip the regexes for other images.
  if (!ENTRYPOINT_NAMES.has(repo.slice(repo.lastIndexOf("/") + 1))) return undefined;
  for (const [re, ep] of ENTRYPOINTS) if (re.test(repo)) return ep;
  // Images named …/kubectl run kubectl (e.g. registry.k8s.io/kubectl, lachlanevenson/k8s-kubectl).
  if (/(^|\/)(k8s-)?kubectl$/.test(repo)) return ["kubectl"];
  return undefined;
}

/** A variable's value for expansion: a string, possibly holding an unresolved marker. */
export type EnvValues = ReadonlyMap<string, string>;

function describeValueFrom(v: EnvVar): string {
  const vf = (v.valueFrom ?? {}) as Record<string, unknown>;
  if (vf.secretKeyRef) return `$${v.name} (from a Secret)`;
  if (vf.configMapKeyRef) return `$${v.name} (from a ConfigMap)`;
  if (vf.fieldRef) return `$${v.name} (from the pod's fields)`;
  if (vf.resourceFieldRef) return `$${v.name} (from resources)`;
  return `$${v.name} (from valueFrom)`;
}

/** Kubernetes `$(VAR)` expansion (third_party/forked/golang/expansion). */
export function expandKubeletVars(input: string, vars: EnvValues): string {
  if (!input.includes("$")) return input;
  let out = "";
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c !== "$" || i + 1 >= input.length) {
      out += c;
      continue;
    }
    const n = input[i + 1];
    if (n === "$") {
      out += "$";
      i++;
    } else if (n === "(") {
      const end = input.indexOf(")", i + 2);
      if (end < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, end);
      const v = vars.get(name);
      out += v === undefined ? `$(${name})` : v;
      i = end;
    } else out += c;
  }
  return out;
}

/** The env of a container without any (read only: callers only look values up). */
const NO_ENV: EnvValues = new Map();

/**
 * The env as the container sees it: literal values expanded in order; the downward-API
 * namespace (fieldRef metadata.namespace) is the pod's namespace; other valueFrom values
 * are unresolved markers.
 */
export function containerEnv(container: Container, namespace: string): EnvValues {
  if (!container.env?.length) return NO_ENV;
  const vars = new Map<string, string>();
  for (const e of container.env ?? []) {
    if (e.valueFrom !== undefined && e.valueFrom !== null) {
      const fieldPath = ((e.valueFrom as { fieldRef?: { fieldPath?: string } }).fieldRef ?? {}).fieldPath;
      if (fieldPath === "metadata.namespace") vars.set(e.name, namespace);
      else vars.set(e.name, unresolvedMarker(describeValueFrom(e)));
    } else vars.set(e.name, expandKubeletVars(e.value ?? "", vars));
  }
  return vars;
}

/** Shell variable lookup over the env, the pod namespace and injected `<SVC>_SERVICE_HOST`. */
export function shellLookup(vars: EnvValues, namespace: string): VarLookup {
  return (name) => {
    if (name === "\0namespace") return namespace;
    const v = vars.get(name);
    if (v !== undefined) return v;
    if (name === "POD_NAMESPACE" || name === "MY_POD_NAMESPACE") return namespace;
    // Kubernetes injects <SVC>_SERVICE_HOST for Services of the pod's namespace.
    const m = /^([A-Z0-9_]+)_SERVICE_HOST$/.exec(name);
    if (m) return m[1].toLowerCase().replace(/_/g, "-");
    return undefined;
  };
}

const SHELLS = /^(?:.*\/)?(sh|bash|ash|dash|zsh|ksh|busybox sh)$/;

export interface BuiltCommand {
  /** argv after kubelet expansion. */
  argv: string[];
  /** The argv as written (for display, after redaction). */
  written: string[];
  /** Simple commands: the argv itself, or the commands of a `sh -c` script. */
  commands: (ShellCommand & { written: string })[];
}

/** The command the kubelet would run, split into simple commands (`env`: containerEnv(container, namespace), if the caller has it). */
export function buildCommand(container: Container, namespace: string, env?: EnvValues): BuiltCommand | undefined {
  const entry = container.command?.length ? container.command : imageEntrypoint(container.image);
  const written = [...(entry ?? (container.args?.length ? ["<entrypoint>"] : [])), ...(container.args ?? [])];
  if (!entry) return written.length ? { argv: written, written, commands: [] } : undefined;
  const vars = env ?? containerEnv(container, namespace);
  // Most command lines hold no `$(VAR)`: then the argv is the written one.
  const argv = written.some((a) => a.includes("$")) ? written.map((a) => expandKubeletVars(a, vars)) : written;
  const lookup = shellLookup(vars, namespace);
  let args = argv;
  let offset = 0;
  // `busybox sh -c`, `/bin/sh -c`, `bash -ec`, `sh -o pipefail -c`
  if (args[0] && /(^|\/)busybox$/.test(args[0])) {
    args = args.slice(1);
    offset = 1;
  }
  if (args[0] && SHELLS.test(args[0])) {
    for (let i = 1; i < args.length; i++) {
      const a = args[i];
      if (a === "-o" || a === "+o") {
        i++;
        continue;
      }
      if (/^-[a-z]*c[a-z]*$/.test(a)) {
        const script = args[i + 1] ?? "";
        // Parse again with variables left as written: same commands, nothing from env shown.
        const writtenScript = written[offset + i + 1] ?? "";
        const parsed = parseScript(script, lookup);
        // Without `$` or backticks the written script expands to itself.
        const shown = /[$`]/.test(writtenScript)
          ? parseScript(writtenScript, (name) => (name === "\0namespace" ? "$(namespace)" : `$${name}`))
          : parsed;
        // A kubelet $(VAR) holding `;` or a loop splits the expanded script differently: then
        // every command shows the script as written (never the expanded argv, which holds env values).
        const aligned = shown.length === parsed.length;
        return {
          argv,
          written,
          commands: parsed.map((c, k) => ({ argv: c.argv, inLoopCondition: c.inLoopCondition, written: aligned ? joinArgv(shown[k].argv) : writtenScript })),
        };
      }
      if (!a.startsWith("-")) break; // sh script.sh: a script file we cannot read
    }
    return { argv, written, commands: [] };
  }
  return { argv, written, commands: [{ argv, inLoopCondition: false, written: joinArgv(written) }] };
}

/** Words joined for display, quoting those with spaces. */
const NEEDS_QUOTES = /[\s"']/;
export function joinArgv(argv: string[]): string {
  let out = "";
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (i) out += " ";
    out += NEEDS_QUOTES.test(w) || w === "" ? `'${w.replace(/'/g, "'\\''")}'` : w;
  }
  return out;
}

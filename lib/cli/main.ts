// `rolecall check` and `rolecall diff`: arguments, reading, the engines, the report, the exit
// code. Exit codes as kubeconform and conftest use them: 0 nothing at or above the threshold,
// 1 something is, 2 bad usage or input that cannot be read (with file and line; nothing else
// is reported then, so a broken render never passes as clean).
import { BOOTSTRAP_POLICY_VERSION } from "@/lib/k8s/bootstrap-policy";
import { invalidNamespace } from "@/lib/source/names";
import type { Snapshot } from "@/lib/store/types";
import { parseArgs, UsageError, type FlagSpec } from "./args";
import { check, snapshotOf, type FailOn } from "./check";
import { diff, GAIN_THRESHOLDS, type GainThreshold } from "@/lib/rbac/diff";
import { checkJson, checkJunit, checkSarif, checkText, FORMATS, type Format } from "./format-check";
import { diffJson, diffJunit, diffSarif, diffText } from "./format-diff";
import { readInputs, type FileReader, type Inputs, type Location } from "./inputs";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Standard input, read whole (for `-`). */
  stdin?: () => Buffer;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** The package's version (bin/rolecall.mjs reads it from package.json). */
  version?: string;
  /** Parses the manifest files (default: one after the other, in this thread). */
  reader?: FileReader;
  /** The live cluster's snapshot (for --live); replaced in tests. */
  live?: (env: Record<string, string | undefined>) => Promise<Snapshot>;
}

/** "1.37": the newest Kubernetes whose bootstrap RBAC policy Rolecall carries. */
export const NEWEST_CLUSTER_VERSION = /^v?(\d+\.\d+)/.exec(BOOTSTRAP_POLICY_VERSION)![1];

const USAGE = `Usage:
  rolecall check PATH... [options]     chains diagnostics and RBAC findings of manifests
  rolecall check --live [options]      the same for the current kubeconfig's cluster
  rolecall diff BEFORE AFTER [options] permissions gained and lost per subject, with their risk
  rolecall diff --live AFTER [options] what AFTER would change, compared with the cluster

PATH is a file or a folder of YAML/JSON manifests (multi-document, kind: List, recursive),
or - for standard input (helm template ... | rolecall check -).

check options:
  -o, --format text|json|sarif|junit   report format (default text)
  --fail-on error|warning|never        exit 1 on a diagnostic or finding at or above this
                                       level (default error; critical and high findings are
                                       errors, medium ones warnings, low ones notes)
  --namespace NS                       where objects without metadata.namespace go, as
                                       kubectl apply -n NS (default: default)
  --cluster-version X.Y                the Kubernetes version deployed to (default ${NEWEST_CLUSTER_VERSION},
                                       the newest whose bootstrap RBAC policy Rolecall knows)
  --ignore-unknown-kinds               skip documents of kinds neither Kubernetes nor the
                                       input's CRDs define (default: they are errors, exit 2)
  --live                               read the cluster of the current kubeconfig
                                       (KUBECONFIG, ROLECALL_CONTEXT) instead of files
diff options:
  -o, --format text|json|sarif|junit
  --fail-on-gain critical|high|medium|never
                                       exit 1 when a subject gains a permission of this risk
                                       or worse (default high)
  --namespace NS, --cluster-version X.Y, --ignore-unknown-kinds, --live  as for check

Exit codes: 0 nothing at or above the threshold, 1 something is, 2 bad usage or unreadable
input (each problem with its file and line).
`;

const COMMON: Record<string, FlagSpec> = {
  format: { value: true, choices: FORMATS, short: "o" },
  namespace: { value: true },
  "cluster-version": { value: true },
  "ignore-unknown-kinds": {},
  live: {},
  help: { short: "h" },
};
const CHECK_FLAGS: Record<string, FlagSpec> = { ...COMMON, "fail-on": { value: true, choices: ["error", "warning", "never"] } };
const DIFF_FLAGS: Record<string, FlagSpec> = { ...COMMON, "fail-on-gain": { value: true, choices: GAIN_THRESHOLDS } };

/** Runs the command line; resolves to the exit code. Never throws for bad input. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === "--version" || command === "version") {
      io.stdout(`rolecall ${io.version ?? "(unknown version)"} (RBAC bootstrap policy of Kubernetes ${BOOTSTRAP_POLICY_VERSION})\n`);
      return 0;
    }
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === "check") return await runCheck(rest, io);
    if (command === "diff") return await runDiff(rest, io);
    throw new UsageError(`unknown command "${command}" (check or diff)`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`rolecall: ${e.message}\nRun \`rolecall --help\` for usage.\n`);
      return 2;
    }
    // No stack trace for the user: what failed, in one line (ROLECALL_DEBUG=1 shows the trace).
    const env = io.env ?? process.env;
    io.stderr(`rolecall: ${env.ROLECALL_DEBUG ? ((e as Error).stack ?? String(e)) : ((e as Error).message ?? String(e))}\n`);
    return 2;
  }
}

function clusterVersion(flag: string | true | undefined): string {
  if (typeof flag !== "string") return NEWEST_CLUSTER_VERSION;
  const m = /^v?(\d+)\.(\d+)(\.\d+)?$/.exec(flag);
  if (!m) throw new UsageError(`--cluster-version must look like 1.34 (got "${flag}")`);
  const [nMaj, nMin] = NEWEST_CLUSTER_VERSION.split(".").map(Number);
  const maj = Number(m[1]);
  const min = Number(m[2]);
  if (maj > nMaj || (maj === nMaj && min > nMin)) throw new UsageError(`--cluster-version ${flag}: Rolecall knows the bootstrap RBAC policy up to Kubernetes ${NEWEST_CLUSTER_VERSION}`);
  return `${maj}.${min}`;
}

async function read(paths: readonly string[], flags: Map<string, string | true>, io: Io): Promise<Inputs | number> {
  const ns = flags.get("namespace");
  const bad = typeof ns === "string" ? invalidNamespace(ns) : undefined;
  if (bad) throw new UsageError(`--namespace "${ns}" is not a namespace name (${bad})`);
  const inputs = await readInputs(paths, {
    ...(io.reader ? { reader: io.reader } : {}),
    namespace: flags.get("namespace") as string | undefined,
    ignoreUnknownKinds: flags.has("ignore-unknown-kinds"),
    ...(io.stdin ? { stdin: io.stdin } : {}),
    ...(io.cwd ? { cwd: io.cwd } : {}),
  });
  if (!inputs.problems.length) return inputs;
  for (const p of inputs.problems) io.stderr(`${p.file}${p.line ? `:${p.line}` : ""}: error: ${p.message}\n`);
  io.stderr(`rolecall: ${inputs.problems.length} problem${inputs.problems.length === 1 ? "" : "s"} in the input; nothing was checked\n`);
  return 2;
}

async function liveSnapshot(io: Io): Promise<Snapshot> {
  const env = io.env ?? process.env;
  if (io.live) return io.live(env);
  // the live source logs JSON to stdout, where the report goes
  if (!env.ROLECALL_DEBUG) process.env.ROLECALL_LOG_LEVEL = "silent";
  const { readLiveSnapshot } = await import("./live");
  return readLiveSnapshot(env);
}

async function runCheck(argv: readonly string[], io: Io): Promise<number> {
  const { flags, positionals } = parseArgs(argv, CHECK_FLAGS);
  if (flags.has("help")) {
    io.stdout(USAGE);
    return 0;
  }
  const format = (flags.get("format") as Format | undefined) ?? "text";
  const failOn = (flags.get("fail-on") as FailOn | undefined) ?? "error";
  const version = clusterVersion(flags.get("cluster-version"));
  let inputs: Inputs;
  let snap: Snapshot | undefined;
  if (flags.has("live")) {
    if (positionals.length) throw new UsageError("check --live reads the cluster: give no PATH");
    snap = await liveSnapshot(io);
    inputs = { objects: [], resources: [], locations: new Map(), placed: new Set(), problems: [], files: [], namespace: "" };
  } else {
    if (!positionals.length) throw new UsageError("check needs a PATH (a file, a folder, or - for standard input)");
    const r = await read(positionals, flags, io);
    if (typeof r === "number") return r;
    inputs = r;
  }
  const report = check(inputs, { failOn, clusterVersion: snap?.source.serverVersion ?? version, ...(snap ? { snapshot: snap } : { bootstrapPolicy: BOOTSTRAP_POLICY_VERSION }) });
  io.stdout(format === "json" ? checkJson(report) : format === "sarif" ? checkSarif(report, io.version ?? "0.0.0") : format === "junit" ? checkJunit(report, failOn) : checkText(report));
  return report.failing ? 1 : 0;
}

async function runDiff(argv: readonly string[], io: Io): Promise<number> {
  const { flags, positionals } = parseArgs(argv, DIFF_FLAGS);
  if (flags.has("help")) {
    io.stdout(USAGE);
    return 0;
  }
  const format = (flags.get("format") as Format | undefined) ?? "text";
  const failOnGain = (flags.get("fail-on-gain") as GainThreshold | undefined) ?? "high";
  clusterVersion(flags.get("cluster-version"));
  let before: Snapshot;
  let beforeLocations: Map<string, Location> | undefined;
  let afterPaths: string[];
  if (flags.has("live")) {
    if (positionals.length !== 1) throw new UsageError("diff --live needs one AFTER path (the manifests to compare with the cluster)");
    afterPaths = positionals;
    before = await liveSnapshot(io);
  } else {
    if (positionals.length !== 2) throw new UsageError("diff needs BEFORE and AFTER (two files or folders; - for standard input once)");
    const b = await read([positionals[0]], flags, io);
    if (typeof b === "number") return b;
    before = snapshotOf(b, "before");
    beforeLocations = b.locations;
    afterPaths = [positionals[1]];
  }
  const a = await read(afterPaths, flags, io);
  if (typeof a === "number") return a;
  const after = flags.has("live") ? withLiveBase(before, a) : snapshotOf(a, "after");
  const report = diff(before, after, { failOnGain, ...(beforeLocations ? { beforeLocations } : {}), afterLocations: a.locations });
  io.stdout(format === "json" ? diffJson(report) : format === "sarif" ? diffSarif(report, io.version ?? "0.0.0", failOnGain) : format === "junit" ? diffJunit(report, failOnGain) : diffText(report));
  return report.failing ? 1 : 0;
}

/** The cluster as it would be after `kubectl apply -f AFTER`: its objects, the manifests' replacing those of the same kind, namespace and name. */
function withLiveBase(live: Snapshot, after: Inputs): Snapshot {
  const objects = Object.fromEntries(Object.entries(live.objects).map(([kind, m]) => [kind, new Map(m)])) as Record<string, Map<string, import("@/lib/store/types").KubeObject>>;
  for (const o of after.objects) {
    const m = objects[o.kind];
    if (!m) continue;
    // live objects are keyed by uid: drop the one of the same name first
    for (const [k, x] of m) if (x.metadata.namespace === o.metadata.namespace && x.metadata.name === o.metadata.name) m.delete(k);
    m.set(`${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`, o);
  }
  return { ...live, version: live.version + 1, objects: objects as unknown as Snapshot["objects"], resources: [...live.resources, ...after.resources] };
}

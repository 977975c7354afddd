/**
 * Finds or builds the control-plane binaries.
 *
 * Order of preference for every binary:
 *   1. $KUBEBUILDER_ASSETS/<name> (the envtest convention: kube-apiserver, etcd, kubectl, ...)
 *   2. the version-keyed cache, ~/.cache/rolecall/<group>-<version>/<name>
 *   3. build it from the pinned Go tools module in cluster/tools/<group>/ into that cache
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { cacheDir, repoRoot } from "./paths";

export type BinaryName = "etcd" | "kube-apiserver" | "kube-controller-manager" | "kube-scheduler" | "kubectl" | "kwok";
export const ALL_BINARIES: readonly BinaryName[] = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl", "kwok"];

export type Binaries = Record<BinaryName, string>;

export class ClusterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClusterError";
  }
}

interface Group {
  id: "k8s" | "etcd" | "kwok";
  /** the module whose version keys the cache */
  module: string;
  binaries: Partial<Record<BinaryName, string>>; // name -> Go package
  ldflags: (version: string) => string;
  approx: string;
}

const GROUPS: Group[] = [
  {
    id: "k8s",
    module: "k8s.io/kubernetes",
    binaries: {
      "kube-apiserver": "k8s.io/kubernetes/cmd/kube-apiserver",
      "kube-controller-manager": "k8s.io/kubernetes/cmd/kube-controller-manager",
      "kube-scheduler": "k8s.io/kubernetes/cmd/kube-scheduler",
      kubectl: "k8s.io/kubernetes/cmd/kubectl",
    },
    ldflags: (v) => {
      const m = /^v(\d+)\.(\d+)/.exec(v);
      const major = m?.[1] ?? "1";
      const minor = m?.[2] ?? "0";
      return ["k8s.io/component-base/version", "k8s.io/client-go/pkg/version"]
        .flatMap((p) => [`-X ${p}.gitVersion=${v}`, `-X ${p}.gitMajor=${major}`, `-X ${p}.gitMinor=${minor}`])
        .concat(["-s", "-w"])
        .join(" ");
    },
    approx: "a cold build downloads ~320 MB of modules (1.2 GB unpacked) and takes ~20 min on 2 cores",
  },
  { id: "etcd", module: "go.etcd.io/etcd/server/v3", binaries: { etcd: "go.etcd.io/etcd/server/v3" }, ldflags: () => "-s -w", approx: "a few minutes" },
  { id: "kwok", module: "sigs.k8s.io/kwok", binaries: { kwok: "sigs.k8s.io/kwok/cmd/kwok" }, ldflags: () => "-s -w", approx: "a few minutes" },
];

export interface ToolModule {
  dir: string;
  goVersion: string;
  version: string;
}

/** Reads `go X` and the pinned version of `module` from a go.mod text. Pure. */
export function parseGoMod(text: string, module: string): { goVersion: string; version: string } {
  const go = /^go\s+(\S+)/m.exec(text);
  const escaped = module.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const req = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, "m").exec(text);
  if (!go || !req) throw new ClusterError(`go.mod does not pin ${module}`);
  return { goVersion: go[1], version: req[1] };
}

/** Compares Go versions like "1.26.8" and "1.26.0" (also "go1.26.8", "1.26rc1"). Pure. */
export function compareGoVersions(a: string, b: string): number {
  const parse = (v: string) => v.replace(/^go/, "").split(/[.a-z]/).filter(Boolean).slice(0, 3).map(Number);
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function toolModule(group: Group["id"]): ToolModule {
  const g = GROUPS.find((x) => x.id === group)!;
  const dir = path.join(repoRoot(), "cluster", "tools", group);
  const { goVersion, version } = parseGoMod(fs.readFileSync(path.join(dir, "go.mod"), "utf8"), g.module);
  return { dir, goVersion, version };
}

/** The versions the repository pins, e.g. { k8s: "v1.37.2", etcd: "v3.6.16", kwok: "v0.8.0" }. */
export function pinnedVersions(): Record<Group["id"], string> {
  return { k8s: toolModule("k8s").version, etcd: toolModule("etcd").version, kwok: toolModule("kwok").version };
}

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    return st.isFile() && st.size > 0 && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function checkGo(required: string): string {
  const r = spawnSync("go", ["env", "GOVERSION"], { encoding: "utf8", env: { ...process.env, GOTOOLCHAIN: "local" } });
  if (r.error || r.status !== 0) {
    throw new ClusterError(
      `Go ${required} or newer is needed to build the control-plane binaries, but \`go\` was not found on PATH (install Go, or set KUBEBUILDER_ASSETS to prebuilt binaries)`,
    );
  }
  const have = r.stdout.trim();
  if (compareGoVersions(have, required) < 0) {
    throw new ClusterError(`Go ${required} or newer is needed to build the control-plane binaries, found ${have} (upgrade Go, or set KUBEBUILDER_ASSETS to prebuilt binaries)`);
  }
  return have;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Runs fn holding lockDir (made with mkdir, which is atomic); a dead holder's lock is taken over. */
export async function withLock<T>(lockDir: string, log: (l: string) => void, fn: () => Promise<T>): Promise<T> {
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, "pid"), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let owner = 0;
      try {
        owner = Number(fs.readFileSync(path.join(lockDir, "pid"), "utf8"));
      } catch {
        /* being written */
      }
      if (owner && !pidAlive(owner)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!announced) {
        log(`waiting for another build (pid ${owner || "?"}) holding ${lockDir}`);
        announced = true;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function runBuild(args: string[], cwd: string, logFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const fd = fs.openSync(logFile, "w");
    fs.writeSync(fd, `$ (cd ${cwd} && go ${args.join(" ")})\n`);
    const child = spawn("go", args, {
      cwd,
      stdio: ["ignore", fd, fd],
      env: { ...process.env, CGO_ENABLED: "0", GOTOOLCHAIN: "local" },
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      fs.closeSync(fd);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

export interface EnsureOptions {
  log?: (line: string) => void;
  /** only these binaries (default: all six) */
  only?: readonly BinaryName[];
}

/** Finds or builds every binary; one progress line per step. Throws ClusterError with a one-line message. */
export async function ensureBinaries(opts: EnsureOptions = {}): Promise<Binaries> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`[cluster] ${l}\n`));
  const wanted = new Set(opts.only ?? ALL_BINARIES);
  const assets = process.env.KUBEBUILDER_ASSETS;
  const out: Partial<Binaries> = {};
  let goChecked: string | null = null;

  for (const group of GROUPS) {
    const names = (Object.keys(group.binaries) as BinaryName[]).filter((n) => wanted.has(n));
    if (names.length === 0) continue;
    const mod = toolModule(group.id);
    const dir = path.join(cacheDir(), `${group.id}-${mod.version}`);
    const missing: BinaryName[] = [];
    for (const name of names) {
      const fromAssets = assets ? path.join(assets, name) : null;
      if (fromAssets && isExecutable(fromAssets)) {
        out[name] = fromAssets;
        log(`${name}: using KUBEBUILDER_ASSETS (${fromAssets})`);
      } else if (isExecutable(path.join(dir, name))) {
        out[name] = path.join(dir, name);
      } else {
        missing.push(name);
      }
    }
    const cached = names.filter((n) => !missing.includes(n) && out[n]?.startsWith(dir));
    if (cached.length) log(`${group.id} ${mod.version}: cached ${cached.join(", ")} (${dir})`);
    if (missing.length === 0) continue;

    goChecked ??= checkGo(mod.goVersion);
    if (compareGoVersions(goChecked, mod.goVersion) < 0) checkGo(mod.goVersion);
    fs.mkdirSync(cacheDir(), { recursive: true });
    await withLock(path.join(cacheDir(), `${group.id}-${mod.version}.lock`), log, async () => {
      const still = missing.filter((n) => !isExecutable(path.join(dir, n)));
      if (still.length) {
        const staging = path.join(cacheDir(), `.${group.id}-${mod.version}.partial-${process.pid}`);
        fs.rmSync(staging, { recursive: true, force: true });
        fs.mkdirSync(staging, { recursive: true });
        const logFile = path.join(cacheDir(), `build-${group.id}-${mod.version}.log`);
        const pkgs = still.map((n) => group.binaries[n]!);
        const step = `build ${group.id} ${mod.version} (${still.join(", ")})`;
        log(`${step}: starting with ${goChecked}; ${group.approx}; log: ${logFile}`);
        const started = Date.now();
        const outArg = pkgs.length === 1 ? path.join(staging, still[0]) : staging + path.sep;
        const code = await runBuild(["build", "-trimpath", "-buildvcs=false", "-ldflags", group.ldflags(mod.version), "-o", outArg, ...pkgs], mod.dir, logFile);
        if (code !== 0) {
          fs.rmSync(staging, { recursive: true, force: true });
          throw new ClusterError(`${step} failed (exit ${code}); see ${logFile}`);
        }
        fs.mkdirSync(dir, { recursive: true });
        for (const n of still) fs.renameSync(path.join(staging, n), path.join(dir, n));
        fs.rmSync(staging, { recursive: true, force: true });
        log(`${step}: done in ${Math.round((Date.now() - started) / 1000)} s`);
      }
    });
    for (const n of missing) out[n] = path.join(dir, n);
  }
  return out as Binaries;
}

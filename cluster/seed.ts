/** Applies a scenario from examples/ with the built kubectl. */
import { execFile } from "node:child_process";
import path from "node:path";
import { ClusterError } from "./binaries";
import { repoRoot } from "./paths";

export interface SeedStep {
  /** files or directories under examples/<scenario>/ */
  paths: string[];
  /** `kubectl apply -n` for manifests that carry no namespace */
  namespace?: string;
}

export const SCENARIOS: Record<string, SeedStep[]> = {
  // The published go-todo Job has no metadata.namespace; the article's reader applies it
  // with `-n go-todo`, and so do we (see examples/go-todo/README.md).
  "go-todo": [{ paths: ["namespace.yaml"] }, { paths: ["."], namespace: "go-todo" }],
  // Every object in examples/platform carries its namespace; 00-namespaces.yaml sorts first.
  platform: [{ paths: ["00-namespaces.yaml"] }, { paths: ["."] }],
};

export function seedCommands(scenario: string): string[][] {
  const steps = SCENARIOS[scenario];
  if (!steps) throw new ClusterError(`unknown scenario ${scenario} (known: ${Object.keys(SCENARIOS).join(", ")})`);
  const base = path.join(repoRoot(), "examples", scenario);
  return steps.map((s) => [
    "apply",
    ...(s.namespace ? ["-n", s.namespace] : []),
    ...s.paths.flatMap((p) => ["-f", path.join(base, p)]),
  ]);
}

function run(bin: string, args: string[], kubeconfig: string): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(bin, args, { env: { ...process.env, KUBECONFIG: kubeconfig }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ stdout, stderr, code });
    });
  });
}

/** Applies every step; returns kubectl's combined output, throws on the first failing step. */
export async function seedScenario(scenario: string, opts: { kubeconfig: string; kubectl: string }): Promise<string> {
  let out = "";
  for (const args of seedCommands(scenario)) {
    const r = await run(opts.kubectl, args, opts.kubeconfig);
    out += r.stdout;
    if (r.code !== 0) throw new ClusterError(`kubectl ${args.join(" ")} failed (exit ${r.code}):\n${r.stderr.trim()}`);
  }
  return out;
}

/**
 * npm run cluster:up | cluster:down | cluster:seed -- <scenario> | kubectl -- <args>
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { ClusterError, ensureBinaries } from "./binaries";
import { checkHealth, readState, startCluster, stopCluster } from "./index";
import { defaultClusterDir, repoRoot } from "./paths";
import { SCENARIOS, seedScenario } from "./seed";

function fail(e: unknown): never {
  if (e instanceof ClusterError) process.stderr.write(`error: ${e.message}\n`);
  else process.stderr.write(`error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
}

async function kubectlBinary(): Promise<string> {
  return readState()?.binaries.kubectl ?? (await ensureBinaries({ only: ["kubectl"] })).kubectl;
}

async function main() {
  const [cmd, ...rest] = process.argv.slice(2);
  const relative = path.relative(process.cwd(), defaultClusterDir()) || ".";
  const rel = relative.startsWith("..") ? defaultClusterDir() : relative;
  switch (cmd) {
    case "up": {
      const t0 = Date.now();
      const c = await startCluster();
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      process.stdout.write(
        [
          `Local Kubernetes control plane ${c.reused ? "already running" : "started"} at ${c.server} (${secs} s).`,
          `  export KUBECONFIG=${path.isAbsolute(rel) ? "" : "$PWD/"}${path.join(rel, "kubeconfig")}`,
          "  npm run kubectl -- get pods -A",
          `  npm run cluster:seed -- ${Object.keys(SCENARIOS).join(" | ")}`,
          `  npm run cluster:down        # stops it; logs stay in ${path.join(rel, "logs")}/`,
          "",
        ].join("\n"),
      );
      return;
    }
    case "down": {
      const { stopped } = await stopCluster();
      process.stdout.write(stopped.length ? `Stopped ${stopped.length} process(es); state removed.\n` : "Nothing was running; state removed.\n");
      return;
    }
    case "status": {
      const h = await checkHealth();
      process.stdout.write(h.ok ? `running at ${h.state.server}\n` : `not running (${h.reason})\n`);
      process.exitCode = h.ok ? 0 : 1;
      return;
    }
    case "kubectl": {
      const h = await checkHealth();
      if (!h.ok) throw new ClusterError(`the local cluster is not running (${h.reason}); start it with \`npm run cluster:up\``);
      const child = spawn(await kubectlBinary(), rest, {
        stdio: "inherit",
        env: { ...process.env, KUBECONFIG: h.state.kubeconfig },
      });
      child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
      return;
    }
    case "seed": {
      const scenario = rest[0];
      if (!scenario || !(scenario in SCENARIOS)) {
        throw new ClusterError(`usage: npm run cluster:seed -- <${Object.keys(SCENARIOS).join("|")}>`);
      }
      const h = await checkHealth();
      if (!h.ok) throw new ClusterError(`the local cluster is not running (${h.reason}); start it with \`npm run cluster:up\``);
      const out = await seedScenario(scenario, { kubeconfig: h.state.kubeconfig, kubectl: h.state.binaries.kubectl });
      process.stdout.write(out);
      process.stdout.write(`Seeded ${scenario} from ${path.relative(process.cwd(), path.join(repoRoot(), "examples", scenario))}/\n`);
      return;
    }
    default:
      throw new ClusterError("usage: tsx cluster/cli.ts up | down | status | seed <scenario> | kubectl <args...>");
  }
}

main().catch(fail);

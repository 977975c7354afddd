/**
 * Lifecycle of a second, separate control plane (its own directory and ports), so the shared
 * one of this test run is not disturbed: reuse, restartApiServer, `cluster:down`, Ctrl-C.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readState, startCluster, stopCluster, type RunningCluster } from "./index";
import { isOurProcess } from "./proc";
import { repoRoot } from "./paths";
import { kubectl, waitFor } from "./testing";

/** Every live process whose command line mentions `dir` (our components all take paths in it). */
function processesMentioning(dir: string): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      if (cmd.includes(dir) && state !== "Z") out.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

const tsx = path.join(repoRoot(), "node_modules", ".bin", "tsx");
const cli = path.join(repoRoot(), "cluster", "cli.ts");

describe("cluster lifecycle (separate instance)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-lifecycle-"));
  let first: RunningCluster | null = null;

  afterAll(async () => {
    await stopCluster(dir, () => {});
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("starts, is reused by a second start, and survives an API server restart", async () => {
    first = await startCluster({ dir, log: () => {} });
    expect(first.reused).toBe(false);
    const state = readState(dir)!;
    expect(state.processes.map((p) => p.name).sort()).toEqual(["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"]);
    for (const p of state.processes) expect(isOurProcess(p.pid, p.bin)).toBe(true);

    const again = await startCluster({ dir, log: () => {} });
    expect(again.reused).toBe(true);
    expect(again.server).toBe(first.server);
    await again.stop(); // a reused handle must not stop anything
    for (const p of state.processes) expect(isOurProcess(p.pid, p.bin)).toBe(true);

    const oldPid = state.processes.find((p) => p.name === "kube-apiserver")!.pid;
    await first.restartApiServer();
    const newPid = readState(dir)!.processes.find((p) => p.name === "kube-apiserver")!.pid;
    expect(newPid).not.toBe(oldPid);
    expect(isOurProcess(oldPid, state.binaries["kube-apiserver"])).toBe(false);
    const r = await kubectl(["get", "--raw", "/readyz"], { kubeconfig: first.kubeconfigPath });
    expect(r.stdout.trim()).toBe("ok");
  });

  it("`cluster:down` stops every process of ours by pid and removes the state", async () => {
    const before = readState(dir)!;
    const pids = before.processes.map((p) => p.pid);
    expect(processesMentioning(dir)).toEqual(expect.arrayContaining(pids));

    const down = spawnSync(tsx, [cli, "down"], { env: { ...process.env, ROLECALL_CLUSTER_DIR: dir }, encoding: "utf8", timeout: 60_000 });
    expect(down.status, down.stderr).toBe(0);
    expect(down.stdout).toMatch(/Stopped 5 process/);

    for (const p of before.processes) expect(isOurProcess(p.pid, p.bin)).toBe(false);
    expect(processesMentioning(dir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, "state.json"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "kubeconfig"))).toBe(false);
    // logs stay for post-mortems
    expect(fs.existsSync(path.join(dir, "logs", "kube-apiserver.log"))).toBe(true);

    const twice = spawnSync(tsx, [cli, "down"], { env: { ...process.env, ROLECALL_CLUSTER_DIR: dir }, encoding: "utf8", timeout: 60_000 });
    expect(twice.status).toBe(0);
    expect(twice.stdout).toMatch(/Nothing was running/);
  });

  it("Ctrl-C during `cluster:up` stops everything started so far", async () => {
    const child = spawn(tsx, [cli, "up"], { env: { ...process.env, ROLECALL_CLUSTER_DIR: dir }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    // wait until etcd and the API server have been started, then interrupt
    const started = await waitFor(() => {
      const s = readState(dir);
      return s && s.processes.some((p) => p.name === "kube-apiserver") ? s.processes : null;
    }, 60_000, 50);
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exit).toBe(130);
    expect(stderr).toMatch(/SIGINT: stopping/);
    await waitFor(() => started.every((p) => !isOurProcess(p.pid, p.bin)), 10_000, 50);
    expect(processesMentioning(dir)).toEqual([]);
    expect(readState(dir)).toBeNull();
  });
});

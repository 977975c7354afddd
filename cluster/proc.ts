/** Start, watch and stop the control-plane processes, always by pid (never by name). */
import { spawn } from "node:child_process";
import fs from "node:fs";

export interface ProcRecord {
  name: string;
  pid: number;
  bin: string;
  args: string[];
  log: string;
}

export interface Started extends ProcRecord {
  /** set when the process exits while this Node process is watching it */
  exited: { code: number | null; signal: NodeJS.Signals | null } | null;
}

/**
 * Spawns a long-lived component in its own process group with output appended to `log`.
 * It survives the exit of the Node process that started it (so `cluster:up` can return).
 */
export function spawnComponent(name: string, bin: string, args: string[], log: string): Started {
  const fd = fs.openSync(log, "a");
  fs.writeSync(fd, `\n# ${new Date().toISOString()} ${bin} ${args.join(" ")}\n`);
  const child = spawn(bin, args, { detached: true, stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${name} (${bin})`);
  const rec: Started = { name, pid: child.pid, bin, args, log, exited: null };
  child.on("exit", (code, signal) => {
    rec.exited = { code, signal };
  });
  child.on("error", () => {
    rec.exited ??= { code: null, signal: null };
  });
  child.unref();
  return rec;
}

/**
 * True when `pid` is alive, not a zombie, and (on Linux) its command line starts with `bin`,
 * so a recycled pid belonging to someone else is never mistaken for ours.
 */
export function isOurProcess(pid: number, bin: string): boolean {
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (process.platform !== "linux") return true;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    if (state === "Z" || state === "X") return false;
    const argv0 = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0];
    return argv0 === bin;
  } catch {
    return false;
  }
}

/** Last `n` lines of a log file (empty string if unreadable). */
export function tailFile(file: string, n = 25): string {
  try {
    const fd = fs.openSync(file, "r");
    const size = fs.fstatSync(fd).size;
    const len = Math.min(size, 64 * 1024);
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, size - len);
    fs.closeSync(fd);
    return buf.toString("utf8").split("\n").filter((l) => l.length > 0).slice(-n).join("\n");
  } catch {
    return "";
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, wait up to `graceMs`, then SIGKILL; resolves when every listed process is gone. */
export async function stopProcesses(procs: Pick<ProcRecord, "pid" | "bin">[], graceMs = 8000): Promise<void> {
  const ours = procs.filter((p) => isOurProcess(p.pid, p.bin));
  for (const p of ours) {
    try {
      process.kill(p.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && ours.some((p) => isOurProcess(p.pid, p.bin))) await sleep(100);
  for (const p of ours) {
    if (isOurProcess(p.pid, p.bin)) {
      try {
        process.kill(p.pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
  }
  const hard = Date.now() + 5000;
  while (Date.now() < hard && ours.some((p) => isOurProcess(p.pid, p.bin))) await sleep(50);
}

/** Synchronous best-effort kill used from signal handlers. */
export function killNow(procs: Pick<ProcRecord, "pid" | "bin">[], signal: NodeJS.Signals = "SIGKILL"): void {
  for (const p of procs) {
    if (isOurProcess(p.pid, p.bin)) {
      try {
        process.kill(p.pid, signal);
      } catch {
        /* gone */
      }
    }
  }
}

/**
 * A throwaway PostgreSQL server for the integration suite: initdb in a temporary folder, one
 * `postgres` on 127.0.0.1 and a free port, trust authentication, no fsync (the data lives as
 * long as the test run). PostgreSQL refuses to run as root: as root it runs as the `postgres`
 * user of Debian's package, else `nobody`. Debian's `postgresql` package puts its binaries in
 * /usr/lib/postgresql/<version>/bin (`.ci/run` installs it when missing).
 *
 *   const pg = await startPostgres();   // pg.url: postgresql://rolecall@127.0.0.1:<port>/postgres
 *   await pg.stop();                    // stops the server (by pid) and removes the folder
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, isListening } from "./ports";
import { isOurProcess, stopProcesses, tailFile } from "./proc";

export interface RunningPostgres {
  /** Connection string of the `postgres` database as the superuser `rolecall`. */
  url: string;
  port: number;
  dir: string;
  pid: number;
  stop(): Promise<void>;
}

/** The folder holding initdb and postgres: on PATH, else the newest /usr/lib/postgresql/<v>/bin. */
export function postgresBinDir(): string | undefined {
  try {
    const initdb = execFileSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }).trim();
    if (initdb) {
      const dir = path.dirname(fs.realpathSync(initdb));
      if (fs.existsSync(path.join(dir, "postgres"))) return dir;
    }
  } catch {
    /* not on PATH */
  }
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb"))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], "bin") : undefined;
}

/** Who runs the server: ourselves, or as root an unprivileged user (uid, gid). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ["postgres", "nobody"]) {
    const r = spawnSync("id", ["-u", user], { encoding: "utf8" });
    const g = spawnSync("id", ["-g", user], { encoding: "utf8" });
    if (r.status === 0 && g.status === 0) return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
  }
  throw new Error("running as root and neither a postgres nor a nobody user exists to run PostgreSQL as");
}

export async function startPostgres(opts: { timeoutMs?: number } = {}): Promise<RunningPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL is not installed (initdb not on PATH nor in /usr/lib/postgresql/*/bin): apt-get install -y postgresql");
  const as = runAs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-pg-"));
  if (as) fs.chownSync(dir, as.uid, as.gid);
  const data = path.join(dir, "data");
  const ids = as ? { uid: as.uid, gid: as.gid } : {};
  const init = spawnSync(path.join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "rolecall", "-E", "UTF8", "--locale=C", "--no-sync"], { ...ids, encoding: "utf8", cwd: dir });
  if (init.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  }
  const port = await freePort();
  const log = path.join(dir, "postgres.log");
  const fd = fs.openSync(log, "a");
  if (as) fs.fchownSync(fd, as.uid, as.gid);
  const postgresBin = path.join(bin, "postgres");
  const args = ["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"];
  const child = spawn(postgresBin, args, { ...ids, cwd: dir, detached: true, stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  child.unref();
  const pid = child.pid!;
  const stop = async () => {
    // SIGINT: PostgreSQL's fast shutdown (SIGTERM waits for every client to leave)
    if (isOurProcess(pid, postgresBin)) process.kill(pid, "SIGINT");
    await stopProcesses([{ pid, bin: postgresBin }], 10_000);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  while (!(await isListening(port)) || !tailFile(log, 50).includes("ready to accept connections")) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const why = tailFile(log);
      await stop();
      throw new Error(`PostgreSQL did not start: ${why}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `postgresql://rolecall@127.0.0.1:${port}/postgres`, port, dir, pid, stop };
}

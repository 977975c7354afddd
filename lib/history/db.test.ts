// The PGlite folder lock: one Rolecall per history folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { lockFolder } from "./db";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const folder = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-lock-"));
  dirs.push(d);
  return path.join(d, "history");
};

describe("lockFolder", () => {
  it("refuses a second holder while the first holds it, naming the owner; free again once released", () => {
    const dir = folder();
    const release = lockFolder(dir);
    expect(() => lockFolder(dir)).toThrow(new RegExp(`in use by another Rolecall \\(pid ${process.pid}`));
    release();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
    lockFolder(dir)();
  });

  it("refuses a lock held by another live process, and takes over one left by a process that is gone", () => {
    const dir = folder();
    fs.writeFileSync(`${dir}.lock`, String(process.ppid)); // the test runner's parent: alive
    expect(() => lockFolder(dir)).toThrow(/in use by another Rolecall/);
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
    fs.writeFileSync(`${dir}.lock`, gone);
    const release = lockFolder(dir);
    expect(fs.readFileSync(`${dir}.lock`, "utf8")).toBe(String(process.pid));
    release();
  });
});

// The image's runtime contract without a container engine: the standalone output, laid out as
// in the image, read-only and owned by root, served by `node server.js` as uid 10001 with
// only a private tmp dir writable. The check itself lives in e2e/support/standalone.mjs.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { PORTS } from "./support/security-projects";

test("standalone server runs as non-root with a read-only app folder and writes nothing there", async () => {
  test.setTimeout(120_000);
  const { stdout } = await promisify(execFile)(process.execPath, ["e2e/support/standalone.mjs", "--check", "--port", String(PORTS.check)], {
    timeout: 110_000,
  }).catch((e: { stdout?: string; message: string }) => ({ stdout: e.stdout ?? e.message }));
  const report = JSON.parse(stdout) as { ok: boolean; problems: string[]; uid: number };
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
  expect(report.uid).not.toBe(0);
});

// Manifests mode on a production server of its own: a manifest problem that changes no object
// (an alias naming no anchor) reaches an open page without a reload, and goes when fixed.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { EXAMPLES_PORT } from "../playwright.config";

const PORT = EXAMPLES_PORT + 1;
const BASE = `http://127.0.0.1:${PORT}`;
const sa = (name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: team\n`;

let dir: string;
let server: ChildProcess;

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-e2e-manifests-"));
  fs.writeFileSync(path.join(dir, "good.yaml"), sa("good"));
  server = spawn(process.execPath, ["scripts/standalone.mjs", "--port", String(PORT), "--no-build", "--env", `ROLECALL_MANIFESTS=${dir}`], { stdio: "ignore" });
  const end = Date.now() + 60_000;
  for (;;) {
    const ready = await fetch(`${BASE}/api/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > end) throw new Error(`the manifests server on :${PORT} was not ready in 60 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a new manifest problem shows in the open page's top bar without a reload, and goes when fixed", async ({ page }) => {
  await page.goto(`${BASE}/serviceaccounts`);
  await expect(page.getByRole("link", { name: "good", exact: true })).toBeVisible();
  await expect(page.getByTestId("sync-state").filter({ visible: true }).first()).toHaveAttribute("data-state", "live");
  await expect(page.getByText(/manifest problem/)).toHaveCount(0);

  fs.writeFileSync(path.join(dir, "typo.yaml"), `${sa("typo")}  labels: {team: *nope}\n`);
  const badge = page.getByText("1 manifest problem");
  await expect(badge).toBeVisible();
  await badge.click();
  await expect(page.getByText("typo.yaml:6")).toBeVisible();
  await expect(page.getByText(/unknown alias \*nope/)).toBeVisible();

  fs.writeFileSync(path.join(dir, "typo.yaml"), sa("typo"));
  await expect(page.getByText(/manifest problem/)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "typo", exact: true })).toBeVisible();
});

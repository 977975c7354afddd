// `rolecall check` (the bin, as CI runs it) against what the real control plane and the
// running app make of the same manifests: a set it calls clean becomes a Healthy chain; a set
// it flags shows the same diagnostic in GET /api/v1/chains.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { applyYaml, kubectl } from "../cluster/testing";

const ROOT = path.resolve(__dirname, "..");

function rolecall(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(ROOT, "bin/rolecall.mjs"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The go-todo example moved to namespace `ns`; the Job keeps its missing namespace unless `fixJob`. */
function goTodo(ns: string, fixJob: boolean): Record<string, string> {
  const dir = path.join(ROOT, "examples/go-todo");
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".yaml"))) {
    let text = fs.readFileSync(path.join(dir, f), "utf8").replace(/namespace: go-todo$/gm, `namespace: ${ns}`);
    if (f === "namespace.yaml") text = text.replace(/name: go-todo$/m, `name: ${ns}`);
    if (f === "job.yaml" && fixJob) text = text.replace("  name: go-todo-pre-deploy\n", `  name: go-todo-pre-deploy\n  namespace: ${ns}\n`);
    out[f] = text;
  }
  return out;
}

function writeFolder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-e2e-cli-"));
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

/** The documents in apply order: the Namespace first. */
const asStream = (files: Record<string, string>) =>
  Object.entries(files)
    .sort(([a], [b]) => Number(a !== "namespace.yaml") - Number(b !== "namespace.yaml") || a.localeCompare(b))
    .map(([, t]) => t)
    .join("\n---\n");

interface ApiDiagnostic {
  severity: string;
  code: string;
  message: string;
  nodes: string[];
}
async function chainsOf(request: APIRequestContext, ns: string) {
  const res = await request.get(`/api/v1/chains?namespace=${ns}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as { chains: { id: string; health: string; nodes: string[] }[]; diagnostics: ApiDiagnostic[] };
}

test.describe.configure({ timeout: 240_000 });

test("a manifest set check calls clean becomes a Healthy chain on the cluster", async ({ request }) => {
  const ns = `e2e-cli-clean-${crypto.randomBytes(3).toString("hex")}`;
  const files = goTodo(ns, true);
  const dir = writeFolder(files);
  try {
    const r = await rolecall(["check", dir]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("0 errors, 0 warnings");
    expect(r.code).toBe(0);
    await applyYaml(asStream(files));
    await expect
      .poll(async () => (await chainsOf(request, ns)).chains.map((c) => `${c.id}:${c.health}`), { timeout: 180_000, intervals: [1000] })
      .toEqual([`Deployment/${ns}/go-todo-deployment:Healthy`]);
    expect((await chainsOf(request, ns)).diagnostics).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await kubectl(["delete", "namespace", ns, "--wait=false", "--ignore-not-found"]);
  }
});

test("a manifest set check flags shows the same diagnostic in the running app", async ({ request }) => {
  const ns = `e2e-cli-flag-${crypto.randomBytes(3).toString("hex")}`;
  // where `kubectl apply` puts the Job that names no namespace (the kubeconfig's namespace, or -n)
  const elsewhere = `${ns}-elsewhere`;
  const files = goTodo(ns, false);
  const dir = writeFolder(files);
  try {
    const r = await rolecall(["check", dir, "--namespace", elsewhere, "--format", "json"]);
    expect(r.code).toBe(1);
    const flagged = (JSON.parse(r.stdout).chains.diagnostics as (ApiDiagnostic & { locations: { file: string; line: number }[] })[]).find((d) => d.code === "missing-target")!;
    expect(flagged).toMatchObject({ severity: "error", nodes: [`Deployment/${ns}/go-todo-deployment`, `Job/${ns}/go-todo-pre-deploy`] });
    expect(flagged.message).toContain(`Found in namespace ${elsewhere}.`);
    expect(flagged.locations.map((l) => `${path.basename(l.file)}:${l.line}`)).toEqual(["deployment.yaml:1", "job.yaml:4"]);

    // `kubectl apply -f` as the reader of the guide does: the objects that name their namespace
    // go there, the Job to the kubeconfig's namespace (here: -n elsewhere)
    await kubectl(["create", "namespace", elsewhere]);
    const { "job.yaml": jobYaml, ...rest } = files;
    await applyYaml(asStream(rest));
    await applyYaml(jobYaml, elsewhere);
    // until the app has seen both the Deployment and the Job applied elsewhere (the watch of
    // each kind brings them in its own time; a diagnostic before the Job is seen names no copy there)
    const missing = async () => (await chainsOf(request, ns)).diagnostics.find((d) => d.code === "missing-target");
    const foundElsewhere = new RegExp(`Found in namespace [^.]*\\b${elsewhere}\\b`);
    await expect
      .poll(
        async () => {
          const d = await missing();
          return { nodes: d?.nodes, listsElsewhere: foundElsewhere.test(d?.message ?? "") };
        },
        { timeout: 120_000, intervals: [1000] },
      )
      .toEqual({ nodes: flagged.nodes, listsElsewhere: true });
    const seen = (await missing())!;
    expect(seen.severity).toBe(flagged.severity);
    // The same words for the same wait. (The app may list more copies of the Job: the shared
    // cluster also runs the go-todo example itself.) The CLI adds why the Job is elsewhere.
    const firstSentence = (m: string) => m.slice(0, m.indexOf(".") + 1);
    expect(firstSentence(seen.message)).toBe(`Deployment/go-todo-deployment waits for Job/go-todo-pre-deploy in namespace ${ns}, which does not exist.`);
    expect(firstSentence(flagged.message)).toBe(firstSentence(seen.message));
    expect(seen.message).toMatch(foundElsewhere);
    expect(flagged.message).toContain("has no metadata.namespace");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await kubectl(["delete", "namespace", ns, elsewhere, "--wait=false", "--ignore-not-found"]);
  }
});

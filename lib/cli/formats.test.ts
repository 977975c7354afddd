// The report formats: JSON carries the HTTP API's records, SARIF is valid against the SARIF
// 2.1.0 JSON schema (and what GitHub code scanning reads: rule ids, file and line), JUnit
// has one test case per chain and per finding.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Ajv from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { ChainsEngine } from "@/lib/chains";
import { canIFromRbac } from "@/lib/chains/rbac";
import { findings, withSuggestions } from "@/lib/rbac/findings";
import { BUILTIN_RESOURCES } from "@/lib/k8s/builtin-resources";
import { loadManifests } from "@/lib/source/manifests";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { rolecall, ROOT } from "./cli.test-helpers";

// The SARIF 2.1.0 schema (draft-04 JSON Schema) as published with the standard, from an npm package (offline).
const require = createRequire(import.meta.url);
const schemaPath = path.join(path.dirname(require.resolve("@microsoft/jest-sarif/package.json")), "lib/schemas/sarif-2.1.0-rtm.5.json");
const parsesAsUrl = (s: string, base?: string) => {
  try {
    new URL(s, base);
    return !/\s/.test(s);
  } catch {
    return false;
  }
};
const validateSarif = new Ajv({
  strict: false,
  allErrors: true,
  // the schema's language-tag pattern is not valid as a Unicode regular expression
  unicodeRegExp: false,
  formats: { "date-time": (s: string) => !Number.isNaN(Date.parse(s)), uri: (s: string) => parsesAsUrl(s), "uri-reference": (s: string) => parsesAsUrl(s, "file:///repository/") },
}).compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));

function sarifErrors(text: string): string {
  const ok = validateSarif(JSON.parse(text));
  return ok ? "" : JSON.stringify(validateSarif.errors, null, 1);
}

describe("--format json: the API's records", () => {
  it("chains and findings as GET /api/v1/chains and /api/v1/findings build them, plus locations", async () => {
    const r = await rolecall(["check", "examples/platform", "--format", "json"]);
    const report = JSON.parse(r.stdout);
    const loaded = loadManifests(path.join(ROOT, "examples/platform"));
    const snap = snapshotFromObjects(loaded.objects, { source: { mode: "manifests", label: "x" }, resources: BUILTIN_RESOURCES });
    const view = new ChainsEngine().build(snap, { now: Date.now(), canI: canIFromRbac, clusterVersion: "1.37" });
    expect(report.chains.nodes).toEqual(view.nodes);
    expect(report.chains.edges).toEqual(view.edges);
    expect(report.chains.chains).toEqual(view.chains);
    expect(report.chains.diagnostics.length).toBeGreaterThan(1);
    expect(report.chains.diagnostics.map(({ locations, ...d }: { locations: unknown[] }) => (expect(locations.length).toBeGreaterThan(0), d))).toEqual(view.diagnostics);
    const api = withSuggestions(findings(snap).filter((f) => !f.system));
    expect(report.findings.length).toBeGreaterThan(3);
    expect(report.findings.map(({ locations, level, ...f }: { locations: unknown[]; level: string }) => (expect(locations.length + level.length).toBeGreaterThan(0), f))).toEqual(api);
    expect(report.summary).toMatchObject({ files: 7, chains: view.chains.length, namespace: "default" });
  });
});

describe("--format sarif", () => {
  it("is valid SARIF 2.1.0: rule ids are diagnostic codes and finding risks, locations files and lines", async () => {
    const r = await rolecall(["check", "examples/platform", "--format", "sarif"]);
    expect(r.code).toBe(1);
    expect(sarifErrors(r.stdout)).toBe("");
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0];
    const ruleIds = run.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ruleIds).toEqual(expect.arrayContaining(["missing-permission", "cycle", "secrets-read"]));
    for (const res of run.results) {
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(["error", "warning", "note"]).toContain(res.level);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).toMatch(/^examples\/platform\/[\w.-]+\.yaml$/);
      expect(loc.region.startLine).toBeGreaterThan(0);
    }
    const sec = run.tool.driver.rules.find((x: { id: string }) => x.id === "secrets-read");
    expect(Number(sec.properties["security-severity"])).toBeGreaterThanOrEqual(7);
  });

  it("is valid with nothing to report, and for standard input", async () => {
    const clean = await rolecall(["check", "examples/go-todo", "--namespace", "go-todo", "-o", "sarif"]);
    expect(clean.code).toBe(0);
    expect(sarifErrors(clean.stdout)).toBe("");
    expect(JSON.parse(clean.stdout).runs[0].results).toEqual([]);
    const stdin = await rolecall(["check", "-", "--format=sarif"], { stdin: fs.readFileSync(path.join(ROOT, "examples/go-todo/deployment.yaml"), "utf8") });
    expect(sarifErrors(stdin.stdout)).toBe("");
    expect(JSON.parse(stdin.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("stdin");
  });

  it("the schema check is real: a broken log fails it", () => {
    expect(sarifErrors(JSON.stringify({ version: "2.1.0", runs: [{ tool: { driver: {} }, results: [] }] }))).toContain("name");
  });
});

describe("--format junit", () => {
  it("one test case per chain and per finding; failures at or above --fail-on", async () => {
    const r = await rolecall(["check", "examples/platform", "--format", "junit"]);
    const json = JSON.parse((await rolecall(["check", "examples/platform", "--format", "json"])).stdout);
    expect(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="rolecall check"')).toBe(true);
    const cases = r.stdout.match(/<testcase /g) ?? [];
    expect(cases.length).toBe(json.chains.chains.length + json.findings.length);
    const chainCases = r.stdout.match(/<testcase classname="rolecall\.chains"[^>]*>/g) ?? [];
    expect(chainCases.length).toBe(json.chains.chains.length);
    const failures = r.stdout.match(/<failure /g) ?? [];
    const failingChains = new Set(
      json.chains.diagnostics.filter((d: { severity: string }) => d.severity === "error").map((d: { nodes: string[] }) => json.chains.chains.find((c: { nodes: string[] }) => c.nodes.includes(d.nodes[0])).id),
    );
    const failingFindings = json.findings.filter((f: { level: string }) => f.level === "error").length;
    expect(failures.length).toBe(failingChains.size + failingFindings);
    expect(r.stdout).toMatch(new RegExp(`<testsuites name="rolecall check" tests="${cases.length}" failures="${failures.length}"`));
    // markup in messages is escaped: the document stays well-formed
    expect(r.stdout).not.toMatch(/<(?!\/?(testsuites|testsuite|testcase|failure|system-out)[ >]|\?xml)/);
    const never = await rolecall(["check", "examples/platform", "--format", "junit", "--fail-on", "never"]);
    expect(never.code).toBe(0);
    expect(never.stdout).not.toContain("<failure ");
  });
});

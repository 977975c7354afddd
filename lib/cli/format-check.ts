// The check report as text (for people), JSON (the API's records), SARIF 2.1.0 (GitHub code
// scanning and other viewers) and JUnit XML (CI test reports).
import { chainOfNodes, failsAt, type CheckReport, type DiagnosticRecord, type FailOn, type FindingRecord, type Located, type Level } from "./check";
import { RULES, ruleOf } from "./rules";
import { xml } from "./xml";

export const FORMATS = ["text", "json", "sarif", "junit"] as const;
export type Format = (typeof FORMATS)[number];

const where = (l: Located | undefined) => (l ? `${l.file}:${l.line}` : "(no file)");
const indent = (text: string, by = "      ") =>
  text
    .split("\n")
    .map((l) => (l ? by + l : l))
    .join("\n");

/** kubeconform's and compilers' `file:line: level …` lines, the other objects and the fix below each. */
export function checkText(r: CheckReport): string {
  const out: string[] = [];
  for (const d of r.chains.diagnostics) {
    out.push(`${where(d.locations[0])}: ${d.severity} ${d.code}: ${d.message}`);
    for (const l of d.locations.slice(1)) out.push(`    also ${where(l)} (${l.object})`);
    if (d.fix) out.push("    fix:", indent(d.fix.trimEnd()));
  }
  for (const f of r.findings) {
    const via = `${f.binding.kind} ${f.binding.namespace ? `${f.binding.namespace}/` : ""}${f.binding.name}${f.role ? ` → ${f.role.kind} ${f.role.name}` : ""}${f.rule !== undefined ? ` rule ${f.rule}` : ""}`;
    const who = `${f.subject.kind} ${f.subject.namespace ? `${f.subject.namespace}/` : ""}${f.subject.name}`;
    out.push(`${where(f.locations[0])}: ${f.level} ${f.risk} (${f.severity}): ${who}: ${f.title}, via ${via}. ${f.why}`);
    for (const l of f.locations.slice(1)) out.push(`    also ${where(l)} (${l.object})`);
    // the narrower Role to use instead is in --format json and sarif (suggestedRole): too long for a log
    out.push(`    fix: ${f.fix}`);
  }
  const s = r.summary;
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? "" : "s"}`;
  const read = s.cluster !== undefined ? `cluster ${s.cluster}: ${n(s.objects, "object")}` : `${n(s.files, "file")}, ${n(s.objects, "object")}`;
  const assumed = s.cluster !== undefined ? "" : ` (objects without a namespace in ${s.namespace}; RBAC bootstrap policy of Kubernetes ${s.bootstrapPolicy})`;
  out.push(`${out.length ? "\n" : ""}${read}, ${n(s.chains, "chain")}: ${n(s.error, "error")}, ${n(s.warning, "warning")}, ${n(s.info, "note")}${assumed}`);
  return out.join("\n") + "\n";
}

export function checkJson(r: CheckReport): string {
  return JSON.stringify({ chains: r.chains, findings: r.findings, summary: r.summary }, null, 2) + "\n";
}

const SARIF_LEVEL: Record<Level, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };
/** GitHub code scanning ranks security results by this number (critical ≥ 9, high ≥ 7, medium ≥ 4). */
const SECURITY_SEVERITY = { critical: "9.5", high: "8.0", medium: "5.5", low: "2.0" } as const;

const uri = (file: string) => (file === "<stdin>" ? "stdin" : file.split("/").map(encodeURIComponent).join("/"));
const physical = (l: Located) => ({ physicalLocation: { artifactLocation: { uri: uri(l.file) }, region: { startLine: l.line } } });

/** SARIF 2.1.0: one rule per diagnostic code and per finding risk, locations as files and lines relative to the working folder. */
export function checkSarif(r: CheckReport, version: string): string {
  const used = new Map<string, number>();
  const rules: object[] = [];
  const ruleIndex = (id: string, level: Level, severity?: keyof typeof SECURITY_SEVERITY) => {
    let i = used.get(id);
    if (i === undefined) {
      const rule = ruleOf(id);
      used.set(id, (i = rules.length));
      rules.push({
        id,
        name: rule.name,
        shortDescription: { text: rule.title },
        fullDescription: { text: rule.description },
        help: { text: rule.description },
        defaultConfiguration: { level: SARIF_LEVEL[level] },
        properties: { tags: rule.tags, ...(severity ? { "security-severity": SECURITY_SEVERITY[severity] } : {}) },
      });
    }
    return i;
  };
  const results: object[] = [];
  const result = (ruleId: string, index: number, level: Level, text: string, locs: Located[], fix?: string) => {
    const [first, ...related] = locs;
    results.push({
      ruleId,
      ruleIndex: index,
      level: SARIF_LEVEL[level],
      message: { text: fix ? `${text}\n\nFix:\n${fix}` : text },
      locations: first ? [physical(first)] : [],
      ...(related.length ? { relatedLocations: related.map((l, id) => ({ id, ...physical(l), message: { text: l.object } })) } : {}),
    });
  };
  for (const d of r.chains.diagnostics) result(d.code, ruleIndex(d.code, d.severity), d.severity, d.message, d.locations, d.fix);
  for (const f of r.findings) {
    const who = `${f.subject.kind} ${f.subject.namespace ? `${f.subject.namespace}/` : ""}${f.subject.name}`;
    result(f.risk, ruleIndex(f.risk, f.level, f.severity), f.level, `${who}: ${f.title} (${f.severity}). ${f.why} ${f.fix}`, f.locations, f.suggestedRole);
  }
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "rolecall", version, semanticVersion: version, rules } }, results, columnKind: "utf16CodeUnits" }],
  };
  return JSON.stringify(log, null, 2) + "\n";
}

/** JUnit XML: one test case per chain (failing on its diagnostics at or above --fail-on) and one per finding. */
export function checkJunit(r: CheckReport, failOn: FailOn): string {
  const chainCases: string[] = [];
  let chainFailures = 0;
  const byChain = new Map<string, DiagnosticRecord[]>();
  for (const d of r.chains.diagnostics) {
    const c = chainOfNodes(r.chains.chains, d.nodes);
    const k = c?.id ?? d.nodes[0];
    byChain.set(k, [...(byChain.get(k) ?? []), d]);
  }
  const detail = (d: DiagnosticRecord) => `${d.severity} ${d.code}: ${d.message}\n${d.locations.map((l) => `  at ${where(l)} (${l.object})`).join("\n")}${d.fix ? `\nfix:\n${d.fix}` : ""}`;
  const fileOf = (id: string) => r.chains.diagnostics.flatMap((d) => d.locations).find((l) => l.object === id)?.file;
  for (const c of r.chains.chains) {
    const ds = byChain.get(c.id) ?? [];
    const failing = ds.filter((d) => failsAt(d.severity, failOn));
    const others = ds.filter((d) => !failsAt(d.severity, failOn));
    const file = fileOf(c.id);
    let body = "";
    if (failing.length) {
      chainFailures++;
      body += `<failure type="${xml(failing[0].code)}" message="${xml(failing.map((d) => d.message).join(" | "))}">${xml(failing.map(detail).join("\n\n"))}</failure>`;
    }
    if (others.length) body += `<system-out>${xml(others.map(detail).join("\n\n"))}</system-out>`;
    chainCases.push(`    <testcase classname="rolecall.chains" name="chain ${xml(c.id)} (${c.nodes.length} object${c.nodes.length === 1 ? "" : "s"})"${file ? ` file="${xml(file)}"` : ""}>${body}</testcase>`);
  }
  const findingCases: string[] = [];
  let findingFailures = 0;
  const fdetail = (f: FindingRecord) => `${f.level} ${f.risk} (${f.severity}): ${f.title}\n${f.why}\nfix: ${f.fix}\n${f.locations.map((l) => `  at ${where(l)} (${l.object})`).join("\n")}${f.suggestedRole ? `\n${f.suggestedRole}` : ""}`;
  for (const f of r.findings) {
    const fails = failsAt(f.level, failOn);
    if (fails) findingFailures++;
    const file = f.locations[0]?.file;
    const body = fails ? `<failure type="${xml(f.risk)}" message="${xml(f.title)}">${xml(fdetail(f))}</failure>` : `<system-out>${xml(fdetail(f))}</system-out>`;
    findingCases.push(`    <testcase classname="rolecall.rbac" name="${xml(f.id)}"${file ? ` file="${xml(file)}"` : ""}>${body}</testcase>`);
  }
  const suite = (name: string, cases: string[], failures: number) =>
    `  <testsuite name="${name}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">\n${cases.map((c) => c + "\n").join("")}  </testsuite>\n`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="rolecall check" tests="${chainCases.length + findingCases.length}" failures="${chainFailures + findingFailures}" errors="0">\n` +
    suite("rolecall.chains", chainCases, chainFailures) +
    suite("rolecall.rbac", findingCases, findingFailures) +
    `</testsuites>\n`
  );
}

export { RULES };

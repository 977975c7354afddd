// The diff report as text (a pull request review), JSON, SARIF (gains at their risk, on the
// binding that grants them) and JUnit (one test case per subject).
import type { DiffReport, Grant, PermissionChange, Risk, SubjectDiff } from "@/lib/rbac/diff";
import { gainFails, type GainThreshold } from "@/lib/rbac/diff";
import { ruleOf } from "./rules";
import { xml } from "./xml";

const ref = (r: { kind: string; namespace?: string; name: string }) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name}`;
const via = (g: Grant) => `${ref(g.binding)} → ${ref(g.role)} rule ${g.rule}${g.at ? ` (${g.at.file}:${g.at.line})` : ""}`;
const who = (s: SubjectDiff["subject"]) => `${s.kind} ${s.namespace ? `${s.namespace}/` : ""}${s.name}`;
const scope = (ns: string) => (ns ? `in ${ns}` : "cluster-wide");

/** What a change is about, without its verb: `secrets in shop`, `pods/exec (web-0) in shop`, `/metrics cluster-wide`. */
function what(c: PermissionChange): string {
  if (c.nonResourceURL !== undefined) return `${c.nonResourceURL} ${scope(c.namespace)}`;
  const group = c.apiGroup ? `${c.apiGroup}/` : "";
  return `${group}${c.resource}${c.resourceName ? ` (${c.resourceName})` : ""} ${scope(c.namespace)}`;
}

/** Changes of one subject grouped as a reviewer reads them: per grant and target, the verbs together. */
function grouped(changes: readonly PermissionChange[]): { risk: Risk; risks: string[]; line: string }[] {
  const groups = new Map<string, { risk: Risk; risks: Set<string>; verbs: string[]; what: string; via: string }>();
  for (const c of changes) {
    const k = `${what(c)}|${via(c.via[0])}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { risk: c.risk, risks: new Set(), verbs: [], what: what(c), via: c.via.map(via).join("; ") }));
    g.verbs.push(c.verb);
    for (const r of c.risks) g.risks.add(r);
    if (["critical", "high", "medium", "low", "none"].indexOf(c.risk) < ["critical", "high", "medium", "low", "none"].indexOf(g.risk)) g.risk = c.risk;
  }
  return [...groups.values()].map((g) => ({ risk: g.risk, risks: [...g.risks], line: `${g.verbs.join(",")} ${g.what}, via ${g.via}` }));
}

export function diffText(r: DiffReport): string {
  const out: string[] = [];
  for (const s of r.subjects) {
    out.push(`${who(s.subject)}${s.gained.length ? ` (worst gain: ${s.worstGain})` : ""}`);
    for (const g of grouped(s.gained)) out.push(`  + ${g.risk.padEnd(8)} ${g.line}${g.risks.length ? ` [${g.risks.join(", ")}]` : ""}`);
    for (const g of grouped(s.lost)) out.push(`  - ${"".padEnd(8)} ${g.line}`);
  }
  const m = r.summary;
  out.push(
    `${out.length ? "\n" : ""}${m.subjects} subject${m.subjects === 1 ? "" : "s"} changed: ${m.gained} permission${m.gained === 1 ? "" : "s"} gained (worst: ${m.worstGain}), ${m.lost} lost` +
      (r.failing ? `; a gain at or above --fail-on-gain ${m.failOnGain}` : ""),
  );
  return out.join("\n") + "\n";
}

export function diffJson(r: DiffReport): string {
  return JSON.stringify({ subjects: r.subjects, summary: r.summary }, null, 2) + "\n";
}

const SECURITY_SEVERITY: Record<Risk, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "2.0", none: "0.0" };

/** SARIF: one result per gained permission group that carries a risk, on the binding that grants it (in AFTER). */
export function diffSarif(r: DiffReport, version: string, threshold: GainThreshold): string {
  const rules: object[] = [];
  const used = new Map<string, number>();
  const results: object[] = [];
  for (const s of r.subjects) {
    for (const c of s.gained) {
      if (c.risk === "none") continue;
      const id = `gain-${c.risks[0] ?? "permission"}`;
      let i = used.get(id);
      if (i === undefined) {
        const base = ruleOf(c.risks[0] ?? "");
        used.set(id, (i = rules.length));
        rules.push({
          id,
          name: `Gains${base.name}`,
          shortDescription: { text: `A change grants: ${base.title}` },
          fullDescription: { text: base.description },
          defaultConfiguration: { level: "warning" },
          properties: { tags: ["kubernetes", "rbac", "security"], "security-severity": SECURITY_SEVERITY[c.risk] },
        });
      }
      const at = c.via.find((g) => g.at)?.at;
      results.push({
        ruleId: id,
        ruleIndex: i,
        level: gainFails(c.risk, threshold) ? "error" : "warning",
        message: { text: `${who(s.subject)} gains ${c.verb} ${what(c)} (${c.risk}), via ${c.via.map(via).join("; ")}` },
        locations: at ? [{ physicalLocation: { artifactLocation: { uri: at.file === "<stdin>" ? "stdin" : at.file.split("/").map(encodeURIComponent).join("/") }, region: { startLine: at.line } } }] : [],
      });
    }
  }
  const log = { $schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs: [{ tool: { driver: { name: "rolecall", version, semanticVersion: version, rules } }, results }] };
  return JSON.stringify(log, null, 2) + "\n";
}

/** JUnit: one test case per changed subject, failing when it gains something at or above --fail-on-gain. */
export function diffJunit(r: DiffReport, threshold: GainThreshold): string {
  let failures = 0;
  const cases = r.subjects.map((s) => {
    const text = [...grouped(s.gained).map((g) => `+ ${g.risk} ${g.line}`), ...grouped(s.lost).map((g) => `- ${g.line}`)].join("\n");
    const fails = gainFails(s.worstGain, threshold);
    if (fails) failures++;
    const body = fails ? `<failure type="permission-gain" message="${xml(`${who(s.subject)} gains a ${s.worstGain} permission`)}">${xml(text)}</failure>` : `<system-out>${xml(text)}</system-out>`;
    return `    <testcase classname="rolecall.diff" name="${xml(who(s.subject))}">${body}</testcase>\n`;
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="rolecall diff" tests="${cases.length}" failures="${failures}" errors="0">\n` +
    `  <testsuite name="rolecall.diff" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join("")}  </testsuite>\n</testsuites>\n`
  );
}

import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { csvCell, csvLine } from "./csv";
import { clusterRole, clusterRoleBinding, group, r, sa, saSubject, user } from "./fixtures.test-helpers";
import { findings, findingsCsv } from "./findings";
import { permissionView, permissionViewCsv } from "./permissions";
import { serviceAccountIdentity } from "./subjects";

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=HYPERLINK(\"http://evil\",\"x\")", '"\'=HYPERLINK(""http://evil"",""x"")"'],
    ["+1+cmd|' /C calc'!A0", "\"'+1+cmd|' /C calc'!A0\""],
    ["-2+3", "\"'-2+3\""],
    ["@SUM(A1)", "\"'@SUM(A1)\""],
    ["\t=1", "\"'\t=1\""],
    ["\r=1", "\"'\r=1\""],
    ["a=1", "a=1"],
    ["kube-system", "kube-system"],
  ])("%j → %j", (input, out) => {
    expect(csvCell(input)).toBe(out);
  });
  it("joins a line", () => {
    expect(csvLine(["a", "=b", "c,d"])).toBe("a,\"'=b\",\"c,d\"");
  });
});

describe("exports never start a cell with a formula", () => {
  // User and group names, resource names and resourceNames are free text chosen by whoever
  // may write RBAC objects.
  const evil = "=HYPERLINK(\"http://evil.example\",\"open\")";
  const snap = snapshotFromObjects([
    sa("ci", "runner"),
    clusterRole("all", [r(["*"], ["*"], ["*"])]),
    clusterRoleBinding("everything", "all", [saSubject("runner", "ci"), user(evil), group("@ops"), user("+1+cmd")]),
    clusterRole("odd", [r(["get"], [""], ["-evil", "configmaps"], ["=cfg", "@x"])]),
    clusterRoleBinding("odd", "odd", [saSubject("runner", "ci")]),
  ]);
  const cells = (csv: string) =>
    csv
      .trim()
      .split("\n")
      .flatMap((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, "")));

  it("findings", () => {
    const csv = findingsCsv(findings(snap));
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""open"")"`);
    expect(csv).toContain(`"'@ops"`);
    expect(csv).toContain(`"'+1+cmd"`);
    for (const c of cells(csv)) expect(c, c).not.toMatch(/^"?[=+\-@\t\r]/);
  });

  it("permissions", () => {
    const csv = permissionViewCsv(permissionView(snap, serviceAccountIdentity("ci", "runner"), null));
    expect(csv).toContain(`"'-evil"`);
    expect(csv).toContain(`"'=cfg @x"`);
    for (const c of cells(csv)) expect(c, c).not.toMatch(/^"?[=+\-@\t\r]/);
  });
});

import { describe, expect, it } from "vitest";
import type { PermissionView } from "@/lib/api/wire";
import { filterView, moveInGrid, PAGE_ROWS, rowMatches } from "./matrixGrid";

describe("rowMatches", () => {
  const cases: [string, string, string, boolean][] = [
    ["", "secrets", "", true],
    ["SECR", "secrets", "", true],
    ["core", "secrets", "", true], // the empty group is shown as "core"
    ["core", "jobs", "batch", false],
    ["apps", "deployments", "apps", true],
    ["deployments.apps", "deployments", "apps", true],
    ["ments.ap", "deployments", "apps", true],
    ["secrets.", "secrets", "", false], // no group to follow the dot
    ["  jobs ", "jobs", "batch", true], // surrounding blanks are not part of the question
    ["rbac", "roles", "rbac.authorization.k8s.io", true],
    ["pods/exec", "pods/exec", "", true],
    ["exec", "pods", "", false],
  ];
  it.each(cases)("%j matches %s (%s): %s", (q, resource, apiGroup, want) => {
    expect(rowMatches({ resource, apiGroup }, q)).toBe(want);
  });
});

describe("filterView", () => {
  const row = (apiGroup: string, resource: string) => ({ apiGroup, resource, ineffective: false, cells: [] });
  const view = {
    namespace: null,
    rows: [row("", "pods"), row("", "secrets"), row("apps", "deployments"), row("batch", "jobs")],
    nonResource: [{ url: "/healthz", cells: [] }, { url: "/metrics", cells: [] }],
    rules: [],
    orphans: [],
  } as PermissionView;
  it("keeps the rows in the engine's order and filters non-resource URLs by URL", () => {
    expect(filterView(view, "s").rows.map((r) => r.resource)).toEqual(["pods", "secrets", "deployments", "jobs"]);
    expect(filterView(view, "Batch").rows.map((r) => r.resource)).toEqual(["jobs"]);
    expect(filterView(view, "health").nonResource.map((n) => n.url)).toEqual(["/healthz"]);
    expect(filterView(view, "health").rows).toEqual([]);
    expect(filterView(view, "nothing-like-it")).toEqual({ rows: [], nonResource: [] });
    expect(filterView(view, " ").rows).toBe(view.rows);
  });
});

describe("moveInGrid", () => {
  // 25 rows of 10 stops, row 3 has 12 (three other verbs), the last one 10
  const widths = Array.from({ length: 25 }, (_, i) => (i === 3 ? 12 : 10));
  const cases: [string, { row: number; col: number }, string, boolean, { row: number; col: number } | null][] = [
    ["right", { row: 0, col: 0 }, "ArrowRight", false, { row: 0, col: 1 }],
    ["right at the row's end stays", { row: 0, col: 9 }, "ArrowRight", false, { row: 0, col: 9 }],
    ["left at the start stays", { row: 0, col: 0 }, "ArrowLeft", false, { row: 0, col: 0 }],
    ["down keeps the column", { row: 0, col: 4 }, "ArrowDown", false, { row: 1, col: 4 }],
    ["down past the last row stays", { row: 24, col: 4 }, "ArrowDown", false, { row: 24, col: 4 }],
    ["up from the first row stays", { row: 0, col: 4 }, "ArrowUp", false, { row: 0, col: 4 }],
    ["down from a wider row lands on the next row's last cell", { row: 3, col: 11 }, "ArrowDown", false, { row: 4, col: 9 }],
    ["Home: the row's first cell", { row: 5, col: 6 }, "Home", false, { row: 5, col: 0 }],
    ["End: the row's last cell", { row: 3, col: 1 }, "End", false, { row: 3, col: 11 }],
    ["Ctrl+Home: the grid's first cell", { row: 5, col: 6 }, "Home", true, { row: 0, col: 0 }],
    ["Ctrl+End: the grid's last cell", { row: 5, col: 6 }, "End", true, { row: 24, col: 9 }],
    ["PageDown", { row: 2, col: 1 }, "PageDown", false, { row: 2 + PAGE_ROWS, col: 1 }],
    ["PageDown near the end stops at the last row", { row: 20, col: 1 }, "PageDown", false, { row: 24, col: 1 }],
    ["PageUp near the start stops at the first row", { row: 4, col: 1 }, "PageUp", false, { row: 0, col: 1 }],
    ["another key is not a move", { row: 4, col: 1 }, "a", false, null],
    ["Tab is not a move (it leaves the grid)", { row: 4, col: 1 }, "Tab", false, null],
  ];
  it.each(cases)("%s", (_, from, key, ctrl, want) => {
    expect(moveInGrid(from, key, ctrl, widths)).toEqual(want);
  });
  it("an empty grid has no move", () => {
    expect(moveInGrid({ row: 0, col: 0 }, "ArrowDown", false, [])).toBeNull();
  });
});

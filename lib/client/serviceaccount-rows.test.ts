import { describe, expect, it } from "vitest";
import type { ServiceAccountRow } from "@/lib/api/types";
import { rowsViewOf, serviceAccountRows } from "./serviceaccount-rows";

const row = (namespace: string, name: string, more: Partial<ServiceAccountRow> = {}): ServiceAccountRow => ({
  namespace,
  name,
  exists: true,
  bindings: 0,
  groupBindings: 0,
  workloads: 0,
  pods: 0,
  findings: 0,
  ...more,
});
const names = (rows: ServiceAccountRow[]) => rows.map((r) => `${r.namespace}/${r.name}`);

describe("rowsViewOf", () => {
  it.each([
    [{}, { filter: "", sort: "namespace", dir: "asc" }],
    [{ q: "ci", sort: "risk", dir: "desc" }, { filter: "ci", sort: "risk", dir: "desc" }],
    // unknown columns and directions read as the defaults; "constructor" is no column
    [{ sort: "constructor", dir: "up" }, { filter: "", sort: "namespace", dir: "asc" }],
  ])("%j → %j", (params, view) => {
    expect(rowsViewOf((k) => (params as Record<string, string>)[k])).toEqual(view);
  });
});

describe("serviceAccountRows", () => {
  const items = [row("b", "x", { bindings: 3 }), row("a", "y", { bindings: 1 }), row("a", "ci-runner", { bindings: 2, clusterAdmin: { certain: true, hops: 2, direct: false } })];

  it("sorts by namespace then name by default, and leaves the input as it was", () => {
    const before = names(items);
    expect(names(serviceAccountRows(items, { filter: "", sort: "namespace", dir: "asc" }))).toEqual(["a/ci-runner", "a/y", "b/x"]);
    expect(names(items)).toEqual(before);
  });

  it("sorts by a count, either way", () => {
    expect(names(serviceAccountRows(items, { filter: "", sort: "bindings", dir: "asc" }))).toEqual(["a/y", "a/ci-runner", "b/x"]);
    expect(names(serviceAccountRows(items, { filter: "", sort: "bindings", dir: "desc" }))).toEqual(["b/x", "a/ci-runner", "a/y"]);
  });

  it("ranks a path to cluster-admin above any finding count", () => {
    expect(names(serviceAccountRows(items, { filter: "", sort: "risk", dir: "desc" }))[0]).toBe("a/ci-runner");
  });

  it("filters on namespace/name, case-insensitively, ignoring spaces around", () => {
    expect(names(serviceAccountRows(items, { filter: " A/C ", sort: "namespace", dir: "asc" }))).toEqual(["a/ci-runner"]);
    expect(serviceAccountRows(items, { filter: "nope", sort: "namespace", dir: "asc" })).toEqual([]);
  });
});

import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifests } from "@/lib/source/manifests";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { filterFindings, findings, hiddenBootstrapFindings } from "@/lib/rbac/findings";
import { findingsAnswer, pageOf } from "./findings";
import { findingsResponse } from "./wire";

const snap = snapshotFromObjects(loadManifests(path.resolve(__dirname, "../../examples")).objects, { source: { mode: "examples", label: "example data" } });

describe("GET /api/v1/findings's answer", () => {
  it.each([
    [{ hideSystem: true, limit: 5 }],
    [{ hideSystem: false, limit: 50 }],
    [{ hideSystem: true, severity: ["critical" as const], limit: 1000 }],
    [{ hideSystem: true, serviceAccount: { namespace: "legacy", name: "default" }, limit: 3 }],
  ])("%j: the first `limit` of the filtered list, with every count", (q) => {
    const all = findings(snap);
    const kept = filterFindings(all, q);
    const a = findingsAnswer(snap, q);
    expect(findingsResponse.safeParse(a).success).toBe(true);
    expect(a).toMatchObject({ total: all.length, matched: kept.length, hidden: hiddenBootstrapFindings(all, q) });
    expect(a.items.map((f) => f.id)).toEqual(kept.slice(0, q.limit).map((f) => f.id));
  });

  it("asked again, the same answer (the page is kept per list of findings and query)", () => {
    const q = { hideSystem: true, limit: 7 };
    const all = findings(snap);
    expect(pageOf(all, { ...q })).toBe(pageOf(all, { ...q }));
    expect(pageOf(all, { ...q, limit: 8 })).not.toBe(pageOf(all, q));
    expect(findingsAnswer(snap, q)).toEqual(findingsAnswer(snap, q));
    expect(findingsAnswer(snap, { ...q, limit: 8 }).items).toHaveLength(Math.min(8, findingsAnswer(snap, q).matched));
  });
});

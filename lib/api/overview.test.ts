// The overview's numbers are the other answers' numbers: counted from the same engines on the
// bundled examples, per namespace and in all.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ChainsEngine, chainsInNamespace } from "@/lib/chains";
import { canIFromRbac } from "@/lib/chains/rbac";
import { loadManifests } from "@/lib/source/manifests";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { filterFindings, findings } from "@/lib/rbac/findings";
import { bindingList } from "./bindings";
import { OVERVIEW_LIST, overview } from "./overview";
import { serviceAccountList } from "./serviceaccounts";
import { overviewResponse } from "./wire";

const snap = snapshotFromObjects(loadManifests(path.resolve(__dirname, "../../examples")).objects, { source: { mode: "examples", label: "example data" } });
const chains = new ChainsEngine().build(snap, { now: Date.parse("2026-01-01T00:00:00Z"), canI: canIFromRbac });

describe("overview", () => {
  it.each([[undefined], ["legacy"], ["go-todo"], ["nowhere"]])("in namespace %s counts what the list pages list", (namespace) => {
    const o = overview(snap, chains, namespace);
    expect(overviewResponse.parse(o)).toEqual(o);
    expect(o.serviceAccounts).toBe(serviceAccountList(snap, namespace).items.length);
    expect(o.bindings).toBe(bindingList(snap, namespace).items.length);
    const shown = filterFindings(findings(snap), { hideSystem: true, namespace });
    for (const s of ["critical", "high", "medium", "low"] as const) expect(o.findings[s]).toBe(shown.filter((f) => f.severity === s).length);
    expect(o.worstFindings.map((f) => f.id)).toEqual(shown.slice(0, OVERVIEW_LIST).map((f) => f.id));
    const view = chainsInNamespace(chains, namespace);
    expect(o.chains.total).toBe(view.chains.length);
    expect(Object.values(o.chains.health).reduce((a, b) => a + b, 0)).toBe(view.chains.length);
  });

  it("puts the worst first: critical findings, then blocked chains with the error that holds them", () => {
    const o = overview(snap, chains);
    expect(o.findings.critical).toBeGreaterThan(0);
    expect(o.worstFindings[0].severity).toBe("critical");
    expect(o.findings.hiddenBuiltIn).toBeGreaterThan(0);
    // the examples hold a deadlock and a failed Job: blocked chains, each with its error
    expect(o.chainsNeedingAttentionTotal).toBeGreaterThan(0);
    const first = o.chainsNeedingAttention[0];
    expect(first.health).toBe("Blocked");
    expect(first.problem).toEqual(expect.any(String));
    const healths = o.chainsNeedingAttention.map((c) => c.health);
    expect(healths).toEqual([...healths].sort((a, b) => ["Blocked", "Degraded", "Missing"].indexOf(a) - ["Blocked", "Degraded", "Missing"].indexOf(b)));
    expect(o.chainsNeedingAttention.every((c) => c.health !== "Healthy" && c.health !== "Progressing")).toBe(true);
  });
});

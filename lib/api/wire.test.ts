import path from "node:path";
import { describe, expect, it } from "vitest";
import { ChainsEngine } from "@/lib/chains";
import { canIFromRbac } from "@/lib/chains/rbac";
import { loadManifests } from "@/lib/source/manifests";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { chainsResponse, wireChains } from "./wire";

describe("API v1 chains answer", () => {
  // The bundled examples hold every edge type, diagnostics with fixes, pods and blocked nodes.
  const snap = snapshotFromObjects(loadManifests(path.resolve(__dirname, "../../examples")).objects, { source: { mode: "examples", label: "example data" } });
  const view = new ChainsEngine().build(snap, { now: Date.parse("2026-01-01T00:00:00Z"), canI: canIFromRbac });

  it("carries every field the engine gives today: a new engine field is a deliberate change of API v1", () => {
    expect(view.nodes.length).toBeGreaterThan(5);
    expect(view.diagnostics.some((d) => d.fix)).toBe(true);
    expect(wireChains(view, 7)).toEqual({ version: 7, ...JSON.parse(JSON.stringify(view)) });
  });

  it("matches its schema, which the OpenAPI document publishes", () => {
    expect(chainsResponse.safeParse(wireChains(view, 7)).success).toBe(true);
    const broken = { ...wireChains(view, 7), nodes: [{ ...view.nodes[0], health: "Fine" }] };
    expect(chainsResponse.safeParse(broken).success).toBe(false);
  });
});

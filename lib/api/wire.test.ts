import path from "node:path";
import { describe, expect, it } from "vitest";
import { ChainsEngine } from "@/lib/chains";
import { canIFromRbac } from "@/lib/chains/rbac";
import { loadManifests } from "@/lib/source/manifests";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { findings, withSuggestions } from "@/lib/rbac/findings";
import { identityFor, serviceAccountIdentity } from "@/lib/rbac/subjects";
import { canIAnswer, permissionsAnswer, whoCanAnswer } from "@/lib/rbac/views";
import { canIResponse, chainsResponse, findingsResponse, permissionsResponse, whoCanResponse, wireCanI, wireChains, wireFinding, wirePermissions, wireWhoCan } from "./wire";

// The bundled examples hold every edge type, diagnostics with fixes, pods, blocked nodes,
// risky grants, group bindings and missing roles.
const snap = snapshotFromObjects(loadManifests(path.resolve(__dirname, "../../examples")).objects, { source: { mode: "examples", label: "example data" } });
const asJson = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe("API v1 chains answer", () => {
  const view = new ChainsEngine().build(snap, { now: Date.parse("2026-01-01T00:00:00Z"), canI: canIFromRbac });

  it("carries every field the engine gives today: a new engine field is a deliberate change of API v1", () => {
    expect(view.nodes.length).toBeGreaterThan(5);
    expect(view.diagnostics.some((d) => d.fix)).toBe(true);
    expect(wireChains(view, 7)).toEqual({ version: 7, ...asJson(view) });
  });

  it("matches its schema, which the OpenAPI document publishes", () => {
    expect(chainsResponse.safeParse(wireChains(view, 7)).success).toBe(true);
    const broken = { ...wireChains(view, 7), nodes: [{ ...view.nodes[0], health: "Fine" }] };
    expect(chainsResponse.safeParse(broken).success).toBe(false);
  });
});

describe("API v1 RBAC answers", () => {
  const sa = serviceAccountIdentity("go-todo", "go-todo-sa");
  const resource = (verb: string, res: string, namespace = "") => ({ kind: "resource" as const, verb, apiGroup: "", resource: res, subresource: "", name: "", namespace });

  it("can-i and who-can carry every field the engine gives today", () => {
    for (const [identity, request, asWritten] of [
      [sa, resource("get", "pods", "go-todo"), undefined],
      [identityFor("alise"), resource("gett", "secretz"), undefined],
      [sa, { kind: "nonResource" as const, verb: "get", path: "/healthz" }, "go-todo:go-todo-sa"],
    ] as const) {
      const a = canIAnswer(snap, { identity, request, ...(asWritten ? { asWritten } : {}) });
      expect(wireCanI(a)).toEqual(asJson(a));
      expect(canIResponse.safeParse(wireCanI(a)).success).toBe(true);
      for (const scope of [undefined, "cluster" as const]) {
        const w = whoCanAnswer(snap, { request, ...(scope && request.kind === "resource" && !request.namespace ? { scope } : {}) });
        expect(wireWhoCan(w)).toEqual(asJson(w));
        expect(whoCanResponse.safeParse(wireWhoCan(w)).success).toBe(true);
      }
    }
  });

  it("permissions and findings carry every field the engine gives today", () => {
    const all = withSuggestions(findings(snap));
    expect(all.some((f) => f.suggestedRole && f.policyRule)).toBe(true);
    expect(all.map(wireFinding)).toEqual(asJson(all));
    expect(findingsResponse.safeParse({ version: 1, total: all.length, matched: all.length, hidden: 0, items: all.map(wireFinding) }).success).toBe(true);
    let views = 0;
    for (const o of snap.objects.ServiceAccount.values()) {
      const p = permissionsAnswer(snap, o.metadata.namespace ?? "default", o.metadata.name);
      if (!p) continue;
      views += p.views.length;
      expect(wirePermissions(p)).toEqual(asJson(p));
      expect(permissionsResponse.safeParse(wirePermissions(p)).success).toBe(true);
    }
    expect(views).toBeGreaterThan(10);
  });
});

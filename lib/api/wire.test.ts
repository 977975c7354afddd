import path from "node:path";
import { describe, expect, it } from "vitest";
import { ChainsEngine } from "@/lib/chains";
import { canIFromRbac } from "@/lib/chains/rbac";
import { loadManifests } from "@/lib/source/manifests";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { findings, withSuggestions } from "@/lib/rbac/findings";
import { identityFor, serviceAccountIdentity } from "@/lib/rbac/subjects";
import { canIAnswer, permissionsAnswer, whoCanAnswer } from "@/lib/rbac/views";
import { escalationOf, reachingClusterAdmin } from "@/lib/rbac/escalation";
import { rbacIndex, rulesOf } from "@/lib/rbac/indexes";
import { serviceAccountUserName } from "@/lib/rbac/subjects";
import { blastRadius, escalationTarget, ruleLookup, serviceAccountEscalation } from "./escalation";
import {
  blastRadiusResponse,
  canIResponse,
  chainsResponse,
  escalationResponse,
  escalationTargetResponse,
  findingsResponse,
  permissionsResponse,
  whoCanResponse,
  wireCanI,
  wireChains,
  wireEscalation,
  wireEscalationTarget,
  wireFinding,
  wirePermissions,
  wireWhoCan,
} from "./wire";

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

  it("sends a node's conditions and its pods' init-container states (the node panel shows them)", () => {
    const wire = wireChains(view, 7);
    // the examples' Flux objects carry conditions
    expect(wire.nodes.find((n) => n.id === "HelmRelease/cache/redis")?.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: "Ready", status: "False" })]));
    const withInit = { ...wire.nodes[0], pods: [{ name: "p", health: "Progressing" as const, status: "Init:0/1", initContainers: [{ name: "wait", state: "waiting" as const, reason: "PodInitializing", ready: false, restarts: 0 }] }] };
    expect(chainsResponse.safeParse({ ...wire, nodes: [withInit] }).success).toBe(true);
    const badState = { ...withInit, pods: [{ ...withInit.pods[0], initContainers: [{ ...withInit.pods[0].initContainers[0], state: "sleeping" }] }] };
    expect(chainsResponse.safeParse({ ...wire, nodes: [badState] }).success).toBe(false);
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
    expect(all.map((f) => wireFinding(f))).toEqual(asJson(all));
    expect(findingsResponse.safeParse({ version: 1, total: all.length, matched: all.length, hidden: 0, items: all.map((f) => wireFinding(f)) }).success).toBe(true);
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

describe("API v1 escalation answers", () => {
  const ruleOf = ruleLookup(snap);

  it("carry every field the engine gives today, and each hop's rules as written", () => {
    let hops = 0;
    for (const o of snap.objects.ServiceAccount.values()) {
      const e = escalationOf(snap, serviceAccountUserName(o.metadata.namespace ?? "default", o.metadata.name))!;
      // without a rule lookup: exactly the engine's answer
      expect(wireEscalation(e, 3, () => undefined)).toEqual({ ...asJson(e), total: e.canBecome.length, truncated: false, version: 3 });
      const wired = wireEscalation(e, 3, ruleOf);
      expect(escalationResponse.safeParse(wired).success).toBe(true);
      for (const p of [...wired.canBecome, ...(wired.clusterAdmin ? [wired.clusterAdmin] : [])])
        for (const h of p.path)
          for (const v of h.via) {
            hops++;
            const idx = rbacIndex(snap);
            const role = v.role.kind === "Role" ? idx.roles.get(`${v.role.namespace}/${v.role.name}`) : idx.clusterRoles.get(v.role.name);
            expect(v.policyRule, `${h.technique} ${v.role.name}#${v.rule}`).toEqual(asJson(rulesOf(idx, role!)[v.rule]));
          }
    }
    expect(hops).toBeGreaterThan(3);
  });

  it("every subject reaching cluster-admin, as GET /api/v1/escalation sends them", () => {
    const all = reachingClusterAdmin(snap);
    const wired = wireEscalationTarget(all, 5, () => undefined);
    expect(wired).toEqual({ target: "cluster-admin", subjects: asJson(all), total: all.length, truncated: false, version: 5 });
    expect(escalationTargetResponse.safeParse(escalationTarget(snap)).success).toBe(true);
    expect(escalationTarget(snap).subjects.map((p) => p.subject)).toContain("system:serviceaccount:ci:build-bot");
  });

  it("a limit keeps the first subjects (shortest paths first) and says the answer was cut", () => {
    const all = reachingClusterAdmin(snap);
    expect(all.length).toBeGreaterThan(2);
    const cut = escalationTarget(snap, 2);
    expect(cut).toMatchObject({ total: all.length, truncated: true });
    expect(cut.subjects.map((p) => p.subject)).toEqual(all.slice(0, 2).map((p) => p.subject));
    expect(escalationTargetResponse.safeParse(cut).success).toBe(true);
    const exact = escalationTarget(snap, all.length);
    expect(exact).toMatchObject({ total: all.length, truncated: false });
    expect(exact.subjects).toHaveLength(all.length);
  });

  it("the findings' escalation paths carry their rules too, and the schema refuses an unknown technique", () => {
    const f = findings(snap).find((x) => x.risk === "reaches-cluster-admin" && x.subject.name === "build-bot")!;
    const w = wireFinding(f, ruleOf);
    expect(w.path?.path[0]).toMatchObject({ technique: "create-workloads", via: [{ role: { kind: "Role", name: "job-runner" }, policyRule: { resources: ["jobs"], verbs: expect.arrayContaining(["create"]) } }] });
    expect(findingsResponse.safeParse({ version: 1, total: 1, matched: 1, hidden: 0, items: [w] }).success).toBe(true);
    const broken = { ...w, path: { ...w.path!, path: [{ ...w.path!.path[0], technique: "ask-nicely" }] } };
    expect(findingsResponse.safeParse({ version: 1, total: 1, matched: 1, hidden: 0, items: [broken] }).success).toBe(false);
  });

  it("a ServiceAccount's answer with a limit: its first identities (shortest paths first), how many in all, and that it was cut", () => {
    const all = serviceAccountEscalation(snap, "ci", "build-bot")!;
    expect(all.canBecome.length).toBeGreaterThan(2);
    expect(all).toMatchObject({ total: all.canBecome.length, truncated: false });
    const cut = serviceAccountEscalation(snap, "ci", "build-bot", 2)!;
    expect(cut).toMatchObject({ total: all.canBecome.length, truncated: true, reachesClusterAdmin: true, clusterAdmin: all.clusterAdmin });
    expect(cut.canBecome).toEqual(all.canBecome.slice(0, 2));
    expect(escalationResponse.safeParse(cut).success).toBe(true);
    expect(serviceAccountEscalation(snap, "ci", "build-bot", all.canBecome.length)).toMatchObject({ truncated: false, canBecome: all.canBecome });
  });

  it("a ServiceAccount's answer is undefined (404) only when it has no page", () => {
    expect(serviceAccountEscalation(snap, "ci", "build-bot")).toMatchObject({ reachesClusterAdmin: true, clusterAdmin: { hops: 2 } });
    expect(serviceAccountEscalation(snap, "ci", "nobody")).toBeUndefined();
  });
});

describe("API v1 blast radius", () => {
  it("legacy-auth runs as legacy/default: its token, what it can become, and legacy's Secrets and pods within reach", () => {
    const b = blastRadius(snap, "legacy", "Deployment", "legacy-auth")!;
    expect(blastRadiusResponse.safeParse(b).success).toBe(true);
    expect(b).toMatchObject({ workload: { kind: "Deployment", namespace: "legacy", name: "legacy-auth" }, serviceAccount: { namespace: "legacy", name: "default", exists: true }, token: { mounted: true } });
    expect(b.escalation).toEqual(serviceAccountEscalation(snap, "legacy", "default"));
    expect(b.escalation.canBecome.map((p) => p.subject)).toContain("system:serviceaccount:legacy:backup");
    expect(b.reach.everything).toBe(false);
    expect(b.reach.secrets).toEqual([{ namespace: "legacy", verbs: ["get", "list"], subject: "system:serviceaccount:legacy:default", hops: 0, certain: true }]);
    expect(b.reach.pods.map((e) => e.namespace)).toEqual(["legacy"]);
    expect(b.reach.nodes).toEqual([]);
  });

  it("ci-runner's Deployment reaches everything; an unknown workload has no answer", () => {
    const b = blastRadius(snap, "ci", "Deployment", "ci-runner")!;
    expect(b.reach.everything).toBe(true);
    expect(b.reach.secrets[0]).toMatchObject({ namespace: null, verbs: ["get", "list"], hops: 0 });
    expect(b.reach.nodes[0]).toMatchObject({ namespace: null, verbs: ["get", "proxy", "patch", "delete"] });
    expect(blastRadius(snap, "ci", "Deployment", "nope")).toBeUndefined();
  });
});

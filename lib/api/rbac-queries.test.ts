import { describe, expect, it } from "vitest";
import { serviceAccountIdentity } from "@/lib/rbac/subjects";
import { ApiError, parseQuery } from "./errors";
import { blastRadiusParams, canIQuery, ESCALATION_LIMIT, escalationQuery, findingsQuery, permissionsQuery, serviceAccountEscalationQuery, whoCanQuery } from "./schemas";
import { parseInput } from "./errors";

const q = (s: string) => new URLSearchParams(s);

/** A query read as a route reads it: the value, or the 400's {error, field}. */
function reader<T>(schema: Parameters<typeof parseQuery>[0]) {
  return (params: URLSearchParams): { ok: true; value: T } | { ok: false; error: string; field?: string } => {
    try {
      return { ok: true, value: parseQuery(schema, params) as T };
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 400) throw e;
      return { ok: false, error: e.message, ...(e.field ? { field: e.field } : {}) };
    }
  };
}
const parseCanIQuery = reader<{ identity: { user: string }; asWritten?: string }>(canIQuery);
const parseWhoCanQuery = reader<{ scope?: string }>(whoCanQuery);
const parseFindingsQuery = reader(findingsQuery);
const parsePermissionsQuery = reader(permissionsQuery);
const long = "a".repeat(254);

describe("parseCanIQuery", () => {
  it.each([
    ["verb=get&resource=pods", "as"],
    ["as=alice&resource=pods", "verb"],
    ["as=alice&verb=get", "resource"],
    ["as=alice&verb=get&resource=pods&nonResourceURL=/healthz", "nonResourceURL"],
    [`as=alice&verb=get&resource=${long}`, "resource"],
    [`as=alice&verb=get&resource=pods&asGroup=${long}`, "asGroup"],
    ["as=alice&verb=get&resource=pods&bogus=1", "bogus"],
    ["as=alice&verb=get&resource=pods&verb=list", "verb"],
    ["as=alice&verb=get&resource=pods&namespace=Bad_NS", "namespace"],
    ["as=alice&verb=get&nonResourceURL=/x&namespace=a", "namespace"],
    ["as=alice&verb=get&nonResourceURL=x", "nonResourceURL"],
  ])("%s → 400 on %s", (s, field) => {
    const r = parseCanIQuery(q(s));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.field).toBe(field);
  });
  it("parses a resource question for an SA with implied groups", () => {
    const r = parseCanIQuery(q("as=system:serviceaccount:a:b&asGroup=devs&verb=get&resource=pods/log&namespace=a&name=p"));
    expect(r).toEqual({
      ok: true,
      value: {
        identity: { user: "system:serviceaccount:a:b", groups: ["system:serviceaccounts", "system:serviceaccounts:a", "system:authenticated", "devs"] },
        request: { kind: "resource", verb: "get", apiGroup: "", resource: "pods", subresource: "log", name: "p", namespace: "a" },
      },
    });
  });
  it("reads ns:name as the ServiceAccount's user name, with its groups; system: names stay users", () => {
    const r = parseCanIQuery(q("as=go-todo:go-todo-sa&verb=get&resource=pods"));
    expect(r).toMatchObject({ ok: true, value: { identity: serviceAccountIdentity("go-todo", "go-todo-sa"), asWritten: "go-todo:go-todo-sa" } });
    for (const as of ["system:anonymous", "system:kube-proxy", "alice", "oidc:Alice", "system:serviceaccount:a:b"]) {
      const p = parseCanIQuery(q(`as=${as}&verb=get&resource=pods`));
      expect(p.ok && p.value.identity.user, as).toBe(as);
      expect(p.ok && p.value.asWritten, as).toBeUndefined();
    }
  });
  it("parses a non-resource question", () => {
    expect(parseCanIQuery(q("as=alice&verb=get&nonResourceURL=/healthz/etcd"))).toEqual({ ok: true, value: { identity: { user: "alice", groups: [] }, request: { kind: "nonResource", verb: "get", path: "/healthz/etcd" } } });
  });
});

describe("other queries", () => {
  it("who-can needs verb and exactly one target", () => {
    expect(parseWhoCanQuery(q("resource=pods")).ok).toBe(false);
    expect(parseWhoCanQuery(q("verb=get&resource=jobs&apiGroup=batch&namespace=go-todo")).ok).toBe(true);
    expect(parseWhoCanQuery(q("verb=get&resource=jobs&as=x")).ok).toBe(false);
  });
  it("who-can scope: cluster (ClusterRoleBindings only) or all-namespaces, only without a namespace", () => {
    expect(parseWhoCanQuery(q("verb=get&resource=jobs&scope=cluster"))).toMatchObject({ ok: true, value: { scope: "cluster" } });
    const all = parseWhoCanQuery(q("verb=get&resource=jobs&scope=all-namespaces"));
    expect(all.ok && all.value.scope).toBeUndefined();
    expect(parseWhoCanQuery(q("verb=get&resource=jobs&scope=everywhere"))).toMatchObject({ ok: false, field: "scope" });
    expect(parseWhoCanQuery(q("verb=get&resource=jobs&namespace=a&scope=cluster"))).toMatchObject({ ok: false, field: "scope" });
  });
  it("findings filters", () => {
    expect(parseFindingsQuery(q("severity=critical,high&hideSystem=false"))).toEqual({ ok: true, value: { severity: ["critical", "high"], hideSystem: false, format: "json", limit: 1000 } });
    expect(parseFindingsQuery(q("severity=urgent")).ok).toBe(false);
    expect(parseFindingsQuery(q("serviceAccount=a/b&format=csv"))).toMatchObject({ ok: true, value: { serviceAccount: { namespace: "a", name: "b" }, format: "csv", hideSystem: true } });
  });
  it("permissions namespace", () => {
    expect(parsePermissionsQuery(q("namespace="))).toEqual({ ok: true, value: { namespace: null, format: "json" } });
    expect(parsePermissionsQuery(q("namespace=x&extra=1")).ok).toBe(false);
  });
});

describe("escalation and blast radius input", () => {
  const parseEscalation = reader<{ target: string }>(escalationQuery);
  it.each([
    ["", "target"],
    ["target=", "target"],
    ["target=admin", "target"],
    ["target=cluster-admin&target=cluster-admin", "target"],
    ["target=cluster-admin&subject=x", "subject"],
    ["target=cluster-admin&limit=0", "limit"],
    ["target=cluster-admin&limit=-1", "limit"],
    ["target=cluster-admin&limit=1.5", "limit"],
    ["target=cluster-admin&limit=1e3", "limit"],
    ["target=cluster-admin&limit=x", "limit"],
    ["target=cluster-admin&limit=", "limit"],
    [`target=cluster-admin&limit=${ESCALATION_LIMIT.max + 1}`, "limit"],
    ["target=cluster-admin&limit=1&limit=2", "limit"],
  ])("escalation?%s → 400 naming %s", (s, field) => {
    const r = parseEscalation(q(s));
    expect(r).toMatchObject({ ok: false, field });
  });
  it("target=cluster-admin is the one target", () => {
    expect(parseEscalation(q("target=cluster-admin"))).toEqual({ ok: true, value: { target: "cluster-admin", limit: ESCALATION_LIMIT.default } });
    expect(parseEscalation(q("target=admin"))).toMatchObject({ error: expect.stringContaining("cluster-admin") });
  });
  it("limit: a whole number from 1 to the maximum", () => {
    expect(parseEscalation(q("target=cluster-admin&limit=5"))).toEqual({ ok: true, value: { target: "cluster-admin", limit: 5 } });
    expect(parseEscalation(q(`target=cluster-admin&limit=${ESCALATION_LIMIT.max}`))).toMatchObject({ ok: true, value: { limit: ESCALATION_LIMIT.max } });
    expect(parseEscalation(q("target=cluster-admin&limit=0"))).toMatchObject({ error: expect.stringContaining(`from 1 to ${ESCALATION_LIMIT.max}`) });
  });
  it.each([
    ["limit=0"],
    ["limit=x"],
    ["limit=1.5"],
    ["limit="],
    [`limit=${ESCALATION_LIMIT.max + 1}`],
    ["limit=1&limit=2"],
  ])("serviceaccounts/{ns}/{name}/escalation?%s → 400 naming limit", (s) => {
    expect(reader(serviceAccountEscalationQuery)(q(s))).toMatchObject({ ok: false, field: "limit", error: expect.stringContaining("limit") });
  });
  it("a ServiceAccount's escalation: limit defaults as the target's; any other parameter is named in the 400", () => {
    const parse = reader(serviceAccountEscalationQuery);
    expect(parse(q(""))).toEqual({ ok: true, value: { limit: ESCALATION_LIMIT.default } });
    expect(parse(q("limit=25"))).toEqual({ ok: true, value: { limit: 25 } });
    expect(parse(q("offset=10"))).toMatchObject({ ok: false, field: "offset" });
  });
  it("blast radius: a workload kind or Pod, in any case and plural; anything else names the segment", () => {
    expect(parseInput(blastRadiusParams, { namespace: "shop", kind: "deployments", name: "shop-api" })).toEqual({ namespace: "shop", kind: "Deployment", name: "shop-api" });
    expect(parseInput(blastRadiusParams, { namespace: "shop", kind: "Pod", name: "p-1" }).kind).toBe("Pod");
    for (const [params, field] of [
      [{ namespace: "shop", kind: "Service", name: "x" }, "kind"],
      [{ namespace: "shop", kind: "constructor", name: "x" }, "kind"],
      [{ namespace: "Shop", kind: "Job", name: "x" }, "namespace"],
      [{ namespace: "shop", kind: "Job", name: "X_" }, "name"],
    ] as const) {
      expect(() => parseInput(blastRadiusParams, params)).toThrow(expect.objectContaining({ status: 400, field }));
    }
  });
});

describe("parameters named like Object's own properties", () => {
  it.each(["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"])("%s is an unknown parameter everywhere", (name) => {
    for (const parse of [parseFindingsQuery, parsePermissionsQuery, parseWhoCanQuery, parseCanIQuery]) {
      expect(parse(q(`${name}=1`))).toEqual({ ok: false, error: `unknown parameter "${name}"`, field: name });
    }
  });
});

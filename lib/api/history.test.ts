// The history routes' input (bad input is a 400 naming the field) and answer shape.
import { describe, expect, it } from "vitest";
import type { HistoryEntry } from "@/lib/history/types";
import { fromZod, parseQuery } from "./errors";
import { serviceAccountHistorySubjects, wireHistoryEntry } from "./history";
import { historyQuery, serviceAccountHistoryQuery } from "./schemas";
import { historyEntry } from "./wire";

const parse = (qs: string) => parseQuery(historyQuery, new URLSearchParams(qs));
const problem = (qs: string) => {
  const r = historyQuery.safeParse(Object.fromEntries(new URLSearchParams(qs)));
  return r.success ? undefined : fromZod(r.error);
};

describe("GET /api/v1/history input", () => {
  it("reads subject, namespace, window, risk (that severity and worse), change, limit and cursor", () => {
    expect(parse("subject=ServiceAccount/shop/api&namespace=shop&since=2026-01-01&until=2026-01-02T10:00:00Z&risk=high&change=gained,lost&limit=20&cursor=123")).toEqual({
      subjects: [{ kind: "ServiceAccount", namespace: "shop", name: "api" }],
      namespace: "shop",
      since: new Date("2026-01-01T00:00:00Z"),
      until: new Date("2026-01-02T10:00:00Z"),
      risks: ["critical", "high"],
      changes: ["gained", "lost"],
      limit: 20,
      before: "123",
    });
    expect(parse("")).toEqual({ limit: 50 });
    expect(parse("subject=Group/system:masters").subjects).toEqual([{ kind: "Group", name: "system:masters" }]);
    expect(parse("subject=User/https://issuer.example/alice").subjects).toEqual([{ kind: "User", name: "https://issuer.example/alice" }]);
  });

  it("reads a role: a Role with its namespace, or a ClusterRole (names may hold colons)", () => {
    expect(parse("role=Role/shop/pod-reader").role).toEqual({ kind: "Role", namespace: "shop", name: "pod-reader" });
    expect(parse("role=ClusterRole/system:aggregate-to-view").role).toEqual({ kind: "ClusterRole", name: "system:aggregate-to-view" });
  });

  it("takes a time ago for since", () => {
    // 24 h before the moment it was read, which lies between these two
    const before = Date.now();
    const since = parse("since=24h").since!.getTime();
    const after = Date.now();
    expect(since).toBeGreaterThanOrEqual(before - 24 * 3_600_000);
    expect(since).toBeLessThanOrEqual(after - 24 * 3_600_000);
  });

  it.each([
    ["subject=api", "subject"],
    ["subject=ServiceAccount/Shop/api", "subject"],
    ["role=pod-reader", "role"],
    ["role=Role/pod-reader", "role"],
    ["role=ClusterRole/a/b", "role"],
    ["since=yesterday", "since"],
    ["until=2026-13-45", "until"],
    ["risk=severe", "risk"],
    ["change=gained,renamed", "change"],
    ["limit=0", "limit"],
    ["limit=501", "limit"],
    ["cursor=abc", "cursor"],
    ["namespace=Not_A_Namespace", "namespace"],
    ["verb=get", "verb"],
  ])("refuses %s naming the field %s", (qs, field) => {
    expect(problem(qs)?.field).toBe(field);
  });

  it("the ServiceAccount timeline takes only the window and the page", () => {
    expect(serviceAccountHistoryQuery.safeParse({ subject: "User/x" }).success).toBe(false);
    expect(serviceAccountHistoryQuery.parse({ limit: "5" })).toEqual({ limit: 5 });
  });

  it("a ServiceAccount's timeline holds the groups every ServiceAccount of its namespace is in", () => {
    expect(serviceAccountHistorySubjects("shop", "api").map((s) => `${s.kind}/${s.namespace ?? ""}/${s.name}`)).toEqual([
      "ServiceAccount/shop/api",
      "Group//system:serviceaccounts",
      "Group//system:serviceaccounts:shop",
      "Group//system:authenticated",
    ]);
  });
});

describe("a history entry on the wire", () => {
  it("has exactly the declared fields", () => {
    const e: HistoryEntry = {
      id: "7",
      cluster: "prod",
      change: "gained",
      at: "2026-01-01T00:00:00.000Z",
      seenAtStart: false,
      subject: { kind: "ServiceAccount", namespace: "shop", name: "api" },
      namespace: "shop",
      permission: { namespace: "shop", verb: "get", apiGroup: "", resource: "secrets" },
      risk: "high",
      risks: ["secrets-read"],
      via: [{ binding: { kind: "RoleBinding", namespace: "shop", name: "b" }, role: { kind: "ClusterRole", name: "r" }, rule: 0, at: { file: "x.yaml", line: 3 } }],
      cause: { kind: "RoleBinding", namespace: "shop", name: "b", uid: "u", resourceVersion: "9" },
    };
    const wire = wireHistoryEntry(e);
    expect(historyEntry.strict().safeParse(wire).success).toBe(true);
    expect(wire.via).toEqual([{ binding: { kind: "RoleBinding", namespace: "shop", name: "b" }, role: { kind: "ClusterRole", name: "r" }, rule: 0 }]);
  });
});

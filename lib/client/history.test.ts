import { describe, expect, it } from "vitest";
import type { HistoryEntryWire } from "@/lib/api/wire";
import { ApiRequestError } from "./fetch";
import { groupByCause, historyRetry, permissionText } from "./history";

const cause = (uid: string, rv: string) => ({ kind: "RoleBinding", namespace: "shop", name: `rb-${uid}`, uid, resourceVersion: rv });
const entry = (id: string, change: HistoryEntryWire["change"], c: HistoryEntryWire["cause"], risk: HistoryEntryWire["risk"] = "none"): HistoryEntryWire => ({
  id,
  cluster: "default",
  change,
  at: "2026-01-01T00:00:00.000Z",
  seenAtStart: false,
  namespace: "shop",
  risk,
  cause: c,
  ...(change === "gained" || change === "lost" ? { subject: { kind: "ServiceAccount", namespace: "shop", name: "api" }, permission: { namespace: "shop", verb: "get", apiGroup: "", resource: "secrets" } } : {}),
});

describe("groupByCause", () => {
  it("puts an object change and the gains and losses it caused in one group, in feed order, with the worst gain", () => {
    const a = cause("a", "2");
    const b = cause("b", "1");
    const groups = groupByCause([entry("5", "gained", a, "medium"), entry("4", "gained", a, "critical"), entry("3", "created", a), entry("2", "lost", b), entry("1", "deleted", b)]);
    expect(groups.map((g) => [g.cause.uid, g.gained.length, g.lost.length, g.objectChange?.change, g.worstGain])).toEqual([
      ["a", 2, 0, "created", "critical"],
      ["b", 0, 1, "deleted", "none"],
    ]);
  });
  it("puts a deletion and its losses apart from the creation of the version it deleted", () => {
    const a = cause("a", "1");
    const groups = groupByCause([entry("4", "lost", a), entry("3", "deleted", a), entry("2", "gained", a, "high"), entry("1", "created", a)]);
    expect(groups.map((g) => [g.objectChange?.change, g.gained.length, g.lost.length])).toEqual([
      ["deleted", 0, 1],
      ["created", 1, 0],
    ]);
  });
  it("keeps two versions of one object apart", () => {
    expect(groupByCause([entry("2", "changed", cause("a", "2")), entry("1", "created", cause("a", "1"))])).toHaveLength(2);
  });
});

describe("permissionText", () => {
  it("says the verb, the resource with its group and name, and where", () => {
    expect(permissionText({ namespace: "shop", verb: "get", apiGroup: "", resource: "secrets" })).toBe("get secrets in shop");
    expect(permissionText({ namespace: "", verb: "create", apiGroup: "apps", resource: "deployments", resourceName: "web" })).toBe("create apps/deployments (web) cluster-wide");
    expect(permissionText({ namespace: "", verb: "get", nonResourceURL: "/metrics" })).toBe("get /metrics");
  });
});

describe("historyRetry", () => {
  it("does not retry history that is off (it stays off: the page says so at once), but retries while unavailable or syncing", () => {
    expect(historyRetry(0, new ApiRequestError(503, "history is off: recorded for a live cluster"))).toBe(false);
    expect(historyRetry(0, new ApiRequestError(503, "history is unavailable: connection refused"))).toBe(true);
    expect(historyRetry(0, new ApiRequestError(503, "not synced yet"))).toBe(true);
    expect(historyRetry(0, new ApiRequestError(400, "bad since"))).toBe(false);
  });
});

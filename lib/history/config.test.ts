import { describe, expect, it } from "vitest";
import { historyConfig, redactUrl } from "./config";

describe("historyConfig", () => {
  it("keeps 90 days in the user's cache for a live cluster by default", () => {
    expect(historyConfig({}, true, "/home/me")).toEqual({ enabled: true, dataDir: "/home/me/.cache/rolecall/history", cluster: "default", retentionDays: 90 });
  });
  it("takes the data folder, database, cluster name and retention from the environment", () => {
    const c = historyConfig({ ROLECALL_DATA_DIR: "/data", ROLECALL_DATABASE_URL: "postgresql://h/db", ROLECALL_CLUSTER_NAME: "prod-eu", ROLECALL_HISTORY_DAYS: "30" }, true, "/home/me");
    expect(c).toEqual({ enabled: true, dataDir: "/data/history", databaseUrl: "postgresql://h/db", cluster: "prod-eu", retentionDays: 30 });
  });
  it("is off for manifests and examples unless a database or folder is given, and when turned off", () => {
    expect(historyConfig({}, false).enabled).toBe(false);
    expect(historyConfig({ ROLECALL_DATA_DIR: "/d" }, false).enabled).toBe(true);
    expect(historyConfig({ ROLECALL_HISTORY: "off" }, true).reason).toContain("ROLECALL_HISTORY=off");
  });
  it.each([["ninety"], ["-1"], ["1.5"]])("refuses ROLECALL_HISTORY_DAYS=%s, saying why", (days) => {
    const c = historyConfig({ ROLECALL_HISTORY_DAYS: days }, true);
    expect(c.enabled).toBe(false);
    expect(c.reason).toContain("ROLECALL_HISTORY_DAYS");
  });
  it("refuses a cluster name that could not be told apart in a shared database", () => {
    expect(historyConfig({ ROLECALL_CLUSTER_NAME: "a b" }, true).enabled).toBe(false);
  });
});

describe("redactUrl", () => {
  it("hides the password", () => {
    expect(redactUrl("postgresql://rc:s3cret@db:5432/history")).toBe("postgresql://rc:***@db:5432/history");
  });
});

// The entries the recorder writes for object changes between two snapshots.
import { describe, expect, it } from "vitest";
import { clusterRole, clusterRoleBinding, r, role, roleBinding, saSubject } from "@/lib/rbac/fixtures.test-helpers";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { KubeObject } from "@/lib/store/types";
import { changesBetween, entriesFor, fieldChanges } from "./entries";

const LIVE = { source: { mode: "cluster" as const, label: "test" } };
const AT = "2026-02-01T10:00:00.000Z";
const live = <T extends KubeObject>(o: T, uid: string, rv: string): T => ({ ...o, metadata: { ...o.metadata, uid, resourceVersion: rv } });

const reader = live(clusterRole("secret-reader", [r(["get"], [""], ["secrets"])]), "cr1", "1");
const config = live(role("shop", "read-config", [r(["get"], [""], ["configmaps"])]), "r1", "1");
const apiConfig = live(roleBinding("shop", "api-config", "Role", "read-config", [saSubject("api", "shop")]), "b1", "1");
const base = [reader, config, apiConfig];
const snap = (objs: KubeObject[]) => snapshotFromObjects(objs, LIVE);

describe("entriesFor", () => {
  it("a new binding: the object created, and each subject's gain with its binding → role → rule and risk", () => {
    const rb = live(roleBinding("shop", "api-secrets", "ClusterRole", "secret-reader", [saSubject("api", "shop")]), "b2", "7");
    const got = entriesFor(snap(base), snap([...base, rb]), [{ after: rb }], AT);
    expect(got.map((e) => `${e.change} ${e.subject?.name ?? "-"} ${e.permission ? `${e.permission.verb} ${e.permission.resource} in ${e.permission.namespace}` : e.cause.name} ${e.risk}`)).toEqual([
      "created - api-secrets none",
      "gained api get secrets in shop high",
    ]);
    const gain = got[1];
    expect(gain.cause).toEqual({ kind: "RoleBinding", namespace: "shop", name: "api-secrets", uid: "b2", resourceVersion: "7" });
    expect(gain.via).toEqual([{ binding: { kind: "RoleBinding", namespace: "shop", name: "api-secrets" }, role: { kind: "ClusterRole", name: "secret-reader" }, rule: 0 }]);
    expect(gain.risks).toContain("secrets-read");
    expect(gain).toMatchObject({ at: AT, seenAtStart: false, subject: { kind: "ServiceAccount", namespace: "shop", name: "api" } });
  });

  it("a deleted binding: the loss, caused by the deletion", () => {
    const got = entriesFor(snap(base), snap([reader, config]), [{ before: apiConfig }], AT);
    expect(got.map((e) => `${e.change} ${e.permission?.verb ?? ""} ${e.cause.kind}/${e.cause.name}@${e.cause.resourceVersion}`)).toEqual(["deleted  RoleBinding/api-config@1", "lost get RoleBinding/api-config@1"]);
  });

  it("a changed role: the fields that changed, and the gains of every subject bound to it, caused by the role", () => {
    const wider = live(role("shop", "read-config", [r(["get", "list"], [""], ["configmaps"]), r(["create"], [""], ["pods/exec"])]), "r1", "2");
    const got = entriesFor(snap(base), snap([reader, wider, apiConfig]), [{ before: config, after: wider }], AT);
    expect(got[0]).toMatchObject({ change: "changed", cause: { kind: "Role", name: "read-config", resourceVersion: "2" } });
    expect(got[0].fields).toEqual([{ path: "rules", before: config.rules, after: wider.rules }]);
    const gains = got.filter((e) => e.change === "gained");
    expect(gains.map((e) => `${e.permission!.verb} ${e.permission!.resource} ${e.risk}`).sort()).toEqual(["create pods/exec high", "list configmaps none"]);
    expect(gains.every((e) => e.cause.kind === "Role" && e.cause.resourceVersion === "2")).toBe(true);
  });

  it("a change that alters no permission (a label) records only the object's change", () => {
    const labelled = { ...apiConfig, metadata: { ...apiConfig.metadata, resourceVersion: "2", labels: { team: "shop" } } };
    const got = entriesFor(snap(base), snap([reader, config, labelled]), [{ before: apiConfig, after: labelled }], AT);
    expect(got).toEqual([{ change: "changed", at: AT, seenAtStart: false, namespace: "shop", risk: "none", cause: { kind: "RoleBinding", namespace: "shop", name: "api-config", uid: "b1", resourceVersion: "2" }, fields: [{ path: "metadata.labels", after: { team: "shop" } }] }]);
  });

  it("a new version with no field changed but the bookkeeping records nothing", () => {
    const bumped = { ...apiConfig, metadata: { ...apiConfig.metadata, resourceVersion: "3", managedFields: [{}] } };
    expect(entriesFor(snap(base), snap([reader, config, bumped]), [{ before: apiConfig, after: bumped }], AT)).toEqual([]);
  });

  it("a cluster-wide grant to a group: the group's gain, cluster-wide", () => {
    const crb = live(clusterRoleBinding("ops", "secret-reader", [{ kind: "Group", name: "ops" }]), "c1", "4");
    const gains = entriesFor(snap(base), snap([...base, crb]), [{ after: crb }], AT).filter((e) => e.change === "gained");
    expect(gains.map((e) => [e.subject, e.namespace])).toEqual([[{ kind: "Group", name: "ops" }, ""]]);
  });
});

describe("changesBetween (what changed while Rolecall was not running)", () => {
  it("finds created, changed (by resourceVersion) and deleted objects by uid", () => {
    const changed = live(role("shop", "read-config", [r(["*"], [""], ["configmaps"])]), "r1", "9");
    const added = live(roleBinding("shop", "new", "Role", "read-config", [saSubject("api", "shop")]), "b9", "9");
    const got = changesBetween([reader, config, apiConfig], snap([reader, changed, added]));
    expect(got.map((c) => `${c.before?.metadata.resourceVersion ?? "-"}→${c.after?.metadata.resourceVersion ?? "-"} ${(c.after ?? c.before)!.metadata.name}`).sort()).toEqual([
      "-→9 new",
      "1→- api-config",
      "1→9 read-config",
    ]);
  });
});

describe("fieldChanges", () => {
  it("walks objects and compares arrays whole", () => {
    expect(fieldChanges({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { b: 2, c: [1, 2] }, e: 1 })).toEqual([
      { path: "a.b", before: 1, after: 2 },
      { path: "d", before: 1 },
      { path: "e", after: 1 },
    ]);
  });
});

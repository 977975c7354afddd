// The permissions diff between two snapshots, whole and restricted to some subjects (what the
// history recorder asks for one changed binding). The CLI's own tests cover the report formats.
import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { diff } from "./diff";
import { clusterRole, clusterRoleBinding, group, r, role, roleBinding, saSubject, user } from "./fixtures.test-helpers";
import { groupKey, serviceAccountUserName, userKey } from "./indexes";

const LIVE = { source: { mode: "cluster" as const, label: "test" } };
const base = [
  role("shop", "read-config", [r(["get", "list"], [""], ["configmaps"])]),
  clusterRole("secret-reader", [r(["get"], [""], ["secrets"])]),
  roleBinding("shop", "api-config", "Role", "read-config", [saSubject("api", "shop")]),
  clusterRoleBinding("ops-read", "secret-reader", [group("ops")]),
];
const before = snapshotFromObjects(base, LIVE);
const after = snapshotFromObjects(
  [
    ...base.filter((o) => o.metadata.name !== "ops-read"),
    roleBinding("shop", "api-secrets", "ClusterRole", "secret-reader", [saSubject("api", "shop"), { kind: "User", name: "system:serviceaccount:shop:api" }]),
    roleBinding("shop", "alice-config", "Role", "read-config", [user("alice")]),
  ],
  LIVE,
);

const who = (s: { kind: string; namespace?: string; name: string }) => `${s.kind}/${s.namespace ?? ""}/${s.name}`;

describe("diff", () => {
  const whole = diff(before, after, { failOnGain: "never" });
  it("finds each subject's gains and losses with the grant and the risk", () => {
    const api = whole.subjects.find((s) => who(s.subject) === "ServiceAccount/shop/api")!;
    expect(api.gained.map((g) => `${g.verb} ${g.resource} in ${g.namespace} ${g.risk}`)).toEqual(["get secrets in shop high"]);
    // the SA and the User spelled as the SA are one identity: one change, both grants
    expect(api.gained[0].via.map((v) => v.binding.name)).toEqual(["api-secrets", "api-secrets"]);
    const ops = whole.subjects.find((s) => who(s.subject) === "Group//ops")!;
    expect(ops.lost.map((l) => `${l.verb} ${l.resource} in '${l.namespace}'`)).toEqual(["get secrets in ''"]);
    expect(whole.subjects.map((s) => who(s.subject)).sort()).toEqual(["Group//ops", "ServiceAccount/shop/api", "User//alice"]);
  });

  it("restricted to some subjects, gives exactly their part of the whole diff", () => {
    const keys = new Set([userKey(serviceAccountUserName("shop", "api")), groupKey("ops")]);
    const some = diff(before, after, { failOnGain: "never", subjects: keys });
    expect(some.subjects.map((s) => who(s.subject)).sort()).toEqual(["Group//ops", "ServiceAccount/shop/api"]);
    for (const s of some.subjects) expect(s).toEqual(whole.subjects.find((w) => who(w.subject) === who(s.subject)));
  });

  it("restricted to a subject nothing changed for, is empty", () => {
    expect(diff(before, after, { failOnGain: "never", subjects: new Set([userKey("bob")]) }).subjects).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { bindingsBySubject, podsByServiceAccount, subjectKey, workloadsByServiceAccount } from "./indexes";
import { snapshotFromObjects } from "./snapshot";
import type { KubeObject, Snapshot } from "./types";

const template = (sa?: string) => ({ spec: { ...(sa ? { serviceAccountName: sa } : {}), containers: [{ name: "c" }] } });
const objs: KubeObject[] = [
  { kind: "Pod", metadata: { name: "p1", namespace: "app", uid: "p1" }, spec: { serviceAccountName: "api", containers: [] } },
  { kind: "Pod", metadata: { name: "p2", namespace: "app", uid: "p2" }, spec: { serviceAccount: "api", containers: [] } },
  { kind: "Pod", metadata: { name: "p3", namespace: "app", uid: "p3" }, spec: { containers: [] } },
  { kind: "Deployment", metadata: { name: "d", namespace: "app" }, spec: { template: template("api") } },
  { kind: "StatefulSet", metadata: { name: "s", namespace: "app" }, spec: { template: template() } },
  { kind: "Job", metadata: { name: "j", namespace: "app" }, spec: { template: template("migrate") } },
  { kind: "CronJob", metadata: { name: "c", namespace: "app" }, spec: { schedule: "* * * * *", jobTemplate: { spec: { template: template("migrate") } } } },
  {
    kind: "RoleBinding",
    metadata: { name: "rb", namespace: "app" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "r" },
    subjects: [
      { kind: "ServiceAccount", name: "api" }, // namespace defaults to the binding's
      { kind: "ServiceAccount", name: "api", namespace: "app" }, // same subject twice: listed once
      { kind: "Group", name: "system:serviceaccounts:app", apiGroup: "rbac.authorization.k8s.io" },
    ],
  },
  {
    kind: "ClusterRoleBinding",
    metadata: { name: "crb" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
    subjects: [{ kind: "ServiceAccount", name: "api", namespace: "app" }, { kind: "User", name: "alice" }],
  },
];

const names = (xs: readonly KubeObject[] | undefined) => (xs ?? []).map((x) => `${x.kind}/${x.metadata.name}`).sort();

describe("store indexes", () => {
  const snap = snapshotFromObjects(objs);

  it("pods by ServiceAccount: serviceAccountName, the deprecated serviceAccount, else default", () => {
    const idx = podsByServiceAccount(snap);
    expect(names(idx.get("app/api"))).toEqual(["Pod/p1", "Pod/p2"]);
    expect(names(idx.get("app/default"))).toEqual(["Pod/p3"]);
  });

  it("workloads by ServiceAccount, including CronJob job templates", () => {
    const idx = workloadsByServiceAccount(snap);
    expect(names(idx.get("app/api"))).toEqual(["Deployment/d"]);
    expect(names(idx.get("app/default"))).toEqual(["StatefulSet/s"]);
    expect(names(idx.get("app/migrate"))).toEqual(["CronJob/c", "Job/j"]);
  });

  it("bindings by subject, with RoleBinding SA subjects defaulting to the binding's namespace", () => {
    const idx = bindingsBySubject(snap);
    expect(names(idx.get(subjectKey({ kind: "ServiceAccount", name: "api", namespace: "app" })))).toEqual([
      "ClusterRoleBinding/crb",
      "RoleBinding/rb",
    ]);
    expect(names(idx.get("Group//system:serviceaccounts:app"))).toEqual(["RoleBinding/rb"]);
    expect(names(idx.get("User//alice"))).toEqual(["ClusterRoleBinding/crb"]);
  });

  it("memoises per input maps: same snapshot → same index; a change to other kinds reuses it", () => {
    const a = bindingsBySubject(snap);
    expect(bindingsBySubject(snap)).toBe(a);
    // A later snapshot that shares the binding maps but has new Pods.
    const next: Snapshot = { ...snap, version: 2, objects: { ...snap.objects, Pod: new Map() } };
    expect(bindingsBySubject(next)).toBe(a);
    expect(podsByServiceAccount(next)).not.toBe(podsByServiceAccount(snap));
    expect(podsByServiceAccount(next).size).toBe(0);
  });
});

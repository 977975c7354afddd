// The generated large cluster the RBAC benches share: 10,000 ServiceAccounts in 500
// namespaces, 5,000 Roles, 500 ClusterRoles, 50,000 RoleBindings, 2,000 ClusterRoleBindings.
// Drawn from the caller's seeded generator, so a bench that keeps drawing from it after the
// world (its questions) draws what it always did.
import type { Binding, KubeObject, PolicyRule, Role } from "@/lib/store/types";
import type { seededRandom } from "@/lib/testing/random";

export const N = { namespaces: 500, sas: 10_000, roles: 5_000, clusterRoles: 500, roleBindings: 50_000, clusterRoleBindings: 2_000 };
const RBAC = "rbac.authorization.k8s.io";

export const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
export const RES: [string, string][] = [["", "pods"], ["", "pods/log"], ["", "configmaps"], ["", "secrets"], ["", "services"], ["apps", "deployments"], ["apps", "deployments/scale"], ["batch", "jobs"], ["batch", "cronjobs"], ["", "events"], ["networking.k8s.io", "ingresses"], ["", "persistentvolumeclaims"]];

/** The bench world's objects, drawn from `rng`. */
export function generateWorld(rng: ReturnType<typeof seededRandom>): KubeObject[] {
  const { rand, int } = rng;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

  function rule(): PolicyRule {
    const r = rand();
    if (r < 0.03) return { verbs: ["*"], apiGroups: ["*"], resources: ["*"] };
    if (r < 0.06) return { verbs: ["update"], apiGroups: ["apps"], resources: ["*/scale"] };
    const [g, res] = pick(RES);
    const verbs = [...new Set(Array.from({ length: 1 + int(3) }, () => pick(VERBS)))];
    return { verbs, apiGroups: [g], resources: [res], ...(rand() < 0.1 ? { resourceNames: [`obj-${int(5)}`] } : {}) };
  }

  function generate(): KubeObject[] {
    const out: KubeObject[] = [];
    const ns = (i: number) => `ns-${i}`;
    for (let i = 0; i < N.namespaces; i++) out.push({ kind: "Namespace", metadata: { name: ns(i), uid: `ns-${i}` } });
    const perNs = N.sas / N.namespaces;
    for (let i = 0; i < N.sas; i++) out.push({ kind: "ServiceAccount", metadata: { name: `sa-${i % perNs}`, namespace: ns(Math.floor(i / perNs)), uid: `sa-${i}` } });
    const rolesPerNs = N.roles / N.namespaces;
    for (let i = 0; i < N.roles; i++)
      out.push({ kind: "Role", metadata: { name: `role-${i % rolesPerNs}`, namespace: ns(Math.floor(i / rolesPerNs)), uid: `r-${i}` }, rules: Array.from({ length: 1 + int(4) }, rule) } as Role);
    for (let i = 0; i < N.clusterRoles; i++) out.push({ kind: "ClusterRole", metadata: { name: `cr-${i}`, uid: `cr-${i}` }, rules: Array.from({ length: 1 + int(6) }, rule) } as Role);
    const subject = (n: number) => {
      const r = rand();
      if (r < 0.85) return { kind: "ServiceAccount", name: `sa-${int(perNs)}`, namespace: ns(n) };
      if (r < 0.95) return { kind: "User", apiGroup: RBAC, name: `user-${int(1000)}` };
      return { kind: "Group", apiGroup: RBAC, name: rand() < 0.5 ? `system:serviceaccounts:${ns(n)}` : `team-${int(100)}` };
    };
    const rbPerNs = N.roleBindings / N.namespaces;
    for (let i = 0; i < N.roleBindings; i++) {
      const n = Math.floor(i / rbPerNs);
      const toRole = rand() < 0.6;
      out.push({
        kind: "RoleBinding",
        metadata: { name: `rb-${i % rbPerNs}`, namespace: ns(n), uid: `rb-${i}` },
        roleRef: { apiGroup: RBAC, kind: toRole ? "Role" : "ClusterRole", name: toRole ? `role-${int(rolesPerNs + 1)}` : `cr-${int(N.clusterRoles)}` },
        subjects: Array.from({ length: 1 + int(2) }, () => subject(rand() < 0.9 ? n : int(N.namespaces))),
      } as Binding);
    }
    for (let i = 0; i < N.clusterRoleBindings; i++)
      out.push({
        kind: "ClusterRoleBinding",
        metadata: { name: `crb-${i}`, uid: `crb-${i}` },
        roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: `cr-${int(N.clusterRoles)}` },
        subjects: [rand() < 0.01 ? { kind: "Group", apiGroup: RBAC, name: "system:serviceaccounts" } : subject(int(N.namespaces))],
      } as Binding);
    return out;
  }

  return generate();
}

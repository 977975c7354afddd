// Offline (manifests, examples), the bootstrap policy every cluster has is assumed: bindings
// to the built-in admin, edit and view roles grant what they grant on a cluster, aggregation
// into them works as there, and the bootstrap bindings (system:discovery for every
// authenticated identity, the controllers' RoleBindings in kube-system…) apply. A manifest
// object of the same name replaces the built-in one; live, nothing is assumed.
import { describe, expect, it } from "vitest";
import { BOOTSTRAP_POLICY } from "@/lib/k8s/bootstrap-policy";
import { loadManifests } from "@/lib/source/manifests";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { Binding, KubeObject, Role } from "@/lib/store/types";
import { aggregateClusterRoles } from "./aggregation";
import { canI, isAllowed } from "./authorize";
import { clusterRole, clusterRoleBinding, group, r, roleBinding, sa, saSubject } from "./fixtures.test-helpers";
import { BUILTIN_OBJECTS, isAssumedBuiltIn, rbacIndex, resolveRole } from "./indexes";
import { splitResource, type RequestAttributes } from "./rules";
import { serviceAccountIdentity } from "./subjects";
import { whoCan } from "./who-can";

const res = (verb: string, apiGroup: string, resource: string, namespace: string, name = ""): RequestAttributes => ({ kind: "resource", verb, apiGroup, ...splitResource(resource), name, namespace });
const nonRes = (verb: string, path: string): RequestAttributes => ({ kind: "nonResource", verb, path });
const world: KubeObject[] = [
  roleBinding("a", "viewer", "ClusterRole", "view", [saSubject("viewer", "a")]),
  roleBinding("a", "editor", "ClusterRole", "edit", [saSubject("editor", "a")]),
  roleBinding("a", "owner", "ClusterRole", "admin", [saSubject("owner", "a")]),
  // a CRD's roles, labelled as its chart would: view gets read, edit gets write
  clusterRole("widgets-view", [r(["get", "list", "watch"], ["example.com"], ["widgets"])], { "rbac.authorization.k8s.io/aggregate-to-view": "true" }),
  clusterRole("widgets-edit", [r(["create", "delete"], ["example.com"], ["widgets"])], { "rbac.authorization.k8s.io/aggregate-to-edit": "true" }),
];
const snap = snapshotFromObjects(world);
const can = (sa: string, req: RequestAttributes) => isAllowed(snap, serviceAccountIdentity("a", sa), req);

describe("built-in admin, edit and view offline", () => {
  it("bindings to them are not orphans", () => {
    const idx = rbacIndex(snap);
    for (const o of snap.objects.RoleBinding.values()) {
      const b = o as Binding;
      expect(resolveRole(idx, b)?.metadata.name).toBe(b.roleRef?.name);
    }
  });
  it.each([
    ["viewer", res("list", "", "pods", "a"), true],
    ["viewer", res("get", "", "secrets", "a"), false],
    ["viewer", res("create", "apps", "deployments", "a"), false],
    ["editor", res("create", "apps", "deployments", "a"), true],
    ["editor", res("get", "", "secrets", "a"), true],
    ["editor", res("create", "rbac.authorization.k8s.io", "rolebindings", "a"), false],
    ["owner", res("create", "rbac.authorization.k8s.io", "rolebindings", "a"), true],
    ["owner", res("create", "apps", "deployments", "b"), false], // a RoleBinding grants in its namespace only
    // aggregation: view ⊂ edit ⊂ admin, each picking up the CRD's labelled roles
    ["viewer", res("list", "example.com", "widgets", "a"), true],
    ["viewer", res("create", "example.com", "widgets", "a"), false],
    ["editor", res("create", "example.com", "widgets", "a"), true],
    ["owner", res("delete", "example.com", "widgets", "a"), true],
  ] as const)("%s: %j → %s", (sa, req, want) => expect(can(sa, req)).toBe(want));
});

describe("the bootstrap policy's bindings offline", () => {
  // a folder with one ServiceAccount and nothing else, as `kubectl create sa` on a fresh cluster
  const bare = snapshotFromObjects([sa("shop", "web")]);
  const web = serviceAccountIdentity("shop", "web");

  it.each([
    ["get /healthz", nonRes("get", "/healthz"), ["system:discovery", "system:public-info-viewer"]],
    ["get /version", nonRes("get", "/version"), ["system:discovery", "system:public-info-viewer"]],
    ["get /api", nonRes("get", "/api"), ["system:discovery"]],
    ["get /apis/apps", nonRes("get", "/apis/apps"), ["system:discovery"]],
    ["get /openid/v1/jwks", nonRes("get", "/openid/v1/jwks"), ["system:service-account-issuer-discovery"]],
    ["create selfsubjectaccessreviews", res("create", "authorization.k8s.io", "selfsubjectaccessreviews", ""), ["system:basic-user"]],
  ] as const)("any ServiceAccount may %s, as on a real cluster", (_what, req, bindings) => {
    const d = canI(bare, web, req);
    expect(d.allowed).toBe(true);
    expect([...new Set(d.reasons.map((x) => x.binding.name))].sort()).toEqual(bindings);
  });
  it.each([
    ["post /healthz", nonRes("post", "/healthz")],
    ["get /healthz/etcd", nonRes("get", "/healthz/etcd")],
    ["get /metrics", nonRes("get", "/metrics")],
    ["list pods in its namespace", res("list", "", "pods", "shop")],
    ["get configmaps in kube-system", res("get", "", "configmaps", "kube-system")],
  ] as const)("but may not %s", (_what, req) => expect(isAllowed(bare, web, req)).toBe(false));

  it("an anonymous request may get /healthz (system:public-info-viewer is bound to system:unauthenticated too)", () => {
    expect(isAllowed(bare, { user: "system:anonymous", groups: ["system:unauthenticated"] }, nonRes("get", "/healthz"))).toBe(true);
    expect(isAllowed(bare, { user: "system:anonymous", groups: ["system:unauthenticated"] }, nonRes("get", "/api"))).toBe(false);
  });

  it("the controllers' Roles and RoleBindings of kube-system and kube-public apply", () => {
    const signer = serviceAccountIdentity("kube-system", "bootstrap-signer");
    expect(canI(bare, signer, res("update", "", "configmaps", "kube-public", "cluster-info")).reasons.map((x) => x.binding)).toEqual([
      { kind: "RoleBinding", namespace: "kube-public", name: "system:controller:bootstrap-signer" },
    ]);
    expect(isAllowed(bare, signer, res("update", "", "configmaps", "default", "cluster-info"))).toBe(false);
  });

  it("who-can get /healthz lists system:authenticated and system:unauthenticated", () => {
    const names = whoCan(bare, nonRes("get", "/healthz")).subjects.map((s) => `${s.kind}:${s.name}`);
    expect(names).toEqual(expect.arrayContaining(["Group:system:authenticated", "Group:system:unauthenticated"]));
  });

  it("a manifest object of the same name replaces the built-in one", () => {
    // system:discovery bound to a group of one's own, and a Role of the bootstrap policy redefined
    const own = snapshotFromObjects([
      clusterRoleBinding("system:discovery", "system:discovery", [group("readers")]),
      { kind: "Role", metadata: { name: "system:controller:bootstrap-signer", namespace: "kube-public" }, rules: [r(["get"], [""], ["configmaps"])] } as KubeObject,
    ]);
    const d = canI(own, web, nonRes("get", "/api"));
    expect(d.allowed).toBe(false); // only system:discovery allowed /api, and it now names "readers"
    expect(isAllowed(own, { user: "x", groups: ["readers"] }, nonRes("get", "/api"))).toBe(true);
    expect(canI(own, web, nonRes("get", "/healthz")).reasons.map((x) => x.binding.name)).toEqual(["system:public-info-viewer"]);
    const signer = serviceAccountIdentity("kube-system", "bootstrap-signer");
    expect(isAllowed(own, signer, res("update", "", "configmaps", "kube-public", "cluster-info"))).toBe(false);
    expect(isAllowed(own, signer, res("get", "", "configmaps", "kube-public", "cluster-info"))).toBe(true);
    const idx = rbacIndex(own);
    expect(idx.clusterBindings.filter((b) => b.metadata.name === "system:discovery").map(isAssumedBuiltIn)).toEqual([false]);
  });

  it("is marked built-in, with the bootstrap label a real cluster gives it", () => {
    const idx = rbacIndex(bare);
    const discovery = idx.clusterBindings.find((b) => b.metadata.name === "system:discovery")!;
    expect(isAssumedBuiltIn(discovery)).toBe(true);
    expect(discovery.metadata.labels).toEqual({ "kubernetes.io/bootstrapping": "rbac-defaults" });
    expect(BUILTIN_OBJECTS.every((o) => o.metadata.labels?.["kubernetes.io/bootstrapping"] === "rbac-defaults" && isAssumedBuiltIn(o))).toBe(true);
  });

  it("live, nothing is assumed: the cluster holds the real ones", () => {
    const live = snapshotFromObjects([sa("shop", "web")], { source: { mode: "cluster", label: "ctx" } });
    expect(isAllowed(live, web, nonRes("get", "/healthz"))).toBe(false);
    expect(rbacIndex(live).clusterBindings).toEqual([]);
  });
});

describe("offline with the assumed bootstrap policy answers as a cluster holding it", () => {
  it("the examples: every ServiceAccount, resource and non-resource requests, same decisions and reasons", () => {
    const objects = loadManifests("examples").objects;
    const offline = snapshotFromObjects(objects, { source: { mode: "examples", label: "examples" } });
    // the cluster: the same objects plus the bootstrap policy, aggregated rules filled in as its controller would
    const all = [...BOOTSTRAP_POLICY, ...objects];
    const crs = new Map(all.filter((o) => o.kind === "ClusterRole").map((o) => [o.metadata.name, o as Role]));
    const filled = aggregateClusterRoles(crs);
    const onCluster = all.map((o) => (o.kind === "ClusterRole" && (o as Role).aggregationRule ? { ...o, rules: filled.get(o.metadata.name) } : o));
    const live = snapshotFromObjects(onCluster, { source: { mode: "cluster", label: "ctx" } });
    const sas = [...offline.objects.ServiceAccount.values()].map((o) => serviceAccountIdentity(o.metadata.namespace ?? "default", o.metadata.name));
    sas.push({ user: "system:anonymous", groups: ["system:unauthenticated"] }, serviceAccountIdentity("kube-system", "bootstrap-signer"));
    const namespaces = ["", "kube-system", "kube-public", ...new Set(sas.map((s) => s.user.split(":")[2] ?? ""))];
    const reqs: RequestAttributes[] = [
      ...["/healthz", "/version", "/api", "/apis/apps", "/metrics", "/openid/v1/jwks", "/livez"].map((p) => nonRes("get", p)),
      ...namespaces.flatMap((ns) => [res("get", "", "secrets", ns), res("list", "", "pods", ns), res("create", "batch", "jobs", ns), res("update", "", "configmaps", ns, "cluster-info"), res("create", "authorization.k8s.io", "selfsubjectaccessreviews", "")]),
    ];
    let allowed = 0;
    for (const id of sas)
      for (const req of reqs) {
        const a = canI(offline, id, req);
        const b = canI(live, id, req);
        expect(a, `${id.user} ${JSON.stringify(req)}`).toEqual(b);
        if (a.allowed) allowed++;
      }
    expect(allowed).toBeGreaterThan(sas.length * 5);
  });
});

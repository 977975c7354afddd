// npm run bench:rbac — the RBAC engine on a generated large cluster, beside the real API
// server's SubjectAccessReview latency when a kubeconfig is available (env KUBECONFIG).
import fs from "node:fs";
import { AuthorizationV1Api, KubeConfig } from "@kubernetes/client-node";
import { objectKey, snapshotFromObjects } from "@/lib/store/snapshot";
import type { Binding, ChangeEvent, KubeObject, PolicyRule, Role, Snapshot } from "@/lib/store/types";
import { BUILTIN_RESOURCES } from "@/lib/k8s/builtin-resources";
import { canI } from "@/lib/rbac/authorize";
import { findings } from "@/lib/rbac/findings";
import { buildBindingIndex, buildRoleIndex, rbacIndex, RbacIndexer } from "@/lib/rbac/indexes";
import type { RequestAttributes } from "@/lib/rbac/rules";
import { serviceAccountIdentity, type Identity } from "@/lib/rbac/subjects";
import { permissionsAnswer } from "@/lib/rbac/views";
import { whoCan } from "@/lib/rbac/who-can";
import { seededRandom } from "@/lib/testing/random";

const N = { namespaces: 500, sas: 10_000, roles: 5_000, clusterRoles: 500, roleBindings: 50_000, clusterRoleBindings: 2_000 };
const RBAC = "rbac.authorization.k8s.io";

// deterministic PRNG (mulberry32)
const { rand, int } = seededRandom(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const RES: [string, string][] = [["", "pods"], ["", "pods/log"], ["", "configmaps"], ["", "secrets"], ["", "services"], ["apps", "deployments"], ["apps", "deployments/scale"], ["batch", "jobs"], ["batch", "cronjobs"], ["", "events"], ["networking.k8s.io", "ingresses"], ["", "persistentvolumeclaims"]];

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

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), n: s.length };
}
function time(n: number, fn: (i: number) => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn(i);
    out.push(performance.now() - t);
  }
  return out;
}
const fmt = (ms: number) => (ms < 0.01 ? `${(ms * 1000).toFixed(2)} µs` : ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`);

function question(i: number): { id: Identity; req: RequestAttributes } {
  const n = int(N.namespaces);
  const [g, res] = pick(RES);
  const [resource, subresource = ""] = res.split("/");
  return { id: serviceAccountIdentity(`ns-${n}`, `sa-${int(N.sas / N.namespaces)}`), req: { kind: "resource", verb: pick(VERBS), apiGroup: g, resource, subresource, name: i % 3 === 0 ? `obj-${int(5)}` : "", namespace: rand() < 0.9 ? `ns-${n}` : "" } };
}

async function main() {
  const t0 = performance.now();
  const objects = generate();
  const snap = snapshotFromObjects(objects, { source: { mode: "cluster", label: "bench" }, resources: BUILTIN_RESOURCES });
  console.log(`generated ${objects.length} objects in ${fmt(performance.now() - t0)} (${N.sas} SAs, ${N.roles} Roles, ${N.clusterRoles} ClusterRoles, ${N.roleBindings} RoleBindings, ${N.clusterRoleBindings} ClusterRoleBindings)`);

  const rows: { what: string; target: number; median: number; p95: number; n: number }[] = [];
  const add = (what: string, target: number, samples: number[]) => rows.push({ what, target, ...stats(samples) });

  add("index build (roles + bindings)", 1000, time(7, () => {
    buildRoleIndex(snap.objects.Role, snap.objects.ClusterRole, true);
    buildBindingIndex(snap.objects.RoleBinding, snap.objects.ClusterRoleBinding);
  }));
  // offline (manifests, examples): the bootstrap policy is assumed beside the source's objects
  add("index build offline (+ bootstrap policy)", 1000, time(7, () => {
    buildRoleIndex(snap.objects.Role, snap.objects.ClusterRole, false);
    buildBindingIndex(snap.objects.RoleBinding, snap.objects.ClusterRoleBinding, { builtins: true });
  }));
  rbacIndex(snap); // warm: what the server holds between changes

  const qs = Array.from({ length: 20_000 }, (_, i) => question(i));
  for (let i = 0; i < 2000; i++) canI(snap, qs[i].id, qs[i].req); // JIT warm-up
  add("can-i (one question)", 0.1, time(qs.length, (i) => canI(snap, qs[i].id, qs[i].req)));

  const sas = Array.from({ length: 300 }, () => ({ ns: `ns-${int(N.namespaces)}`, name: `sa-${int(N.sas / N.namespaces)}` }));
  for (let i = 0; i < 30; i++) permissionsAnswer(snap, sas[i].ns, sas[i].name);
  add("SA matrix (all views: cluster-wide + each namespace)", 5, time(sas.length, (i) => permissionsAnswer(snap, sas[i].ns, sas[i].name)));
  add("SA matrix (one namespace)", 5, time(sas.length, (i) => permissionsAnswer(snap, sas[i].ns, sas[i].name, sas[i].ns)));

  for (let i = 0; i < 20; i++) whoCan(snap, qs[i].req);
  add("who-can (one question)", 50, time(300, (i) => whoCan(snap, qs[i].req)));
  // without a namespace: cluster-wide and every namespace (RoleBindings of allowing roles only)
  const everywhere = qs.slice(0, 300).map((q) => ({ ...q.req, namespace: "" }));
  for (let i = 0; i < 20; i++) whoCan(snap, everywhere[i]);
  add("who-can (all namespaces)", 50, time(everywhere.length, (i) => whoCan(snap, everywhere[i])));

  // store update: one RoleBinding changes; the next snapshot's index is derived incrementally
  // from the store's change event, as the server's RbacIndexer does (the store's own
  // copy-on-write of the RoleBinding map and its event are made before the clock starts)
  const rbKeys = [...snap.objects.RoleBinding.keys()];
  const updatesOf = (start: Snapshot) => {
    let cur: Snapshot = start;
    const indexer = new RbacIndexer();
    indexer.index(cur); // the index the server holds before the change
    const updates: number[] = [];
    for (let i = 0; i < 50; i++) {
      const key = rbKeys[int(rbKeys.length)];
      const old = cur.objects.RoleBinding.get(key) as Binding;
      const changed: Binding = { ...old, subjects: [...(old.subjects ?? []), { kind: "ServiceAccount", name: `sa-new-${i}`, namespace: old.metadata.namespace }] };
      const rb = new Map(cur.objects.RoleBinding);
      rb.set(objectKey(changed), changed);
      cur = { ...cur, version: cur.version + 1, objects: { ...cur.objects, RoleBinding: rb } };
      const event: ChangeEvent = { version: cur.version, kinds: ["RoleBinding"], changes: { RoleBinding: { added: [], changed: [{ before: old, after: changed }], removed: [] } } };
      const t = performance.now();
      indexer.changed(event);
      indexer.index(cur);
      canI(cur, qs[i].id, qs[i].req);
      updates.push(performance.now() - t);
    }
    return { cur, updates };
  };
  const offline = updatesOf({ ...snap, source: { mode: "manifests", label: "bench" } });
  const { cur, updates } = updatesOf(snap);
  add("store update (one RoleBinding changed → index + can-i)", 10, updates);
  add("store update offline (+ bootstrap policy)", 10, offline.updates);
  const tf = performance.now();
  const all = findings(cur);
  const findingsMs = performance.now() - tf;

  // the real API server, same can-i questions (its own data; latency only)
  let sarStats: ReturnType<typeof stats> | undefined;
  const kcPath = process.env.KUBECONFIG;
  if (kcPath && fs.existsSync(kcPath)) {
    try {
      const kc = new KubeConfig();
      kc.loadFromFile(kcPath);
      const authz = kc.makeApiClient(AuthorizationV1Api);
      const ask = (i: number) => {
        const { id, req } = qs[i];
        if (req.kind !== "resource") throw new Error("unexpected");
        return authz.createSubjectAccessReview({
          body: { apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec: { user: id.user, groups: id.groups, resourceAttributes: { verb: req.verb, group: req.apiGroup, resource: req.resource, subresource: req.subresource || undefined, name: req.name || undefined, namespace: req.namespace || undefined } } },
        });
      };
      for (let i = 0; i < 20; i++) await ask(i);
      const samples: number[] = [];
      for (let i = 0; i < 300; i++) {
        const t = performance.now();
        await ask(i);
        samples.push(performance.now() - t);
      }
      sarStats = stats(samples);
    } catch (e) {
      console.log(`(API server SAR latency skipped: ${(e as Error).message})`);
    }
  } else console.log("(API server SAR latency skipped: KUBECONFIG not set)");

  const pad = (s: string, n: number) => s.padEnd(n);
  console.log("");
  console.log(`| ${pad("operation", 54)} | ${pad("median", 9)} | ${pad("p95", 9)} | ${pad("target", 9)} | ok |`);
  console.log(`|${"-".repeat(56)}|${"-".repeat(11)}|${"-".repeat(11)}|${"-".repeat(11)}|----|`);
  for (const r of rows) console.log(`| ${pad(r.what, 54)} | ${pad(fmt(r.median), 9)} | ${pad(fmt(r.p95), 9)} | ${pad("< " + fmt(r.target), 9)} | ${r.p95 < r.target ? "✓ " : r.median < r.target ? "~ " : "✗ "} |`);
  if (sarStats) {
    const ci = rows.find((r) => r.what.startsWith("can-i"))!;
    console.log(`| ${pad("API server SubjectAccessReview (same questions, HTTP)", 54)} | ${pad(fmt(sarStats.median), 9)} | ${pad(fmt(sarStats.p95), 9)} | ${pad("", 9)} |    |`);
    console.log(`\nSAR / Rolecall can-i (median): ${(sarStats.median / ci.median).toFixed(0)}×`);
  }
  console.log(`\nall findings of the generated cluster (cold, once): ${fmt(findingsMs)}, ${all.length} findings`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// npm run bench:rbac — the RBAC engine on a generated large cluster, beside the real API
// server's SubjectAccessReview latency when a kubeconfig is available (env KUBECONFIG).
import fs from "node:fs";
import { AuthorizationV1Api, KubeConfig } from "@kubernetes/client-node";
import { objectKey, snapshotFromObjects } from "@/lib/store/snapshot";
import type { Binding, ChangeEvent, Snapshot } from "@/lib/store/types";
import { BUILTIN_RESOURCES } from "@/lib/k8s/builtin-resources";
import { canI } from "@/lib/rbac/authorize";
import { findings } from "@/lib/rbac/findings";
import { buildBindingIndex, buildRoleIndex, rbacIndex, RbacIndexer } from "@/lib/rbac/indexes";
import type { RequestAttributes } from "@/lib/rbac/rules";
import { serviceAccountIdentity, type Identity } from "@/lib/rbac/subjects";
import { permissionsAnswer } from "@/lib/rbac/views";
import { whoCan } from "@/lib/rbac/who-can";
import { seededRandom } from "@/lib/testing/random";
import { generateWorld, N, RES, VERBS } from "./world";

// deterministic PRNG (mulberry32): the world is drawn first, then the questions
const rng = seededRandom(42);
const { rand, int } = rng;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

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
  const objects = generateWorld(rng);
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

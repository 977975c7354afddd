// npm run bench:escalation — escalation paths on the generated large cluster (bench/world.ts):
// the whole-cluster closure (who reaches cluster-admin) cold, its update after one binding
// changes, and one ServiceAccount's paths; beside it what the batch tools publish.
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { objectKey, snapshotFromObjects } from "@/lib/store/snapshot";
import type { Binding, ChangeEvent, KubeObject, Snapshot } from "@/lib/store/types";
import { BUILTIN_RESOURCES } from "@/lib/k8s/builtin-resources";
import { escalationOf, reachingClusterAdmin } from "@/lib/rbac/escalation";
import { rbacIndex, RbacIndexer } from "@/lib/rbac/indexes";
import { compactObject } from "@/lib/source/sanitize";
import { seededRandom } from "@/lib/testing/random";
import { generateWorld, N } from "./world";

const rng = seededRandom(42);
const { int } = rng;

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), n: s.length };
}
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`);

/**
 * BENCH_BASELINE=<file>: the printed output of an earlier run (e.g. of the previous commit, run
 * just before on the same machine); its medians are printed beside this run's, by operation.
 */
function baseline(): Map<string, number> {
  const file = process.env.BENCH_BASELINE;
  const out = new Map<string, number>();
  if (!file) return out;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^\| (.+?)\s+\| ([\d.]+) (ms|µs)\s+\|/.exec(line);
    if (m) out.set(m[1].trim(), Number(m[2]) / (m[3] === "µs" ? 1000 : 1));
  }
  // before pages, one row timed the whole answer, which the route then sliced: both rows' baseline
  const whole = out.get("one ServiceAccount's paths (escalationOf)");
  if (whole !== undefined) for (const row of [ONE_ALL, ONE_PAGE]) if (!out.has(row)) out.set(row, whole);
  return out;
}

const ONE_ALL = "one SA's paths (all, escalationOf)";
const ONE_PAGE = "one SA's first 100 paths (the SA page's question)";
const ONE_API = "one SA's first 1,000 paths (the API's default)";

const source = { mode: "cluster" as const, label: "bench" };
const snapOf = (objects: KubeObject[]) => snapshotFromObjects(objects, { source, resources: BUILTIN_RESOURCES });

/**
 * A copy of objects as the server holds them: parsed from JSON (the informer parses the API's
 * responses; manifests are compacted by this same function), so that their short strings are
 * the parser's shared ones. A structuredClone copy has a string object per value: every map
 * lookup by namespace or name then hashes and compares a new string (the cold closure read ~20% slower).
 */
const parsed = (objects: readonly KubeObject[]): KubeObject[] => objects.map(compactObject);

/** A pause in which the collector finishes what the untimed work before it started (see the cold rounds). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

async function main() {
  const t0 = performance.now();
  const objects = parsed(generateWorld(rng));
  console.log(`generated ${objects.length} objects in ${fmt(performance.now() - t0)} (${N.sas} SAs, ${N.roles} Roles, ${N.clusterRoles} ClusterRoles, ${N.roleBindings} RoleBindings, ${N.clusterRoleBindings} ClusterRoleBindings)`);

  const rows: { what: string; target: number; median: number; p95: number; n: number }[] = [];
  const add = (what: string, target: number, samples: number[]) => rows.push({ what, target, ...stats(samples) });

  // cold: fresh copies of every object, so nothing derived from them is memoised; the RBAC
  // index is built before the clock starts (the server holds it: npm run bench:rbac times it),
  // and the collection that copying and indexing started is let finish first: a server builds
  // the graph when first asked, not in the same tick as its load (timed right after the index,
  // a round also pays 150–300 ms of the copy's collection). A server builds the graph cold
  // again whenever a role or a namespace changes, in a process the JIT has long compiled: the
  // row is the median of the rounds after WARM_UP ones.
  // The very first round, in a process that has run none of this code yet, is printed apart.
  const WARM_UP = 3;
  const cold: number[] = [];
  let firstRound = 0;
  let reaching = 0;
  for (let i = 0; i < WARM_UP + 7; i++) {
    const snap = snapOf(parsed(objects));
    rbacIndex(snap);
    await settle();
    const t = performance.now();
    reaching = reachingClusterAdmin(snap).length;
    const ms = performance.now() - t;
    if (i === 0) firstRound = ms;
    if (i >= WARM_UP) cold.push(ms);
  }
  add("whole-cluster closure, cold (who reaches cluster-admin)", 500, cold);

  // one binding changes: the next snapshot's RBAC index derives from the store's change event
  // (as the server's RbacIndexer does); the escalation graph is derived from the previous one
  // (the changed binding's subjects get their hops again), then the closure is searched (the
  // store's copy-on-write of the RoleBinding map and its event are made before the clock starts)
  const perNs = N.sas / N.namespaces;
  const base = snapOf(objects);
  const rbac = new RbacIndexer();
  rbac.index(base);
  reachingClusterAdmin(base);
  const rbKeys = [...base.objects.RoleBinding.keys()];
  let cur: Snapshot = base;
  const change = (what: "subject added" | "removed", i: number) => {
    const key = rbKeys[int(rbKeys.length)];
    const old = cur.objects.RoleBinding.get(key) as Binding | undefined;
    if (!old) return undefined;
    const rb = new Map(cur.objects.RoleBinding);
    let event: ChangeEvent;
    if (what === "removed") {
      rb.delete(key);
      event = { version: cur.version + 1, kinds: ["RoleBinding"], changes: { RoleBinding: { added: [], changed: [], removed: [old] } } };
    } else {
      const changed: Binding = { ...old, subjects: [...(old.subjects ?? []), { kind: "ServiceAccount", name: `sa-new-${i}`, namespace: old.metadata.namespace }] };
      rb.set(objectKey(changed), changed);
      event = { version: cur.version + 1, kinds: ["RoleBinding"], changes: { RoleBinding: { added: [], changed: [{ before: old, after: changed }], removed: [] } } };
    }
    cur = { ...cur, version: cur.version + 1, objects: { ...cur.objects, RoleBinding: rb } };
    const t = performance.now();
    rbac.changed(event);
    rbac.index(cur);
    reachingClusterAdmin(cur);
    return performance.now() - t;
  };
  const updates: number[] = [];
  for (let i = 0; i < 30; i++) updates.push(change("subject added", i)!);
  add("closure after one RoleBinding changed (a subject added)", 20, updates);
  const removals: number[] = [];
  for (let i = 0; i < 10; i++) {
    const ms = change("removed", i);
    if (ms !== undefined) removals.push(ms);
  }
  add("closure after one RoleBinding removed", 20, removals);

  /** An object created in the store (its copy-on-write map and event made before the clock starts): the time to the next closure. */
  const create = (o: KubeObject) => {
    const kind = o.kind as "Pod" | "ServiceAccount";
    const map = new Map(cur.objects[kind]).set(objectKey(o), o);
    const event: ChangeEvent = { version: cur.version + 1, kinds: [kind], changes: { [kind]: { added: [o], changed: [], removed: [] } } };
    cur = { ...cur, version: cur.version + 1, objects: { ...cur.objects, [kind]: map } };
    const t = performance.now();
    rbac.changed(event);
    rbac.index(cur);
    reachingClusterAdmin(cur);
    return performance.now() - t;
  };
  // a pod starts (as pods do all the time: each CronJob run, each rollout), mounting its
  // ServiceAccount's token: whoever may exec into pods of its namespace can now act as that
  // ServiceAccount, and no binding changed
  const started = Array.from({ length: 30 }, (_, i) =>
    create({ kind: "Pod", metadata: { name: `web-${i}`, namespace: `ns-${int(N.namespaces)}`, uid: `pod-${i}` }, spec: { serviceAccountName: `sa-${int(perNs)}`, containers: [{ name: "web" }] }, status: { phase: "Running" } } as KubeObject),
  );
  add("closure after one pod started (it mounts its token)", 20, started);
  // a ServiceAccount is created (a new app's): it is a member of its namespace's groups
  const created = Array.from({ length: 30 }, (_, i) => create({ kind: "ServiceAccount", metadata: { name: `app-${i}`, namespace: `ns-${int(N.namespaces)}`, uid: `app-${i}` } } as KubeObject));
  add("closure after one ServiceAccount created", 20, created);

  const sas = Array.from({ length: 200 }, () => `system:serviceaccount:ns-${int(N.namespaces)}:sa-${int(perNs)}`);
  for (let i = 0; i < 20; i++) escalationOf(cur, sas[i]);
  // the whole answer of one SA, the first page (the SA page's `?limit=100`) of another, then
  // that one's next page, then a third one's first 1,000 (the API's default `limit`),
  // alternately (the last few subjects' searches are kept: the next page searches no more; the
  // lists are drawn apart, so the other questions search afresh)
  const others = Array.from({ length: sas.length }, () => `system:serviceaccount:ns-${int(N.namespaces)}:sa-${int(perNs)}`);
  // drawn after the others, so that the earlier questions stay what they were
  const apiAsked = Array.from({ length: sas.length }, () => `system:serviceaccount:ns-${int(N.namespaces)}:sa-${int(perNs)}`);
  const one: number[] = [];
  const page: number[] = [];
  const second: number[] = [];
  const api: number[] = [];
  let becomes = 0;
  for (let i = 0; i < sas.length; i++) {
    let t = performance.now();
    becomes += escalationOf(cur, sas[i])!.canBecome.length;
    one.push(performance.now() - t);
    t = performance.now();
    escalationOf(cur, others[i], { limit: 100 });
    page.push(performance.now() - t);
    t = performance.now();
    escalationOf(cur, others[i], { offset: 100, limit: 100 });
    second.push(performance.now() - t);
    t = performance.now();
    escalationOf(cur, apiAsked[i], { limit: 1000 });
    api.push(performance.now() - t);
  }
  add(ONE_ALL, 10, one);
  add(ONE_PAGE, 10, page);
  add("the same SA's next 100 paths (offset 100)", 10, second);
  add(ONE_API, 10, api);

  const pad = (s: string, n: number) => s.padEnd(n);
  console.log("");
  const [l1, l5] = loadavg();
  console.log(`load average ${l1.toFixed(2)} (1 min), ${l5.toFixed(2)} (5 min) on ${cpus().length} cores`);
  const before = baseline();
  const was = (r: (typeof rows)[number]) => before.get(r.what);
  const extra = before.size ? ` ${pad("baseline", 9)} | ${pad("speed-up", 8)} |` : "";
  console.log(`| ${pad("operation", 56)} | ${pad("median", 9)} | ${pad("p95", 9)} | ${pad("target", 10)} | ${pad("median/target", 13)} | ok |${extra}`);
  console.log(`|${"-".repeat(58)}|${"-".repeat(11)}|${"-".repeat(11)}|${"-".repeat(12)}|${"-".repeat(15)}|----|${before.size ? `${"-".repeat(11)}|${"-".repeat(10)}|` : ""}`);
  for (const r of rows) {
    const b = was(r);
    const cmp = before.size ? ` ${pad(b === undefined ? "–" : fmt(b), 9)} | ${pad(b === undefined ? "–" : `${(b / r.median).toFixed(1)}×`, 8)} |` : "";
    console.log(`| ${pad(r.what, 56)} | ${pad(fmt(r.median), 9)} | ${pad(fmt(r.p95), 9)} | ${pad("< " + fmt(r.target), 10)} | ${pad(`${(r.median / r.target).toFixed(2)}×`, 13)} | ${r.median < r.target ? "✓ " : "✗ "} |${cmp}`);
  }
  if (before.size) console.log(`(baseline: the medians printed in ${process.env.BENCH_BASELINE})`);
  console.log(`\nThe first cold round, in a process whose code the JIT had not compiled yet: ${fmt(firstRound)}.`);
  console.log(`${reaching} subjects reach cluster-admin; a sampled ServiceAccount can become ${Math.round(becomes / sas.length)} subjects on average.`);
  console.log("\nThe batch tools, for the same question (a graph-database ingest, then a query):");
  console.log("- KubeHound, published run times (DataDog/KubeHound docs/faq.md, kubehound.io/faq), counted in pods:");
  console.log("  1,000 pods: 2 min; 10,000 pods: 15 min; 30,000 pods: 25 min. Not measured here (needs JanusGraph + MongoDB).");
  console.log("- IceKube: no published ingest time found; not measured here (needs Neo4j, and reads every Secret).");
}

void main();

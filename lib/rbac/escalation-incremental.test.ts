// The escalation graph derived from the previous snapshot's after binding, ServiceAccount, pod
// and workload changes (what the server does as the store changes) answers exactly as one built
// afresh from the same objects: random worlds, random changes to bindings, roles,
// ServiceAccounts, pods and Deployments, every answer compared.
import { describe, expect, it } from "vitest";
import { objectKey, snapshotFromObjects } from "@/lib/store/snapshot";
import type { Binding, ChangeEvent, Kind, KubeObject, Pod, Role, Snapshot } from "@/lib/store/types";
import { seededRandom } from "@/lib/testing/random";
import { escalationGraph, escalationOf, reachingClusterAdmin } from "./escalation";
import { clusterRole, clusterRoleBinding, group, r, role, roleBinding, sa, saSubject, user } from "./fixtures.test-helpers";
import { RbacIndexer, subjectKey } from "./indexes";
import { nodeOfIndexKey } from "./escalation-graph";

const RBAC = "rbac.authorization.k8s.io";
const menu = [
  r(["create"], [""], ["pods"]),
  r(["create"], [""], ["serviceaccounts/token"], ["a"]),
  r(["impersonate"], [""], ["serviceaccounts"]),
  r(["impersonate"], [""], ["users", "groups"]),
  r(["impersonate"], [""], ["groups"], ["system:masters"]),
  r(["create"], [""], ["pods/exec"]),
  r(["get"], [""], ["secrets"]),
  r(["create"], [RBAC], ["rolebindings"]),
  r(["create"], [RBAC], ["clusterrolebindings"]),
  r(["bind"], [RBAC], ["roles", "clusterroles"]),
  r(["bind"], [RBAC], ["clusterroles"], ["cr1"]),
  r(["escalate", "update"], [RBAC], ["roles", "clusterroles"]),
  r(["get"], [""], ["nodes/proxy"]),
  r(["*"], ["*"], ["*"]),
  r(["get", "list"], [""], ["pods"]),
  r(["create"], [""], ["pods/exec"], ["p1"]),
  r(["update"], ["apps"], ["deployments"]),
  r(["patch"], ["apps"], ["deployments"], ["d1"]),
];
const namespaces = ["n1", "n2", "n3"];
const names = ["a", "b", "c", "d"];
const SA = (ns: string, n: string) => `system:serviceaccount:${ns}:${n}`;
const pod = (ns: string, name: string, serviceAccountName: string): Pod => ({
  kind: "Pod",
  metadata: { name, namespace: ns },
  spec: { serviceAccountName, containers: [{ name: "c" }] },
  status: { phase: "Running" },
});
const deployment = (ns: string, name: string): KubeObject => ({ kind: "Deployment", metadata: { name, namespace: ns }, spec: { template: { spec: { containers: [] } } } });

describe("escalation after binding, role, ServiceAccount, pod and workload changes equals a fresh build", () => {
  const { int, rand } = seededRandom(21);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)];
  const subject = () => {
    const x = rand();
    if (x < 0.65) return saSubject(pick(names), pick(namespaces));
    if (x < 0.8) return user(pick(["alice", "bob"]));
    return group(pick(["system:serviceaccounts", "system:serviceaccounts:n1", "system:serviceaccounts:n2", "devs", "system:authenticated"]));
  };
  const rules = () => Array.from({ length: 1 + int(2) }, () => pick(menu));
  const binding = (i: number): Binding => {
    const subjects = Array.from({ length: 1 + int(2) }, subject);
    if (rand() < 0.3) return clusterRoleBinding(`crb${i}`, `cr${int(4)}`, subjects);
    return roleBinding(pick(namespaces), `rb${i}`, rand() < 0.5 ? "Role" : "ClusterRole", rand() < 0.5 ? "r" : `cr${int(4)}`, subjects);
  };
  const source = { mode: "cluster" as const, label: "test" };

  for (let world = 0; world < 12; world++) {
    it(`world ${world}: 25 changes`, () => {
      const objects: KubeObject[] = [];
      for (const ns of namespaces) for (const n of names) objects.push(sa(ns, n));
      for (const ns of namespaces) objects.push(pod(ns, `p${int(3)}`, pick(names)), deployment(ns, `d${int(3)}`));
      for (let i = 0; i < 4; i++) objects.push(clusterRole(`cr${i}`, rules()));
      for (const ns of namespaces) objects.push(role(ns, "r", rules()));
      let next = 0;
      for (; next < 8; next++) objects.push(binding(next));
      let cur: Snapshot = snapshotFromObjects(objects, { source });
      const indexer = new RbacIndexer();
      indexer.index(cur);
      reachingClusterAdmin(cur);
      let derived = 0;
      let standIns = 0;
      let pagesAcrossHops = 0;
      for (let step = 0; step < 25; step++) {
        const prev = cur;
        const x = rand();
        // every fifth change a pod's, a Deployment's or a ServiceAccount's
        const kind: Kind = step % 5 === 4 ? pick(["Pod", "Deployment", "ServiceAccount"] as const) : x < 0.85 ? (rand() < 0.7 ? "RoleBinding" : "ClusterRoleBinding") : rand() < 0.5 ? "Role" : "ClusterRole";
        const map = new Map(cur.objects[kind]);
        const c: { added: KubeObject[]; changed: { before: KubeObject; after: KubeObject }[]; removed: KubeObject[] } = { added: [], changed: [], removed: [] };
        const existing = [...map.values()];
        const y = rand();
        if (kind === "ServiceAccount") {
          // one deleted (bindings may still name it, pods run as it), or a new one created
          if (existing.length && y < 0.5) {
            const old = pick(existing);
            map.delete(objectKey(old));
            c.removed.push(old);
          } else {
            const created = sa(pick(namespaces), `new${step}`);
            map.set(objectKey(created), created);
            c.added.push(created);
          }
        } else if (kind === "Pod" || kind === "Deployment") {
          // a pod or Deployment started, or gone, or a pod replaced by one as another ServiceAccount
          const ns = pick(namespaces);
          const name = `${kind === "Pod" ? "p" : "d"}${int(3)}`;
          const old = map.get(objectKey({ kind, metadata: { name, namespace: ns } } as KubeObject));
          const runsAs = old && (old as Pod).spec?.serviceAccountName;
          const after = kind === "Pod" ? pod(ns, name, pick(names.filter((n) => n !== runsAs))) : deployment(ns, name);
          if (old && (kind === "Deployment" || y < 0.5)) {
            map.delete(objectKey(old));
            c.removed.push(old);
          } else {
            map.set(objectKey(after), after);
            if (old) c.changed.push({ before: old, after });
            else c.added.push(after);
          }
        } else if (kind === "Role" || kind === "ClusterRole") {
          const old = pick(existing) as Role;
          const after = { ...old, rules: rules() };
          map.set(objectKey(after), after);
          c.changed.push({ before: old, after });
        } else if (y < 0.35 || existing.length === 0) {
          let b = binding(next++);
          while (b.kind !== kind) b = binding(next++);
          map.set(objectKey(b), b);
          c.added.push(b);
        } else if (y < 0.6) {
          const old = pick(existing);
          map.delete(objectKey(old));
          c.removed.push(old);
        } else {
          const old = pick(existing) as Binding;
          const subjects = rand() < 0.5 ? [...(old.subjects ?? []), subject()] : (old.subjects ?? []).slice(1);
          const after: Binding = { ...old, subjects };
          map.set(objectKey(after), after);
          c.changed.push({ before: old, after });
        }
        const event: ChangeEvent = { version: cur.version + 1, kinds: [kind], changes: { [kind]: c } };
        cur = { ...cur, version: cur.version + 1, objects: { ...cur.objects, [kind]: map } };
        indexer.changed(event);
        indexer.index(cur);
        const got = reachingClusterAdmin(cur);
        // ServiceAccounts, pods and workloads that came or went: derived too, never built afresh
        if (kind === "Pod" || kind === "Deployment" || kind === "ServiceAccount") {
          const g1 = escalationGraph(cur);
          expect(g1.previous !== undefined || g1 === escalationGraph(prev), `step ${step} (${kind}): derived`).toBe(true);
          if ([...g1.changed!].some((n) => /^~(exec|upd|sas?):/.test(n))) standIns++;
        }
        // derived, not rebuilt: a subject the change did not touch keeps its very hop list
        if (kind === "RoleBinding" || kind === "ClusterRoleBinding") {
          const touched = new Set<string>();
          for (const b of [...c.added, ...c.removed, ...c.changed.flatMap((ch) => [ch.before, ch.after])] as Binding[])
            for (let i = 0; i < (b.subjects?.length ?? 0); i++) {
              const k = subjectKey(b, i);
              if (k) touched.add(nodeOfIndexKey(k.key));
            }
          const g0 = escalationGraph(prev);
          const g1 = escalationGraph(cur);
          const kept = [...g0.outs.keys()].find((n) => !touched.has(n) && !n.startsWith("group:") && !n.startsWith("role:") && !n.startsWith("namespace-admin:") && n !== "cluster-admin");
          if (kept && g1.outs.get(kept) === g0.outs.get(kept)) derived++;
        }
        const fresh = snapshotFromObjects(
          Object.values(cur.objects).flatMap((m) => [...m.values()]),
          { source },
        );
        expect(got, `step ${step} (${kind})`).toEqual(reachingClusterAdmin(fresh));
        for (const s of escalationGraph(fresh).subjects) expect(escalationOf(cur, s), `step ${step}: ${s}`).toEqual(escalationOf(fresh, s));
        for (const ns of namespaces) for (const n of names) expect(escalationOf(cur, SA(ns, n)), `step ${step}: ${SA(ns, n)}`).toEqual(escalationOf(fresh, SA(ns, n)));
        // a page of one subject's answer: the same entries and paths as the whole answer's slice, and its length
        for (const s of escalationGraph(fresh).subjects) {
          const whole = escalationOf(fresh, s)!;
          const boundary = whole.canBecome.findIndex((p) => p.hops > whole.canBecome[0].hops); // the first entry one hop further
          const x = rand();
          const offset = x < 0.3 ? 0 : x < 0.6 && boundary > 0 ? Math.max(0, boundary - 1 - int(2)) : int(whole.canBecome.length + 2);
          const limit = int(6);
          const { total, canBecome, ...rest } = escalationOf(cur, s, { offset, limit })!;
          const { canBecome: all, ...wholeRest } = whole;
          expect(rest, `step ${step}: ${s}`).toEqual(wholeRest);
          expect(total).toBe(all.length);
          expect(canBecome, `step ${step}: ${s} from ${offset}, ${limit}`).toEqual(all.slice(offset, offset + limit));
          // no limit, or one that is not a number: the whole list; a negative one: none
          expect(escalationOf(cur, s, { offset: 0, limit: Number.NaN })!.canBecome).toEqual(all);
          expect(escalationOf(cur, s, { limit: -1 })!.canBecome).toEqual([]);
          if (canBecome.length > 1 && canBecome[0].hops !== canBecome[canBecome.length - 1].hops) pagesAcrossHops++;
        }
      }
      // nor do the answers depend on the order the store lists objects in
      const all = Object.values(cur.objects).flatMap((m) => [...m.values()]);
      const reversed = snapshotFromObjects(all.toReversed(), { source });
      expect(reachingClusterAdmin(reversed)).toEqual(reachingClusterAdmin(cur));
      for (const s of escalationGraph(reversed).subjects) expect(escalationOf(reversed, s), `reversed: ${s}`).toEqual(escalationOf(cur, s));
      expect(derived).toBeGreaterThan(5);
      expect(standIns).toBe(5); // each of them changed what a pod's, a Deployment's or a ServiceAccount's node stands for
      expect(pagesAcrossHops).toBeGreaterThan(0);
    });
  }
});

describe("each kind of change, derived or rebuilt, answers as a fresh build", () => {
  const source = { mode: "cluster" as const, label: "test" };
  const objects: KubeObject[] = [
    sa("n1", "a"),
    sa("n1", "b"),
    sa("n2", "a"),
    clusterRole("admin", [r(["*"], ["*"], ["*"])]),
    clusterRole("pods", [r(["create"], [""], ["pods"])]),
    role("n1", "tok", [r(["create"], [""], ["serviceaccounts/token"], ["b"])]),
    role("n2", "imp", [r(["impersonate"], [""], ["serviceaccounts"])]),
    clusterRoleBinding("root", "admin", [saSubject("a", "n2")]),
    roleBinding("n1", "tok", "Role", "tok", [saSubject("a", "n1")]),
    roleBinding("n2", "pods", "ClusterRole", "pods", [saSubject("b", "n1")]),
    role("n1", "ops", [r(["create"], [""], ["pods/exec"]), r(["update"], ["apps"], ["deployments"])]),
    roleBinding("n1", "ops", "Role", "ops", [saSubject("b", "n1")]),
  ];
  const web = pod("n1", "web-1", "a");
  // a change event carries the objects the snapshot held
  const [, saB, , , , , imp, root, tok] = objects;
  type Change = { kind: Kind; added?: KubeObject[]; removed?: KubeObject[]; changed?: [KubeObject, KubeObject][] };
  const apply = (indexer: RbacIndexer, cur: Snapshot, ch: Change): Snapshot => {
    const map = new Map(cur.objects[ch.kind]);
    for (const o of ch.removed ?? []) map.delete(objectKey(o));
    for (const o of [...(ch.added ?? []), ...(ch.changed ?? []).map(([, after]) => after)]) map.set(objectKey(o), o);
    const event: ChangeEvent = {
      version: cur.version + 1,
      kinds: [ch.kind],
      changes: { [ch.kind]: { added: ch.added ?? [], removed: ch.removed ?? [], changed: (ch.changed ?? []).map(([before, after]) => ({ before, after })) } },
    };
    const next = { ...cur, version: cur.version + 1, objects: { ...cur.objects, [ch.kind]: map } };
    indexer.changed(event);
    indexer.index(next);
    return next;
  };
  const expectFresh = (cur: Snapshot, what: string) => {
    const fresh = snapshotFromObjects(Object.values(cur.objects).flatMap((m) => [...m.values()]), { source });
    expect(reachingClusterAdmin(cur), what).toEqual(reachingClusterAdmin(fresh));
    for (const s of new Set([...escalationGraph(fresh).subjects, ...escalationGraph(cur).subjects])) expect(escalationOf(cur, s), `${what}: ${s}`).toEqual(escalationOf(fresh, s));
  };
  const steps: [string, Change, boolean][] = [
    ["binding added", { kind: "RoleBinding", added: [roleBinding("n1", "imp", "Role", "tok", [saSubject("b", "n1")]), roleBinding("n2", "imp", "Role", "imp", [saSubject("a", "n1")])] }, true],
    ["binding removed", { kind: "RoleBinding", removed: [tok] }, true],
    ["cluster binding added (a new subject)", { kind: "ClusterRoleBinding", added: [clusterRoleBinding("u", "pods", [user("carol")])] }, true],
    ["role rule changed", { kind: "Role", changed: [[imp, role("n2", "imp", [r(["get"], [""], ["secrets"])])]] }, false],
    ["ServiceAccount added", { kind: "ServiceAccount", added: [sa("n2", "c")] }, true],
    ["binding added after a rebuild", { kind: "RoleBinding", added: [roleBinding("n2", "c", "ClusterRole", "admin", [saSubject("c", "n2")])] }, true],
    ["pod started (exec into it acts as n1/a)", { kind: "Pod", added: [web] }, true],
    ["Deployment added (updating it runs pods as n1's ServiceAccounts)", { kind: "Deployment", added: [deployment("n1", "d")] }, true],
    ["pod gone", { kind: "Pod", removed: [web] }, true],
    ["ServiceAccount removed", { kind: "ServiceAccount", removed: [saB] }, true],
    ["ServiceAccount created in a new namespace (every namespace's nodes change: built afresh)", { kind: "ServiceAccount", added: [sa("n3", "a")] }, false],
    ["cluster binding removed (the last to reach cluster-admin cluster-wide)", { kind: "ClusterRoleBinding", removed: [root] }, true],
  ];

  it("binding added and removed, role rule changed, ServiceAccount added and removed, pod started and gone, Deployment added, a new namespace", () => {
    let cur = snapshotFromObjects(objects, { source });
    const indexer = new RbacIndexer();
    indexer.index(cur);
    reachingClusterAdmin(cur);
    for (const [what, ch, derived] of steps) {
      cur = apply(indexer, cur, ch);
      expectFresh(cur, what);
      expect(escalationGraph(cur).previous !== undefined, `${what}: derived`).toBe(derived);
    }
  });

  it("a namespace's default ServiceAccount object deleted (it is still there, implied): the path chosen among equally short ones is a fresh build's", () => {
    const implied = sa("n1", "default");
    const start = snapshotFromObjects(
      [
        implied,
        sa("n1", "z"),
        clusterRole("admin", [r(["*"], ["*"], ["*"])]),
        clusterRoleBinding("root", "admin", [saSubject("z", "n1"), saSubject("default", "n1")]),
        role("n1", "mk", [r(["create"], [""], ["pods"])]),
        roleBinding("n1", "mk", "Role", "mk", [user("alice")]),
      ],
      { source },
    );
    const indexer = new RbacIndexer();
    indexer.index(start);
    reachingClusterAdmin(start);
    const cur = apply(indexer, start, { kind: "ServiceAccount", removed: [implied] });
    expect(escalationGraph(cur).previous, "derived").toBeDefined();
    expectFresh(cur, "default's object deleted");
    // alice creates a pod as either; the first by name
    expect(escalationOf(cur, "user:alice")!.clusterAdmin!.path.map((h) => h.to)).toEqual([SA("n1", "default"), "cluster-admin"]);
  });

  it("two snapshots after the same one (the second cannot extend the first's arrays) both answer as fresh builds", () => {
    const start = snapshotFromObjects(objects, { source });
    const indexer = new RbacIndexer();
    indexer.index(start);
    reachingClusterAdmin(start);
    const one = apply(indexer, start, steps[0][1]);
    reachingClusterAdmin(one);
    const other = new RbacIndexer();
    other.index(start);
    const two = apply(other, start, steps[2][1]);
    expectFresh(two, "second successor");
    expectFresh(one, "first successor, after the second");
  });
});

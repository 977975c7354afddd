import { describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { objectKey, snapshotFromObjects } from "@/lib/store/snapshot";
import type { Binding, KubeObject, Snapshot } from "@/lib/store/types";
import { SnapshotStore } from "@/lib/store/store";
import { buildBindingIndex, isAssumedBuiltIn, rbacIndex, RbacIndexer, resolveRole, rulesOf, updateBindingIndex, type BindingChanges, type BindingIndex } from "./indexes";
import { clusterRole, clusterRoleBinding, group, r, role, roleBinding, saSubject, user } from "./fixtures.test-helpers";

/** A binding's key, "(built-in)" when the bootstrap policy's rather than the source's. */
const keyOf = (b: Binding) => `${objectKey(b)}${isAssumedBuiltIn(b) ? " (built-in)" : ""}`;
const canonical = (idx: BindingIndex) => {
  const m = (map: ReadonlyMap<string, readonly { binding: Binding; subjectIndex: number }[]>) =>
    [...map.entries()].map(([k, v]) => [k, v.map((x) => `${keyOf(x.binding)}#${x.subjectIndex}`).sort()]).sort();
  return {
    bySubject: m(idx.bySubject),
    bySubjectScope: m(idx.bySubjectScope),
    cluster: idx.clusterBindings.map(keyOf).sort(),
    byNs: [...idx.roleBindingsByNamespace.entries()].map(([k, v]) => [k, v.map(keyOf).sort()]).sort(),
  };
};

/** The bindings that differ between two snapshots (by key; a replaced one is both removed and added). */
function changesBetween(a: Snapshot, b: Snapshot): BindingChanges {
  const out: BindingChanges = { added: [], removed: [] };
  for (const kind of ["RoleBinding", "ClusterRoleBinding"] as const) {
    const [before, after] = [a.objects[kind], b.objects[kind]];
    for (const [k, o] of before) if (after.get(k) !== o) out.removed.push(o as Binding);
    for (const [k, o] of after) if (before.get(k) !== o) out.added.push(o as Binding);
  }
  return out;
}

describe("updateBindingIndex", () => {
  const arbBinding = fc
    .record({
      cluster: fc.boolean(),
      ns: fc.constantFrom("a", "b"),
      name: fc.constantFrom("x", "y", "z"),
      subjects: fc.array(fc.oneof(fc.constantFrom("s1", "s2").map((n) => saSubject(n)), fc.constantFrom("g1", "g2").map(group), fc.constantFrom("u1").map(user)), { maxLength: 3 }),
    })
    .map(({ cluster, ns, name, subjects }) => (cluster ? clusterRoleBinding(name, "r", subjects) : roleBinding(ns, name, "ClusterRole", "r", subjects)));
  it("gives the same index as a rebuild after adds, changes and deletes", () => {
    fc.assert(
      fc.property(fc.array(arbBinding, { maxLength: 8 }), fc.array(arbBinding, { maxLength: 8 }), fc.array(arbBinding, { maxLength: 8 }), (before, mid, after) => {
        const s1 = snapshotFromObjects(before);
        const s1b = snapshotFromObjects(mid);
        const s2 = snapshotFromObjects(after);
        const step = updateBindingIndex(buildBindingIndex(s1.objects.RoleBinding, s1.objects.ClusterRoleBinding), changesBetween(s1, s1b));
        const inc = updateBindingIndex(step, changesBetween(s1b, s2));
        expect(canonical(inc)).toEqual(canonical(buildBindingIndex(s2.objects.RoleBinding, s2.objects.ClusterRoleBinding)));
      }),
    );
  });
});

describe("updateBindingIndex with the bootstrap policy's bindings (offline)", () => {
  // names the bootstrap policy has (and others); a uid lets two objects share a name, as a
  // manifest folder can hold the same binding twice
  const arbBinding = fc
    .record({
      cluster: fc.boolean(),
      ns: fc.constantFrom("kube-system", "kube-public", "a"),
      name: fc.constantFrom("system:discovery", "cluster-admin", "system:controller:token-cleaner", "system:controller:bootstrap-signer", "x"),
      uid: fc.constantFrom(undefined, "u1", "u2"),
      subjects: fc.array(fc.oneof(fc.constantFrom("s1").map((n) => saSubject(n)), fc.constantFrom("system:authenticated", "g1").map(group)), { maxLength: 2 }),
    })
    .map(({ cluster, ns, name, uid, subjects }) => {
      const b = cluster ? clusterRoleBinding(name, "r", subjects) : roleBinding(ns, name, "ClusterRole", "r", subjects);
      return uid ? { ...b, metadata: { ...b.metadata, uid: `${uid}-${b.kind}-${ns}-${name}` } } : b;
    });
  it("a source binding replaces the built-in of its name, and its removal brings it back, as a rebuild has it", () => {
    fc.assert(
      fc.property(fc.array(arbBinding, { maxLength: 8 }), fc.array(arbBinding, { maxLength: 8 }), fc.array(arbBinding, { maxLength: 8 }), (before, mid, after) => {
        const [s1, s1b, s2] = [before, mid, after].map((objs) => snapshotFromObjects(objs));
        const step = updateBindingIndex(buildBindingIndex(s1.objects.RoleBinding, s1.objects.ClusterRoleBinding, { builtins: true }), changesBetween(s1, s1b));
        const inc = updateBindingIndex(step, changesBetween(s1b, s2));
        expect(canonical(inc)).toEqual(canonical(buildBindingIndex(s2.objects.RoleBinding, s2.objects.ClusterRoleBinding, { builtins: true })));
      }),
    );
  });
  it("holds each built-in binding unless the source has one of its name", () => {
    const mine = clusterRoleBinding("system:discovery", "mine", [group("g1")]);
    const idx = buildBindingIndex(new Map(), new Map([["k", mine]]), { builtins: true });
    const discovery = idx.clusterBindings.filter((b) => b.metadata.name === "system:discovery");
    expect(discovery).toEqual([mine]);
    expect(idx.clusterBindings.find((b) => b.metadata.name === "system:public-info-viewer")?.subjects?.map((s) => s.name)).toEqual(["system:authenticated", "system:unauthenticated"]);
    expect(idx.roleBindingsByNamespace.get("kube-system")?.every(isAssumedBuiltIn)).toBe(true);
    expect(buildBindingIndex(new Map(), new Map()).clusterBindings).toEqual([]); // live: none assumed
  });
});

describe("RbacIndexer following a store", () => {
  it("derives each snapshot's binding index from the store's change events, as a rebuild has it", () => {
    const op = fc.oneof(
      fc.record({ del: fc.constant(false), key: fc.nat(9), b: fc.constantFrom("g1", "g2", "u1"), cluster: fc.boolean() }),
      fc.record({ del: fc.constant(true), key: fc.nat(9), b: fc.constant(""), cluster: fc.boolean() }),
    );
    const binding = (o: { key: number; b: string; cluster: boolean }) => {
      const subjects = [o.b === "u1" ? user("u1") : group(o.b)];
      return o.cluster ? clusterRoleBinding(`b${o.key}`, "r", subjects) : roleBinding("a", `b${o.key}`, "Role", "r", subjects);
    };
    fc.assert(
      // each step is one published snapshot; the index is asked for after some of them only
      fc.property(fc.boolean(), fc.array(fc.record({ ops: fc.array(op, { maxLength: 4 }), ask: fc.boolean() }), { minLength: 1, maxLength: 8 }), (live, steps) => {
        const store = new SnapshotStore({ source: live ? { mode: "cluster", label: "t" } : { mode: "manifests", label: "t" }, coalesceMs: 1000 });
        const indexer = new RbacIndexer();
        store.subscribe((e) => indexer.changed(e));
        for (let i = 0; i < 6; i++) store.upsert(binding({ key: i, b: "g1", cluster: i % 2 === 0 }));
        store.flush();
        indexer.index(store.snapshot());
        let rv = 0;
        for (const { ops, ask } of steps) {
          for (const o of ops) {
            const b = binding(o);
            if (o.del) store.remove(b);
            else store.upsert({ ...b, metadata: { ...b.metadata, resourceVersion: `${++rv}` } });
          }
          store.flush();
          if (!ask) continue;
          const snap = store.snapshot();
          const idx = indexer.index(snap);
          expect(rbacIndex(snap)).toBe(idx);
          expect(canonical(idx)).toEqual(canonical(buildBindingIndex(snap.objects.RoleBinding, snap.objects.ClusterRoleBinding, { builtins: !live })));
        }
        expect(indexer.rebuilds).toBe(1); // the first snapshot only
        store.close();
      }),
    );
  });
  it("rebuilds when it missed an event, and leaves older snapshots' indexes alone", () => {
    const store = new SnapshotStore({ source: { mode: "cluster", label: "t" }, coalesceMs: 1000 });
    const indexer = new RbacIndexer();
    const b1 = roleBinding("a", "b1", "Role", "r", [group("g")]);
    store.upsert(b1);
    store.flush();
    const s1 = store.snapshot();
    expect(indexer.index(s1).bySubject.get("g:g")).toHaveLength(1);
    store.upsert(roleBinding("a", "b2", "Role", "r", [group("g")])); // no event reaches the indexer
    store.flush();
    const s2 = store.snapshot();
    expect(indexer.index(s2).bySubject.get("g:g")!.map((x) => x.binding.metadata.name).sort()).toEqual(["b1", "b2"]);
    expect(indexer.index(s1).bySubject.get("g:g")).toHaveLength(1);
    expect(indexer.rebuilds).toBe(2);
    store.close();
  });
});

describe("rbacIndex", () => {
  it("is memoised per snapshot; a new snapshot gets its own index", () => {
    const objs: KubeObject[] = [role("a", "r", []), roleBinding("a", "b1", "Role", "r", [group("g")])];
    const s1 = snapshotFromObjects(objs);
    expect(rbacIndex(s1)).toBe(rbacIndex(s1));
    const rb = new Map(s1.objects.RoleBinding);
    const added = roleBinding("a", "b2", "Role", "r", [group("g")]);
    rb.set(objectKey(added), added);
    const s2: Snapshot = { ...s1, version: 2, objects: { ...s1.objects, RoleBinding: rb } };
    expect(rbacIndex(s2).bySubject.get("g:g")!.map((x) => x.binding.metadata.name)).toEqual(["b1", "b2"]);
    expect(rbacIndex(s1).bySubject.get("g:g")!.length).toBe(1); // the old snapshot's index is untouched
  });
  it("knows the built-in cluster-admin offline (manifests never contain it), not live", () => {
    const b = clusterRoleBinding("admins", "cluster-admin", [group("g")]);
    expect(resolveRole(rbacIndex(snapshotFromObjects([b])), b)?.rules).toHaveLength(2);
    expect(resolveRole(rbacIndex(snapshotFromObjects([b], { source: { mode: "in-cluster", label: "x" } })), b)).toBeUndefined();
  });
  it("uses controller-filled rules live and computes aggregation offline", () => {
    const objs = [clusterRole("agg", [r(["stale"], [""], ["x"])], undefined, { a: "1" }), clusterRole("part", [r(["get"], [""], ["pods"])], { a: "1" })];
    const b = clusterRoleBinding("b", "agg", [group("g")]);
    const offline = snapshotFromObjects([...objs, b]);
    const live = snapshotFromObjects([...objs, b], { source: { mode: "cluster", label: "ctx" } });
    expect(rulesOf(rbacIndex(offline), resolveRole(rbacIndex(offline), b)!)).toEqual([r(["get"], [""], ["pods"])]);
    expect(rulesOf(rbacIndex(live), resolveRole(rbacIndex(live), b)!)).toEqual([r(["stale"], [""], ["x"])]);
  });
});

describe("two copies of the module (Next loads it for the routes and for the pages)", () => {
  it("share one index per snapshot, and a copy updates a map another copy made", async () => {
    vi.resetModules();
    const other = await import("./indexes");
    expect(other.rbacIndex).not.toBe(rbacIndex); // a second copy indeed
    const store = new SnapshotStore({ source: { mode: "manifests", label: "t" }, coalesceMs: 1000 });
    const mine = new RbacIndexer();
    const theirs = new other.RbacIndexer();
    store.subscribe((e) => (mine.changed(e), theirs.changed(e)));
    for (let i = 0; i < 3; i++) store.upsert(roleBinding("a", `b${i}`, "Role", "r", [group("g")]));
    store.flush();
    const s1 = store.snapshot();
    const idx = mine.index(s1);
    expect(theirs.index(s1)).toBe(idx);
    expect(other.rbacIndex(s1)).toBe(idx);
    expect(theirs.rebuilds).toBe(0);
    // the other copy derives the next index from this copy's (its overlay maps and their deletions)
    store.remove(roleBinding("a", "b1", "Role", "r", [group("g")]));
    store.flush();
    const s2 = store.snapshot();
    const next = theirs.index(s2);
    expect(mine.index(s2)).toBe(next);
    expect(next.bySubject.get("g:g")!.map((x) => x.binding.metadata.name).sort()).toEqual(["b0", "b2"]);
    store.remove(roleBinding("a", "b0", "Role", "r", [group("g")]));
    store.flush();
    const s3 = store.snapshot();
    expect(canonical(mine.index(s3))).toEqual(canonical(buildBindingIndex(s3.objects.RoleBinding, s3.objects.ClusterRoleBinding, { builtins: true })));
    store.close();
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { rbacIndex, type RbacIndexer } from "@/lib/rbac/indexes";
import { syncedSnapshot } from "./snapshot";
import { getStore, resetStoreForTests } from "./store";

const saved = { ...process.env };
afterEach(async () => {
  await resetStoreForTests();
  process.env = { ...saved };
});

const binding = (subjects: string[]) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: readers, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
${subjects.map((s) => `- {kind: Group, apiGroup: rbac.authorization.k8s.io, name: ${s}}`).join("\n")}
`;

const groupsOf = (idx: ReturnType<typeof rbacIndex>) => [...idx.bySubject.keys()].filter((k) => k.startsWith("g:team-")).sort();

describe("syncedSnapshot", () => {
  it("comes with its RBAC index, derived from the store's change events when a binding changes", { timeout: 90_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-snapshot-"));
    const file = path.join(dir, "rb.yaml");
    fs.writeFileSync(file, binding(["team-a"]));
    process.env.ROLECALL_MANIFESTS = dir;
    try {
      const store = getStore();
      await store.whenSynced(60_000);
      const s1 = syncedSnapshot();
      expect(groupsOf(rbacIndex(s1))).toEqual(["g:team-a"]);

      const changed = new Promise<void>((resolve) => store.subscribe((e) => e.changes.RoleBinding && resolve()));
      fs.writeFileSync(file, binding(["team-a", "team-b"]));
      await changed;
      const s2 = syncedSnapshot();
      expect(s2.version).toBeGreaterThan(s1.version);
      expect(groupsOf(rbacIndex(s2))).toEqual(["g:team-a", "g:team-b"]);
      expect(groupsOf(rbacIndex(s1))).toEqual(["g:team-a"]); // the older snapshot keeps its own
      const { indexer } = (globalThis as unknown as Record<symbol, { indexer: RbacIndexer }>)[Symbol.for("rolecall.rbacIndexer")];
      expect(indexer.rebuilds).toBe(1); // the first snapshot; the change was derived
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The layer rule of `npm run lint` (eslint.layers.mjs), run through ESLint with the project's
// own config on import lines written for the purpose: an import up the flow is refused, one
// down the flow is accepted.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === "layers/imports-flow-one-way").map((m) => m.message);
}

describe("imports flow one way", { timeout: 60_000 }, () => {
  it.each([
    ["lib/store/x.ts", 'import { FilesSource } from "@/lib/source/files";', "lib/store may not import lib/source/files"],
    ["lib/source/x.ts", 'import { getStore } from "@/lib/server/store";', "lib/source may not import lib/server/store"],
    ["lib/rbac/x.ts", 'import { ChainsEngine } from "@/lib/chains";', "lib/rbac may not import lib/chains"],
    ["lib/rbac/x.ts", 'import { json } from "../api/errors";', "lib/rbac may not import lib/api/errors"],
    ["lib/chains/x.ts", 'import { bindingsForIdentity } from "@/lib/rbac/indexes";', "lib/chains may not import lib/rbac/indexes"],
    ["lib/k8s/x.ts", 'import { snapshotOf } from "@/lib/store/snapshot";', "lib/k8s may not import lib/store/snapshot"],
    ["lib/api/x.ts", 'import { chainsOf } from "@/lib/server/chains";', "lib/api may not import lib/server/chains"],
    ["lib/metrics/x.ts", 'import { matchRoute } from "@/lib/http/routes";', "lib/metrics may not import lib/http/routes"],
    ["components/rbac/X.tsx", 'import { permissionViewCsv } from "@/lib/rbac/permissions";', "components may import only types from lib/rbac"],
    ["components/rbac/X.tsx", 'const m = import("@/lib/chains/graph");', "components may import only types from lib/chains"],
    ["components/rbac/X.tsx", 'export { getStore } from "@/lib/server/store";', "components may not import lib/server/store"],
    ["app/x/page.tsx", 'import { LiveSource } from "@/lib/source/live";', "app may not import lib/source/live"],
    ["lib/rbac/x.ts", 'import { HistoryRepository } from "@/lib/history/repository";', "lib/rbac may not import lib/history/repository"],
    ["lib/history/x.ts", 'import { getStore } from "@/lib/server/store";', "lib/history may not import lib/server/store"],
  ])("%s: %s is refused", async (file, code, message) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });

  it.each([
    ["lib/source/x.ts", 'import type { KubeObject } from "@/lib/store/types";\nimport { SnapshotStore } from "@/lib/store/store";'],
    ["lib/rbac/x.ts", 'import { snapshotOf } from "@/lib/store/snapshot";\nimport { BUILTIN_RESOURCES } from "@/lib/k8s/builtin-resources";'],
    ["lib/chains/x.ts", 'import { authorize } from "@/lib/rbac/authorize";\nimport { identityFor } from "@/lib/rbac/subjects";'],
    ["lib/api/x.ts", 'import { whoCan } from "@/lib/rbac/who-can";\nimport { chainOf } from "@/lib/chains";'],
    ["lib/server/x.ts", 'import { FilesSource } from "@/lib/source/files";\nimport { notSynced } from "@/lib/api/errors";'],
    ["components/rbac/X.tsx", 'import type { PermissionView } from "@/lib/rbac/permissions";\nimport { type ChainsView } from "@/lib/chains";\nimport { BUILTIN_RESOURCES } from "@/lib/k8s/builtin-resources";'],
    ["app/x/page.tsx", 'import { getStore } from "@/lib/server/store";\nimport { ChainsView } from "@/components/chains/ChainsView";'],
    ["lib/rbac/x.test.ts", 'import { parseManifests } from "@/lib/source/manifests";'],
  ])("%s: imports down the flow are accepted", async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});

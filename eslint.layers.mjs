// Imports flow one way (see README "Layout"): the state comes in through lib/source into
// lib/store, the engines (lib/rbac, lib/chains) read the store, lib/api turns their answers
// into API v1, and app/, lib/server and components/ sit on top. Each folder below lists the
// folders (or single modules) it may import; anything else is an import up the flow or into
// another engine's internals, and `npm run lint` fails on it. "type:" entries may be
// imported with `import type` only (nothing of them reaches the bundle).
import path from "node:path";
import { fileURLToPath } from "node:url";

const ENGINE_INPUT = ["lib/store", "lib/k8s"];

/** @type {Record<string, string[]>} */
export const LAYERS = {
  // Pure facts of Kubernetes, below everything. The object shapes live with the snapshot.
  "lib/k8s": ["type:lib/store/types"],
  "lib/log": [],
  "lib/embed": [],
  "lib/store": ["lib/k8s", "lib/log"],
  "lib/source": ["lib/store", "lib/k8s", "lib/log"],
  "lib/rbac": [...ENGINE_INPUT],
  // The chains ask the RBAC engine one question (may this ServiceAccount read what it waits
  // on?) through its public surface: the authorizer and the subjects of an identity.
  "lib/chains": [...ENGINE_INPUT, "lib/rbac/authorize", "lib/rbac/subjects", "type:lib/rbac/rules"],
  "lib/metrics": ["lib/log", "type:lib/store/types"],
  // RBAC history: reads the store's change events, asks lib/rbac for the permissions diff, keeps
  // entries in its repository (PGlite or PostgreSQL). Started by lib/server beside the store.
  "lib/history": ["lib/rbac", ...ENGINE_INPUT, "lib/log"],
  "lib/auth": ["lib/log"],
  "lib/http": ["lib/auth", "lib/log", "lib/metrics"],
  "lib/api": ["lib/rbac", "lib/chains", ...ENGINE_INPUT, "lib/log", "type:lib/history"],
  // Browser side: fetches API v1 and knows its wire types, nothing of the engines.
  "lib/client": ["lib/embed", "type:lib/api", "type:lib/rbac", "type:lib/chains", "type:lib/store", "type:lib/history"],
  // Composition: chooses and starts the source, the store; the one place lib/source is used.
  "lib/server": ["lib/source", "lib/api", "lib/rbac", "lib/chains", ...ENGINE_INPUT, "lib/log", "lib/metrics", "lib/auth", "lib/http", "lib/history"],
  "lib/cli": ["lib/server", "lib/source", "lib/api", "lib/rbac", "lib/chains", ...ENGINE_INPUT, "lib/log"],
  "lib/testing": ["lib/k8s", "type:lib/store"],
  components: ["components", "lib/client", "lib/embed", "lib/k8s", "type:lib/api", "type:lib/rbac", "type:lib/chains", "type:lib/store"],
  app: ["app", "components", "lib/server", "lib/api", "lib/client", "lib/embed", "lib/auth", "lib/http", "lib/metrics", "lib/log", "lib/rbac", "lib/chains", ...ENGINE_INPUT, "type:lib/history"],
};

/** What a test beside the code may import besides what its folder may: fixtures and harness. */
export const TEST_EXTRAS = ["lib/source", "lib/testing", "cluster"];

const TEST_FILE = /\.(int\.)?test(-helpers)?\.tsx?$|\.test-helpers\.ts$/;

/** The layer a repository path belongs to: `lib/<folder>`, or the top folder (app, components). */
export function layerOf(rel) {
  const parts = rel.split("/");
  if (parts[0] === "lib") return parts.length > 2 ? `lib/${parts[1]}` : null;
  return parts.length > 1 ? parts[0] : null;
}

function allows(entries, target, typeOnly) {
  return entries.some((e) => {
    const [t, p] = e.startsWith("type:") ? [true, e.slice(5)] : [false, e];
    if (t && !typeOnly) return false;
    return target === p || target.startsWith(`${p}/`);
  });
}

/** Why `fromRel` may not import `targetRel` (repository paths, no extension), or null if it may. */
export function refusal(fromRel, targetRel, typeOnly) {
  const from = layerOf(fromRel);
  if (!from || !(from in LAYERS)) return null; // root files, e2e/, bench/, scripts/, cluster/
  const to = layerOf(targetRel) ?? targetRel;
  if (to === from) return null;
  const entries = TEST_FILE.test(fromRel) ? [...LAYERS[from], ...TEST_EXTRAS] : LAYERS[from];
  if (allows(entries, targetRel, typeOnly)) return null;
  const typeAllowed = !typeOnly && allows(entries, targetRel, true);
  return typeAllowed
    ? `${from} may import only types from ${to} (use \`import type\`)`
    : `${from} may not import ${targetRel}: imports flow one way (${from} may import ${LAYERS[from].join(", ") || "nothing of lib/"}; see eslint.layers.mjs)`;
}

const root = path.dirname(fileURLToPath(import.meta.url)); // decoded: a checkout path may hold spaces

function targetOf(spec, file) {
  if (spec.startsWith("@/")) return spec.slice(2);
  if (spec.startsWith(".")) return path.relative(root, path.resolve(path.dirname(file), spec));
  return null; // a package
}

const rule = {
  meta: { type: "problem", docs: { description: "imports flow one way between the folders of lib/, app/ and components/" }, schema: [] },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const fromRel = path.relative(root, file).split(path.sep).join("/");
    function check(node, source, typeOnly) {
      if (!source || typeof source.value !== "string") return;
      const target = targetOf(source.value, file);
      if (target === null) return;
      const why = refusal(fromRel, target.split(path.sep).join("/").replace(/\.(tsx?|mjs|js|json)$/, ""), typeOnly);
      if (why) context.report({ node: source, message: why });
    }
    const typeOnlyImport = (n) => n.importKind === "type" || (n.specifiers.length > 0 && n.specifiers.every((s) => s.importKind === "type"));
    return {
      ImportDeclaration: (n) => check(n, n.source, typeOnlyImport(n)),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source, n.exportKind === "type"),
      ExportAllDeclaration: (n) => check(n, n.source, n.exportKind === "type"),
      ImportExpression: (n) => n.source.type === "Literal" && check(n, n.source, false),
    };
  },
};

export const layersPlugin = { rules: { "imports-flow-one-way": rule } };

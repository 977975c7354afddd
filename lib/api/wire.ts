// API v1 answers, declared once as zod schemas: the TypeScript types the UI reads are inferred
// from them, and the OpenAPI document (lib/api/openapi.ts) is generated from them. The engines'
// results are mapped to these shapes field by field in lib/api (wireChains below), so a
// refactor of an engine's types fails to compile here instead of changing API v1 unnoticed.
// Browser-safe: zod and types only.
import { z } from "zod";
import type { ChainsView } from "@/lib/chains/types";

/** Every error answer: 400 bad input, 404 unknown object or path, 405, 503 not synced yet. */
export const apiError = z.object({
  error: z.string(),
  /** The input that was wrong: a query parameter or path segment. */
  field: z.string().optional(),
});

// --- GET /api/v1/chains, GET /api/v1/chains/{namespace}/{kind}/{name} --------------------

export const health = z.enum(["Healthy", "Suspended", "Progressing", "Missing", "Blocked", "Degraded", "Unknown"]);
export const diagnosticSeverity = z.enum(["error", "warning", "info"]);
export const diagnosticCode = z.enum(["missing-target", "missing-permission", "cycle", "fragile-target", "failed-upstream", "unresolved-target", "outdated-waiter"]);

export const chainPod = z.object({ name: z.string(), via: z.string().optional(), health, status: z.string() });

export const chainNode = z.object({
  /** `Kind/namespace/name`. */
  id: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  health,
  ownHealth: health.optional(),
  status: z.string(),
  ownStatus: z.string().optional(),
  blockedBy: z.array(z.string()).optional(),
  serviceAccount: z.string().optional(),
  pods: z.array(chainPod).optional(),
});

export const chainEdge = z.object({
  from: z.string(),
  to: z.string(),
  type: z.enum(["waits-for", "runs-after"]),
  mechanism: z.string(),
  container: z.string().optional(),
  command: z.string().optional(),
});

export const diagnostic = z.object({
  severity: diagnosticSeverity,
  code: diagnosticCode,
  message: z.string(),
  nodes: z.array(z.string()),
  fix: z.string().optional(),
  serviceAccount: z.object({ namespace: z.string(), name: z.string() }).optional(),
});

export const chain = z.object({ id: z.string(), health, nodes: z.array(z.string()) });

export const chainsResponse = z.object({
  version: z.number(),
  nodes: z.array(chainNode),
  edges: z.array(chainEdge),
  diagnostics: z.array(diagnostic),
  chains: z.array(chain),
});

export type Health = z.infer<typeof health>;
export type DiagnosticSeverity = z.infer<typeof diagnosticSeverity>;
export type ChainNode = z.infer<typeof chainNode>;
export type ChainEdge = z.infer<typeof chainEdge>;
export type Diagnostic = z.infer<typeof diagnostic>;
export type Chain = z.infer<typeof chain>;
export type ChainsResponse = z.infer<typeof chainsResponse>;

const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: V }));

/** The chains engine's view as API v1 sends it. */
export function wireChains(view: ChainsView, version: number): ChainsResponse {
  return {
    version,
    nodes: view.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      namespace: n.namespace,
      name: n.name,
      health: n.health,
      ...opt("ownHealth", n.ownHealth),
      status: n.status,
      ...opt("ownStatus", n.ownStatus),
      ...opt("blockedBy", n.blockedBy),
      ...opt("serviceAccount", n.serviceAccount),
      ...opt("pods", n.pods?.map((p) => ({ name: p.name, ...opt("via", p.via), health: p.health, status: p.status }))),
    })),
    edges: view.edges.map((e) => ({ from: e.from, to: e.to, type: e.type, mechanism: e.mechanism, ...opt("container", e.container), ...opt("command", e.command) })),
    diagnostics: view.diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      nodes: d.nodes,
      ...opt("fix", d.fix),
      ...opt("serviceAccount", d.serviceAccount && { namespace: d.serviceAccount.namespace, name: d.serviceAccount.name }),
    })),
    chains: view.chains.map((c) => ({ id: c.id, health: c.health, nodes: c.nodes })),
  };
}

import type { NextRequest } from "next/server";
import { handle, parseInput, json, notFound } from "@/lib/api/errors";
import { syncedSnapshot } from "@/lib/server/snapshot";
import { chainOf } from "@/lib/chains";
import type { Kind } from "@/lib/store/types";
import { chainParams } from "@/lib/api/schemas";
import { objectExists } from "@/lib/api/chains";
import { wireChains } from "@/lib/api/wire";
import { chainsOf } from "@/lib/server/chains";

/** GET /api/v1/chains/{namespace}/{kind}/{name} → the one chain holding that object (empty lists if it is in none). */
export function GET(_request: NextRequest, ctx: { params: Promise<{ namespace: string; kind: string; name: string }> }) {
  return handle(async () => {
    const params = parseInput(chainParams, await ctx.params);
    const { namespace, kind, name } = params;
    const snap = syncedSnapshot();
    const id = `${kind}/${namespace}/${name}`;
    const view = chainsOf(snap);
    const chain = chainOf(view, id);
    if (chain) return json(wireChains(chain, snap.version));
    if (!objectExists(snap, kind as Kind, namespace, name)) throw notFound(`${kind} ${namespace}/${name}`);
    return json({ version: snap.version, nodes: [], edges: [], diagnostics: [], chains: [] });
  });
}

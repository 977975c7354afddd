import "server-only";
// Glue between the store and the pure chains engine: one engine (with its caches) per
// server process, the RBAC engine as can-i, and the input schemas of the chains routes.
import { z } from "zod";
import { namespaceFilter, namespaceName, objectName } from "@/lib/api/schemas";
import { ChainsEngine, type ChainsView } from "@/lib/chains";
import { canIFromRbac } from "@/lib/chains/rbac";
import type { Snapshot } from "@/lib/store/types";

const KEY = Symbol.for("rolecall.chains.engine");
const g = globalThis as typeof globalThis & { [KEY]?: ChainsEngine };

export function chainsOf(snap: Snapshot, now = Date.now()): ChainsView {
  const engine = (g[KEY] ??= new ChainsEngine());
  // The live source knows the server version (files and examples do not): k8s-wait-for quirks.
  const clusterVersion = snap.source.serverVersion;
  return engine.build(snap, { now, canI: canIFromRbac, ...(clusterVersion ? { clusterVersion } : {}) });
}

export const chainsQuery = z.strictObject({ namespace: namespaceFilter });

// A Map: a path segment such as "__proto__" or "constructor" must not find Object's own properties.
const KIND_NAMES = new Map<string, string>();
for (const k of ["Job", "CronJob", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Service", "Kustomization", "HelmRelease"]) {
  KIND_NAMES.set(k.toLowerCase(), k);
  KIND_NAMES.set(`${k.toLowerCase()}s`, k);
}

export const chainParams = z.object({
  namespace: namespaceName,
  kind: z
    .string()
    .max(63)
    .transform((k, ctx) => {
      const kind = KIND_NAMES.get(k.toLowerCase());
      if (!kind) {
        ctx.addIssue({ code: "custom", message: `unknown kind "${k}" (Job, CronJob, Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Service, Kustomization or HelmRelease)` });
        return z.NEVER;
      }
      return kind;
    }),
  name: objectName,
});

/** The chain view as sent: the store version alongside. */
export type ChainsResponse = ChainsView & { version: number };

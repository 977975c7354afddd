import type { ApiResource } from "@/lib/store/types";

const FULL = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

/**
 * The resources a CustomResourceDefinition serves (one per served version, plus its status
 * and scale subresources), or a message saying why the document is unusable.
 */
export function crdResources(crd: Record<string, unknown>): ApiResource[] | string {
  const spec = crd.spec as
    | {
        group?: string;
        scope?: string;
        names?: { plural?: string; kind?: string };
        versions?: { name?: string; served?: boolean; subresources?: { status?: unknown; scale?: unknown } }[];
      }
    | undefined;
  if (!spec?.group || !spec.names?.plural || !spec.names.kind) return "spec.group, spec.names.plural and spec.names.kind are required";
  const versions = (spec.versions ?? []).filter((v) => v.name && v.served !== false);
  if (versions.length === 0) return "no served versions";
  const base = { group: spec.group, kind: spec.names.kind, namespaced: spec.scope !== "Cluster" };
  return versions.flatMap((v) => {
    const r: ApiResource[] = [{ ...base, version: v.name!, resource: spec.names!.plural!, verbs: FULL }];
    if (v.subresources?.status) r.push({ ...base, version: v.name!, resource: `${spec.names!.plural}/status`, verbs: ["get", "patch", "update"] });
    if (v.subresources?.scale) r.push({ ...base, version: v.name!, kind: "Scale", resource: `${spec.names!.plural}/scale`, verbs: ["get", "patch", "update"] });
    return r;
  });
}

// The resource types the cluster serves, for `*` expansion and to know which are cluster-scoped.
// Live: discovery (snapshot.resources). Offline the data layer fills snapshot.resources with
// the built-in list plus CRDs; an empty list (unit tests) falls back to the built-in list.
import { BUILTIN_RESOURCES } from "@/lib/k8s/builtin-resources";
import type { ApiResource, Snapshot } from "@/lib/store/types";

export interface ResourceCatalog {
  all: readonly ApiResource[];
  groups: readonly string[];
  byGroup: ReadonlyMap<string, readonly ApiResource[]>;
  byKey: ReadonlyMap<string, ApiResource>; // "group\nresource"
  byName: ReadonlyMap<string, readonly ApiResource[]>; // resource (may be res/sub) → all groups
}

const cache = new WeakMap<readonly ApiResource[], ResourceCatalog>();

export function resourceCatalog(snap: Snapshot): ResourceCatalog {
  const list = snap.resources.length > 0 ? snap.resources : BUILTIN_RESOURCES;
  let hit = cache.get(list);
  if (hit) return hit;
  const byGroup = new Map<string, ApiResource[]>();
  const byKey = new Map<string, ApiResource>();
  const byName = new Map<string, ApiResource[]>();
  for (const r of list) {
    const k = `${r.group}\n${r.resource}`;
    if (byKey.has(k)) continue; // one entry per group/resource (several versions may be served)
    byKey.set(k, r);
    (byGroup.get(r.group) ?? byGroup.set(r.group, []).get(r.group)!).push(r);
    (byName.get(r.resource) ?? byName.set(r.resource, []).get(r.resource)!).push(r);
  }
  hit = { all: list, groups: [...byGroup.keys()].sort(), byGroup, byKey, byName };
  cache.set(list, hit);
  return hit;
}

/** true: cluster-scoped; false: namespaced; undefined: not served / unknown. */
export function isClusterScoped(cat: ResourceCatalog, group: string, resource: string): boolean | undefined {
  const r = cat.byKey.get(`${group}\n${resource}`);
  if (r) return !r.namespaced;
  // subresources share their parent's scope
  const i = resource.indexOf("/");
  if (i > 0) {
    const p = cat.byKey.get(`${group}\n${resource.slice(0, i)}`);
    if (p) return !p.namespaced;
  }
  return undefined;
}

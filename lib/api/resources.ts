// The resource names the cluster serves (discovery, or built-ins plus manifest CRDs offline),
// for the can-i and who-can forms to suggest. Subresources are left out: "res/sub" is typed.
import type { Snapshot } from "@/lib/store/types";

export interface ResourceOption {
  resource: string;
  /** API groups serving it ("" = core), sorted. */
  groups: string[];
  namespaced: boolean;
}
export interface ResourceList {
  version: number;
  items: ResourceOption[];
}

const cache = new WeakMap<readonly unknown[], ResourceOption[]>();

export function resourceList(snap: Snapshot): ResourceList {
  let items = cache.get(snap.resources);
  if (!items) {
    const byName = new Map<string, ResourceOption>();
    for (const r of snap.resources) {
      if (r.resource.includes("/")) continue;
      const o = byName.get(r.resource);
      if (!o) byName.set(r.resource, { resource: r.resource, groups: [r.group], namespaced: r.namespaced });
      else if (!o.groups.includes(r.group)) o.groups.push(r.group);
    }
    items = [...byName.values()].sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
    for (const o of items) o.groups.sort();
    cache.set(snap.resources, items);
  }
  return { version: snap.version, items };
}

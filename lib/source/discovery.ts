import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import type { ApiResource } from "@/lib/store/types";
import { getJson } from "./http";

interface APIResourceList {
  groupVersion: string;
  resources: { name: string; namespaced: boolean; kind: string; verbs?: string[]; group?: string; version?: string }[];
}
interface APIGroupList {
  groups: { name: string; versions: { groupVersion: string; version: string }[]; preferredVersion?: { version: string } }[];
}

/**
 * The resource types the cluster serves, from /api, /apis and each group-version. One
 * entry per group and resource: the preferred version's (with every version serving it),
 * plus resources only other versions serve. A group-version that fails (an unavailable
 * aggregated API) is skipped; failure of /api or /apis throws so the caller keeps what it had.
 */
export async function discoverResources(kc: KubeConfig, signal?: AbortSignal): Promise<{ resources: ApiResource[]; unavailableGroups: Set<string> }> {
  const core = await getJson<{ versions: string[] }>(kc, "/api", signal);
  const groups = await getJson<APIGroupList>(kc, "/apis", signal);
  const targets: { group: string; version: string; path: string }[] = (core.versions ?? []).map((v) => ({
    group: "",
    version: v,
    path: `/api/${v}`,
  }));
  for (const g of groups.groups ?? []) {
    const preferred = g.preferredVersion?.version;
    const versions = [...g.versions].sort((a, b) => Number(b.version === preferred) - Number(a.version === preferred));
    for (const v of versions) targets.push({ group: g.name, version: v.version, path: `/apis/${v.groupVersion}` });
  }
  const lists = await Promise.all(
    targets.map((t) => getJson<APIResourceList>(kc, t.path, signal).catch(() => null)),
  );
  const seen = new Map<string, ApiResource>();
  const out: ApiResource[] = [];
  const unavailableGroups = new Set<string>();
  lists.forEach((list, i) => {
    if (!list) {
      unavailableGroups.add(targets[i].group);
      return;
    }
    const { group, version } = targets[i];
    for (const r of list.resources ?? []) {
      const key = `${group}/${r.name}`;
      const known = seen.get(key);
      if (known) {
        known.versions!.push(version);
        continue;
      }
      const res: ApiResource = { group, version, versions: [version], resource: r.name, kind: r.kind, namespaced: r.namespaced, verbs: r.verbs ?? [] };
      seen.set(key, res);
      out.push(res);
    }
  });
  return { resources: out, unavailableGroups };
}

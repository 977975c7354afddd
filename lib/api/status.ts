// What the frame and /api/readyz report: source, sync state per kind, problems, namespaces.
import type { Snapshot } from "@/lib/store/types";
import type { StatusView } from "./types";

let last: { ns: unknown; sa: unknown; names: string[] } | undefined;

/** Namespace names: the Namespace objects, plus namespaces objects live in (manifests often lack Namespace objects). */
export function namespaces(snap: Snapshot): string[] {
  const ns = snap.objects.Namespace;
  const sa = snap.objects.ServiceAccount;
  if (last && last.ns === ns && last.sa === sa) return last.names;
  const set = new Set<string>();
  for (const o of ns.values()) set.add(o.metadata.name);
  for (const o of sa.values()) set.add(o.metadata.namespace ?? "default");
  const names = [...set].sort();
  last = { ns, sa, names };
  return names;
}

export function statusView(snap: Snapshot, synced: boolean): StatusView {
  return {
    synced,
    version: snap.version,
    source: snap.source,
    kinds: [...snap.kinds],
    notPermitted: snap.kinds.filter((k) => k.state === "not-permitted").map((k) => k.kind),
    problems: [...snap.problems],
    namespaces: namespaces(snap),
  };
}

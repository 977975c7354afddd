// What the frame and /api/readyz report: source, sync state per kind, problems, namespaces.
import { memoOnKinds } from "@/lib/store/memo";
import type { Snapshot } from "@/lib/store/types";
import type { StatusView } from "./types";

/** Namespace names: the Namespace objects, plus namespaces objects live in (manifests often lack Namespace objects). */
export const namespaces = memoOnKinds(["Namespace", "ServiceAccount"], (snap): string[] => {
  const set = new Set<string>();
  for (const o of snap.objects.Namespace.values()) set.add(o.metadata.name);
  for (const o of snap.objects.ServiceAccount.values()) set.add(o.metadata.namespace ?? "default");
  return [...set].sort();
});

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

import type { Kind, Snapshot } from "@/lib/store/types";

/**
 * Whether an object of this kind exists in the snapshot: a chain page or answer is about a
 * real object (one in no chain still has an empty answer; one that does not exist is a 404).
 * Objects are stored by UID, so this looks at names.
 */
export function objectExists(snap: Snapshot, kind: Kind, namespace: string, name: string): boolean {
  for (const o of snap.objects[kind].values()) {
    if (o.metadata.name === name && (o.metadata.namespace ?? "") === namespace) return true;
  }
  return false;
}

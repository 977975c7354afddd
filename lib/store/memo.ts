// Memos of derived values on the snapshot maps they read. A snapshot shares the maps of
// unchanged kinds with its predecessor, so e.g. a Pod change (the most frequent) reuses
// everything derived from RBAC objects only. Entries are held weakly by the first kind's
// map: they go with the snapshots that hold it, and the memo holds no "last" slot.
import type { Kind, Snapshot } from "./types";

/**
 * `derive`, memoised on the maps of `kinds` (and on `extra` values of the snapshot, by
 * identity): the result for a snapshot whose maps (and extras) are those of an earlier one
 * is the earlier result.
 */
export function memoOnKinds<T>(kinds: readonly [Kind, ...Kind[]], derive: (snap: Snapshot) => T, extra?: (snap: Snapshot) => readonly unknown[]): (snap: Snapshot) => T {
  const memo = new WeakMap<object, { inputs: readonly unknown[]; value: T }>();
  return (snap) => {
    const inputs = [...kinds.map((k) => snap.objects[k]), ...(extra?.(snap) ?? [])];
    const hit = memo.get(inputs[0] as object);
    if (hit && hit.inputs.length === inputs.length && hit.inputs.every((x, i) => x === inputs[i])) return hit.value;
    const value = derive(snap);
    memo.set(inputs[0] as object, { inputs, value });
    return value;
  };
}

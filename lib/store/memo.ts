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
export function memoOnKinds<T>(kinds: readonly [Kind, ...Kind[]], derive: (snap: Snapshot) => T, extra?: (snap: Snapshot) => readonly unknown[], shareAs?: string): (snap: Snapshot) => T {
  const memo = shareAs ? sharedTable<T>(shareAs) : new WeakMap<object, { inputs: readonly unknown[]; value: T }>();
  return (snap) => {
    const inputs = [...kinds.map((k) => snap.objects[k]), ...(extra?.(snap) ?? [])];
    const hit = memo.get(inputs[0] as object);
    if (hit && hit.inputs.length === inputs.length && hit.inputs.every((x, i) => x === inputs[i])) return hit.value;
    const value = derive(snap);
    memo.set(inputs[0] as object, { inputs, value });
    return value;
  };
}

/**
 * The table of a memo named `shareAs`, one per process: Next loads a module once for the route
 * handlers and once for the pages, and each copy would otherwise derive and hold the same
 * value (for the runs-as index, an entry per pod) again. Only for values made of the
 * snapshot's own objects and plain data, which mean the same to either copy.
 */
function sharedTable<T>(shareAs: string): WeakMap<object, { inputs: readonly unknown[]; value: T }> {
  return processWide(`memo.${shareAs}`, () => new WeakMap());
}

/**
 * One value per process under `name` (on globalThis), made by `make` the first time: a memo
 * table that every copy of a module Next loads reads and fills, so that a value derived by
 * the route handlers' copy is not derived and held again by the pages'. The same rule as
 * memoOnKinds' `shareAs`: only for tables of values that mean the same to either copy
 * (no `instanceof`, no module-private symbols in them).
 */
export function processWide<T>(name: string, make: () => T): T {
  const g = globalThis as Record<symbol, T | undefined>;
  const key = Symbol.for(`rolecall.${name}`);
  return (g[key] ??= make());
}

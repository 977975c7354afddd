import { KINDS, type ApiResource, type Kind, type KubeObject, type Snapshot, type SourceInfo } from "./types";

const KIND_SET: ReadonlySet<string> = new Set(KINDS);

export function isKnownKind(kind: string): kind is Kind {
  return KIND_SET.has(kind);
}

/** The key an object is stored under: its UID, else a stable synthetic one (manifests have no UID). */
export function objectKey(obj: KubeObject): string {
  const m = obj.metadata;
  return m.uid ?? `${obj.kind}/${m.namespace ?? ""}/${m.name}`;
}

/**
 * Builds a snapshot from a flat list of objects. Used by the files and examples sources
 * and by unit tests of the pure layers. Objects of kinds Rolecall does not read are ignored.
 */
export function snapshotFromObjects(
  objects: Iterable<KubeObject>,
  opts: { version?: number; source?: SourceInfo; resources?: readonly ApiResource[] } = {},
): Snapshot {
  const maps = Object.fromEntries(KINDS.map((k) => [k, new Map<string, KubeObject>()])) as Record<Kind, Map<string, KubeObject>>;
  for (const obj of objects) {
    if (isKnownKind(obj.kind)) maps[obj.kind].set(objectKey(obj), obj);
  }
  return {
    version: opts.version ?? 1,
    source: opts.source ?? { mode: "manifests", label: "test" },
    objects: maps,
    resources: opts.resources ?? [],
    kinds: KINDS.map((kind) => ({ kind, state: "synced" as const, restarts: 0 })),
    problems: [],
  };
}

/** All objects of one kind, typed by the caller. */
export function list<T extends KubeObject>(snap: Snapshot, kind: Kind): T[] {
  return [...snap.objects[kind].values()] as T[];
}

import type { KubeObject } from "@/lib/store/types";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/**
 * Drops what no layer reads and what only costs memory: managedFields and kubectl's
 * last-applied copy of the whole object (which also duplicates env values). Env entries in
 * pod specs are kept: chains expands $(VAR) server-side; the API layer never sends them out.
 * Returns a shallow copy with a fresh metadata object; the rest is shared.
 */
export function sanitizeObject<T extends KubeObject>(obj: T, kind?: string, apiVersion?: string): T {
  const metadata = { ...obj.metadata } as T["metadata"] & { managedFields?: unknown };
  delete metadata.managedFields;
  if (metadata.annotations && LAST_APPLIED in metadata.annotations) {
    const annotations = { ...metadata.annotations };
    delete annotations[LAST_APPLIED];
    metadata.annotations = annotations;
  }
  // List items from the API server carry no kind/apiVersion; the informer knows them.
  return { ...obj, kind: obj.kind ?? kind, apiVersion: obj.apiVersion ?? apiVersion, metadata } as T;
}

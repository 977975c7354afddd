import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { KubeObject } from "@/lib/store/types";
import { objectExists } from "./chains";

const job = (namespace: string, name: string) => ({ kind: "Job", metadata: { namespace, name } }) as KubeObject;

describe("objectExists: whether a chain page names a real object", () => {
  const snap = snapshotFromObjects([job("app", "migrate"), job("other", "seed")]);
  it("finds an object by kind, namespace and name", () => {
    expect(objectExists(snap, "Job", "app", "migrate")).toBe(true);
  });
  it("not under another namespace, name or kind", () => {
    expect(objectExists(snap, "Job", "other", "migrate")).toBe(false);
    expect(objectExists(snap, "Job", "app", "seed")).toBe(false);
    expect(objectExists(snap, "Deployment", "app", "migrate")).toBe(false);
  });
});

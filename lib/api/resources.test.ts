import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { BUILTIN_RESOURCES } from "@/lib/k8s/builtin-resources";
import { resourceList } from "./resources";

describe("resourceList", () => {
  it("one entry per resource name with every group serving it, without subresources", () => {
    const snap = snapshotFromObjects([], {
      resources: [
        ...BUILTIN_RESOURCES,
        { group: "example.com", version: "v1", resource: "widgets", kind: "Widget", namespaced: true, verbs: ["get", "list"] },
        { group: "example.com", version: "v2", resource: "widgets", kind: "Widget", namespaced: true, verbs: ["get", "list"] },
        { group: "example.com", version: "v1", resource: "widgets/status", kind: "Widget", namespaced: true, verbs: ["get"] },
        { group: "other.io", version: "v1", resource: "widgets", kind: "Widget", namespaced: true, verbs: ["get"] },
      ],
    });
    const items = resourceList(snap).items;
    expect(items.find((r) => r.resource === "widgets")).toEqual({ resource: "widgets", groups: ["example.com", "other.io"], namespaced: true });
    expect(items.some((r) => r.resource.includes("/"))).toBe(false);
    expect(items.find((r) => r.resource === "pods")?.groups).toEqual([""]);
    expect(items.find((r) => r.resource === "nodes")?.namespaced).toBe(false);
    expect(items.map((r) => r.resource)).toEqual([...items.map((r) => r.resource)].sort());
  });
});

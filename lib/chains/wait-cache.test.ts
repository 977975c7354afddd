import { describe, expect, it } from "vitest";
import type { KubeObject, PodSpec } from "@/lib/store/types";
import { WaitCache } from "./wait-cache";

describe("WaitCache", () => {
  // Manifest pods have no uid; equal specs may be one shared object (shareParts), in any namespace.
  const spec = { initContainers: [{ name: "wait", image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ["job", "migrate"] }], containers: [{ name: "app", image: "app" }] } as unknown as PodSpec;
  const pod = (namespace: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace }, spec }) as unknown as KubeObject;

  it("keeps a shared spec's waits apart per namespace", () => {
    const cache = new WaitCache();
    const ns = (w: ReturnType<WaitCache["get"]>) => (w[0].target.type === "object" ? w[0].target.namespace : undefined);
    expect(ns(cache.get(pod("shop"), spec, "shop"))).toBe("shop");
    expect(ns(cache.get(pod("billing"), spec, "billing"))).toBe("billing");
    expect(ns(cache.get(pod("shop"), spec, "shop"))).toBe("shop");
    expect(cache.parses).toBe(2);
  });
});

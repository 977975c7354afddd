import { describe, expect, it } from "vitest";
import type { KubeObject } from "@/lib/store/types";
import { controllerOf, podTemplateOf, serviceAccountOfSpec } from "./workloads";

const meta = (name: string, extra: Partial<KubeObject["metadata"]> = {}) => ({ name, namespace: "ns", ...extra });
const spec = { containers: [{ name: "app", image: "app" }], serviceAccountName: "runner" };

describe("podTemplateOf", () => {
  it("finds each kind's pod template and its labels", () => {
    const labels = { app: "x" };
    expect(podTemplateOf({ kind: "Pod", metadata: meta("p", { labels }), spec } as KubeObject)).toEqual({ spec, labels });
    expect(podTemplateOf({ kind: "Deployment", metadata: meta("d"), spec: { template: { metadata: { labels }, spec } } } as KubeObject)).toEqual({ spec, labels });
    expect(podTemplateOf({ kind: "Job", metadata: meta("j"), spec: { template: { spec } } } as KubeObject)).toEqual({ spec, labels: undefined });
    expect(podTemplateOf({ kind: "CronJob", metadata: meta("c"), spec: { jobTemplate: { spec: { template: { metadata: { labels }, spec } } } } } as KubeObject)).toEqual({ spec, labels });
  });
  it("has none without a template, or when the spec is not an object", () => {
    expect(podTemplateOf({ kind: "Deployment", metadata: meta("d") } as KubeObject)).toBeUndefined();
    expect(podTemplateOf({ kind: "CronJob", metadata: meta("c"), spec: { template: { spec } } } as KubeObject)).toBeUndefined();
    expect(podTemplateOf({ kind: "Pod", metadata: meta("p"), spec: [spec] } as unknown as KubeObject)).toBeUndefined();
    expect(podTemplateOf({ kind: "StatefulSet", metadata: meta("s"), spec: { template: { spec: "x" } } } as unknown as KubeObject)).toBeUndefined();
  });
});

describe("serviceAccountOfSpec", () => {
  it("prefers serviceAccountName, then the deprecated serviceAccount, else default", () => {
    expect(serviceAccountOfSpec({ containers: [], serviceAccountName: "a", serviceAccount: "b" })).toBe("a");
    expect(serviceAccountOfSpec({ containers: [], serviceAccount: "b" })).toBe("b");
    expect(serviceAccountOfSpec({ containers: [], serviceAccountName: "" })).toBe("default");
    expect(serviceAccountOfSpec(undefined)).toBe("default");
  });
});

describe("controllerOf", () => {
  const ref = (name: string, controller?: boolean) => ({ apiVersion: "apps/v1", kind: "ReplicaSet", name, uid: name, ...(controller ? { controller } : {}) });
  it("is the controller reference, else the first", () => {
    expect(controllerOf({ kind: "Pod", metadata: meta("p", { ownerReferences: [ref("a"), ref("b", true)] }) })?.name).toBe("b");
    expect(controllerOf({ kind: "Pod", metadata: meta("p", { ownerReferences: [ref("a"), ref("b")] }) })?.name).toBe("a");
    expect(controllerOf({ kind: "Pod", metadata: meta("p") })).toBeUndefined();
  });
  it("skips entries that are not objects", () => {
    expect(controllerOf({ kind: "Pod", metadata: meta("p", { ownerReferences: [null, "x", ref("c")] as never }) })?.name).toBe("c");
    expect(controllerOf({ kind: "Pod", metadata: meta("p", { ownerReferences: "x" as never }) })).toBeUndefined();
  });
});

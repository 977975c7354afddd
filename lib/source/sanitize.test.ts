import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { realisticPod } from "@/lib/testing/realistic-pod";
import type { KubeObject } from "@/lib/store/types";
import { loadManifests } from "./manifests";
import { sanitizeObject, shareParts, SharedParts } from "./sanitize";

const owner = { kind: "ReplicaSet", apiVersion: "apps/v1", name: "shop-api-7d9f8c6b5a", uid: "rs-1" };

describe("sanitizeObject on pods", () => {
  it("keeps what the views read and drops volumes, probes, resources, tolerations, IPs and ids", () => {
    const pod = realisticPod("shop", "shop-api-7d9f8c6b5a-x1y2z", "api", owner, "shop-db") as unknown as KubeObject;
    const out = sanitizeObject(pod) as KubeObject & { spec: Record<string, unknown>; status: Record<string, unknown> };
    expect(out.metadata).toEqual(pod.metadata);
    expect(Object.keys(out.spec).sort()).toEqual(["containers", "initContainers", "nodeName", "restartPolicy", "serviceAccount", "serviceAccountName"]);
    const [init] = out.spec.initContainers as Record<string, unknown>[];
    expect(init).toEqual({ name: "wait-db", image: "busybox:1.36", command: ["sh", "-c", "until nslookup shop-db; do echo waiting; sleep 2; done"], env: expect.any(Array) });
    const [main] = out.spec.containers as Record<string, unknown>[];
    expect(Object.keys(main).sort()).toEqual(["env", "image", "name"]);
    expect((main.env as unknown[]).length).toBe(3);
    expect(Object.keys(out.status).sort()).toEqual(["conditions", "containerStatuses", "initContainerStatuses", "phase", "startTime"]);
    expect((out.status.conditions as unknown[])[2]).toEqual({ type: "Ready", status: "True", lastTransitionTime: "2026-11-20T08:00:00Z" });
    expect(Object.keys((out.status.containerStatuses as Record<string, unknown>[])[0]).sort()).toEqual(["image", "lastState", "name", "ready", "restartCount", "started", "state"]);
    // the input is not changed
    expect((pod.spec as Record<string, unknown>).volumes).toBeDefined();
  });

  it("leaves other kinds' specs alone", () => {
    const deploy = { kind: "Deployment", metadata: { name: "a" }, spec: { template: { spec: { volumes: [{ name: "v" }], containers: [{ name: "c", resources: {} }] } } } };
    expect(sanitizeObject(deploy as KubeObject).spec).toBe(deploy.spec);
  });
});

describe("memory of loaded manifests", () => {
  it("a realistic pod read from a manifest file holds under 5 KB of heap", { timeout: 120_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-sanitize-"));
    try {
      const n = 600;
      const items = Array.from({ length: n }, (_, i) => realisticPod("shop", `api-${i}`, "api", owner, i % 10 === 0 ? "shop-db" : undefined));
      fs.writeFileSync(path.join(dir, "pods.json"), JSON.stringify({ apiVersion: "v1", kind: "List", items }));
      v8.setFlagsFromString("--expose-gc");
      const gc = vm.runInNewContext("gc") as () => void;
      gc();
      const before = process.memoryUsage().heapUsed;
      const loaded = loadManifests(dir);
      gc();
      const perPod = (process.memoryUsage().heapUsed - before) / n;
      expect(loaded.problems).toEqual([]);
      expect(loaded.objects).toHaveLength(n);
      // Measured: 26 KB a pod as the YAML parser built it, untrimmed; 3.8 KB compacted and trimmed.
      if (process.env.ROLECALL_PRINT_HEAP) console.log(`heap per pod: ${Math.round(perPod)} bytes`);
      expect(perPod).toBeLessThan(5 * 1024);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("shareParts", () => {
  const owner = { kind: "ReplicaSet", apiVersion: "apps/v1", name: "api-7d9f8c6b5a", uid: "u-1" };
  const replica = (name: string) => {
    const pod = sanitizeObject(JSON.parse(JSON.stringify(realisticPod("shop", name, "shop-api", owner))) as KubeObject) as KubeObject & { spec: { containers: { env: unknown[] }[] }; status: { phase: string } };
    // realisticPod draws an image per pod; replicas of one template have one
    pod.spec.containers[0] = { ...pod.spec.containers[0], image: "registry.example.com/api:1.0.0" } as never;
    return pod;
  };

  it("makes equal parts of two replicas one frozen object, and keeps what differs apart", () => {
    const table = new SharedParts();
    const a = replica("api-7d9f8c6b5a-aaaaa");
    const b = replica("api-7d9f8c6b5a-bbbbb");
    const before = JSON.stringify(b);
    shareParts(a, table);
    shareParts(b, table);
    expect(JSON.stringify(b)).toBe(before);
    expect(b.spec.containers[0].env).toBe(a.spec.containers[0].env);
    expect(b.metadata.ownerReferences).toBe(a.metadata.ownerReferences);
    expect(Object.isFrozen(b.spec.containers[0].env)).toBe(true);
    expect(() => b.spec.containers[0].env.push("x")).toThrow(TypeError);
    // each pod's own metadata stays its own
    expect(b.metadata).not.toBe(a.metadata);
    expect(b.metadata.name).toBe("api-7d9f8c6b5a-bbbbb");
  });

  it("shares only parts equal all the way down (a value that looks like a child's key is a value)", () => {
    const parts = new SharedParts();
    const pod = (spec: unknown) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "n" }, spec }) as unknown as KubeObject & { spec: { a: unknown } };
    const one = pod({ a: { b: 1 }, c: "x" });
    const two = pod({ a: { b: 2 }, c: "x" });
    const three = pod({ a: "#1", c: "x" });
    const four = pod({ a: { b: 1 }, c: "x" });
    for (const p of [one, two, three, four]) shareParts(p, parts);
    expect(two.spec).not.toBe(one.spec);
    expect(three.spec).not.toBe(one.spec);
    expect(JSON.stringify(three.spec)).toBe('{"a":"#1","c":"x"}');
    expect(four.spec).toBe(one.spec);
  });

  it("leaves kinds other than pods as they are", () => {
    const sa = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "x", namespace: "y", labels: { a: "b" } } } as KubeObject;
    shareParts(sa, new SharedParts());
    expect(Object.isFrozen(sa.metadata.labels)).toBe(false);
  });
});

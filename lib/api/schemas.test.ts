import { describe, expect, it } from "vitest";
import { clusterRoleParams, namespaceFilter, objectName, roleParams, searchQuery, serviceAccountParams } from "./schemas";

describe("input schemas", () => {
  it("accepts Kubernetes names and rejects everything else", () => {
    expect(serviceAccountParams.safeParse({ namespace: "go-todo", name: "go-todo-sa" }).success).toBe(true);
    expect(objectName.safeParse("a.b-c").success).toBe(true);
    for (const bad of ["", "UPPER", "-lead", "trail-", "a_b", "a/b", "x".repeat(254), "../etc"]) expect(objectName.safeParse(bad).success, bad).toBe(false);
    const r = serviceAccountParams.safeParse({ namespace: "Bad_NS", name: "ok" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["namespace"]);
    expect(serviceAccountParams.safeParse({ namespace: "a.b", name: "ok" }).success).toBe(false);
  });

  it("an empty or absent namespace filter means all namespaces", () => {
    expect(namespaceFilter.parse(undefined)).toBeUndefined();
    expect(namespaceFilter.parse("")).toBeUndefined();
    expect(namespaceFilter.parse("kube-system")).toBe("kube-system");
    expect(namespaceFilter.safeParse(["a", "b"]).success).toBe(false);
  });

  it("search limit is a bounded whole number", () => {
    expect(searchQuery.parse({ q: "x" })).toEqual({ q: "x", limit: 20 });
    expect(searchQuery.parse({ q: "x", limit: "5" }).limit).toBe(5);
    for (const limit of ["0", "101", "x", "1.5"]) expect(searchQuery.safeParse({ limit }).success, limit).toBe(false);
  });

  it("role names are path segments: colons allowed (system:aggregate-to-view), '/', '%', '.' and '..' not", () => {
    for (const ok of ["pod-reader", "system:aggregate-to-view", "system:controller:job-controller", "A_b"]) expect(clusterRoleParams.safeParse({ name: ok }).success, ok).toBe(true);
    for (const bad of ["", ".", "..", "a/b", "a%2Fb", "x".repeat(254)]) {
      const r = clusterRoleParams.safeParse({ name: bad });
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues[0].path).toEqual(["name"]);
    }
    expect(roleParams.safeParse({ namespace: "Bad_NS", name: "pod-reader" }).error?.issues[0].path).toEqual(["namespace"]);
    // a path segment as Next hands it over: still percent-encoded
    expect(clusterRoleParams.parse({ name: "system%3Aaggregate-to-view" })).toEqual({ name: "system:aggregate-to-view" });
    for (const bad of ["a%2Fb", "a%25b", "%E0%A4%A"]) expect(clusterRoleParams.safeParse({ name: bad }).success, bad).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { search } from "./search";

const snap = snapshotFromObjects([
  { kind: "ServiceAccount", metadata: { name: "go-todo-sa", namespace: "go-todo" } },
  { kind: "ServiceAccount", metadata: { name: "todo", namespace: "other" } },
  { kind: "Role", metadata: { name: "pod-reader", namespace: "go-todo" } },
  { kind: "ClusterRole", metadata: { name: "pod-reader-all" } },
  { kind: "RoleBinding", metadata: { name: "read-pods", namespace: "go-todo" }, roleRef: { apiGroup: "", kind: "Role", name: "pod-reader" } },
  { kind: "Deployment", metadata: { name: "go-todo-deployment", namespace: "go-todo" }, spec: { template: { spec: { serviceAccountName: "go-todo-sa", containers: [] } } } },
]);

describe("search", () => {
  it("ranks exact name, then prefix, then substring", () => {
    expect(search(snap, "todo").items.map((h) => h.name)).toEqual(["todo", "go-todo-sa", "go-todo-deployment"]);
  });

  it("links each kind to where it is shown; a workload to the SA it runs as", () => {
    const hits = search(snap, "go-todo").items;
    expect(hits.find((h) => h.kind === "ServiceAccount")?.href).toBe("/serviceaccounts/go-todo/go-todo-sa");
    expect(hits.find((h) => h.kind === "Deployment")).toMatchObject({ href: "/serviceaccounts/go-todo/go-todo-sa#runs-as", detail: "runs as go-todo-sa" });
    expect(search(snap, "pod-reader").items.map((h) => h.href)).toEqual(["/roles/go-todo/pod-reader", "/clusterroles/pod-reader-all"]);
    expect(search(snap, "read-pods").items[0].href).toBe("/bindings?q=read-pods&namespace=go-todo");
  });

  it("finds the bootstrap policy's bindings and roles offline, marked built-in", () => {
    expect(search(snap, "system:discovery").items).toEqual([
      { kind: "ClusterRoleBinding", name: "system:discovery", href: "/bindings?q=system%3Adiscovery", detail: "built-in" },
      { kind: "ClusterRole", name: "system:discovery", href: "/clusterroles/system%3Adiscovery", detail: "built-in · rules, bindings, findings" },
    ]);
  });

  it("matches namespace/name when the query has a slash", () => {
    expect(search(snap, "go-todo/read").items.map((h) => h.name)).toEqual(["read-pods"]);
  });

  it("is empty for blank input and honours the limit", () => {
    expect(search(snap, "   ").items).toEqual([]);
    expect(search(snap, "o", 2).items).toHaveLength(2);
  });
});

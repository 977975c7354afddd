import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { ChainsEngine } from "@/lib/chains";
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

describe("search with the chains", () => {
  const wait = (args: string[]) => ({ initContainers: [{ name: "wait", image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args }] });
  const workload = (kind: string, name: string, spec: object, extra: object = {}) => ({
    kind,
    metadata: { name, namespace: "shop", generation: 1 },
    spec: { ...extra, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { serviceAccountName: "shop-sa", containers: [{ name: "c" }], ...spec } } },
  });
  const chained = snapshotFromObjects([
    { kind: "Namespace", metadata: { name: "shop" } },
    { kind: "ServiceAccount", metadata: { name: "shop-sa", namespace: "shop" } },
    workload("Job", "shop-migrate", {}),
    workload("Deployment", "shop-api", wait(["job", "shop-migrate"])),
    // waits on the API through its Service: the Service is in the chain too
    workload("StatefulSet", "shop-worker", { initContainers: [{ name: "wait", image: "busybox", command: ["sh", "-c", "until nc -z shop-api 8080; do sleep 1; done"] }] }),
    { kind: "Service", metadata: { name: "shop-api", namespace: "shop" }, spec: { selector: { app: "shop-api" } } },
    workload("Deployment", "shop-lonely", {}),
  ]);
  const view = new ChainsEngine().build(chained, { now: Date.parse("2026-11-28T12:00:00Z") });
  const healthOf = (id: string) => view.chains.find((c) => c.nodes.includes(id))!.health;

  it("a workload in a chain lands on its chain first, and keeps the hit to the ServiceAccount it runs as", () => {
    const hits = search(chained, "shop-api", 20, undefined, view).items;
    expect(hits.filter((h) => h.kind === "Deployment")).toEqual([
      { kind: "Deployment", namespace: "shop", name: "shop-api", href: "/chains/shop/deployment/shop-api", detail: `chain · ${healthOf("Deployment/shop/shop-api")}` },
      { kind: "Deployment", namespace: "shop", name: "shop-api", href: "/serviceaccounts/shop/shop-sa#runs-as", detail: "runs as shop-sa" },
    ]);
    expect(hits.findIndex((h) => h.href.startsWith("/chains/shop/deployment/"))).toBeLessThan(hits.findIndex((h) => h.href.startsWith("/serviceaccounts/")));
    // every workload kind: a StatefulSet, a Job
    expect(search(chained, "shop-worker", 20, undefined, view).items[0].href).toBe("/chains/shop/statefulset/shop-worker");
    expect(search(chained, "shop-migrate", 20, undefined, view).items[0].href).toBe("/chains/shop/job/shop-migrate");
  });

  it("other objects of a chain (a Service) lead to it; a workload in no chain only to its ServiceAccount", () => {
    expect(search(chained, "shop-api", 20, undefined, view).items.filter((h) => h.kind === "Service")).toEqual([
      { kind: "Service", namespace: "shop", name: "shop-api", href: "/chains/shop/service/shop-api", detail: `chain · ${healthOf("Service/shop/shop-api")}` },
    ]);
    expect(search(chained, "shop-lonely", 20, undefined, view).items.map((h) => h.href)).toEqual(["/serviceaccounts/shop/shop-sa#runs-as"]);
  });

  it("without the chains view, a workload leads to its ServiceAccount only", () => {
    expect(search(chained, "shop-api").items.map((h) => h.href)).toEqual(["/serviceaccounts/shop/shop-sa#runs-as"]);
  });
});

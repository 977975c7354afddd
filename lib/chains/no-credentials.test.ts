// Nothing the chains routes send holds an env value or a credential written in a command
// line: every node, edge (command), diagnostic message and fix is built from a snapshot
// full of them, serialised as the route does, and searched for the secret strings.
import { describe, expect, it } from "vitest";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import type { KubeObject } from "@/lib/store/types";
import { ChainsEngine, chainOf, chainsInNamespace } from "./index";
import { canIFromRbac } from "./rbac";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const SECRETS = ["hunter2", "s3cret", "abc123"];

const env = [
  { name: "DB_PASSWORD", value: "hunter2" },
  { name: "DATABASE_URL", value: "postgres://user:s3cret@db:5432/x" },
  { name: "API_TOKEN", value: "abc123" },
];
const init = (name: string, c: object) => ({ name, image: "busybox", env, ...c });
const sh = (script: string) => ({ command: ["sh", "-c", script] });

const deployment = (name: string, initContainers: object[]): KubeObject =>
  ({
    kind: "Deployment",
    metadata: { name, namespace: "app", generation: 1 },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { serviceAccountName: "api", initContainers, containers: [{ name: "app", image: "app", env, args: ["--token=abc123"] }] },
      },
    },
  }) as unknown as KubeObject;

const objects: KubeObject[] = [
  { kind: "Namespace", metadata: { name: "app" } },
  { kind: "ServiceAccount", metadata: { name: "api", namespace: "app" } },
  deployment("api", [
    init("dsn", sh("until pg_isready -d postgres://user:s3cret@db:5432/x; do sleep 1; done")),
    init("dsn-env", sh("until pg_isready -d $DATABASE_URL; do sleep 1; done")),
    init("kubelet-env", { command: ["wait4x", "postgresql", "$(DATABASE_URL)"] }),
    init("kubectl", { image: "bitnami/kubectl", args: ["wait", "--for=condition=complete", "job/migrate", "--token=abc123", "-n", "app"] }),
    init("k8s-wait-for", { image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ["job-wr", "migrate"] }),
    init("curl", sh("until curl -fsS -H 'Authorization: Bearer abc123' http://api-backend:8080/healthz; do sleep 2; done")),
    init("curl-user", sh("until curl -u admin:hunter2 http://api-backend:8080/; do sleep 2; done")),
    init("wget", sh("until wget -q http://user:s3cret@api-backend:8080/; do sleep 2; done")),
    init("mysql", { image: "wait4x/wait4x", args: ["mysql", "root:hunter2@tcp(mysql:3306)/shop"] }),
    init("pgpass", sh("until PGPASSWORD=$DB_PASSWORD pg_isready -h db; do sleep 1; done")),
    init("mysqladmin", sh("until mysqladmin ping -h mysql -uroot -phunter2; do sleep 1; done")),
    init("redis-cli", sh("until redis-cli -h cache -a hunter2 ping; do sleep 1; done")),
    init("dockerize", { image: "jwilder/dockerize", args: ["-wait", "tcp://user:s3cret@cache:6379", "-timeout", "60s"] }),
    // a host from a command substitution Rolecall cannot run: the reason names it
    init("subst", sh("until nc -z $(vault read -field=host --token=abc123 secret/db) 5432; do sleep 1; done")),
    init("subst-env", sh("until nc -z `lookup --password=$(DB_PASSWORD)` 5432; do sleep 1; done")),
    // a kubelet $(VAR) holding several commands: the expanded script differs from the written one
    init("script-env", { command: ["sh", "-c", "$(SCRIPT)"], env: [...env, { name: "SCRIPT", value: "true; until nc -z db 5432 && test hunter2; do sleep 1; done; until curl http://api-backend:8080/?sig=s3cret; do sleep 1; done" }] }),
  ]),
  {
    kind: "Job",
    metadata: { name: "migrate", namespace: "app", generation: 1 },
    spec: { template: { spec: { containers: [{ name: "m", image: "migrate", env, command: ["migrate", "--url", "postgres://user:s3cret@db:5432/x", "--token=abc123"] }] } } },
    status: { failed: 1, conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded" }] },
  } as unknown as KubeObject,
  {
    kind: "Pod",
    metadata: { name: "api-1", namespace: "app", labels: { app: "api" }, ownerReferences: [{ kind: "Deployment", name: "api", controller: true }] },
    spec: { serviceAccountName: "api", initContainers: [init("dsn", sh("until pg_isready -d postgres://user:s3cret@db:5432/x; do sleep 1; done"))], containers: [{ name: "app", env }] },
    status: { phase: "Pending" },
  } as unknown as KubeObject,
];

function expectClean(value: unknown) {
  const text = JSON.stringify(value);
  for (const s of SECRETS) expect(text, `the answer holds "${s}"`).not.toContain(s);
}

describe("chains answers hold no env values or command-line credentials", () => {
  const snap = snapshotFromObjects(objects);
  const view = new ChainsEngine().build(snap, { now: NOW, canI: canIFromRbac });

  it("finds the waits (the test would prove nothing otherwise)", () => {
    expect(view.edges.filter((e) => e.command).length).toBeGreaterThanOrEqual(10);
    expect(view.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(["missing-target", "missing-permission", "unresolved-target"]));
    expect(view.diagnostics.some((d) => d.fix)).toBe(true);
  });

  it("GET /api/v1/chains, ?namespace= and /chains/{ns}/{kind}/{name}", () => {
    expectClean(view);
    expectClean(chainsInNamespace(view, "app"));
    expectClean(chainOf(view, "Deployment/app/api"));
  });

  it("a script from a kubelet $(VAR) is shown as written; a command substitution is named, not quoted", () => {
    expect(new Set(view.edges.filter((e) => e.container === "script-env").map((e) => e.command))).toEqual(new Set(["$(SCRIPT)"]));
    const unresolved = view.diagnostics.filter((d) => d.code === "unresolved-target");
    expect(unresolved).toHaveLength(2);
    for (const d of unresolved) expect(d.message).toContain("its target comes from a command substitution");
  });
});

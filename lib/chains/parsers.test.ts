import { describe, expect, it } from "vitest";
import type { Container, PodSpec } from "@/lib/store/types";
import { templateWaits } from "./waits";
import { resolveHost } from "./dns";
import { redact } from "./redact";
import { buildCommand } from "./cmdline";
import type { Wait } from "./types";

const NS = "app";
const init = (c: Partial<Container>): PodSpec => ({ containers: [{ name: "main", image: "app" }], initContainers: [{ name: "wait", ...c }] });
const waits = (spec: PodSpec, ns = NS) => templateWaits(spec, ns);
const one = (spec: PodSpec, ns = NS): Wait => {
  const w = waits(spec, ns);
  expect(w).toHaveLength(1);
  return w[0];
};
const sh = (script: string, env?: Container["env"]): PodSpec => init({ image: "busybox:1.36", command: ["sh", "-c", script], ...(env ? { env } : {}) });

describe("k8s-wait-for", () => {
  const wf = (...args: string[]) => init({ image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args });

  it("args-only image runs wait_for.sh: job by name in the pod's namespace (go-todo)", () => {
    const w = one(wf("job", "go-todo-pre-deploy"), "go-todo");
    expect(w.mechanism).toBe("k8s-wait-for job");
    expect(w.target).toEqual({ type: "object", kind: "Job", namespace: "go-todo", name: "go-todo-pre-deploy" });
    expect(w.needs).toEqual([{ verb: "get", resource: "jobs", apiGroup: "batch", namespace: "go-todo", name: "go-todo-pre-deploy" }]);
    expect(w.usesApi).toBe(true);
  });
  it("selector spelled -lapp=x", () => {
    const w = one(wf("pod", "-lapp=db"));
    expect(w.target).toMatchObject({ kind: "Pod", namespace: NS, selector: [{ key: "app", operator: "=", values: ["db"] }] });
    expect(w.needs).toEqual([{ verb: "list", resource: "pods", apiGroup: "", namespace: NS }]);
  });
  it("selector spelled -l app=x (two words)", () => {
    expect(one(wf("pod-wr", "-l", "app=db,tier=data")).target).toMatchObject({ kind: "Pod", selector: [{ key: "app", operator: "=", values: ["db"] }, { key: "tier", operator: "=", values: ["data"] }] });
  });
  it("selector spelled --selector=", () => {
    expect(one(wf("job-we", "--selector=app=seed")).target).toMatchObject({ kind: "Job", selector: [{ key: "app", operator: "=", values: ["seed"] }], selectorText: "app=seed" });
  });
  it.each([
    ["app in (db)", [{ key: "app", operator: "in", values: ["db"] }]],
    ["app notin (web,cache)", [{ key: "app", operator: "notin", values: ["cache", "web"] }]],
    ["app!=web", [{ key: "app", operator: "!=", values: ["web"] }]],
    ["!legacy", [{ key: "legacy", operator: "!", values: [] }]],
    ["app", [{ key: "app", operator: "exists", values: [] }]],
    ["app==db", [{ key: "app", operator: "==", values: ["db"] }]],
  ])("set-based selector -l %j is parsed, not dropped", (text, selector) => {
    const w = one(wf("pod-wr", "-l", text));
    expect(w.target).toMatchObject({ kind: "Pod", selector, selectorText: text });
    expect(w.target).not.toHaveProperty("selectorError");
  });
  it("a selector kubectl rejects keeps the reason (for an unresolved-target diagnostic)", () => {
    const w = one(sh('kubectl wait --for=condition=ready pod -l "app in db"'));
    expect(w.target).toMatchObject({ kind: "Pod", selectorText: "app in db", selectorError: expect.stringContaining("expected: '('") });
    expect(w.target).not.toHaveProperty("selector");
  });
  it("service mode needs services get and pods list", () => {
    const w = one(wf("service", "postgres"));
    expect(w.target).toMatchObject({ kind: "Service", name: "postgres", namespace: NS });
    expect(w.needs.map((n) => `${n.verb} ${n.resource}`)).toEqual(["get services", "list pods"]);
  });
  it("kubectl flags after the target: -n (cross-namespace)", () => {
    expect(one(wf("job-wr", "migrate", "-n", "data")).target).toMatchObject({ namespace: "data", name: "migrate" });
  });
  it("kubectl flags after the target: --namespace=", () => {
    expect(one(wf("job", "migrate", "--namespace=data")).target).toMatchObject({ namespace: "data" });
  });
  it("kubectl flags after the target: -A means all namespaces", () => {
    const w = one(wf("pod-we", "-lapp=db", "-A"));
    expect(w.target).toMatchObject({ namespace: null });
    expect(w.needs[0].namespace).toBeNull();
  });
  it("explicit command path to wait_for.sh on another image", () => {
    expect(one(init({ image: "mycorp/tools", command: ["/usr/local/bin/wait_for.sh", "job", "seed"] })).mechanism).toBe("k8s-wait-for job");
  });
  it("$(VAR) from literal env is expanded by the kubelet", () => {
    const w = one(init({ image: "groundnuty/k8s-wait-for:v2.0", args: ["job", "$(JOB)"], env: [{ name: "JOB", value: "migrate-$(REV)" }, { name: "REV", value: "3" }] }));
    // REV is defined after JOB: the kubelet leaves $(REV) as written in JOB's value
    expect(w.target).toMatchObject({ name: "migrate-$(REV)" });
  });
  it("$(VAR) referencing an earlier env var, and $$ escapes", () => {
    const spec = init({ image: "groundnuty/k8s-wait-for:v2.0", args: ["job", "$(JOB)"], env: [{ name: "REV", value: "3" }, { name: "JOB", value: "migrate-$(REV)" }] });
    expect(one(spec).target).toMatchObject({ name: "migrate-3" });
    const esc = init({ image: "groundnuty/k8s-wait-for:v2.0", args: ["job", "$$(JOB)"], env: [{ name: "JOB", value: "x" }] });
    expect(one(esc).target).toMatchObject({ name: "$(JOB)" });
  });
  it("$(VAR) from valueFrom is unresolved", () => {
    const w = one(init({ image: "groundnuty/k8s-wait-for:v2.0", args: ["job", "$(JOB)"], env: [{ name: "JOB", valueFrom: { configMapKeyRef: { name: "c", key: "k" } } }] }));
    expect(w.unresolved).toMatch(/\$JOB \(from a ConfigMap\)/);
  });
});

describe("kubectl wait / rollout status", () => {
  it("kubectl wait --for=condition=complete job/seed -n data", () => {
    const w = one(sh("kubectl wait --for=condition=complete job/seed -n data --timeout=300s"));
    expect(w.mechanism).toBe("kubectl wait");
    expect(w.mode).toBe("condition=complete");
    expect(w.target).toEqual({ type: "object", kind: "Job", namespace: "data", name: "seed" });
    expect(w.needs.map((n) => n.verb)).toEqual(["get", "list", "watch"]);
  });
  it("kubectl wait pod -l app=pg (selector, own namespace)", () => {
    expect(one(sh("kubectl wait --for=condition=ready pod -l app=pg")).target).toMatchObject({ kind: "Pod", namespace: NS, selector: [{ key: "app", operator: "=", values: ["pg"] }] });
  });
  it("args-only bitnami/kubectl: rollout status deployment/api -n app2", () => {
    const w = one(init({ image: "docker.io/bitnami/kubectl:1.31", args: ["rollout", "status", "deployment/api", "-n", "app2"] }));
    expect(w.mechanism).toBe("kubectl rollout status");
    expect(w.target).toMatchObject({ kind: "Deployment", namespace: "app2", name: "api" });
    expect(w.needs[0]).toMatchObject({ resource: "deployments", apiGroup: "apps" });
  });
  it("args-only rancher/kubectl wait with kind and names as separate words", () => {
    const w = waits(init({ image: "rancher/kubectl:v1.30.0", args: ["wait", "--for=condition=complete", "job", "a", "b"] }));
    expect(w.map((x) => x.target)).toMatchObject([{ name: "a" }, { name: "b" }]);
  });
  it("global flags before the subcommand and kind.group/name", () => {
    expect(one(sh("kubectl -n data wait --for=condition=complete jobs.batch/seed")).target).toMatchObject({ kind: "Job", namespace: "data", name: "seed" });
  });
  it("statefulset short name sts/db", () => {
    expect(one(sh("kubectl rollout status sts/db --namespace data")).target).toMatchObject({ kind: "StatefulSet", name: "db", namespace: "data" });
  });
});

describe("network waits", () => {
  it("wait-for-it host:port -t 60 -- cmd", () => {
    const w = one(init({ image: "x", command: ["./wait-for-it.sh", "db:5432", "-t", "60", "--", "echo", "up"] }));
    expect(w).toMatchObject({ mechanism: "tcp 5432", target: { type: "host", host: "db", port: 5432 } });
  });
  it("wait-for-it -h HOST -p PORT", () => {
    expect(one(init({ image: "x", command: ["wait-for-it", "-h", "redis.cache", "-p", "6379"] })).target).toMatchObject({ host: "redis.cache", port: 6379 });
  });
  it("dockerize with several -wait", () => {
    const w = waits(init({ image: "jwilder/dockerize", args: ["-wait", "tcp://db:5432", "-wait", "http://web:80", "-timeout", "10s"] }));
    expect(w.map((x) => x.mechanism)).toEqual(["tcp 5432", "http 80"]);
    expect(w.map((x) => (x.target.type === "host" ? x.target.host : ""))).toEqual(["db", "web"]);
  });
  it("nslookup loop with the downward-API namespace file", () => {
    const w = one(sh("until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting; sleep 2; done"));
    expect(w).toMatchObject({ mechanism: "dns", target: { host: "myservice.app.svc.cluster.local" } });
    expect(w.command).not.toContain("\uE000");
  });
  it("nc -z $DB_HOST $DB_PORT from literal env", () => {
    const w = one(sh("until nc -z $DB_HOST ${DB_PORT}; do sleep 1; done", [{ name: "DB_HOST", value: "postgres" }, { name: "DB_PORT", value: "5432" }]));
    expect(w).toMatchObject({ mechanism: "tcp 5432", target: { host: "postgres", port: 5432 } });
    // the command shown keeps the variable names, not their values
    expect(w.command).toBe("nc -z $DB_HOST $DB_PORT");
  });
  it("pg_isready with -h/-p and the default port", () => {
    expect(one(sh("until pg_isready -h db -p 5433; do sleep 2; done")).target).toMatchObject({ host: "db", port: 5433 });
    expect(one(sh("until pg_isready --host=db; do sleep 2; done")).mechanism).toBe("pg_isready 5432");
    expect(waits(sh("until pg_isready; do sleep 2; done"))).toHaveLength(0); // local socket
  });
  it("curl -fs URL loop", () => {
    expect(one(sh("until curl -fs http://api.shop:8080/health; do sleep 2; done"))).toMatchObject({ mechanism: "http 8080", target: { host: "api.shop", port: 8080 } });
  });
  it("wget -q -O- URL (default port 80)", () => {
    expect(one(sh("while ! wget -q -O- http://web/healthz; do sleep 2; done"))).toMatchObject({ mechanism: "http 80", target: { host: "web" } });
  });
  it("several waits in one script, across loops and && chains", () => {
    const w = waits(sh(`set -e
until nslookup db; do sleep 1; done
until nc -z db 5432 && nc -z cache 6379 >/dev/null 2>&1; do sleep 1; done
echo ready || exit 1; curl -fsS http://api:8080/ready`));
    expect(w.map((x) => `${x.mechanism} ${x.target.type === "host" ? x.target.host : ""}`)).toEqual(["dns db", "tcp 5432 db", "tcp 6379 cache", "http 8080 api"]);
  });
  it("wait4x tcp and a postgresql DSN (credentials redacted)", () => {
    const w = waits(init({ image: "atkrad/wait4x", command: ["sh", "-c", "wait4x tcp db:5432 && wait4x postgresql 'postgres://app:s3cr3t@pg.data:5432/app?sslmode=disable'"] }));
    expect(w.map((x) => x.mechanism)).toEqual(["wait4x tcp 5432", "wait4x postgresql 5432"]);
    expect(w[1].target).toMatchObject({ host: "pg.data", port: 5432 });
    expect(w[1].command).not.toContain("s3cr3t");
    expect(w[1].command).toContain("app:***@pg.data");
  });
  it("wait4x mysql DSN user:pass@tcp(host:port)/db", () => {
    const w = one(init({ image: "wait4x/wait4x", args: ["mysql", "root:hunter2@tcp(mysql:3306)/shop"] }));
    expect(w.target).toMatchObject({ host: "mysql", port: 3306 });
    expect(w.command).not.toContain("hunter2");
  });
  it("$POD_NAMESPACE from the downward API", () => {
    const env = [{ name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } }];
    expect(one(sh("until nslookup db.$POD_NAMESPACE.svc.cluster.local; do sleep 1; done", env)).target).toMatchObject({ host: "db.app.svc.cluster.local" });
  });
  it("host from a Secret is unresolved", () => {
    const w = one(sh("until nc -z $DB_HOST 5432; do sleep 1; done", [{ name: "DB_HOST", valueFrom: { secretKeyRef: { name: "db", key: "host" } } }]));
    expect(w.unresolved).toBe("$DB_HOST (from a Secret)");
  });
  it("Kubernetes-injected <SVC>_SERVICE_HOST names the Service", () => {
    expect(one(sh("until nc -z $ORDER_API_SERVICE_HOST 80; do sleep 1; done")).target).toMatchObject({ host: "order-api" });
  });
  it("${VAR:-default} and nested sh -c under timeout", () => {
    expect(one(sh("until nc -z ${HOST:-db} 5432; do sleep 1; done")).target).toMatchObject({ host: "db" });
    expect(one(init({ image: "busybox", command: ["timeout", "300", "sh", "-c", "until nc -z db 5432; do sleep 1; done"] })).target).toMatchObject({ host: "db" });
  });
  it("probes in a main container count only as loop conditions", () => {
    const main = (cmd: string): PodSpec => ({ containers: [{ name: "app", image: "busybox", command: ["sh", "-c", cmd] }] });
    expect(waits(main("curl -fs http://api:8080/report && ./run"))).toHaveLength(0);
    expect(waits(main("until curl -fs http://api:8080/ready; do sleep 1; done; ./run"))).toHaveLength(1);
  });
  it("bash -ec and sh -o pipefail -c scripts", () => {
    expect(one(init({ image: "bash", command: ["bash", "-ec", "until nc -z db 5432; do sleep 1; done"] })).mechanism).toBe("tcp 5432");
    expect(one(init({ image: "bash", command: ["sh", "-o", "pipefail", "-c"], args: ["until nc -z db 5432; do sleep 1; done"] })).mechanism).toBe("tcp 5432");
  });
  it("no wait in an ordinary container", () => {
    expect(waits({ containers: [{ name: "app", image: "nginx" }] })).toHaveLength(0);
    expect(buildCommand({ name: "x", image: "nginx" }, NS)).toBeUndefined();
  });
});

describe("DNS rules", () => {
  const isNs = (n: string) => ["data", "app"].includes(n);
  it.each([
    ["db", { type: "service", namespace: "app", name: "db" }],
    ["db.data", { type: "service", namespace: "data", name: "db" }],
    ["db.data.svc", { type: "service", namespace: "data", name: "db" }],
    ["db.data.svc.cluster.local", { type: "service", namespace: "data", name: "db" }],
    ["db.data.svc.corp.example", { type: "service", namespace: "data", name: "db" }],
    ["db-0.db.data.svc.cluster.local", { type: "service", namespace: "data", name: "db", pod: "db-0" }],
    ["10.0.0.12", { type: "external", why: "ip" }],
    ["localhost", { type: "external", why: "localhost" }],
    ["api.example.com", { type: "external", why: "external" }],
    ["api.example", { type: "external", why: "external" }],
  ])("%s", (host, expected) => {
    expect(resolveHost(host, "app", isNs)).toEqual(expected);
  });
});

describe("redaction", () => {
  it.each([
    ["postgres://app:s3cr3t@db:5432/x", "postgres://app:***@db:5432/x"],
    ["mysql root:hunter2@tcp(db:3306)/x", "mysql root:***@tcp(db:3306)/x"],
    ["PGPASSWORD=hunter2 pg_isready -h db", "PGPASSWORD=*** pg_isready -h db"],
    ["curl -H 'Authorization: Bearer abc.def' http://x", "curl -H 'Authorization: Bearer ***' http://x"],
    ["kubectl --token=abc123 wait", "kubectl --token=*** wait"],
    ["kubectl --token abc123 wait", "kubectl --token *** wait"],
    ["curl -u admin:pw http://x", "curl -u admin:*** http://x"],
    ["http://x/?password=pw&user=u", "http://x/?password=***&user=u"],
    ["redis-cli -h cache ping", "redis-cli -h cache ping"],
    ["mysqladmin ping -h db -uroot -phunter2", "mysqladmin ping -h db -uroot -p***"],
    ["mysqladmin ping -h db -P 3306 -p'hunter2'", "mysqladmin ping -h db -P 3306 -p'***'"],
    ["redis-cli -h cache -a hunter2 ping", "redis-cli -h cache -a *** ping"],
    ["mongosh --host mongo -u admin -p hunter2", "mongosh --host mongo -u admin -p ***"],
    ["git clone https://abc123@github.com/x", "git clone https://***@github.com/x"],
    ["pg_isready -h db -p 5432", "pg_isready -h db -p 5432"],
  ])("%s", (input, out) => {
    expect(redact(input)).toBe(out);
    expect(redact(input)).not.toMatch(/s3cr3t|hunter2|abc123|abc\.def|:pw |=pw/);
  });
});

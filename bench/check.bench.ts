// npm run bench:check — wall time of `rolecall check` as CI runs it (node bin/rolecall.mjs, a
// new process each time, Node's start included) on the bundled examples and on a generated
// world of 5,000 objects written as helm-template-like YAML (50 files of 100 documents).
// Targets on this machine: under 1.5 s for the examples, under 3 s for 5,000 objects.
// BENCH_RUNS (default 7) runs per case; medians and the fastest run are printed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { seededRandom } from "@/lib/testing/random";

const ROOT = process.cwd();
const BIN = path.join(ROOT, "bin/rolecall.mjs");
const RUNS = Number(process.env.BENCH_RUNS || 7);
const NAMESPACES = 50;

/** One namespace's 100 documents: what a chart renders for a team (RBAC, workloads that wait for migrations, services, config). */
function namespaceYaml(n: number, rnd: ReturnType<typeof seededRandom>): string {
  const ns = `team-${n}`;
  const docs: string[] = [`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    team: t${n}\n`];
  for (let i = 0; i < 10; i++) {
    docs.push(`apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app-${i}\n  namespace: ${ns}\n  labels:\n    app.kubernetes.io/name: app-${i}\n    app.kubernetes.io/managed-by: Helm\n`);
    const verbs = rnd.int(10) === 0 ? `["*"]` : `["get", "list", "watch"]`;
    docs.push(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: app-${i}\n  namespace: ${ns}\nrules:\n  - apiGroups: ["", "batch"]\n    resources: ["pods", "jobs", "configmaps"]\n    verbs: ${verbs}\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get"]\n`,
    );
    docs.push(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: app-${i}\n  namespace: ${ns}\nsubjects:\n  - kind: ServiceAccount\n    name: app-${i}\n    namespace: ${ns}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: app-${i}\n`,
    );
  }
  for (let j = 0; j < 10; j++) {
    docs.push(`apiVersion: batch/v1
kind: Job
metadata:
  name: migrate-${j}
  namespace: ${ns}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-5"
spec:
  backoffLimit: 4
  template:
    metadata:
      labels:
        app: migrate-${j}
    spec:
      serviceAccountName: app-${j}
      restartPolicy: Never
      containers:
        - name: migrate
          image: registry.example.com/team-${n}/migrate:1.${j}.0
          command: ["/app/migrate", "up"]
          envFrom:
            - configMapRef:
                name: config-${j}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
`);
  }
  for (let d = 0; d < 20; d++) {
    const sa = `app-${d % 10}`;
    const wait =
      d % 4 === 0
        ? `      initContainers:\n        - name: wait-for-migrate\n          image: ghcr.io/groundnuty/k8s-wait-for:v2.0\n          args: ["job-wr", "migrate-${d % 10}"]\n`
        : d % 4 === 1
          ? `      initContainers:\n        - name: wait-for-db\n          image: busybox:1.36\n          command: ["sh", "-c", "until nc -z db-${d % 20}.${ns}.svc.cluster.local 5432; do sleep 2; done"]\n`
          : "";
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${d}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: web-${d}
    app.kubernetes.io/instance: team-${n}
spec:
  replicas: ${1 + rnd.int(3)}
  selector:
    matchLabels:
      app.kubernetes.io/name: web-${d}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web-${d}
        app.kubernetes.io/instance: team-${n}
    spec:
      serviceAccountName: ${sa}
${wait}      containers:
        - name: web
          image: registry.example.com/team-${n}/web-${d}:2.${d}.1
          ports:
            - containerPort: 8080
              name: http
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: db, key: password}
          readinessProbe:
            httpGet: {path: /healthz, port: http}
            periodSeconds: 5
          resources:
            requests: {cpu: 50m, memory: 64Mi}
            limits: {memory: 512Mi}
`);
  }
  for (let s = 0; s < 20; s++) {
    docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: ${s % 2 ? `web-${s}` : `db-${s}`}\n  namespace: ${ns}\nspec:\n  selector:\n    app.kubernetes.io/name: web-${s}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n`);
  }
  for (let c = 0; c < 19; c++) {
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-${c}\n  namespace: ${ns}\ndata:\n  APP_MODE: production\n  FEATURE_FLAGS: "a,b,c,${rnd.hex(8)}"\n  settings.yaml: |\n    server:\n      port: 8080\n      timeout: 30s\n`);
  }
  return docs.join("---\n");
}

function generateWorld(dir: string): number {
  const rnd = seededRandom(14);
  let docs = 0;
  for (let n = 0; n < NAMESPACES; n++) {
    const text = namespaceYaml(n, rnd);
    docs += text.split(/^---$/m).length;
    fs.writeFileSync(path.join(dir, `team-${String(n).padStart(2, "0")}.yaml`), text);
  }
  return docs;
}

function time(args: string[], input?: string): { ms: number; code: number | null; stdout: string; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...(input !== undefined ? { input } : {}) });
  return { ms: performance.now() - t0, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function measure(label: string, args: string[], target: number, input?: string): boolean {
  const first = time(args, input); // also bundles the command line if a source changed (not counted)
  if (first.code === 2) throw new Error(`${label}: rolecall exited 2:\n${first.stderr}`);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) ms.push(time(args, input).ms);
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  const summary = first.stdout.trim().split("\n").pop();
  const ok = median < target;
  console.log(`${label.padEnd(34)} median ${(median / 1000).toFixed(2)} s, fastest ${(ms[0] / 1000).toFixed(2)} s (target ${target / 1000} s: ${ok ? "met" : "MISSED"}), exit ${first.code}; ${summary}`);
  return ok;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-bench-check-"));
try {
  const docs = generateWorld(dir);
  const bytes = fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  const noop = time(["--version"]);
  console.log(`bench:check on Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}; ${RUNS} runs per case`);
  console.log(`generated world: ${docs} documents in ${NAMESPACES} files, ${(bytes / 1024 / 1024).toFixed(1)} MB; rolecall --version alone (Node start + bundle load): ${(noop.ms / 1000).toFixed(2)} s`);
  const a = measure("check examples/", ["check", "examples"], 1500);
  const b = measure(`check ${docs} objects (folder)`, ["check", dir], 3000);
  const stream = fs.readdirSync(dir).sort().map((f) => fs.readFileSync(path.join(dir, f), "utf8")).join("---\n");
  const c = measure(`cat … | check - (${docs} objects)`, ["check", "-"], 3000, stream);
  process.exitCode = a && b && c ? 0 : 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

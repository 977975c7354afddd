// Test helpers of the command line: main() in process with captured streams, manifests
// written to a temporary folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { main, type Io } from "./main";

export const ROOT = path.resolve(__dirname, "../..");

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** `rolecall ARGV` in this process, from `cwd` (default: the repository), `stdin` as standard input. */
export async function rolecall(argv: string[], opts: { cwd?: string; stdin?: string; live?: Io["live"] } = {}): Promise<Ran> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdin: () => Buffer.from(opts.stdin ?? ""),
    cwd: opts.cwd ?? ROOT,
    env: {},
    version: JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version,
    ...(opts.live ? { live: opts.live } : {}),
  });
  return { code, stdout, stderr };
}

/** A temporary folder holding these files (name → text); removed by the returned cleanup. */
export function manifests(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-cli-test-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A Deployment in `ns` whose init container runs `init` (image, args/command), as YAML. */
export function deployment(name: string, ns: string, init?: { image: string; args?: string[]; command?: string[]; env?: object[] }, extra: { sa?: string } = {}): string {
  const initYaml = init
    ? `      initContainers:
        - name: wait
          image: ${init.image}
${init.args ? `          args: ${JSON.stringify(init.args)}\n` : ""}${init.command ? `          command: ${JSON.stringify(init.command)}\n` : ""}${init.env ? `          env: ${JSON.stringify(init.env)}\n` : ""}`
    : "";
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  replicas: 1
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
${extra.sa ? `      serviceAccountName: ${extra.sa}\n` : ""}${initYaml}      containers:
        - name: app
          image: app:1
`;
}

/** A Job in `ns` (no namespace line when ns is undefined), with extra YAML under spec and at the top level. */
export function job(name: string, ns: string | undefined, extra: { spec?: string; top?: string } = {}): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
${ns ? `  namespace: ${ns}\n` : ""}spec:
${extra.spec ?? ""}  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: app:1
${extra.top ?? ""}`;
}

/** A ServiceAccount with get/list/watch on jobs and pods in its namespace (what k8s-wait-for needs). */
export function waiterRbac(sa: string, ns: string): string {
  return `apiVersion: v1
kind: ServiceAccount
metadata: {name: ${sa}, namespace: ${ns}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: ${sa}-wait, namespace: ${ns}}
rules:
  - apiGroups: ["", "batch"]
    resources: ["pods", "jobs"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${sa}-wait, namespace: ${ns}}
subjects: [{kind: ServiceAccount, name: ${sa}, namespace: ${ns}}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${sa}-wait}
`;
}

export const WAIT_FOR = "ghcr.io/groundnuty/k8s-wait-for:v2.0";

/** A `folder(files)` for a test file: each folder it writes is removed after each test. */
export function tempFolders(): (files: Record<string, string>) => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
  });
  return (files) => {
    const m = manifests(files);
    cleanups.push(m.cleanup);
    return m.dir;
  };
}

// `rolecall check` end to end in process: the go-todo example, every diagnostic code, RBAC
// findings, stdin, exit codes and bad input.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deployment, job, rolecall, ROOT, WAIT_FOR, waiterRbac, tempFolders } from "./cli.test-helpers";

const folder = tempFolders();
const json = async (args: string[]) => {
  const r = await rolecall([...args, "--format", "json"]);
  return { ...r, report: JSON.parse(r.stdout) };
};

describe("the go-todo example (the migration Job has no namespace)", () => {
  it("exits 1 and names the missing target, with where the Job really is and why", async () => {
    const r = await rolecall(["check", "examples/go-todo"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("examples/go-todo/deployment.yaml:1: error missing-target: Deployment/go-todo-deployment waits for Job/go-todo-pre-deploy in namespace go-todo, which does not exist. Found in namespace default.");
    expect(r.stdout).toContain("Job/go-todo-pre-deploy (examples/go-todo/job.yaml:4) has no metadata.namespace, so `kubectl apply` without -n puts it in namespace default");
    expect(r.stdout).toContain("also examples/go-todo/job.yaml:4 (Job/default/go-todo-pre-deploy)");
    expect(r.stdout).toMatch(/fix:\n.*job\.yaml:4.*\n\s+metadata:\n\s+name: go-todo-pre-deploy\n\s+namespace: go-todo/);
    expect(r.stdout).toContain("1 error, 0 warnings");
  });

  it("exits 0 once the Job names its namespace", async () => {
    const dir = folder({});
    fs.cpSync(path.join(ROOT, "examples/go-todo"), dir, { recursive: true });
    const jobFile = path.join(dir, "job.yaml");
    fs.writeFileSync(jobFile, fs.readFileSync(jobFile, "utf8").replace("  name: go-todo-pre-deploy\n", "  name: go-todo-pre-deploy\n  namespace: go-todo\n"));
    const r = await rolecall(["check", dir]);
    expect(r.stdout).toContain("0 errors, 0 warnings");
    expect(r.code).toBe(0);
  });

  it("exits 0 when applied as the guide says, with -n go-todo (--namespace)", async () => {
    const r = await rolecall(["check", "--namespace", "go-todo", "examples/go-todo"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("objects without a namespace in go-todo");
  });

  it("reads standard input (`-`), with lines of the stream", async () => {
    const files = ["namespace.yaml", "rbac.yaml", "deployment.yaml", "job.yaml"].map((f) => fs.readFileSync(path.join(ROOT, "examples/go-todo", f), "utf8"));
    const stream = files.join("---\n");
    const jobLine = stream.split("\n").findIndex((l) => l === "apiVersion: batch/v1") + 1;
    const r = await rolecall(["check", "-"], { stdin: stream });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Job/go-todo-pre-deploy (<stdin>:${jobLine}) has no metadata.namespace`);
  });
});

describe("every diagnostic code, with file and line", () => {
  const codesOf = async (files: Record<string, string>, extra: string[] = []) => {
    const { report, code } = await json(["check", folder(files), ...extra]);
    return { code, diagnostics: report.chains.diagnostics as { code: string; severity: string; locations: { file: string; line: number; object: string }[] }[] };
  };

  it("missing-target", async () => {
    const { diagnostics, code } = await codesOf({ "app.yaml": deployment("api", "app", { image: WAIT_FOR, args: ["job", "migrate"] }, { sa: "api" }) + "---\n" + waiterRbac("api", "app") });
    expect(code).toBe(1);
    expect(diagnostics).toMatchObject([{ code: "missing-target", severity: "error", locations: [{ file: expect.stringMatching(/app\.yaml$/), line: 1, object: "Deployment/app/api" }] }]);
  });

  it("missing-permission: the exact verbs and a fix Role", async () => {
    const sa = `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api, namespace: app}\n`;
    const { report } = await json(["check", folder({ "a.yaml": deployment("api", "app", { image: WAIT_FOR, args: ["job", "migrate"] }, { sa: "api" }), "b.yaml": job("migrate", "app"), "sa.yaml": sa })]);
    const d = report.chains.diagnostics.find((x: { code: string }) => x.code === "missing-permission");
    expect(d.message).toContain("ServiceAccount app/api cannot get jobs (migrate) in namespace app");
    expect(d.fix).toContain("kind: RoleBinding");
    expect(d.locations.map((l: { object: string }) => l.object)).toEqual(["Deployment/app/api", "Job/app/migrate"]);
  });

  it("cycle", async () => {
    const kubectl = (target: string) => ({ image: "bitnami/kubectl", args: ["rollout", "status", `deployment/${target}`] });
    const { diagnostics } = await codesOf({ "a.yaml": deployment("a", "app", kubectl("b")), "b.yaml": deployment("b", "app", kubectl("a")) });
    const cycle = diagnostics.find((d) => d.code === "cycle")!;
    expect(cycle.severity).toBe("error");
    expect(cycle.locations.map((l) => l.file.split("/").pop()).sort()).toEqual(["a.yaml", "b.yaml"]);
  });

  it("fragile-target (a warning: exit 0 by default, 1 with --fail-on warning)", async () => {
    const files = { "a.yaml": deployment("api", "app", { image: WAIT_FOR, args: ["job", "migrate"] }, { sa: "api" }) + "---\n" + waiterRbac("api", "app"), "b.yaml": job("migrate", "app", { spec: "  ttlSecondsAfterFinished: 100\n" }) };
    const { diagnostics, code } = await codesOf(files);
    expect(diagnostics.map((d) => d.code)).toEqual(["fragile-target"]);
    expect(diagnostics[0].severity).toBe("warning");
    expect(code).toBe(0);
    expect((await codesOf(files, ["--fail-on", "warning"])).code).toBe(1);
    expect((await codesOf(files, ["--fail-on", "never"])).code).toBe(0);
  });

  it("failed-upstream, where the manifests carry status (kubectl get -o yaml)", async () => {
    const failed = job("migrate", "app", { top: "status:\n  failed: 2\n  conditions:\n    - {type: Failed, status: \"True\", reason: BackoffLimitExceeded}\n" });
    const { diagnostics } = await codesOf({ "a.yaml": deployment("api", "app", { image: WAIT_FOR, args: ["job-wr", "migrate"] }, { sa: "api" }) + "---\n" + waiterRbac("api", "app"), "b.yaml": failed });
    expect(diagnostics.map((d) => d.code)).toContain("failed-upstream");
  });

  it("unresolved-target", async () => {
    const init = { image: "busybox", command: ["sh", "-c", "until nc -z $DB_HOST 5432; do sleep 1; done"], env: [{ name: "DB_HOST", valueFrom: { secretKeyRef: { name: "db", key: "host" } } }] };
    const { diagnostics } = await codesOf({ "a.yaml": deployment("api", "app", init) });
    expect(diagnostics).toMatchObject([{ code: "unresolved-target", severity: "warning", locations: [{ line: 1 }] }]);
  });

  it("outdated-waiter, and its dependence on --cluster-version", async () => {
    const files = { "a.yaml": deployment("api", "app", { image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ["job", "migrate"] }, { sa: "api" }) + "---\n" + waiterRbac("api", "app"), "b.yaml": job("migrate", "app") };
    expect((await codesOf(files)).diagnostics).toEqual([]);
    const old = await codesOf(files, ["--cluster-version", "1.23"]);
    expect(old.diagnostics.map((d) => d.code)).toEqual(["outdated-waiter"]);
  });
});

describe("RBAC findings", () => {
  const crb = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ci-admin
subjects:
  - kind: ServiceAccount
    name: ci
    namespace: ci
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
`;
  const sa = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ci\n  namespace: ci\n";

  it("a ClusterRoleBinding to cluster-admin is a critical finding (an error) at the binding's line", async () => {
    const dir = folder({ "sa.yaml": sa + "---\n" + crb });
    const { report, code } = await json(["check", dir]);
    expect(code).toBe(1);
    const f = report.findings.find((x: { risk: string }) => x.risk === "cluster-admin");
    expect(f).toMatchObject({ severity: "critical", level: "error", subject: { kind: "ServiceAccount", namespace: "ci", name: "ci" } });
    expect(f.locations[0]).toMatchObject({ line: 7, object: "ClusterRoleBinding/ci-admin" });
    expect(f.locations.map((l: { object: string }) => l.object)).toContain("ServiceAccount/ci/ci");
  });

  it("the bootstrap policy's own bindings are no finding of the input", async () => {
    const { report, code } = await json(["check", "examples/go-todo", "--namespace", "go-todo"]);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
  });

  it("text names the subject, the binding → role and the fix", async () => {
    const r = await rolecall(["check", folder({ "crb.yaml": crb })]);
    expect(r.stdout).toMatch(/crb\.yaml:1: error cluster-admin \(critical\): ServiceAccount ci\/ci: Bound to cluster-admin, via ClusterRoleBinding ci-admin → ClusterRole cluster-admin/);
    expect(r.stdout).toContain("error missing-sa");
  });
});

describe("input shapes", () => {
  it("kubectl get -o json lists (JSON, typed List items without kind) and -o yaml lists, with the lines of their items", async () => {
    const list = {
      apiVersion: "v1",
      kind: "ServiceAccountList",
      items: [{ metadata: { name: "a", namespace: "app" } }, { metadata: { name: "b", namespace: "app" } }],
    };
    const yamlList = `apiVersion: v1
kind: List
items:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata: {name: b-admin}
    subjects: [{kind: ServiceAccount, name: b, namespace: app}]
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
`;
    const { report, code } = await json(["check", folder({ "sas.json": JSON.stringify(list, null, 2), "nested/deeper/crb.yaml": yamlList })]);
    expect(code).toBe(1);
    const f = report.findings.find((x: { risk: string }) => x.risk === "cluster-admin");
    expect(f.locations).toEqual([
      { object: "ClusterRoleBinding/b-admin", file: expect.stringMatching(/nested\/deeper\/crb\.yaml$/), line: 4 },
      { object: "ServiceAccount/app/b", file: expect.stringMatching(/sas\.json$/), line: 11 },
    ]);
  });
});

describe("bad input: file and line, exit 2, nothing reported as a result", () => {
  it("a YAML error", async () => {
    const dir = folder({ "ok.yaml": job("migrate", "app"), "bad.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: [unclosed\n" });
    const r = await rolecall(["check", dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/bad\.yaml:\d+: error: invalid YAML/);
    expect(r.stderr).toContain("nothing was checked");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("empty standard input (the render before the pipe failed) is no clean result", async () => {
    const r = await rolecall(["check", "-"], { stdin: "\n  \n" });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^<stdin>: error: standard input is empty/);
  });

  it("a file that does not exist", async () => {
    const r = await rolecall(["check", "no/such/file.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^no\/such\/file\.yaml: error: cannot read: ENOENT/);
  });

  it("an unknown kind, unless --ignore-unknown-kinds; a CRD in the input makes its kind known", async () => {
    const cr = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: app}\n";
    const dir = folder({ "a.yaml": job("migrate", "app") + "---\n" + cr });
    const r = await rolecall(["check", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a\.yaml:\d+: error: unknown kind Widget \(apiVersion example\.com\/v1\)/);
    expect((await rolecall(["check", dir, "--ignore-unknown-kinds"])).code).toBe(0);
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
`;
    expect((await rolecall(["check", folder({ "a.yaml": cr, "crd.yaml": crd })])).code).toBe(0);
    // kinds Kubernetes serves that Rolecall does not read (go-todo's ConfigMap) are not unknown
    expect((await rolecall(["check", "examples/go-todo"])).code).toBe(1);
  });

  it("a duplicate object (the later one would win on apply): both places named", async () => {
    const sa = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api, namespace: app}\n";
    const r = await rolecall(["check", folder({ "a.yaml": sa, "b.yaml": "# again\n" + sa })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/b\.yaml:2: error: duplicate ServiceAccount\/app\/api \(also at .*a\.yaml:1\)/);
  });

  it("bad usage", async () => {
    for (const argv of [["check"], ["check", "x", "--namespace", "Not_A_Namespace"], ["check", "x", "--format", "xml"], ["check", "x", "--fail-on", "sometimes"], ["frobnicate"], ["check", "x", "--cluster-version", "2.0"], ["check", "x", "--nope"], ["diff", "a"]]) {
      const r = await rolecall(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^rolecall: .*\nRun `rolecall --help` for usage\.\n$/);
    }
    expect((await rolecall(["--help"])).code).toBe(0);
    expect((await rolecall(["--version"])).stdout).toMatch(/^rolecall \d+\.\d+\.\d+ \(RBAC bootstrap policy of Kubernetes v\d+\.\d+\.\d+\)\n$/);
  });
});

// The fix commands' text (that they work is fixes.int.test.ts's job, on a real control plane).
import { describe, expect, it } from "vitest";
import { editPodSpec, recreateIn, setImage, shellWord } from "./fixes";

describe("fix commands", () => {
  it("shellWord quotes what bash would split or expand", () => {
    expect(shellWord("go-todo")).toBe("go-todo");
    expect(shellWord('{"a":1}')).toBe(`'{"a":1}'`);
    expect(shellWord("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });
  it("a Job moves by kubectl get | jq | kubectl apply -n, never by applying an object of another namespace", () => {
    const c = recreateIn("Job", "migrate", "default", "go-todo");
    expect(c).toMatch(/^kubectl get job migrate -n default -o json \\\n {2}\| jq '.*' \\\n {2}\| kubectl apply -n go-todo -f -$/);
    for (const f of [".metadata.namespace", ".metadata.uid", ".metadata.resourceVersion", ".metadata.managedFields", ".status", '"batch.kubernetes.io/controller-uid"', "del(.spec.selector)"]) expect(c).toContain(f);
    expect(c).not.toContain("-o yaml");
  });
  it("templates that may change get a JSON patch at their kind's pod spec; array items are replaced, not inserted", () => {
    expect(editPodSpec("CronJob", "nightly", "ops", [{ path: ["automountServiceAccountToken"], value: true }])).toBe(
      `kubectl patch cronjob nightly -n ops --type=json -p '[{"op":"add","path":"/spec/jobTemplate/spec/template/spec/automountServiceAccountToken","value":true}]'`,
    );
    expect(editPodSpec("Deployment", "api", "app", [{ path: ["initContainers", 0, "args", 0], value: "job-wr", expect: { path: ["initContainers", 0, "args", 0], value: "job" } }])).toContain(
      `{"op":"test","path":"/spec/template/spec/initContainers/0/args/0","value":"job"},{"op":"replace","path":"/spec/template/spec/initContainers/0/args/0","value":"job-wr"}`,
    );
  });
  it("a Job's or Pod's immutable template: re-created with the change", () => {
    const c = setImage("Job", "report", "app", { containers: [{ name: "r" }], initContainers: [{ name: "wait", image: "old" }] }, "wait", "ghcr.io/groundnuty/k8s-wait-for:v2.0")!;
    expect(c).toContain('.spec.template.spec.initContainers[0].image = "ghcr.io/groundnuty/k8s-wait-for:v2.0"');
    expect(c).toContain("kubectl replace --force -n app -f -");
    expect(setImage("Deployment", "api", "app", { containers: [{ name: "r" }] }, "nope", "x")).toBeUndefined();
  });
});

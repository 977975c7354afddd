import { describe, expect, it } from "vitest";
import { kubectlCanI } from "./questions";
import { serviceAccountIdentity } from "./subjects";

describe("kubectlCanI", () => {
  it("spells the equivalent command", () => {
    const id = serviceAccountIdentity("go-todo", "go-todo-sa");
    expect(kubectlCanI(id, { kind: "resource", verb: "get", apiGroup: "batch", resource: "jobs", subresource: "", name: "", namespace: "go-todo" })).toBe(
      "kubectl auth can-i get jobs.batch -n go-todo --as=system:serviceaccount:go-todo:go-todo-sa --as-group=system:serviceaccounts --as-group=system:serviceaccounts:go-todo --as-group=system:authenticated",
    );
  });
});

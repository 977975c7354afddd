import { describe, expect, it } from "vitest";
import { missingThing } from "./notFound";

describe("missingThing: what a not-found page names, and its list", () => {
  it.each([
    ["/serviceaccounts/nope/nope", "ServiceAccount nope/nope", "/serviceaccounts"],
    ["/roles/go-todo/no-such-role", "Role go-todo/no-such-role", "/bindings"],
    ["/clusterroles/system%3Anope", "ClusterRole system:nope", "/bindings"],
    ["/chains/go-todo/deployment/nope", "Deployment go-todo/nope", "/chains"],
    ["/chains/go-todo/jobs/nope", "Job go-todo/nope", "/chains"],
    ["/chains/go-todo/Widget/nope", "Widget go-todo/nope", "/chains"],
    ["/blast-radius/go-todo/statefulset/db", "StatefulSet go-todo/db", "/serviceaccounts"],
    ["/serviceaccounts/Bad_NS/x", "ServiceAccount Bad_NS/x", "/serviceaccounts"],
  ])("%s → %s, back to %s", (path, what, list) => {
    const m = missingThing(path);
    expect(m.what).toBe(what);
    expect(m.list?.href).toBe(list);
  });

  it.each(["/nope", "/serviceaccounts/a", "/serviceaccounts/a/b/c", "/chains/a/b", "/", "/clusterroles/a/b"])("%s is an unknown page: named by its path, no list", (path) => {
    const m = missingThing(path);
    expect(m.what).toBe(`The page ${path.replace(/\/$/, "") || "/"}`);
    expect(m.list).toBeUndefined();
  });

  it("keeps a malformed escape as typed instead of throwing", () => {
    expect(missingThing("/clusterroles/a%E0%A4%A").what).toBe("ClusterRole a%E0%A4%A");
  });
});

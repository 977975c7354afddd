// The can-i and who-can forms used as a person uses them: one tab, fill, Ask (button or
// Enter), change a field, ask again. Each answer on screen must be the API's answer to the
// question now in the form. Real control plane seeded with go-todo and platform.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { gotoLive } from "./support/live";

/** Clicks before hydration are lost: wait for the live page. */
type Question = Record<string, string>;
const qs = (q: Question) => new URLSearchParams(Object.entries(q).filter(([, v]) => v)).toString();

/** Fills the form's fields (the question's namespace is the field `ns`) and asks, by click or Enter. */
async function ask(page: Page, form: string, fields: Question, how: "click" | "enter") {
  const f = page.getByRole("form", { name: form });
  for (const [name, value] of Object.entries(fields)) await f.locator(`input[name="${name}"]`).fill(value);
  if (how === "click") await f.getByRole("button", { name: "Ask" }).click();
  else await f.locator('input[name="verb"]').press("Enter");
}

async function apiCanI(request: APIRequestContext, q: Question) {
  const r = await request.get(`/api/v1/can-i?${qs(q)}`);
  expect(r.status()).toBe(200);
  return (await r.json()) as { allowed: boolean; kubectl: string; notes: { code: string; message: string }[] };
}

interface WhoCanSubject {
  kind: string;
  name: string;
  namespace?: string;
  clusterWide?: boolean;
  namespaces?: string[];
}
async function apiWhoCan(request: APIRequestContext, q: Question) {
  const r = await request.get(`/api/v1/who-can?${qs(q)}`);
  expect(r.status()).toBe(200);
  return (await r.json()) as { scope: string; subjects: WhoCanSubject[]; notes: { code: string }[] };
}

test("can-i: every Ask in one tab shows the answer to the question now in the form", async ({ page, request }) => {
  await gotoLive(page, "/can-i");
  const sa = "system:serviceaccount:go-todo:go-todo-sa";
  const steps: [Question, "click" | "enter"][] = [
    [{ as: sa, verb: "list", resource: "pods", apiGroup: "", ns: "go-todo" }, "click"], // Yes (fresh form)
    [{ verb: "delete" }, "click"], // No: the old Yes must not stay
    [{ verb: "get", resource: "jobs", apiGroup: "batch" }, "enter"], // Yes
    [{ resource: "secrets", apiGroup: "" }, "enter"], // No
    [{ verb: "list", resource: "pods", ns: "shop" }, "click"], // No: go-todo-sa has nothing in shop
    [{ as: "system:serviceaccount:ci:ci-runner" }, "enter"], // Yes: cluster-admin
    [{ verb: "delete", resource: "secrets", ns: "legacy" }, "click"], // Yes
  ];
  const current: Question = {};
  const seen = new Set<boolean>();
  for (const [fields, how] of steps) {
    Object.assign(current, fields);
    await ask(page, "can-i question", fields, how);
    const api = await apiCanI(request, { as: current.as, verb: current.verb, resource: current.resource, apiGroup: current.apiGroup, namespace: current.ns });
    // The command shown is the answer's own question: once it is this one, the answer must be the API's.
    await expect(page.getByTestId("kubectl-command")).toHaveText(api.kubectl);
    await expect(page.getByTestId("can-i-answer"), JSON.stringify(current)).toHaveText(api.allowed ? "Yes" : "No");
    seen.add(api.allowed);
  }
  expect([...seen].sort()).toEqual([false, true]); // the sequence flips the answer both ways
  const url = new URL(page.url());
  expect(url.searchParams.get("ns")).toBe("legacy");
  expect(url.searchParams.get("namespace")).toBeNull();
});

test("who-can: every Ask in one tab shows the API's subjects, with where each is allowed", async ({ page, request }) => {
  await gotoLive(page, "/who-can");
  const steps: [Question, "click" | "enter"][] = [
    [{ verb: "get", resource: "secrets", apiGroup: "", ns: "" }, "click"], // all namespaces
    [{ ns: "legacy" }, "enter"],
    [{ verb: "delete", resource: "jobs", apiGroup: "batch", ns: "go-todo" }, "click"],
    [{ verb: "get", ns: "" }, "enter"],
  ];
  const current: Question = {};
  for (const [fields, how] of steps) {
    Object.assign(current, fields);
    await ask(page, "who-can question", fields, how);
    const api = await apiWhoCan(request, { verb: current.verb, resource: current.resource, apiGroup: current.apiGroup, namespace: current.ns });
    const result = page.getByTestId("who-can-result");
    await expect(result).toHaveAttribute("data-scope", api.scope);
    await expect(page.getByTestId("who-can-scope")).toContainText(current.ns ? `In namespace ${current.ns}` : "In all namespaces");
    const want = api.subjects.map((s) => `${s.kind}:${s.namespace ?? ""}:${s.name}`);
    await expect
      .poll(() => page.getByTestId("who-can-subject").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-kind")}:${e.getAttribute("data-namespace")}:${e.getAttribute("data-name")}`)), { message: JSON.stringify(current) })
      .toEqual(want);
  }
});

test("who-can without a namespace covers every namespace: legacy/default reads Secrets in legacy, ci-runner everywhere", async ({ page, request }) => {
  const api = await apiWhoCan(request, { verb: "get", resource: "secrets" });
  expect(api.scope).toBe("all-namespaces");
  const byName = new Map(api.subjects.map((s) => [`${s.kind}:${s.namespace ?? ""}:${s.name}`, s]));
  expect(byName.get("ServiceAccount:legacy:default")).toMatchObject({ clusterWide: false, namespaces: ["legacy"] });
  expect(byName.get("ServiceAccount:ci:ci-runner")).toMatchObject({ clusterWide: true });
  // cluster scope only, on request
  const cluster = await apiWhoCan(request, { verb: "get", resource: "secrets", scope: "cluster" });
  expect(cluster.scope).toBe("cluster");
  expect(cluster.subjects.some((s) => s.namespace === "legacy" && s.name === "default")).toBe(false);
  const bad = await request.get("/api/v1/who-can?verb=get&resource=secrets&scope=everywhere");
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ field: "scope" });

  await gotoLive(page, "/who-can?verb=get&resource=secrets");
  await expect(page.getByTestId("who-can-scope")).toContainText("In all namespaces");
  const legacyDefault = page.locator('[data-testid=who-can-subject][data-kind=ServiceAccount][data-namespace=legacy][data-name=default]');
  await expect(legacyDefault.getByTestId("who-can-where")).toHaveText("in namespace legacy");
  await expect(page.locator('[data-testid=who-can-subject][data-namespace=ci][data-name=ci-runner]').getByTestId("who-can-where")).toHaveText(/^cluster-wide/);
  await page.getByTestId("who-can-cluster-only").check();
  await page.getByRole("form", { name: "who-can question" }).getByRole("button", { name: "Ask" }).click();
  await expect(page.getByTestId("who-can-scope")).toContainText("At cluster scope");
  await expect(legacyDefault).toHaveCount(0);
});

test("the forms' namespace is not the top bar's: after a who-can in shop, the other pages show every namespace", async ({ page }) => {
  await gotoLive(page, "/who-can");
  await ask(page, "who-can question", { verb: "get", resource: "pods", ns: "shop" }, "click");
  await expect(page.getByTestId("who-can-scope")).toContainText("In namespace shop");
  await expect(page.getByRole("combobox", { name: "Namespace", exact: true })).toHaveValue("");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Service accounts" }).click();
  await expect(page).toHaveURL(/\/serviceaccounts$/);
  await expect(page.getByRole("link", { name: "go-todo-sa", exact: true })).toBeVisible();

  // and the other way: a top bar namespace stays what it is while the form asks about another
  await gotoLive(page, "/who-can?namespace=go-todo");
  await ask(page, "who-can question", { verb: "get", resource: "pods", ns: "shop" }, "enter");
  await expect(page.getByTestId("who-can-scope")).toContainText("In namespace shop");
  await expect(page.getByRole("combobox", { name: "Namespace", exact: true })).toHaveValue("go-todo");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Can I?" }).click();
  await expect(page).toHaveURL(/\/can-i\?namespace=go-todo$/);
});

test("--as: ServiceAccounts are suggested, ns:name is read as the SA, a bare name gets a hint instead of a silent No", async ({ page, request }) => {
  await gotoLive(page, "/can-i");
  const as = page.getByRole("form", { name: "can-i question" }).locator('input[name="as"]');
  await expect(as).toHaveAttribute("list", "rbac-as");
  // the suggestions (every ServiceAccount: megabytes on a big cluster) load when the field is first used
  await expect(page.locator("#rbac-as option")).toHaveCount(0);
  await as.focus();
  await expect(page.locator('#rbac-as option[value="system:serviceaccount:go-todo:go-todo-sa"]')).toHaveCount(1);

  await ask(page, "can-i question", { as: "go-todo-sa", verb: "list", resource: "pods", ns: "go-todo" }, "click");
  await expect(page.getByTestId("can-i-answer")).toHaveText("No");
  await expect(page.locator('[data-testid=answer-note][data-code=unknown-user]')).toContainText('no binding names the user "go-todo-sa"; did you mean system:serviceaccount:go-todo:go-todo-sa');

  await ask(page, "can-i question", { as: "go-todo:go-todo-sa" }, "enter");
  await expect(page.getByTestId("kubectl-command")).toContainText("--as=system:serviceaccount:go-todo:go-todo-sa");
  await expect(page.getByTestId("can-i-answer")).toHaveText("Yes");
  await expect(page.locator('[data-testid=answer-note][data-code=as-read-as-serviceaccount]')).toBeVisible();
  await expect(page.locator("[data-testid=answer-note][data-code=unknown-user]")).toHaveCount(0);

  const api = await apiCanI(request, { as: "go-todo:go-todo-sa", verb: "list", resource: "pods", namespace: "go-todo" });
  expect(api.allowed).toBe(true);
  expect(api.notes.map((n) => n.code)).toEqual(["as-read-as-serviceaccount"]);
});

test("a verb and resource type the cluster does not serve are answered as RBAC would, with kubectl's warning", async ({ page, request }) => {
  const api = await apiCanI(request, { as: "system:serviceaccount:ci:ci-runner", verb: "gett", resource: "secretz", namespace: "legacy" });
  expect(api.allowed).toBe(true); // cluster-admin's "*" matches anything
  expect(api.notes.map((n) => n.code)).toEqual(["unknown-verb", "unknown-resource"]);
  await gotoLive(page, "/can-i");
  await ask(page, "can-i question", { as: "system:serviceaccount:ci:ci-runner", verb: "gett", resource: "secretz", ns: "legacy" }, "click");
  await expect(page.getByTestId("can-i-answer")).toHaveText("Yes");
  await expect(page.locator("[data-testid=answer-note][data-code=unknown-resource]")).toContainText(`the server doesn't have a resource type "secretz"`);
  await expect(page.locator("[data-testid=answer-note][data-code=unknown-verb]")).toContainText('"gett" is not a verb');

  await gotoLive(page, "/who-can");
  await ask(page, "who-can question", { verb: "gett", resource: "secretz" }, "enter");
  await expect(page.locator("[data-testid=answer-note][data-code=unknown-resource]")).toBeVisible();
  await expect(page.locator('[data-testid=who-can-subject][data-namespace=ci][data-name=ci-runner]')).toBeVisible();
});

// Escalation paths against the real control plane seeded with the bundled platform example:
// ci/build-bot may create Jobs in ci, so it can run a pod as ci/ci-runner (bound to
// cluster-admin): the list's badge, the SA page's "Can become", the finding with its path and
// a workload's blast radius show what GET /api/v1/…/escalation and /blast-radius answer.
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { kubectl } from "../cluster/testing";
import { gotoLive } from "./support/live";

type Hop = { technique: string; from: string; to: string; why: string; via: { binding: { name: string }; role: { kind: string; name: string }; rule: number }[] };
type Path = { subject: string; hops: number; certain: boolean; path: Hop[] };
type Escalation = { subject: string; reachesClusterAdmin: boolean; clusterAdmin?: Path; canBecome: Path[] };

const BOT = "system:serviceaccount:ci:build-bot";

/** Clicks before hydration are lost: wait for the live page. */
async function escalationOf(request: APIRequestContext, ns: string, name: string): Promise<Escalation> {
  const r = await request.get(`/api/v1/serviceaccounts/${ns}/${name}/escalation`);
  expect(r.status()).toBe(200);
  return (await r.json()) as Escalation;
}

test("the list badges ci/build-bot 'reaches cluster-admin in 2 steps' and ci-runner 'cluster-admin', as the API answers", async ({ page, request }) => {
  const bot = await escalationOf(request, "ci", "build-bot");
  expect(bot).toMatchObject({ subject: BOT, reachesClusterAdmin: true, clusterAdmin: { subject: "cluster-admin", hops: 2, certain: true } });
  const runner = await escalationOf(request, "ci", "ci-runner");
  expect(runner.clusterAdmin?.path.map((h) => h.technique)).toEqual(["all-permissions"]);

  await gotoLive(page, "/serviceaccounts?q=ci%2F");
  const row = (name: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
  const badge = row("build-bot").getByTestId("cluster-admin-badge");
  // (⚠ is an icon beside the words)
  await expect(badge).toHaveText(`⚠reaches cluster-admin in ${bot.clusterAdmin!.hops} steps`);
  await expect(badge).toHaveAttribute("data-hops", String(bot.clusterAdmin!.hops));
  await expect(row("ci-runner").getByTestId("cluster-admin-badge")).toHaveText("⚠cluster-admin");
  // the findings counted on the row are the findings page's, the new critical one included
  const findings = (await (await request.get("/api/v1/findings?serviceAccount=ci%2Fbuild-bot")).json()) as { items: { severity: string; risk: string }[] };
  expect(findings.items.filter((f) => f.risk === "reaches-cluster-admin").map((f) => f.severity)).toEqual(["critical"]);
  await expect(row("build-bot").getByTestId("finding-counts")).toHaveAttribute("data-critical", String(findings.items.filter((f) => f.severity === "critical").length));

  await badge.click();
  await expect(page).toHaveURL(/\/serviceaccounts\/ci\/build-bot#can-become$/);
  await expect(page.getByRole("heading", { name: "Can become" })).toBeVisible();
});

test("Can become on build-bot's page: the path to cluster-admin step by step, and every identity it can become, as the API lists them", async ({ page, request }) => {
  const api = await escalationOf(request, "ci", "build-bot");
  await gotoLive(page, "/serviceaccounts/ci/build-bot");
  await expect(page.getByRole("heading", { level: 1 }).getByTestId("cluster-admin-badge")).toHaveText("⚠reaches cluster-admin in 2 steps");
  const section = page.locator("section#can-become");
  const admin = section.getByTestId("cluster-admin-path");
  await expect(admin).toContainText("Reaches cluster-admin in 2 steps");
  // the chain: build-bot —create-workloads→ ci-runner —all-permissions→ cluster-admin
  await expect(admin.getByTestId("escalation-subject")).toHaveText(["ServiceAccountci/build-bot", "ServiceAccountci/ci-runner", "cluster-admin"]);
  const steps = admin.getByTestId("escalation-hop");
  await expect(steps).toHaveCount(api.clusterAdmin!.hops);
  for (const [i, h] of api.clusterAdmin!.path.entries()) {
    await expect(steps.nth(i)).toHaveAttribute("data-technique", h.technique);
    for (const v of h.via) await expect(steps.nth(i).getByTestId("escalation-via").filter({ hasText: `${v.role.kind} ${v.role.name}` })).toContainText(`${v.binding.name}`);
  }
  // the first step: binding → role → rule, linked, with the rule as written
  const first = steps.first().getByTestId("escalation-via").first();
  // the names are the links: the binding to the bindings page, the role to its own page
  await expect(first).toContainText("RoleBinding build-bot-job-runner (ci)");
  await expect(first.getByRole("link", { name: "build-bot-job-runner", exact: true })).toHaveAttribute("href", "/bindings?q=build-bot-job-runner&namespace=ci");
  await expect(first.getByRole("link", { name: "job-runner", exact: true })).toHaveAttribute("href", "/roles/ci/job-runner");
  await expect(first).toContainText("rule #0");
  await expect(first).toContainText("resources: [jobs]");
  await expect(steps.first()).toContainText(api.clusterAdmin!.path[0].why);

  // every identity it can become, in the API's order, each with a path from build-bot
  const others = async () => (await escalationOf(request, "ci", "build-bot")).canBecome.filter((p) => p.subject !== "cluster-admin");
  const atStart = await others();
  expect(atStart.map((p) => p.subject)).toContain("system:serviceaccount:ci:ci-runner");
  // a page at a time: the first 12, then 50 more per click
  expect(atStart.length).toBeGreaterThan(12);
  const shown = section.getByTestId("can-become").getByTestId("escalation-path");
  const hidden = section.getByTestId("can-become-hidden");
  const pairs = () => shown.evaluateAll((els) => els.map((e) => [e.getAttribute("data-subject"), e.getAttribute("data-hops")]));
  // Other specs create and delete namespaces (and their default ServiceAccounts) meanwhile, and
  // the page follows the cluster live: compare the page with the API read at the same moment,
  // until both have settled.
  const matchesApi = (count: (all: number) => number) =>
    expect(async () => {
      const all = await others();
      const n = count(all.length);
      expect(await pairs()).toEqual(all.slice(0, n).map((p) => [p.subject, String(p.hops)]));
      expect((await hidden.count()) ? await hidden.textContent() : "none hidden").toBe(all.length > n ? `${all.length - n} more not shown.` : "none hidden");
    }).toPass();
  await expect(shown).toHaveCount(12);
  await matchesApi(() => 12);
  await section.getByRole("button", { name: /^Show \d+ more$/ }).click();
  await matchesApi((all) => Math.min(all, 62));
});

test("the findings page shows 'Reaches cluster-admin in 2 steps' for build-bot with its path", async ({ page, request }) => {
  const api = (await (await request.get("/api/v1/escalation?target=cluster-admin")).json()) as { target: string; subjects: Path[] };
  expect(api.target).toBe("cluster-admin");
  const bot = api.subjects.find((p) => p.subject === BOT)!;
  expect(bot.path.map((h) => h.to)).toEqual(["system:serviceaccount:ci:ci-runner", "cluster-admin"]);

  await gotoLive(page, "/findings?serviceAccount=ci%2Fbuild-bot");
  const finding = page.locator("[data-testid=finding][data-risk=reaches-cluster-admin]");
  await expect(finding).toHaveCount(1);
  await expect(finding).toHaveAttribute("data-severity", "critical");
  await expect(finding).toContainText("Reaches cluster-admin in 2 steps");
  await expect(finding.getByTestId("finding-path").getByTestId("escalation-subject")).toHaveText(["ServiceAccountci/build-bot", "ServiceAccountci/ci-runner", "cluster-admin"]);
  await expect(finding.getByTestId("escalation-hop")).toHaveCount(bot.hops);
});

test("blast radius of legacy-auth (runs as legacy/default): reached from its SA page, what it can become, legacy's Secrets and pods, as the API answers", async ({ page, request }) => {
  const r = await request.get("/api/v1/blast-radius/legacy/deployment/legacy-auth");
  expect(r.status()).toBe(200);
  const api = (await r.json()) as { serviceAccount: { name: string }; escalation: Escalation; reach: { everything: boolean; secrets: { namespace: string | null; verbs: string[] }[]; pods: { namespace: string | null }[] } };
  expect(api.serviceAccount.name).toBe("default");
  expect(api.escalation).toEqual({ ...(await escalationOf(request, "legacy", "default")), version: expect.any(Number) });
  expect(api.reach.everything).toBe(false);

  await gotoLive(page, "/serviceaccounts/legacy/default");
  await page
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: "Deployment", exact: true }) })
    .filter({ has: page.getByRole("cell", { name: "legacy-auth", exact: true }) })
    .getByRole("link", { name: "blast radius" })
    .click();
  await expect(page).toHaveURL(/\/blast-radius\/legacy\/deployment\/legacy-auth$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Deployment legacy-auth in legacy");
  await expect(page.getByTestId("blast-sa")).toHaveText("ServiceAccount legacy/default");
  await expect(page.getByTestId("blast-everything")).toHaveCount(0);
  // what it can become: the API's list, legacy/backup among them
  const become = page.locator("section#can-become").getByTestId("can-become").getByTestId("escalation-path");
  const others = api.escalation.canBecome.filter((p) => p.subject !== "cluster-admin").map((p) => p.subject);
  expect(others).toContain("system:serviceaccount:legacy:backup");
  expect(await become.evaluateAll((els) => els.map((e) => e.getAttribute("data-subject")))).toEqual(others.slice(0, 12));
  // within reach: the namespaces the API lists, with their verbs
  const secrets = page.getByTestId("reach-secrets").getByTestId("reach-row");
  await expect(secrets).toHaveCount(api.reach.secrets.length);
  for (const [i, e] of api.reach.secrets.entries()) {
    await expect(secrets.nth(i)).toHaveAttribute("data-namespace", e.namespace ?? "*");
    await expect(secrets.nth(i)).toContainText(e.verbs.join(", "));
  }
  expect(api.reach.secrets.map((e) => e.namespace)).toContain("legacy");
  await expect(page.getByTestId("reach-pods").getByTestId("reach-row")).toHaveCount(api.reach.pods.length);
});

test("blast radius of ci-runner's Deployment: everything; the API's errors are API v1's", async ({ page, request }) => {
  await gotoLive(page, "/blast-radius/ci/deployment/ci-runner");
  await expect(page.getByTestId("blast-everything")).toContainText("can become cluster-admin in 1 step");

  const bad = await request.get("/api/v1/escalation?target=admin");
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ field: "target" });
  const missing = await request.get("/api/v1/serviceaccounts/ci/esc-ui-nobody/escalation");
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toMatchObject({ error: expect.stringContaining("not found") });
  const kind = await request.get("/api/v1/blast-radius/ci/service/ci-runner");
  expect(kind.status()).toBe(400);
  expect(await kind.json()).toMatchObject({ field: "kind" });
});

test("the chains list links a workload to its blast radius", async ({ page }) => {
  await gotoLive(page, "/chains/legacy/deployment/legacy-auth");
  const item = page.locator('[data-testid="chain-list-item"][data-id="Deployment/legacy/legacy-auth"]');
  await item.getByRole("link", { name: "blast radius" }).click();
  await expect(page).toHaveURL(/\/blast-radius\/legacy\/deployment\/legacy-auth$/);
  await expect(page.getByTestId("blast-sa")).toHaveText("ServiceAccount legacy/default");
});

/**
 * A fresh namespace with these ServiceAccounts and a Role allowing one verb on one resource
 * (deleted afterwards), then the first ServiceAccount's Can become, which must start empty.
 * `bind`: a RoleBinding of the Role's name to the first ServiceAccount, made before the page opens.
 */
async function inFreshNamespace(page: Page, prefix: string, sas: string[], role: { name: string; verb: string; resource: string; bind: boolean }, body: (ns: string, section: Locator) => Promise<void>) {
  const ns = `${prefix}-${Date.now().toString(36)}`;
  expect((await kubectl(["create", "namespace", ns])).code).toBe(0);
  try {
    for (const sa of sas) expect((await kubectl(["create", "serviceaccount", sa, "-n", ns])).code).toBe(0);
    expect((await kubectl(["create", "role", role.name, "-n", ns, `--verb=${role.verb}`, `--resource=${role.resource}`])).code).toBe(0);
    if (role.bind) expect((await kubectl(["create", "rolebinding", `${sas[0]}-${role.name}`, "-n", ns, `--role=${role.name}`, `--serviceaccount=${ns}:${sas[0]}`])).code).toBe(0);
    await gotoLive(page, `/serviceaccounts/${ns}/${sas[0]}`);
    const section = page.locator("section#can-become");
    await expect(section).toContainText("No other identity");
    await body(ns, section);
  } finally {
    await kubectl(["delete", "namespace", ns, "--wait=false"]);
  }
}
const pathTo = (section: Locator, ns: string, name: string) => section.locator(`[data-testid=can-become] [data-testid=escalation-path][data-subject="system:serviceaccount:${ns}:${name}"]`);

test("Can become follows the cluster live: a RoleBinding that lets deployer create pods adds its namespace's ServiceAccounts, deleting it removes them", async ({ page, request }) => {
  await inFreshNamespace(page, "esc-ui-e2e", ["deployer", "target"], { name: "pod-maker", verb: "create", resource: "pods", bind: false }, async (ns, section) => {
    expect((await kubectl(["create", "rolebinding", "deployer-pods", "-n", ns, "--role=pod-maker", `--serviceaccount=${ns}:deployer`])).code).toBe(0);
    const target = pathTo(section, ns, "target");
    await expect(target).toBeVisible();
    await expect(target.getByTestId("escalation-hop")).toHaveAttribute("data-technique", "create-pods");
    await expect(target.getByTestId("escalation-via")).toContainText(`RoleBinding deployer-pods (${ns})`);
    await expect(target.getByTestId("escalation-via").getByRole("link", { name: "deployer-pods", exact: true })).toBeVisible();
    await expect(target.getByTestId("escalation-via").getByRole("link", { name: "pod-maker", exact: true })).toHaveAttribute("href", `/roles/${ns}/pod-maker`);
    const api = await escalationOf(request, ns, "deployer");
    expect(api.canBecome.find((p) => p.subject === `system:serviceaccount:${ns}:target`)?.path.map((h) => h.technique)).toEqual(["create-pods"]);

    expect((await kubectl(["delete", "rolebinding", "deployer-pods", "-n", ns])).code).toBe(0);
    await expect(target).toHaveCount(0);
    await expect(section).toContainText("No other identity");
  });
});

test("Can become follows pods live: a pod started as target lets whoever may exec in its namespace become target; deleting the pod takes it away", async ({ page, request }) => {
  await inFreshNamespace(page, "esc-pod-e2e", ["operator", "target"], { name: "exec", verb: "create", resource: "pods/exec", bind: true }, async (ns, section) => {
    // no binding changes: only which pod mounts which ServiceAccount's token
    const pod = ["run", "web", "-n", ns, "--image=registry.k8s.io/pause:3.10", "--restart=Never", '--overrides={"apiVersion":"v1","spec":{"serviceAccountName":"target"}}'];
    expect((await kubectl(pod)).code).toBe(0);
    const target = pathTo(section, ns, "target");
    await expect(target).toBeVisible();
    await expect(target.getByTestId("escalation-hop")).toHaveAttribute("data-technique", "exec");
    const api = await escalationOf(request, ns, "operator");
    expect(api.canBecome.map((p) => [p.subject, p.path.map((h) => h.technique)])).toEqual([[`system:serviceaccount:${ns}:target`, ["exec"]]]);

    expect((await kubectl(["delete", "pod", "web", "-n", ns, "--grace-period=0", "--force"])).code).toBe(0);
    await expect(target).toHaveCount(0);
    await expect(section).toContainText("No other identity");
    expect((await escalationOf(request, ns, "operator")).canBecome).toEqual([]);
  });
});

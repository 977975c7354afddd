// The chains page against the real control plane (seeded with go-todo and platform by the
// global setup): the graph, live status without reload, and the platform's diagnostics.
import crypto from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { applyYaml, kubectl } from "../cluster/testing";

const node = (page: Page, id: string) => page.locator(`[data-testid="chain-node"][data-id="${id}"]`);

test("the go-todo chain: both nodes and the edge labelled k8s-wait-for", async ({ page }) => {
  await page.goto("/chains?namespace=go-todo");
  const graph = page.getByTestId("chain-graph");
  await expect(node(page, "Deployment/go-todo/go-todo-deployment")).toBeVisible();
  await expect(node(page, "Job/go-todo/go-todo-pre-deploy")).toBeVisible();
  await expect(graph.locator(".react-flow__edge")).toHaveCount(1);
  await expect(graph.locator(".react-flow__edge-text")).toHaveText("k8s-wait-for job");
  // The seeded Job completes through the real job controller and kwok.
  await expect(node(page, "Job/go-todo/go-todo-pre-deploy")).toHaveAttribute("data-health", "Healthy", { timeout: 60_000 });
  await expect(node(page, "Job/go-todo/go-todo-pre-deploy").getByTestId("chain-node-status")).toContainText("Complete 1/1");
  // The same chain as text, and a deep link to it.
  const list = page.getByTestId("chain-list");
  await expect(list).toContainText("waits for Job/go-todo/go-todo-pre-deploy via k8s-wait-for job in container wait-for-pre-deploy");
  await list.getByRole("link", { name: "Open this chain" }).click();
  await expect(page).toHaveURL(/\/chains\/go-todo\/(deployment|job)\/go-todo-/);
  await expect(node(page, "Job/go-todo/go-todo-pre-deploy")).toBeVisible();
});

test("a Job's status changes on screen without a reload, and the layout stays put", async ({ page }) => {
  const ns = `e2e-chains-${crypto.randomBytes(3).toString("hex")}`;
  await applyYaml(`apiVersion: v1
kind: Namespace
metadata: {name: ${ns}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: ${ns}}
spec:
  suspend: true
  template:
    spec:
      restartPolicy: Never
      containers: [{name: migrate, image: migrate:1}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: ${ns}}
spec:
  replicas: 1
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      initContainers: [{name: wait-for-migrate, image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ["job-wr", "migrate"]}]
      containers: [{name: api, image: api:1}]
`);
  try {
    await page.goto(`/chains?namespace=${ns}`);
    const job = node(page, `Job/${ns}/migrate`);
    await expect(job).toHaveAttribute("data-health", "Suspended");
    // (kwok does not run init containers, so the Deployment itself becomes available: no
    // "Blocked by" here; the billing test below shows a waiter kept back for real.)
    await expect(node(page, `Deployment/${ns}/api`)).toBeVisible();
    // Mark this document: a reload would lose the mark.
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    const before = await job.boundingBox();

    const r = await kubectl(["patch", "job", "migrate", "-n", ns, "--type=merge", "-p", '{"spec":{"suspend":false}}']);
    expect(r.code, r.stderr).toBe(0);
    await expect(job).toHaveAttribute("data-health", "Healthy", { timeout: 60_000 });
    await expect(job.getByTestId("chain-node-status")).toContainText("Complete 1/1");
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    const after = await job.boundingBox();
    expect(after).toEqual(before);
  } finally {
    await kubectl(["delete", "namespace", ns, "--wait=false"]);
  }
});

test("platform: the legacy deadlock is shown as a cycle", async ({ page }) => {
  await page.goto("/chains?namespace=legacy");
  await expect(node(page, "Deployment/legacy/legacy-auth")).toBeVisible();
  await expect(node(page, "Deployment/legacy/legacy-sessions")).toBeVisible();
  const cycle = page.locator('[data-testid="diagnostic"][data-code="cycle"]');
  await expect(cycle).toContainText("Deadlock");
  await expect(cycle).toContainText("Deployment/legacy-auth");
  await expect(cycle).toContainText("Deployment/legacy-sessions");
});

test("platform: the failed billing Job and the waiter stuck behind it", async ({ page }) => {
  await page.goto("/chains?namespace=billing");
  const job = node(page, "Job/billing/billing-migrate");
  // kwok fails the pod; the real job controller retries and marks the Job Failed.
  await expect(job).toHaveAttribute("data-health", "Degraded", { timeout: 90_000 });
  await expect(job.getByTestId("chain-node-status")).toContainText("Failed");
  await expect(node(page, "Deployment/billing/billing-api").getByTestId("chain-node-status")).toContainText("Blocked by Job/billing-migrate (Degraded)");
  const failed = page.locator('[data-testid="diagnostic"][data-code="failed-upstream"]');
  await expect(failed).toContainText("Job/billing-migrate is failing");
});

test("platform: the waiter without permission links to its ServiceAccount with a fix to copy", async ({ page }) => {
  await page.goto("/chains?namespace=analytics");
  const d = page.locator('[data-testid="diagnostic"][data-code="missing-permission"]');
  await expect(d).toContainText("ServiceAccount analytics/analytics-backfill cannot get jobs");
  await expect(d.locator("pre")).toContainText("kind: RoleBinding");
  await expect(d.getByRole("button", { name: /Copy fix/ })).toBeVisible();
  await d.getByRole("link", { name: /ServiceAccount analytics\/analytics-backfill/ }).click();
  await expect(page).toHaveURL(/\/serviceaccounts\/analytics\/analytics-backfill/);
});

test("platform: errors are counted in the header, and the deadlock and the forbidden wait are not drawn Progressing", async ({ page, request }) => {
  await page.goto("/chains?namespace=legacy");
  // Blocked by the deadlock; Degraded (their own, worse) once the Deployments pass their
  // progress deadline, 10 minutes after seeding, as in a later pass of the suite
  const held = /^(Blocked|Degraded)$/;
  for (const name of ["legacy-auth", "legacy-sessions"]) {
    const n = node(page, `Deployment/legacy/${name}`);
    await expect(n).toHaveAttribute("data-health", held);
    await expect(n.getByTestId("chain-node-status")).toContainText("Deadlock");
  }
  await expect(page.getByTestId("chain-health-count")).toHaveCount(1);
  await expect(page.getByTestId("chain-health-count")).toHaveAttribute("data-health", held);
  const legacyErrors = await page.locator('[data-testid="diagnostic"][data-severity="error"]').count();
  expect(legacyErrors).toBeGreaterThan(0);
  await expect(page.getByTestId("chain-error-count")).toHaveText(`✕${legacyErrors} error${legacyErrors === 1 ? "" : "s"}`);

  // kwok keeps the backfill's pod in Init:CrashLoopBackOff; its ServiceAccount may not get jobs
  await page.goto("/chains?namespace=analytics");
  const backfill = node(page, "Deployment/analytics/analytics-backfill");
  await expect(backfill).toHaveAttribute("data-health", "Degraded");
  await expect(backfill.getByTestId("chain-node-status")).toContainText("Wait forbidden for ServiceAccount analytics/analytics-backfill");

  // every namespace: the header counts as many errors as Diagnostics lists, and the API as many.
  // The cluster is live (shop's CronJob starts a Job every minute), so a diagnostic may come or
  // go between the page and the API: the three are read again until one reading agrees.
  type Chains = { nodes: { id: string; health: string }[]; chains: { health: string; nodes: string[] }[]; diagnostics: { severity: string; nodes: string[] }[] };
  let api: Chains | undefined;
  await expect(async () => {
    await page.goto("/chains");
    await expect(page.locator('[data-testid="diagnostic"]').first()).toBeVisible();
    const errors = await page.locator('[data-testid="diagnostic"][data-severity="error"]').count();
    await expect(page.getByTestId("chain-error-count")).toHaveText(`✕${errors} error${errors === 1 ? "" : "s"}`, { timeout: 5_000 });
    api = (await (await request.get("/api/v1/chains")).json()) as Chains;
    expect(api.diagnostics.filter((d) => d.severity === "error")).toHaveLength(errors);
  }).toPass({ timeout: 60_000 });
  if (!api) throw new Error("no reading of /api/v1/chains");
  // and no chain with an error is Progressing
  const health = new Map(api.nodes.map((n) => [n.id, n.health]));
  expect(health.get("Deployment/legacy/legacy-auth")).toMatch(held);
  expect(health.get("Deployment/analytics/analytics-backfill")).toBe("Degraded");
  const withError = new Set(api.diagnostics.filter((d) => d.severity === "error").flatMap((d) => d.nodes));
  for (const c of api.chains) if (c.nodes.some((id) => withError.has(id))) expect(c.health).not.toBe("Progressing");
});

/** A line of n Deployments (no replicas), each waiting for the pods of the one before. */
function lineOfDeployments(ns: string, n: number): string {
  const docs = [`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}`];
  for (let j = 0; j < n; j++) {
    const wait = j ? `initContainers: [{name: wait, image: "ghcr.io/groundnuty/k8s-wait-for:v2.0", args: ["pod", "-lapp=step-${j - 1}"]}]` : "";
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: step-${j}, namespace: ${ns}}
spec:
  replicas: 0
  selector: {matchLabels: {app: step-${j}}}
  template:
    metadata: {labels: {app: step-${j}}}
    spec:
      ${wait}
      containers: [{name: c, image: c}]`);
  }
  return docs.join("\n---\n");
}

test("chains too big to lay out in the page go to ELK in its worker, one namespace after another in the same tab", async ({ page }) => {
  const id = crypto.randomBytes(3).toString("hex");
  // 45 and 46 objects: over the 40 laid out in the page, so each is a layout by ELK
  const big = [
    { ns: `e2e-big-a-${id}`, n: 45 },
    { ns: `e2e-big-b-${id}`, n: 46 },
  ];
  await applyYaml(big.map((b) => lineOfDeployments(b.ns, b.n)).join("\n---\n"));
  try {
    const graph = page.getByTestId("chain-graph");
    const elkLayouts = () => page.evaluate(() => performance.getEntriesByName("chains:elk").length);
    await page.goto(`/chains?namespace=${big[0].ns}`);
    await expect(graph.locator('[data-testid="chain-node"]')).toHaveCount(big[0].n, { timeout: 30_000 });
    await expect(graph.locator(".react-flow__edge")).toHaveCount(big[0].n - 1);
    const first = await elkLayouts();
    expect(first).toBeGreaterThanOrEqual(1);
    // Another namespace without a reload: the same worker answers a second layout.
    await page.getByRole("combobox", { name: "Namespace" }).selectOption(big[1].ns);
    await expect(graph.locator('[data-testid="chain-node"]')).toHaveCount(big[1].n, { timeout: 30_000 });
    await expect(node(page, `Deployment/${big[1].ns}/step-45`)).toBeVisible();
    expect(await elkLayouts()).toBeGreaterThan(first);
  } finally {
    await kubectl(["delete", "namespace", ...big.map((b) => b.ns), "--wait=false"]);
  }
});

test("one chain's page: a node's details show what the chains API says of it (status, conditions, pods and init containers, the wait's command, the ServiceAccount)", async ({ page, request }) => {
  const id = "Deployment/go-todo/go-todo-deployment";
  await page.goto("/chains/go-todo/deployment/go-todo-deployment");
  await expect(node(page, id)).toBeVisible();
  await node(page, id).click();
  const panel = page.getByTestId("node-panel");
  await expect(panel).toHaveAttribute("data-id", id);
  // read after the panel opened: the same store version or a later one, so compare what settles
  const api = async () => (await (await request.get("/api/v1/chains/go-todo/deployment/go-todo-deployment")).json()) as { nodes: { id: string; health: string; status: string; serviceAccount?: string; conditions?: { type: string; status: string }[]; pods?: { name: string; initContainers?: { name: string; state: string }[] }[] }[]; edges: { from: string; command?: string }[] };
  await expect(async () => {
    const body = await api();
    const n = body.nodes.find((x) => x.id === id)!;
    await expect(panel.getByTestId("node-panel-status")).toContainText(n.status, { timeout: 1000 });
    await expect(panel.getByTestId("node-panel-status")).toContainText(n.health, { timeout: 1000 });
    // the row whose first cell is the type (another condition's message may name it)
    for (const c of n.conditions ?? []) await expect(panel.getByTestId("node-condition").filter({ has: page.getByRole("cell", { name: c.type, exact: true }) })).toContainText(c.status, { timeout: 1000 });
    for (const p of n.pods ?? []) {
      const pod = panel.getByTestId("node-pod").filter({ hasText: p.name });
      await expect(pod).toHaveCount(1, { timeout: 1000 });
      for (const c of p.initContainers ?? []) await expect(pod.locator(`[data-testid="init-container"][data-name="${c.name}"]`)).toHaveAttribute("data-state", c.state, { timeout: 1000 });
    }
    const commands = body.edges.filter((e) => e.from === id && e.command).map((e) => e.command!);
    expect(commands.length).toBeGreaterThan(0);
    await expect(panel.getByTestId("wait-command")).toHaveText(commands, { timeout: 1000 });
    expect(n.serviceAccount).toBe("go-todo-sa");
  }).toPass({ timeout: 30_000 });
  await expect(panel.getByTestId("node-panel-sa-link")).toHaveAttribute("href", "/serviceaccounts/go-todo/go-todo-sa");
  await expect(panel.getByTestId("permissions-summary")).toContainText("In go-todo");
});

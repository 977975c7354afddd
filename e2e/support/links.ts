// Pages link both ways, the same walk with the live cluster and with the example data: go-todo's
// ServiceAccount page lists the chain its Deployment is in (with the health the chains API
// gives), the chain opens from there and links back, and searching the Deployment lands on its
// chain.
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { ServiceAccountDetail } from "../../lib/api/types";
import type { ChainsResponse } from "../../lib/api/wire";
import { gotoLive } from "./live";

export const SA_PAGE = "/serviceaccounts/go-todo/go-todo-sa";
const DEPLOYMENT = "Deployment/go-todo/go-todo-deployment";
const CHAIN_PAGE = "/chains/go-todo/deployment/go-todo-deployment";


async function json<T>(request: APIRequestContext, path: string): Promise<T> {
  const res = await request.get(path);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
}

/** The chain holding go-todo's Deployment, as GET /api/v1/chains gives it. */
async function deploymentChain(request: APIRequestContext) {
  const chains = await json<ChainsResponse>(request, "/api/v1/chains?namespace=go-todo");
  const chain = chains.chains.find((c) => c.nodes.includes(DEPLOYMENT));
  expect(chain, "go-todo's Deployment is in a chain").toBeDefined();
  return chain!;
}

/** `upstreamJobRunsAs`: the ServiceAccount of the Job the Deployment waits for, when it exists. */
export async function saPageListsItsChains(page: Page, request: APIRequestContext, opts: { upstreamJobRunsAs?: string } = {}) {
  await gotoLive(page, SA_PAGE);
  const chain = await deploymentChain(request);
  // The SA answer names the same chain, with the same health.
  const sa = await json<ServiceAccountDetail>(request, "/api/v1/serviceaccounts/go-todo/go-todo-sa");
  expect(sa.chains).toEqual([{ id: chain.id, health: chain.health, objects: chain.nodes.length, workloads: [{ kind: "Deployment", namespace: "go-todo", name: "go-todo-deployment" }] }]);

  const section = page.locator("#chains");
  await expect(section.getByRole("heading", { name: "Startup chains" })).toBeVisible();
  const items = section.getByTestId("sa-chain");
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveAttribute("data-chain", chain.id);
  // the health word and icon of the chains page
  await expect(items.first()).toContainText(chain.health);
  await expect(items.first()).toContainText(`${chain.nodes.length} objects`);

  // The workload's name in "Runs as this" opens its chain too.
  await expect(page.locator("#runs-as").getByRole("link", { name: "go-todo-deployment", exact: true })).toHaveAttribute("href", CHAIN_PAGE);

  await items.first().getByRole("link", { name: "Chain of Deployment/go-todo-deployment" }).click();
  await expect(page).toHaveURL(new RegExp(`${CHAIN_PAGE}$`));
  const node = page.locator(`[data-testid="chain-list-item"][data-id="${DEPLOYMENT}"]`);
  await expect(node).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("go-todo-deployment");

  // The chain page links back: every node that names its ServiceAccount links to its page
  // (with the live cluster, the Job the Deployment waits for is one: it runs as default).
  const one = await json<ChainsResponse>(request, `/api/v1${CHAIN_PAGE}`);
  const withSa = one.nodes.filter((n) => n.serviceAccount);
  if (opts.upstreamJobRunsAs) expect(withSa.find((n) => n.id === "Job/go-todo/go-todo-pre-deploy")?.serviceAccount).toBe(opts.upstreamJobRunsAs);
  for (const n of withSa) {
    const item = page.locator(`[data-testid="chain-list-item"][data-id="${n.id}"]`);
    await expect(item.getByRole("link", { name: `runs as ${n.serviceAccount}` })).toHaveAttribute("href", `/serviceaccounts/${n.namespace}/${n.serviceAccount}`);
  }
  await node.getByRole("link", { name: "runs as go-todo-sa" }).click();
  await expect(page).toHaveURL(new RegExp(`${SA_PAGE}$`));
  await expect(page.locator("#chains").getByTestId("sa-chain")).toHaveCount(1);
}

export async function searchLandsOnTheChain(page: Page, request: APIRequestContext) {
  await gotoLive(page, "/serviceaccounts");
  const chain = await deploymentChain(request);
  const box = page.getByRole("combobox", { name: "Search" }).filter({ visible: true }).first();
  await box.click();
  await box.fill("go-todo-deployment");
  const options = page.getByRole("option").filter({ hasText: "go-todo-deployment" });
  // its chain first, then the ServiceAccount it runs as (kept)
  await expect(options).toHaveCount(2);
  await expect(options.nth(0)).toContainText(`chain · ${chain.health}`);
  await expect(options.nth(1)).toContainText("runs as go-todo-sa");
  await options.nth(0).click();
  await expect(page).toHaveURL(new RegExp(`${CHAIN_PAGE}$`));
  await expect(page.locator(`[data-testid="chain-list-item"][data-id="${DEPLOYMENT}"]`)).toBeVisible();
}

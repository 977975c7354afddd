// Pages link both ways, against the real control plane (go-todo seeded by the global setup).
import { test } from "@playwright/test";
import { saPageListsItsChains, searchLandsOnTheChain } from "./support/links";

test("go-todo-sa's page lists its Deployment's chain with the chains API's health; the chain opens and links back", async ({ page, request }) => {
  await saPageListsItsChains(page, request, { upstreamJobRunsAs: "default" });
});

test("searching the Deployment and choosing it lands on its chain (the runs-as hit stays)", async ({ page, request }) => {
  await searchLandsOnTheChain(page, request);
});

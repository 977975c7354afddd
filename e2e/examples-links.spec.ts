// Pages link both ways with the bundled examples (no cluster): the same walk as e2e/links.spec.ts.
import { test } from "@playwright/test";
import { saPageListsItsChains, searchLandsOnTheChain } from "./support/links";

test("offline, go-todo-sa's page lists its Deployment's chain with the chains API's health; the chain opens and links back", async ({ page, request }) => {
  await saPageListsItsChains(page, request);
});

test("offline, searching the Deployment and choosing it lands on its chain (the runs-as hit stays)", async ({ page, request }) => {
  await searchLandsOnTheChain(page, request);
});

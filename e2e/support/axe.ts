// axe-core over every page state, light and dark: the shared part of e2e/a11y.spec.ts (live
// cluster) and e2e/examples-a11y.spec.ts (bundled examples). A page state fails on any
// violation of impact `serious` or `critical` under the WCAG 2 A/AA rules; every violation
// found (whatever its impact) is printed with its rule id, impact and target nodes.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const FAILING = new Set(["serious", "critical"]);

type State = { name: string; url: string | ((request: APIRequestContext) => Promise<string>) };

/** The worst chain (the API lists them worst first), opened on its own page. */
async function firstChainUrl(request: APIRequestContext): Promise<string> {
  const r = await request.get("/api/v1/chains");
  expect(r.status()).toBe(200);
  const { chains } = (await r.json()) as { chains: { id: string }[] };
  expect(chains.length, "the seeded data has chains").toBeGreaterThan(0);
  const [kind, namespace, name] = chains[0].id.split("/");
  return `/chains/${encodeURIComponent(namespace)}/${encodeURIComponent(kind.toLowerCase())}/${encodeURIComponent(name)}`;
}

/** Every page, with an answer where the page asks a question. Both data sets hold go-todo and platform (ci/ci-runner, ci/build-bot). */
export const PAGE_STATES: State[] = [
  { name: "overview", url: "/" },
  { name: "service accounts", url: "/serviceaccounts" },
  { name: "SA go-todo-sa, a matrix cell selected", url: "/serviceaccounts/go-todo/go-todo-sa?cell=batch%7Cjobs%7Cget" },
  { name: "SA ci-runner", url: "/serviceaccounts/ci/ci-runner" },
  { name: "SA build-bot", url: "/serviceaccounts/ci/build-bot" },
  { name: "bindings", url: "/bindings" },
  { name: "findings", url: "/findings" },
  { name: "can-i answered", url: "/can-i?as=system:serviceaccount:go-todo:go-todo-sa&verb=list&resource=pods&ns=go-todo" },
  { name: "who-can answered", url: "/who-can?verb=get&resource=secrets" },
  { name: "chains", url: "/chains" },
  { name: "one chain", url: firstChainUrl },
  { name: "history", url: "/history" },
  { name: "role", url: "/roles/go-todo/pod-reader" },
  { name: "cluster role", url: "/clusterroles/view" },
  { name: "blast radius", url: "/blast-radius/ci/deployment/ci-runner" },
  { name: "not found", url: "/serviceaccounts/nope/nope" },
];

/** Waits until the page has rendered its data: a heading, and no "Loading …" placeholder left. */
async function settled(page: Page) {
  await expect(page.locator("main h1").first()).toBeVisible();
  // (offline, the SA page's history section says "Loading history…" for good: there is no history without a cluster)
  await expect(page.locator("main").getByText(/^Loading (?!history).*…$/)).toHaveCount(0);
}

/** Runs axe on the page as it is, prints what it finds, and fails on serious or critical violations. */
export async function expectNoSeriousViolations(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const lines = violations.map((v) => `  ${v.impact} ${v.id} (${v.nodes.length} nodes): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}${n.failureSummary ? `  ${n.failureSummary.split("\n").slice(1).join(" ").trim()}` : ""}`).join("\n")}`);
  const failing = violations.filter((v) => FAILING.has(v.impact ?? ""));
  const nodes = failing.reduce((n, v) => n + v.nodes.length, 0);
  console.log(`axe ${label}: ${failing.length} serious/critical violations, ${nodes} nodes${lines.length ? `\n${lines.join("\n")}` : ""}`);
  expect(failing.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `axe on ${label}`).toEqual([]);
}

/** One test per page state and colour scheme; `ready` runs after each navigation (e.g. wait for the live stream). */
export function axeEveryPage(ready: (page: Page) => Promise<void> = async () => {}) {
  for (const scheme of ["light", "dark"] as const) {
    for (const state of PAGE_STATES) {
      test(`axe: ${state.name} (${scheme}) has no serious or critical violation`, async ({ page, request }) => {
        // axe over a long page (the chains graph, a 64-row matrix) takes a while on two shared cores
        test.setTimeout(240_000);
        await page.emulateMedia({ colorScheme: scheme });
        const url = typeof state.url === "string" ? state.url : await state.url(request);
        await page.goto(url);
        await ready(page);
        await settled(page);
        await expectNoSeriousViolations(page, `${url} (${scheme})`);
      });
    }
  }
}

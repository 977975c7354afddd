// The live path's failure modes: the event stream's framing and cleanup, and the polling
// fallback with a visible "reconnecting" state when the stream is unavailable.
import { expect, test } from "@playwright/test";
import { kubectl } from "../cluster/testing";

async function openStreams(request: import("@playwright/test").APIRequestContext): Promise<number> {
  const text = await (await request.get("/metrics")).text();
  const m = /^rolecall_sse_streams_open(?:\{[^}]*\})? (\d+)/m.exec(text);
  expect(m, "rolecall_sse_streams_open missing from /metrics").not.toBeNull();
  return Number(m![1]);
}

test("/api/v1/events sends the current version at once and drops its subscription when the client leaves", async ({ baseURL, request }) => {
  // Streams of pages from earlier tests close when the server notices they are gone; the
  // gauge is process-wide, so start from a quiet server (tests run one at a time).
  await expect.poll(() => openStreams(request), { timeout: 30_000 }).toBe(0);
  const before = 0;
  const controller = new AbortController();
  const res = await fetch(`${baseURL}/api/v1/events`, { signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = res.body!.getReader();
  let text = "";
  while (!/^data: .*\n\n/m.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  expect(text.startsWith("retry: ")).toBe(true);
  const data = /^data: (.*)$/m.exec(text)?.[1];
  expect(JSON.parse(data!)).toEqual({ version: expect.any(Number), kinds: [] });
  await expect.poll(() => openStreams(request)).toBe(before + 1);
  controller.abort();
  await expect.poll(() => openStreams(request), { timeout: 10_000 }).toBe(before);
});

test("without the event stream the page says reconnecting, keeps up by polling, and goes live again", async ({ page }) => {
  const ns = `e2e-poll-${Date.now().toString(36)}`;
  expect((await kubectl(["create", "namespace", ns])).code).toBe(0);
  try {
    await page.route("**/api/v1/events", (route) => route.abort("connectionrefused"));
    await page.goto(`/serviceaccounts?namespace=${ns}`);
    const state = page.getByTestId("sync-state");
    await expect(state).toHaveAttribute("data-state", "reconnecting");
    expect((await kubectl(["create", "serviceaccount", "polled-sa", "-n", ns])).code).toBe(0);
    // Polling every 5 s brings it in without the stream and without a reload.
    await expect(page.getByRole("link", { name: "polled-sa", exact: true })).toBeVisible({ timeout: 15_000 });
    await page.unroute("**/api/v1/events");
    await expect(state).toHaveAttribute("data-state", "live", { timeout: 45_000 });
  } finally {
    await kubectl(["delete", "namespace", ns, "--wait=false"]);
  }
});

// The HTTP surface of the production standalone server over real sockets, against servers
// this spec starts itself (e2e/support/standalone.mjs, as the image runs them):
//   proxy     : ROLECALL_AUTH=proxy, one bad ROLECALL_FRAME_ANCESTORS entry, and a kubeconfig
//               whose API server never answers (so the store never syncs: API answers are 503)
//   manifests : ROLECALL_MANIFESTS with wait commands carrying planted credentials
// Odd requests (TRACE, `GET *`, bad %-escapes, repeated headers) are written to a raw socket:
// fetch() would refuse or normalise them.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { PORTS } from "./support/security-projects";

const ROOT = path.resolve(__dirname, "..");
const ALICE = { "x-auth-request-user": "alice" };

interface Server {
  base: string;
  port: number;
  child: ChildProcess;
  log: () => string;
  dir: string;
}

async function startServer(port: number, env: Record<string, string>, dir: string): Promise<Server> {
  const args = [path.join(ROOT, "e2e/support/standalone.mjs"), "--port", String(port)];
  for (const [k, v] of Object.entries(env)) args.push("--env", `${k}=${v}`);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const base = `http://127.0.0.1:${port}`;
  const end = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > end) throw new Error(`server on ${port} did not start:\n${out.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, port, child, log: () => out, dir };
}

async function stopServer(s: Server | undefined) {
  if (!s) return;
  if (s.child.exitCode === null) {
    s.child.kill("SIGTERM");
    await new Promise((r) => s.child.once("exit", r));
  }
  fs.rmSync(s.dir, { recursive: true, force: true });
}

/** A directory the server (uid 10001 when run as root) can read. */
function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(d, 0o755);
  return d;
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One request written byte for byte; `Connection: close` so the answer ends with the socket. */
function raw(port: number, head: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => s.write(`${head}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let data = "";
    s.setEncoding("utf8");
    s.on("data", (c) => (data += c));
    s.on("error", reject);
    s.on("close", () => {
      const [top, ...rest] = data.split("\r\n\r\n");
      const lines = top.split("\r\n");
      const headers: Record<string, string> = {};
      for (const l of lines.slice(1)) headers[l.slice(0, l.indexOf(":")).toLowerCase()] = l.slice(l.indexOf(":") + 1).trim();
      let body = rest.join("\r\n\r\n");
      // chunked answers: keep the JSON only
      if (headers["transfer-encoding"] === "chunked") body = body.replace(/^[0-9a-f]+\r\n/, "").replace(/\r\n0\r\n\r\n$/, "");
      resolve({ status: Number(lines[0].split(" ")[1]), headers, body });
    });
  });
}

function expectJsonError(r: RawAnswer, status: number) {
  expect(r.status).toBe(status);
  expect(r.headers["content-type"]).toContain("application/json");
  expect(r.headers["x-content-type-options"]).toBe("nosniff");
  expect(r.headers["content-security-policy"]).toContain("frame-ancestors");
  expect(r.headers["cache-control"]).toContain("no-store");
  expect(JSON.parse(r.body)).toEqual(expect.objectContaining({ error: expect.any(String) }));
}

/** Request-duration series (labels only), the scrapes' own left out (a scrape may be counted after the next one starts). */
const series = (metrics: string) =>
  metrics
    .split("\n")
    .filter((l) => l.startsWith("rolecall_http_request_duration_seconds_count{") && !l.includes('route="/metrics"'))
    .map((l) => l.slice(0, l.lastIndexOf("}") + 1));

test.describe("proxy mode, store not synced", () => {
  let s: Server | undefined;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const dir = tempDir("rolecall-http-proxy-");
    // An API server that never answers: the store stays unsynced, so API answers are 503.
    const kubeconfig = path.join(dir, "kubeconfig");
    fs.writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\n`,
    );
    fs.chmodSync(kubeconfig, 0o644);
    s = await startServer(
      PORTS.httpProxy,
      { ROLECALL_AUTH: "proxy", ROLECALL_FRAME_ANCESTORS: "https://portal.example javascript:alert(1)", KUBECONFIG: kubeconfig },
      dir,
    );
  });
  test.afterAll(() => stopServer(s));

  // A keep-alive socket the server closes just as the client reuses it is reset before any
  // answer (seen once under Node 24 on a loaded machine): that request is sent again.
  const fetchAgainOnReset = async (url: string) => {
    try {
      return await fetch(url);
    } catch (e) {
      if ((e as { cause?: { code?: string } }).cause?.code !== "ECONNRESET") throw e;
      return fetch(url);
    }
  };

  test("10,000 unauthenticated requests to random paths add no /metrics series", async () => {
    test.setTimeout(300_000);
    // Paths the app does not serve (the first segment is random), then up to five segments,
    // each a word the app's routes use or a random one: the mix a route-shaped label
    // ("/:param/api/:param/chains") would count separately.
    const words = ["api", "v1", "serviceaccounts", "chains", "permissions", "findings", "bindings", "status", "can-i", "verify", "search"];
    const pick = () => (Math.random() < 0.5 ? words[Math.floor(Math.random() * words.length)] : Math.random().toString(36).slice(2, 8));
    const random = () =>
      ["", Math.random().toString(36).slice(2, 8), ...Array.from({ length: Math.floor(Math.random() * 6) }, pick)].join("/") + `?x=${Math.random()}`;
    // one first, so the label it makes ("other", 401) exists before counting
    expect((await fetch(s!.base + random())).status).toBe(401);
    let before = "";
    // a request is counted when its answer is out, which may be after the client read it
    await expect.poll(async () => (before = await (await fetch(`${s!.base}/metrics`)).text())).toContain('route="other",status="401"');
    let next = 0;
    const statuses = new Set<number>();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < 10_000) {
          next++;
          const r = await fetchAgainOnReset(s!.base + random());
          statuses.add(r.status);
          await r.arrayBuffer();
        }
      }),
    );
    expect([...statuses]).toEqual([401]);
    const after = await (await fetch(`${s!.base}/metrics`)).text();
    const known = new Set(series(before));
    expect(series(after).filter((l) => !known.has(l))).toEqual([]);
    expect(after).toMatch(/rolecall_http_request_duration_seconds_count\{method="GET",route="other",status="401"\} 100\d\d/);
  });

  test("routes are labelled by their pattern, never by the names in the path", async () => {
    // the body read: the request is counted when its answer has been sent
    await (await fetch(`${s!.base}/api/v1/serviceaccounts/secret-team/payments-bot`, { headers: ALICE })).text();
    const m = await (await fetch(`${s!.base}/metrics`)).text();
    expect(m).toContain('route="/api/v1/serviceaccounts/[namespace]/[name]"');
    expect(m).not.toMatch(/secret-team|payments-bot/);
  });

  test("odd requests are 400/404/405 JSON errors with the security headers, never 500", async () => {
    const cases: [string, number][] = [
      ["GET /api/v1/serviceaccounts/%E0%A4%A/x HTTP/1.1", 400],
      ["GET /serviceaccounts/%zz/x HTTP/1.1", 400],
      ["GET * HTTP/1.1", 400],
      ["OPTIONS * HTTP/1.1", 400],
      ["GET http://evil.example/ HTTP/1.1", 400],
      ["TRACE / HTTP/1.1", 405],
      ["TRACE /api/v1/status HTTP/1.1", 405],
      ["PUT /api/v1/serviceaccounts HTTP/1.1", 405],
      ["DELETE /serviceaccounts HTTP/1.1", 405],
      // Node's parser refuses these before there is a request
      ["FOO / HTTP/1.1", 400],
      ["GET /a b HTTP/1.1", 400],
    ];
    for (const [head, status] of cases) {
      const r = await raw(s!.port, head);
      expectJsonError(r, status);
      if (status === 405) expect(r.headers.allow).toContain("GET");
    }
  });

  test("__proto__, constructor and toString are unknown names, not 500s", async () => {
    const h = "X-Auth-Request-User: alice";
    for (const [p, status, field] of [
      ["/api/v1/chains/shop/__proto__/x", 400, "kind"],
      ["/api/v1/chains/shop/constructor/x", 400, "kind"],
      ["/api/v1/findings?constructor=1", 400, "constructor"],
      ["/api/v1/findings?toString=1", 400, "toString"],
      ["/api/v1/serviceaccounts?__proto__=1", 400, "__proto__"],
      ["/api/v1/who-can?verb=get&resource=pods&hasOwnProperty=1", 400, "hasOwnProperty"],
    ] as const) {
      const r = await raw(s!.port, `GET ${p} HTTP/1.1\r\n${h}`);
      expectJsonError(r, status);
      expect(JSON.parse(r.body).field, p).toBe(field);
    }
  });

  test("unknown /api paths are JSON 404s; unknown pages stay the HTML not-found page", async () => {
    for (const p of ["/api/v1/nope", "/api/v2/status", "/api/v1/serviceaccounts/a", "/api"]) {
      const r = await fetch(s!.base + p, { headers: ALICE });
      expect(r.status, p).toBe(404);
      expect(r.headers.get("content-type"), p).toContain("application/json");
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(await r.json()).toEqual({ error: expect.any(String) });
    }
    const page = await fetch(`${s!.base}/no-such-page`, { headers: ALICE });
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toContain("text/html");
  });

  test("a repeated identity or groups header is 400, as received on the socket", async () => {
    for (const head of [
      "GET /api/v1/whoami HTTP/1.1\r\nX-Auth-Request-User: alice\r\nX-Auth-Request-User: bob",
      "GET /api/v1/whoami HTTP/1.1\r\nX-Auth-Request-User: alice\r\nx-auth-request-user: alice",
      "GET / HTTP/1.1\r\nX-Forwarded-User: alice\r\nX-Forwarded-User: bob",
      "GET /api/v1/whoami HTTP/1.1\r\nX-Auth-Request-User: alice\r\nX-Auth-Request-Groups: dev\r\nX-Auth-Request-Groups: sre",
    ]) {
      const r = await raw(s!.port, head);
      expectJsonError(r, 400);
      expect(JSON.parse(r.body).error).toMatch(/repeated/);
    }
    // each once: signed in
    const ok = await raw(s!.port, "GET /api/v1/whoami HTTP/1.1\r\nX-Auth-Request-User: alice\r\nX-Auth-Request-Groups: dev,sre");
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ user: "alice", groups: ["dev", "sre"] });
  });

  test("a rejected ROLECALL_FRAME_ANCESTORS entry is logged at start; the valid one is used", async () => {
    const warn = s!
      .log()
      .split("\n")
      .find((l) => l.includes("ROLECALL_FRAME_ANCESTORS"));
    expect(warn).toBeDefined();
    expect(JSON.parse(warn!)).toMatchObject({ level: 40, rejected: ["javascript:alert(1)"], frameAncestors: ["https://portal.example"] });
    const r = await fetch(`${s!.base}/api/healthz`);
    expect(r.headers.get("content-security-policy")).toContain("frame-ancestors https://portal.example");
  });

  test("every 5xx is logged with its route", async () => {
    const r = await fetch(`${s!.base}/api/v1/serviceaccounts/team-a/builder`, { headers: ALICE });
    expect(r.status).toBe(503);
    await expect
      .poll(() =>
        s!
          .log()
          .split("\n")
          .filter((l) => l.includes('"status":503'))
          .map((l) => JSON.parse(l).route),
      )
      .toContain("/api/v1/serviceaccounts/[namespace]/[name]");
    expect(s!.log()).not.toContain("team-a/builder");
  });
});

// Values planted in wait commands as credentials; none may reach an API answer or a page.
const PLANTED = {
  apiKey: "plant-apikey-7f3a",
  cookie: "plant-cookie-9b1c",
  queryKey: "plant-query-key-2d4e",
  queryToken: "plant-query-token-5a6b",
  querySig: "plant-query-sig-8c9d",
  amzSig: "plant-amz-sig-0e1f",
  xAuth: "plant-x-auth-3g4h",
  proxyUser: "plant-proxy-user-6i7j",
  pass: "plant-pass-1k2l",
  userPass: "plant-user-pass-4m5n",
  wgetPass: "plant-wget-pass-7o8p",
  argvPass: "plant-argv-pass-0q1r",
};

const until = (cmd: string) => `until ${cmd}; do sleep 2; done`;
const MANIFESTS = `
apiVersion: v1
kind: Namespace
metadata: {name: plant}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: plant}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: plant}
spec: {selector: {app: api}, ports: [{port: 8080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: plant}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      initContainers:
${[
  `curl -fsS -H 'Authorization: ApiKey ${PLANTED.apiKey}' http://api:8080/`,
  `curl -fsS -H 'Cookie: session=${PLANTED.cookie}; theme=dark' http://api:8080/`,
  `curl -fsS 'http://api:8080/ready?key=${PLANTED.queryKey}&token=${PLANTED.queryToken}&sig=${PLANTED.querySig}&X-Amz-Signature=${PLANTED.amzSig}'`,
  `curl -fsS --header='X-Auth: ${PLANTED.xAuth}' http://api:8080/`,
  `curl -fsS --proxy-user bob:${PLANTED.proxyUser} http://api:8080/`,
  `curl --pass ${PLANTED.pass} --cert /c.pem https://api:8080/`,
  `curl -u admin:${PLANTED.userPass} http://api:8080/`,
  `wget -q --http-password=${PLANTED.wgetPass} http://api:8080/`,
]
  .map((cmd, i) => `        - {name: wait-${i}, image: curlimages/curl, command: [sh, -c, ${JSON.stringify(until(cmd))}]}`)
  .join("\n")}
        - {name: wait-argv, image: curlimages/curl, command: [curl, -fsSu, "admin:${PLANTED.argvPass}", "http://api:8080/"]}
      containers:
        - {name: web, image: web}
`;

test("requests of the server's first moments pass the same checks (Next listens before it loads the checks)", async () => {
  test.setTimeout(120_000);
  const dir = tempDir("rolecall-http-early-");
  const port = PORTS.httpEarly;
  const args = [path.join(ROOT, "e2e/support/standalone.mjs"), "--port", String(port), "--env", "ROLECALL_AUTH=proxy"];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: "ignore" });
  try {
    // From the first moment the port accepts a connection: a bad %-escape and a repeated
    // identity header, each answered by the checks (400 JSON), never by the app behind them.
    const heads = ["GET /serviceaccounts/%zz/x HTTP/1.1", "GET /api/v1/status HTTP/1.1\r\nX-Auth-Request-User: alice\r\nX-Auth-Request-User: bob"];
    const answers: RawAnswer[] = [];
    const end = Date.now() + 90_000;
    while (answers.length < 10 && Date.now() < end && child.exitCode === null) {
      const r = await raw(port, heads[answers.length % 2]).catch(() => undefined);
      if (r) answers.push(r);
      else await new Promise((res) => setTimeout(res, 2));
    }
    expect(answers).toHaveLength(10);
    for (const r of answers) expectJsonError(r, 400);
  } finally {
    child.kill("SIGTERM");
    if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.describe("manifests with credentials in wait commands", () => {
  let s: Server | undefined;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const dir = tempDir("rolecall-http-manifests-");
    fs.writeFileSync(path.join(dir, "plant.yaml"), MANIFESTS);
    fs.chmodSync(path.join(dir, "plant.yaml"), 0o644);
    s = await startServer(PORTS.httpManifests, { ROLECALL_MANIFESTS: dir }, dir);
    await expect.poll(async () => (await fetch(`${s!.base}/api/readyz`)).status, { timeout: 30_000 }).toBe(200);
  });
  test.afterAll(() => stopServer(s));

  const planted = Object.values(PLANTED);
  const expectClean = (what: string, text: string) => {
    for (const p of planted) expect(text, `${what} holds ${p}`).not.toContain(p);
  };

  test("no planted value in any API answer or page, and every wait was read", async ({ page }) => {
    const get = async (p: string) => {
      const r = await fetch(s!.base + p);
      expect(r.status, p).toBe(200);
      return r.text();
    };
    const chain = JSON.parse(await get("/api/v1/chains/plant/deployment/web")) as {
      nodes: { id: string; kind: string; namespace: string; name: string }[];
      edges: { container?: string; command?: string }[];
    };
    // the test proves nothing unless the waits were found: one per init container, all on the Service
    const containers = new Set(chain.edges.map((e) => e.container));
    for (let i = 0; i < 8; i++) expect(containers, `wait-${i}`).toContain(`wait-${i}`);
    expect(containers).toContain("wait-argv");
    expect(chain.nodes.map((n) => n.id).sort()).toEqual(["Deployment/plant/web", "Service/plant/api"]);

    const paths = [
      "/api/v1/chains",
      "/api/v1/chains?namespace=plant",
      "/api/v1/serviceaccounts",
      "/api/v1/serviceaccounts/plant/web",
      "/api/v1/serviceaccounts/plant/web/permissions",
      "/api/v1/serviceaccounts/plant/web/escalation",
      "/api/v1/escalation?target=cluster-admin",
      "/api/v1/blast-radius/plant/deployment/web",
      "/blast-radius/plant/deployment/web",
      "/api/v1/search?q=plant",
      "/api/v1/search?q=web",
      "/api/v1/status",
      "/api/readyz",
      "/api/v1/findings",
      "/api/v1/findings?format=csv",
      "/api/v1/bindings",
      "/metrics",
      "/",
      "/chains",
      "/chains?namespace=plant",
      "/serviceaccounts",
      "/serviceaccounts/plant/web",
      "/findings",
      ...chain.nodes.flatMap((n) => [`/api/v1/chains/${n.namespace}/${n.kind.toLowerCase()}/${n.name}`, `/chains/${n.namespace}/${n.kind.toLowerCase()}/${n.name}`]),
    ];
    for (const p of paths) expectClean(p, await get(p));

    // and as Chromium renders it: the chain page with its commands and diagnostics
    await page.goto(`${s!.base}/chains/plant/deployment/web`);
    await expect(page.locator("main")).toContainText("api");
    await page.waitForLoadState("networkidle");
    expectClean("the rendered chain page", await page.content());
    expectClean("the page URL", page.url());
  });
});

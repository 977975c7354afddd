#!/usr/bin/env node
// A stand-in for a developer portal (e.g. Backstage) on other localhost origins, for the
// embedding specs: GET /portal.html?src=<url> answers a page that frames <url> and records
// the height messages Rolecall posts. A real server rather than a fulfilled route, because
// Chromium only lets a page on a loopback address frame another loopback address.
//   node e2e/support/portal.mjs 3199 3198
import http from "node:http";

const ports = process.argv.slice(2).map(Number);
const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

for (const port of ports) {
  http
    .createServer((req, res) => {
      const url = new URL(req.url ?? "/", `http://localhost:${port}`);
      if (url.pathname === "/healthz") return res.end("ok");
      if (url.pathname !== "/portal.html") {
        res.statusCode = 404;
        return res.end();
      }
      const src = url.searchParams.get("src") ?? "";
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(`<!doctype html><title>portal</title>
<script>window.heights=[];addEventListener("message",e=>{if(e.data&&e.data.type==="rolecall:height")window.heights.push({origin:e.origin,height:e.data.height,path:e.data.path})})</script>
<iframe id="rolecall" src="${escape(src)}" style="width:1000px;height:500px;border:0"></iframe>`);
    })
    .listen(port, "127.0.0.1");
}

// The route table must be exactly what app/ and public/ serve: a new page or route handler
// without an entry would be refused (405) or counted as "other".
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allowedMethods, matchRoute, ROUTES } from "./routes";

const ROOT = path.resolve(__dirname, "../..");

function servedByApp(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (dir: string, url: string[]) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        // (group) folders add no segment; _private folders are not routes
        if (e.name.startsWith("_")) continue;
        walk(p, /^\(.*\)$/.test(e.name) ? url : [...url, e.name]);
        continue;
      }
      const pattern = "/" + url.join("/");
      if (/^page\.(tsx|ts|jsx|js)$/.test(e.name)) out.set(pattern, ["GET"]);
      else if (/^route\.(ts|js)$/.test(e.name)) {
        const src = fs.readFileSync(p, "utf8");
        const methods = [...src.matchAll(/export (?:async )?function (GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)].map((m) => m[1]);
        out.set(pattern, methods.sort());
      } else if (/^(icon|apple-icon|favicon)\.\w+$/.test(e.name) || e.name === "robots.txt" || e.name === "sitemap.xml")
        out.set(`${pattern === "/" ? "" : pattern}/${e.name}`, ["GET"]);
    }
  };
  walk(path.join(ROOT, "app"), []);
  const pub = path.join(ROOT, "public");
  if (fs.existsSync(pub)) for (const f of fs.readdirSync(pub, { recursive: true }) as string[]) {
    if (fs.statSync(path.join(pub, f)).isFile()) out.set(`/${f.split(path.sep).join("/")}`, ["GET"]);
  }
  return out;
}

describe("route table", () => {
  it("lists every page, route handler and file the app serves, with its methods", () => {
    const table = new Map(ROUTES.map((r) => [r.pattern, [...r.methods].sort()]));
    expect(Object.fromEntries(table)).toEqual(Object.fromEntries(servedByApp()));
  });

  it("matches paths to patterns, named segments before dynamic ones", () => {
    expect(matchRoute("/api/v1/chains/shop/deployment/api")?.pattern).toBe("/api/v1/chains/[namespace]/[kind]/[name]");
    expect(matchRoute("/api/v1/can-i/verify")?.pattern).toBe("/api/v1/can-i/verify");
    expect(matchRoute("/api/v1/serviceaccounts/")?.pattern).toBe("/api/v1/serviceaccounts");
    for (const p of ["", "*", "/api", "/api/v1", "/api/v1/nope", "/api/v1/chains/a/b", "/api/v1/chains/a/b/c/d", "//", "/api//v1/status", "/__proto__", "/constructor"])
      expect(matchRoute(p), p).toBeUndefined();
  });

  it("Allow lists HEAD with GET, and OPTIONS", () => {
    expect(allowedMethods(matchRoute("/api/v1/can-i/verify")!)).toEqual(["GET", "POST", "HEAD", "OPTIONS"]);
  });
});

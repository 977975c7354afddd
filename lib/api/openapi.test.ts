import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument, openApiPath } from "./openapi";

const root = path.resolve(__dirname, "../..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Every route handler under app/api/v1, as `{path, methods}` read from its exports. */
function routesOnDisk(): { route: string; methods: string[] }[] {
  const out: { route: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.name === "route.ts") {
        const text = fs.readFileSync(abs, "utf8");
        const methods = METHODS.filter((m) => new RegExp(`export (async )?function ${m}\\b|export const ${m}\\b`).test(text));
        out.push({ route: `/${path.relative(path.join(root, "app"), path.dirname(abs)).split(path.sep).join("/")}`, methods });
      }
    }
  };
  walk(path.join(root, "app/api/v1"));
  return out;
}

describe("GET /api/v1/openapi.json", () => {
  const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>>; components: { schemas: { Error: { type: string; properties: Record<string, { type: string }>; required: string[] } } } };

  it("has every route under app/api/v1 with its methods, and nothing else", () => {
    const disk = routesOnDisk();
    expect(disk.length).toBeGreaterThan(15);
    for (const { route, methods } of disk) {
      expect(methods.length, route).toBeGreaterThan(0);
      expect(Object.keys(doc.paths[openApiPath(route)] ?? {}).sort(), route).toEqual(methods.map((m) => m.toLowerCase()).sort());
    }
    expect(Object.keys(doc.paths).sort()).toEqual(disk.map((r) => openApiPath(r.route)).sort());
  });

  it("is OpenAPI 3.1 as JSON, with the error shape {error, field?} on every failing answer", () => {
    const text = JSON.stringify(doc);
    expect(JSON.parse(text)).toEqual(doc);
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.schemas.Error).toMatchObject({ type: "object", properties: { error: { type: "string" }, field: { type: "string" } }, required: ["error"] });
    for (const [p, ops] of Object.entries(doc.paths))
      for (const [m, op] of Object.entries(ops)) {
        expect(op.responses["503"], `${m} ${p}`).toEqual({ description: expect.any(String), content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
        if (op.parameters?.length) expect(op.responses["400"], `${m} ${p}`).toBeDefined();
      }
  });

  it("lists the parameters the zod schemas accept", () => {
    const names = (p: string, m = "get") => (doc.paths[p][m].parameters ?? []).map((x) => `${x.in}:${x.name}`);
    expect(names("/api/v1/can-i")).toEqual(expect.arrayContaining(["query:as", "query:asGroup", "query:verb", "query:resource", "query:nonResourceURL", "query:namespace"]));
    expect(names("/api/v1/chains/{namespace}/{kind}/{name}")).toEqual(["path:namespace", "path:kind", "path:name"]);
    expect(names("/api/v1/serviceaccounts/{namespace}/{name}/permissions")).toEqual(["path:namespace", "path:name", "query:namespace", "query:format"]);
    expect(names("/api/v1/serviceaccounts/{namespace}/{name}/escalation")).toEqual(["path:namespace", "path:name", "query:limit"]);
    expect(names("/api/v1/escalation")).toEqual(["query:target", "query:limit"]);
    expect(names("/api/v1/blast-radius/{namespace}/{kind}/{name}")).toEqual(["path:namespace", "path:kind", "path:name"]);
    expect(names("/api/v1/roles/{namespace}/{name}")).toEqual(["path:namespace", "path:name"]);
    expect(names("/api/v1/clusterroles/{name}")).toEqual(["path:name"]);
    const asGroup = (doc.paths["/api/v1/can-i"].get.parameters as unknown as { name: string; schema: { type: string } }[]).find((x) => x.name === "asGroup");
    expect(asGroup?.schema.type).toBe("array");
  });
});

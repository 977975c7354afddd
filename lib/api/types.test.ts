// The view models lib/api builds match the schemas the OpenAPI document publishes, with no
// field the schema does not declare (checked strictly, on the bundled examples).
import path from "node:path";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { loadManifests } from "@/lib/source/manifests";
import { snapshotFromObjects } from "@/lib/store/snapshot";
import { ChainsEngine } from "@/lib/chains";
import { bindingList } from "./bindings";
import { search } from "./search";
import { serviceAccountDetail, serviceAccountList } from "./serviceaccounts";
import { statusView } from "./status";
import { bindingListSchema, searchResultSchema, serviceAccountDetailSchema, serviceAccountListSchema, statusViewSchema } from "./types";

const snap = snapshotFromObjects(loadManifests(path.resolve(__dirname, "../../examples")).objects, { source: { mode: "examples", label: "example data" } });
const chains = new ChainsEngine().build(snap, { now: Date.parse("2026-11-28T12:00:00Z") });

/** Every object of the schema strict: an undeclared field is an error. */
function strictly(schema: z.ZodType, value: unknown): string[] {
  const json = z.toJSONSchema(schema) as object;
  const extra: string[] = [];
  const walk = (s: Record<string, unknown>, v: unknown, at: string) => {
    if (v === null || typeof v !== "object") return;
    if (Array.isArray(v)) return v.forEach((x, i) => walk((s.items ?? {}) as Record<string, unknown>, x, `${at}[${i}]`));
    const alts = (s.anyOf ?? s.oneOf) as Record<string, unknown>[] | undefined;
    // a union: the alternative that declares every field present
    if (alts) return walk(alts.find((a) => Object.keys(v).every((k) => k in ((a.properties ?? {}) as object))) ?? alts[0], v, at);
    const props = (s.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const [k, x] of Object.entries(v)) {
      if (!(k in props)) extra.push(`${at}.${k}`);
      else walk(props[k], x, `${at}.${k}`);
    }
  };
  walk(json as Record<string, unknown>, JSON.parse(JSON.stringify(value)), "$");
  return extra;
}

describe("API v1 view models match their published schemas", () => {
  it.each([
    ["serviceaccounts", serviceAccountListSchema, () => serviceAccountList(snap)],
    ["serviceaccounts/{ns}/{name}", serviceAccountDetailSchema, () => serviceAccountDetail(snap, "go-todo", "go-todo-sa", chains)],
    ["bindings", bindingListSchema, () => bindingList(snap)],
    ["search", searchResultSchema, () => search(snap, "go", 50, undefined, chains)],
    ["status", statusViewSchema, () => statusView(snap, true)],
  ] as const)("%s", (_name, schema, build) => {
    const value = build();
    expect(schema.safeParse(JSON.parse(JSON.stringify(value))).error).toBeUndefined();
    expect(strictly(schema, value)).toEqual([]);
  });
});

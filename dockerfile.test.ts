// The image build may only use what its build context holds: every repository file a RUN line
// of the Dockerfile names must survive .dockerignore (a gate script once did not, and the image
// build stopped on "Cannot find module").
import fs from "node:fs";
import { describe, expect, it } from "vitest";

/** Docker's rule for a context path: the last matching line wins; `!` lines include again. */
function ignored(file: string, lines: string[]): boolean {
  let out = false;
  for (const raw of lines) {
    const neg = raw.startsWith("!");
    const pattern = neg ? raw.slice(1) : raw;
    const re = new RegExp(
      "^" +
        pattern
          .replace(/[.+^${}()|[\]\\]/g, "\\$&")
          .replace(/\*\*\//g, "\u0000")
          .replace(/\*/g, "[^/]*")
          .replace(/\?/g, "[^/]")
          .replace(/\u0000/g, "(?:.*/)?") +
        "(?:/.*)?$",
    );
    if (re.test(file)) out = !neg;
  }
  return out;
}

describe("the image's build context", () => {
  const lines = fs
    .readFileSync(".dockerignore", "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const dockerfile = fs.readFileSync("Dockerfile", "utf8");

  it("holds every repository file the Dockerfile's build runs", () => {
    const named = [...dockerfile.matchAll(/\b((?:scripts|lib|bin)\/[\w./-]+\.(?:mjs|cjs|js|ts))\b/g)].map((m) => m[1]);
    expect(named).toContain("scripts/gate-standalone.mjs");
    // what the gate script copies in
    named.push("scripts/http-gate.cjs");
    for (const f of named) {
      expect(fs.existsSync(f), f).toBe(true);
      expect(ignored(f, lines), `${f} is excluded by .dockerignore`).toBe(false);
    }
  });

  it("reads .dockerignore as Docker does", () => {
    expect(ignored("scripts/bench.mjs", lines)).toBe(true);
    expect(ignored("lib/rbac/rules.test.ts", lines)).toBe(true);
    expect(ignored("lib/rbac/rules.ts", lines)).toBe(false);
  });
});

describe("the image's server environment", () => {
  it("has the malloc settings `npm start` gives the server (scripts/standalone.mjs MALLOC_ENV)", async () => {
    const script = "./scripts/standalone.mjs"; // plain JS: typed here
    const { MALLOC_ENV } = (await import(script)) as { MALLOC_ENV: Record<string, string> };
    const dockerfile = fs.readFileSync("Dockerfile", "utf8");
    const run = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    expect(Object.keys(MALLOC_ENV).length).toBeGreaterThan(0);
    for (const [k, v] of Object.entries(MALLOC_ENV)) expect(run, k).toMatch(new RegExp(`\\b${k}=${v}\\b`));
  });
});

import { describe, expect, it } from "vitest";
import { formatSelector, parseLabelSelector, requiredValue, selectorFromSet, selectorMatches, type LabelSelector } from "./selectors";

const parsed = (text: string): LabelSelector => {
  const r = parseLabelSelector(text);
  if (!r.ok) throw new Error(`${text}: ${r.error}`);
  return r.selector;
};

describe("parseLabelSelector: what the API server accepts, in its canonical spelling", () => {
  it.each([
    ["", ""],
    ["app=db", "app=db"],
    ["app==db", "app==db"],
    ["app!=db", "app!=db"],
    ["app = db", "app=db"],
    ["app=", "app="],
    ["app= ,tier=", "app=,tier="],
    ["app", "app"],
    ["!app", "!app"],
    ["! app", "!app"],
    ["app in (db)", "app in (db)"],
    ["app in (web, db)", "app in (db,web)"],
    ["app notin (db,web)", "app notin (db,web)"],
    ["app in ()", "app in ()"],
    ["app in (,)", "app in ()"],
    ["app in (a,)", "app in (,a)"],
    ["app in (,a)", "app in (,a)"],
    ["app in (a,,b)", "app in (,a,b)"],
    ["app in (a,,,)", "app in (,a)"],
    ["in in (in, notin)", "in in (in,notin)"],
    ["notin notin (in)", "notin notin (in)"],
    ["tier=data,app in (db),!legacy,release", "app in (db),!legacy,release,tier=data"],
    ["app.kubernetes.io/name=postgres", "app.kubernetes.io/name=postgres"],
    ["replicas>2", "replicas>2"],
    ["replicas<10,replicas>2", "replicas<10,replicas>2"],
    ["\tapp\n=\tdb ", "app=db"],
  ])("%j → %j", (text, canonical) => {
    expect(formatSelector(parsed(text))).toBe(canonical);
  });

  it.each([
    ["app in db", /expected: '\('/],
    ["app in (db", /expected: ',' or '\)'/],
    ["app in (a,,)", /expected: ',' or a value/],
    ["app in (a b)", /expected: ',' or '\)'/],
    ["app=(db)", /expected: a value/],
    ["app==db==x", /expected: ',' or the end/],
    ["app=a||b=c", /must be empty or alphanumeric/],
    ["!app=db", /expected: ',' or the end/],
    ["!", /expected: a key/],
    ["app,", /a key after ','/],
    [",app", /expected: !, a key/],
    ["app db", /expected: in, notin/],
    ["app!db", /expected: in, notin/],
    ["app>x", /needs an integer/],
    ["app<1.5", /needs an integer/],
    ["app>-1", /must be empty or alphanumeric/],
    ["app>99999999999999999999", /needs an integer/],
    ["-app=db", /starting and ending alphanumeric/],
    ["a/b/c=d", /more than one/],
    ["/app=d", /empty prefix/],
    ["Example.com/app=d", /DNS subdomain/],
    [`${"k".repeat(64)}=v`, /longer than 63/],
    [`app=${"v".repeat(64)}`, /longer than 63/],
    ["app=-db", /starting and ending alphanumeric/],
    ["app=db_", /starting and ending alphanumeric/],
  ])("%j is rejected (%s)", (text, why) => {
    const r = parseLabelSelector(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });
});

describe("selectorMatches: as Requirement.Matches", () => {
  const L = (s: string) => Object.fromEntries(s ? s.split(",").map((kv) => kv.split("=") as [string, string]) : []);
  it.each([
    ["app=db", "app=db", true],
    ["app=db", "app=web", false],
    ["app=db", "", false],
    ["app==db", "app=db,tier=x", true],
    ["app!=db", "app=web", true],
    ["app!=db", "", true],
    ["app!=db", "app=db", false],
    ["app in (db,cache)", "app=cache", true],
    ["app in (db,cache)", "app=web", false],
    ["app in (db,cache)", "", false],
    ["app notin (db,cache)", "app=web", true],
    ["app notin (db,cache)", "", true],
    ["app notin (db,cache)", "app=db", false],
    ["app", "app=", true],
    ["app", "tier=x", false],
    ["!app", "tier=x", true],
    ["!app", "app=x", false],
    ["app=", "app=", true],
    ["app in ()", "app=", true],
    ["app in ()", "", false],
    ["n>2", "n=3", true],
    ["n>2", "n=2", false],
    ["n>2", "n=x", false],
    ["n>2", "", false],
    ["n<010", "n=9", true],
    ["n>9223372036854775806", "n=9223372036854775807", true],
    ["app in (db),!legacy,tier", "app=db,tier=data", true],
    ["app in (db),!legacy,tier", "app=db,tier=data,legacy=1", false],
    ["", "", true],
  ])("%j on {%s} → %s", (sel, labels, want) => {
    expect(selectorMatches(parsed(sel), L(labels))).toBe(want);
  });

  it("a label called constructor or toString is a label like any other", () => {
    expect(selectorMatches(parsed("constructor"), {})).toBe(false);
    expect(selectorMatches(parsed("!toString"), {})).toBe(true);
  });
});

describe("helpers", () => {
  it("selectorFromSet is every key equal", () => {
    expect(selectorFromSet({ tier: "data", app: "db" })).toEqual([
      { key: "app", operator: "=", values: ["db"] },
      { key: "tier", operator: "=", values: ["data"] },
    ]);
  });
  it("requiredValue names one key and value the selector needs (for index look-ups)", () => {
    expect(requiredValue(parsed("!legacy,app in (db)"))).toEqual({ key: "app", value: "db" });
    expect(requiredValue(parsed("app in (db,web)"))).toBeUndefined();
    expect(requiredValue(parsed("app!=db"))).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { isEmbedSearch, withEmbed } from "./links";

describe("withEmbed", () => {
  it.each([
    ["/serviceaccounts", "/serviceaccounts?embed=1"],
    ["/serviceaccounts?namespace=a", "/serviceaccounts?namespace=a&embed=1"],
    ["/serviceaccounts/a/b#bindings", "/serviceaccounts/a/b?embed=1#bindings"],
    ["/x?embed=1", "/x?embed=1"],
    ["/x?embed=0", "/x?embed=1"],
    ["?namespace=b", "?namespace=b&embed=1"],
    ["https://other.example/x", "https://other.example/x"],
    ["//other.example/x", "//other.example/x"],
    ["mailto:a@b", "mailto:a@b"],
    ["#top", "#top"],
  ])("%s → %s when embedded", (href, want) => {
    expect(withEmbed(href, true)).toBe(want);
  });
  it("leaves links alone outside a frame", () => {
    expect(withEmbed("/serviceaccounts", false)).toBe("/serviceaccounts");
  });
});

describe("isEmbedSearch", () => {
  it("is true only for embed=1", () => {
    expect(isEmbedSearch("?embed=1")).toBe(true);
    expect(isEmbedSearch("embed=1&x=2")).toBe(true);
    expect(isEmbedSearch("?embed=true")).toBe(false);
    expect(isEmbedSearch(new URLSearchParams("a=1"))).toBe(false);
    expect(isEmbedSearch(null)).toBe(false);
  });
});

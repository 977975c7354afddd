import { describe, expect, it } from "vitest";
import { parseServerVersion } from "./version";

describe("parseServerVersion", () => {
  it.each([
    [{ major: "1", minor: "37", gitVersion: "v1.37.0" }, "1.37"],
    [{ major: "1", minor: "37+", gitVersion: "v1.37.3-eks-0a21954" }, "1.37"],
    [{ major: "1", minor: "23+" }, "1.23"],
    [{ major: "", minor: "", gitVersion: "v1.29.4+k3s1" }, "1.29"],
    [{ gitVersion: "1.31.0" }, "1.31"],
    [{ major: "01", minor: "09" }, "1.9"],
  ])("%j → %s", (input, want) => {
    expect(parseServerVersion(input)).toBe(want);
  });

  it.each([[null], [undefined], [{}], [{ major: "1" }], [{ major: "x", minor: "y", gitVersion: "unknown" }]])("%j → undefined", (input) => {
    expect(parseServerVersion(input as never)).toBeUndefined();
  });
});

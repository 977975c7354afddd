import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstInvalidUtf8, lineAtByte } from "./utf8";

describe("firstInvalidUtf8", () => {
  it("accepts what Node encodes as UTF-8", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => firstInvalidUtf8(Buffer.from(s, "utf8")) === -1));
  });
  it("agrees with a fatal TextDecoder on arbitrary bytes", () => {
    const dec = new TextDecoder("utf-8", { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        let valid = true;
        try {
          dec.decode(bytes);
        } catch {
          valid = false;
        }
        return (firstInvalidUtf8(bytes) === -1) === valid;
      }),
    );
  });
  it("points at the first bad byte: Latin-1, overlong, surrogate, truncated", () => {
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe9, 0x62]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xe2, 0x82]))).toBe(2);
  });
  it("lineAtByte counts newlines before the offset", () => {
    const b = Buffer.from("a\nb\nc");
    expect(lineAtByte(b, 0)).toBe(1);
    expect(lineAtByte(b, 2)).toBe(2);
    expect(lineAtByte(b, 4)).toBe(3);
  });
});

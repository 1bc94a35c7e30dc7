import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareUtf8 } from "./compareUtf8.js";

const bytes = (s: string): Buffer => Buffer.from(s, "utf8");

describe("compareUtf8", () => {
  it("orders as the bytes of the UTF-8 do, where UTF-16 order differs", () => {
    expect(["\u{1F600}", "\uFF01", "\uE000", "a", ""].sort(compareUtf8)).toEqual([
      "",
      "a",
      "\uE000",
      "\uFF01",
      "\u{1F600}",
    ]);
    expect(compareUtf8("ab", "a")).toBeGreaterThan(0);
    expect(compareUtf8("x", "x")).toBe(0);
  });

  it("agrees with Buffer.compare on the UTF-8 of any two well-formed strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(Buffer.compare(bytes(a), bytes(b))));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "\uE000", "\uFFFF", "\u{10000}", "\u{1F600}", "\u0080") }),
        fc.string({ unit: fc.constantFrom("a", "\uE000", "\u{10000}", "\u{1F600}") }),
        (a, b) => {
          expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(Buffer.compare(bytes(a), bytes(b))));
        },
      ),
    );
  });
});

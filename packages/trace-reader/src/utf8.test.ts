import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUtf8, describeInvalidUtf8, Utf8Error } from "./utf8.js";

describe("decodeUtf8", () => {
  it("accepts exactly what a fatal TextDecoder accepts, and says where the first bad byte is", () => {
    const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0x80, 0xbf)),
          { maxLength: 12 },
        ),
        (bytes) => {
          const b = Uint8Array.from(bytes);
          let ok: string | null = null;
          try {
            ok = fatal.decode(b);
          } catch {
            // invalid
          }
          if (ok !== null) expect(decodeUtf8(b, "the line")).toBe(ok);
          else {
            expect(() => decodeUtf8(b, "the line")).toThrow(Utf8Error);
            expect(describeInvalidUtf8(b, "the line")).not.toBe("not valid UTF-8");
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("keeps a byte order mark, as serde_json does (which then refuses it)", () => {
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x31]), "x")).toBe("\ufeff1");
  });

  it.each([
    [[0x31, 0xf5], "not valid UTF-8: byte 0xf5 (byte 2 of the line) cannot start a character"],
    [[0xe0, 0x80, 0x80], "not valid UTF-8: the character at byte 1 of the line is an overlong encoding"],
    [[0xf4, 0x90, 0x80, 0x80], "not valid UTF-8: the character at byte 1 of the line is past U+10FFFF"],
    [[0x41, 0xe2, 0x82], "not valid UTF-8: the line ends inside the character that starts at its byte 2"],
  ])("%j: %s", (bytes, message) => {
    expect(describeInvalidUtf8(Uint8Array.from(bytes), "the line")).toBe(message);
  });
});

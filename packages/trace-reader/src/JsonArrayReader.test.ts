import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonArrayReader } from "./JsonArrayReader.js";

type Seen = { element: unknown; line: number; index: number } | { bad: string; line: number };

function split(chunks: readonly Buffer[]): Seen[] {
  const seen: Seen[] = [];
  const reader = new JsonArrayReader({
    element: (text, line, index) => {
      seen.push({ element: JSON.parse(text), line, index });
    },
    bad: (line, message) => seen.push({ bad: message, line }),
  });
  for (const c of chunks) reader.push(c);
  reader.end();
  return seen;
}

/** `bytes` cut at the given offsets. */
const cut = (bytes: Buffer, at: readonly number[]): Buffer[] => {
  const points = [...new Set(at.map((n) => n % (bytes.length + 1)))].sort((a, b) => a - b);
  return [0, ...points].map((p, i) => bytes.subarray(p, points[i] ?? bytes.length));
};

describe("JsonArrayReader", () => {
  it("gives back each element of any JSON array, with its line and index, however the bytes are cut", () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 12 }),
        fc.constantFrom(0, 1, 2, "\t"),
        fc.array(fc.nat()),
        (values, indent, cuts) => {
          const text = JSON.stringify(values, null, indent);
          const seen = split(cut(Buffer.from(text), cuts));
          // With an indent, element i starts on line 2 plus the lines of the elements before it.
          const linesOf = (v: unknown) => JSON.stringify(v, null, indent).split("\n").length;
          const lines = values.map((_, i) =>
            indent === 0 ? 1 : 2 + values.slice(0, i).reduce((n: number, v) => n + linesOf(v), 0),
          );
          expect(seen.map((s) => ("element" in s ? s.element : s))).toStrictEqual(
            values.map((v) => JSON.parse(JSON.stringify(v))),
          );
          expect(seen.map((s) => ("index" in s ? s.index : -1))).toStrictEqual(values.map((_, i) => i));
          expect(seen.map((s) => s.line)).toStrictEqual(lines);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("tracks strings, escapes and nesting: commas and brackets inside them do not split", () => {
    const text = '[ "a,]\\"[", {"x": [1, {"y": "]}"}]}, [[]], -1.5e3 , null ]';
    expect(split([Buffer.from(text)])).toStrictEqual([
      { element: 'a,]"[', line: 1, index: 0 },
      { element: { x: [1, { y: "]}" }] }, line: 1, index: 1 },
      { element: [[]], line: 1, index: 2 },
      { element: -1500, line: 1, index: 3 },
      { element: null, line: 1, index: 4 },
    ]);
  });

  it("reports what breaks the array itself, once, with the line", () => {
    expect(split([Buffer.from("[1,\n2,\n]")])).toStrictEqual([
      { element: 1, line: 1, index: 0 },
      { element: 2, line: 2, index: 1 },
      { bad: '/2: expected an element after "," (got "]": a trailing comma is not JSON)', line: 3 },
    ]);
    expect(split([Buffer.from("[1]\nx\ny")])).toStrictEqual([
      { element: 1, line: 1, index: 0 },
      { bad: 'expected nothing after the closing "]" of the JSON array (got "x")', line: 2 },
    ]);
    expect(split([Buffer.from('[1,\n{"a":\n')])).toStrictEqual([
      { element: 1, line: 1, index: 0 },
      { bad: "/1: the JSON array never closes: the input ends inside element 1, which starts on line 2", line: 2 },
    ]);
  });
});

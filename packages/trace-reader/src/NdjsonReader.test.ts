import { decodeKernelTraceEvent, encodeKernelTraceEvent, type KernelTraceEvent } from "@oris/kernel-types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeRecordText, describeFailure } from "./decodeRecord.js";
import { KERNEL_TRACE_EVENT } from "./serdeRawText.js";
import { NdjsonReader } from "./NdjsonReader.js";
import type { TraceSink } from "./TraceSink.js";
import { decodeUtf8 } from "./utf8.js";

// The fast path for serde_json's own layout must give exactly what the
// general path (JSON.parse + decodeKernelTraceEvent) gives, for every line:
// the same event, or the same error.

/** An event, and whether it came by the fast path (`TraceSink.raw`); or a bad line. */
type Outcome = { event: KernelTraceEvent; raw: boolean } | { line: number; message: string };

function readAll(text: string | Buffer, chunkSizes: readonly number[] = []): Outcome[] {
  const out: Outcome[] = [];
  const sink: TraceSink = {
    event: (event) => out.push({ event, raw: false }),
    raw: (raw) => out.push({ event: raw.toEvent(), raw: true }),
    bad: (line, message) => out.push({ line, message }),
  };
  const reader = new NdjsonReader(sink);
  const bytes = Buffer.from(text);
  let i = 0;
  for (const n of chunkSizes) {
    reader.push(bytes.subarray(i, i + n));
    i += n;
  }
  reader.push(bytes.subarray(i));
  reader.end();
  return out;
}

/** What the general path makes of each line: strict UTF-8, then the library alone. */
function expected(lines: readonly (string | Buffer)[]): Outcome[] {
  return lines.flatMap((bytes, i): Outcome[] => {
    let line: string;
    try {
      line = typeof bytes === "string" ? bytes : decodeUtf8(bytes, "the line");
    } catch (err) {
      return [{ line: i + 1, message: (err as Error).message }];
    }
    if (/^[ \t\r]*$/.test(line)) return [];
    const r = decodeRecordText(line, decodeKernelTraceEvent, KERNEL_TRACE_EVENT);
    return r.ok ? [{ event: r.value, raw: true }] : [{ line: i + 1, message: describeFailure(r) }];
  });
}

/**
 * Compares outcomes. With `serdeLayout` (lines as serde_json writes them)
 * every valid line must have come by the fast path; otherwise either path
 * may have read it.
 */
function expectSame(actual: Outcome[], wanted: Outcome[], serdeLayout = false): void {
  expect(actual.length).toBe(wanted.length);
  actual.forEach((a, i) => {
    const w = wanted[i]!;
    if ("event" in w && "event" in a) {
      expect(a.event).toStrictEqual(w.event);
      if (serdeLayout) expect(a.raw).toBe(true);
    } else expect(a).toStrictEqual(w);
  });
}

const text = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."abcXYZ019-_#()/ ") }),
  fc.string({ unit: "grapheme-ascii" }),
  fc.string({ unit: "binary" }),
  fc.constantFrom("", '"q"', "a\\b", "tab\tid", "line\nbreak", "node-α", "😀", "\u007f"),
);
const integer = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  // 99999999999999999 is meant to be past 2^53: the literal rounds, as a parsed record would.
  // eslint-disable-next-line no-loss-of-precision
  fc.constantFrom(0, 9, 10, 9007199254740991, 9007199254740992, 99999999999999999, 1e16),
  fc.maxSafeNat(),
);
const event = fc.record({
  run_id: text,
  seq: integer,
  step_id: fc.option(text),
  action_id: fc.option(text),
  kind: text,
  timestamp_ms: fc.option(
    fc.oneof(
      integer,
      integer.map((n) => -n),
    ),
    { nil: undefined },
  ),
});

/** serde_json's bytes for an event, also for integers a JavaScript encoder would refuse. */
function serdeLine(e: {
  run_id: string;
  seq: number;
  step_id: string | null;
  action_id: string | null;
  kind: string;
  timestamp_ms?: number | undefined;
}): string {
  const ts = e.timestamp_ms === undefined ? "" : `,"timestamp_ms":${BigInt(e.timestamp_ms)}`;
  return `{"run_id":${JSON.stringify(e.run_id)},"seq":${BigInt(e.seq)},"step_id":${JSON.stringify(e.step_id)},"action_id":${JSON.stringify(e.action_id)},"kind":${JSON.stringify(e.kind)}${ts}}`;
}

describe("NdjsonReader", () => {
  it("reads serde_json's layout exactly as JSON.parse + decodeKernelTraceEvent do", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 200 })), (events, cuts) => {
        const lines = events.map(serdeLine);
        const input = lines.map((l) => `${l}\n`).join("");
        expectSame(readAll(input), expected(lines), true);
        // A line cut across chunks is put together and read the same way.
        expectSame(readAll(input, cuts), expected(lines), true);
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with the general path on damaged lines too (any byte changed, dropped or added)", () => {
    const damage = fc.record({
      at: fc.nat(),
      op: fc.constantFrom("set", "drop", "insert"),
      byte: fc.constantFrom(...Buffer.from(' \t\r",:{}[]\\-0189enul.x'), 0x00, 0x7f, 0x80, 0xc3, 0xe9, 0xff),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(event, fc.array(damage, { maxLength: 3 })), { maxLength: 20 }), (items) => {
        const lines = items.map(([e, damages]) => {
          let l = Buffer.from(serdeLine(e));
          for (const d of damages) {
            const at = d.at % (l.length + 1);
            const b = Buffer.from([d.byte === 0x0a ? 0x20 : d.byte]);
            l = Buffer.concat(
              d.op === "set"
                ? [l.subarray(0, at), b, l.subarray(at + 1)]
                : d.op === "drop"
                  ? [l.subarray(0, at), l.subarray(at + 1)]
                  : [l.subarray(0, at), b, l.subarray(at)],
            );
          }
          return l;
        });
        const input = Buffer.concat(lines.flatMap((l) => [l, Buffer.from("\n")]));
        expectSame(readAll(input), expected(lines));
      }),
      { numRuns: 500 },
    );
  });

  it("takes the fast path for serde_json's layout, with CRLF and for a last line without a newline", () => {
    const e: KernelTraceEvent = { run_id: "r", seq: 1, step_id: null, action_id: "a", kind: "K", timestamp_ms: -5 };
    const out = readAll(`${encodeKernelTraceEvent(e)}\r\n${encodeKernelTraceEvent(e)}`);
    expect(out).toStrictEqual([
      { event: e, raw: true },
      { event: e, raw: true },
    ]);
  });

  it("leaves other layouts and escapes serde_json does not write to the general path", () => {
    const lines = [
      '{"seq":1,"run_id":"r","step_id":null,"action_id":null,"kind":"K"}',
      '{"run_id": "r","seq":1,"step_id":null,"action_id":null,"kind":"K"}',
      '{"run_id":"\\u0072","seq":1,"step_id":null,"action_id":null,"kind":"K"}',
      '{"run_id":"a\\/b","seq":1,"step_id":null,"action_id":null,"kind":"K"}',
      '{"run_id":"r","seq":1,"step_id":null,"action_id":null,"kind":"K","timestamp_ms":-0}',
    ];
    const out = readAll(lines.map((l) => `${l}\n`).join(""));
    expect(out.map((o) => ("raw" in o ? o.raw : o.message))).toStrictEqual([
      false,
      false,
      false,
      false,
      expect.stringContaining("-0"),
    ]);
    expectSame(out, expected(lines));
  });

  it("counts lines across chunks, blank lines and CRLF", () => {
    const out = readAll('\n\r\n{"run_id":"r","seq":1,"kind":"K"}\r\n\n{"seq":2}\n', [3, 1, 7]);
    expect(out).toHaveLength(2);
    expect(out[1]).toMatchObject({ line: 5 });
  });
});

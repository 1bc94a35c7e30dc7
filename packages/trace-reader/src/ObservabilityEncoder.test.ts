import { encodeKernelTraceEvent, type KernelTraceEvent } from "@oris/kernel-types";
import {
  encodeKernelObservability,
  fromKernelTrace,
  kernelObservabilityJsonPieces,
  type JsonLayout,
  type ObservabilityProfile,
} from "@oris/observability";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ObservabilityEncoder } from "./ObservabilityEncoder.js";
import { RawTraceEvent } from "./RawTraceEvent.js";

// Reduce-to-JSON from the input's bytes must give exactly what the library
// gives from objects: encodeKernelObservability(fromKernelTrace(events)).

/** Strings that reach every branch of the scanner: each escape, 2-, 3- and 4-byte UTF-8, U+2028, DEL. */
const text = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'abc019-_#() "\\/\n\r\t\b\f\u0000\u001b\u001f\u007fé€😀\u2028\u2029') }),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom("", "Interrupted", "Resumed", "Interrupte", "Resumedx"),
);
const event: fc.Arbitrary<KernelTraceEvent> = fc
  .record({
    run_id: text,
    seq: fc.oneof(fc.nat(2000), fc.maxSafeNat()),
    step_id: fc.option(text),
    action_id: fc.option(text),
    kind: fc.oneof(text, fc.constantFrom("Interrupted", "Resumed", "Interrupted", "Resumed")),
    timestamp_ms: fc.option(fc.oneof(fc.integer({ min: -5000, max: 5000 }), fc.maxSafeInteger()), { nil: undefined }),
  })
  .map(({ timestamp_ms, ...rest }): KernelTraceEvent =>
    timestamp_ms === undefined ? { ...rest } : { ...rest, timestamp_ms },
  );

const profiles: ObservabilityProfile[] = ["0.2", "0.3"];
const layouts: JsonLayout[] = ["json", "pretty"];

function expectedJson(events: KernelTraceEvent[], profile: ObservabilityProfile, layout: JsonLayout): string {
  const compact = encodeKernelObservability(fromKernelTrace(events, { profile }));
  const want = layout === "json" ? compact : JSON.stringify(JSON.parse(compact), null, 2);
  // The library's pretty encoder gives the same bytes.
  expect(encodeKernelObservability(fromKernelTrace(events, { profile }), { layout })).toBe(want);
  return want;
}

function viaRaw(events: KernelTraceEvent[], profile: ObservabilityProfile, layout: JsonLayout): string {
  const encoder = new ObservabilityEncoder({ profile, layout });
  const raw = new RawTraceEvent();
  const parts: Buffer[] = [];
  for (const e of events) {
    const line = Buffer.from(`${encodeKernelTraceEvent(e)}\n`);
    const end = raw.scan(line, 0, line.length);
    expect(end).toBe(line.length - 1);
    expect(raw.toEvent()).toStrictEqual(e);
    encoder.raw(raw);
    parts.push(Buffer.from(encoder.take()));
  }
  parts.push(Buffer.from(encoder.finish()));
  return Buffer.concat(parts).toString();
}

function viaObjects(events: KernelTraceEvent[], profile: ObservabilityProfile, layout: JsonLayout): string {
  const encoder = new ObservabilityEncoder({ profile, layout });
  for (const e of events) encoder.event(e);
  return Buffer.concat([encoder.take(), encoder.finish(true)]).toString();
}

describe("ObservabilityEncoder", () => {
  it("writes what encodeKernelObservability(fromKernelTrace(…)) writes, from raw bytes and from objects", () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 25 }),
        fc.constantFrom(...profiles),
        fc.constantFrom(...layouts),
        (events, profile, layout) => {
          let want: string;
          try {
            want = expectedJson(events, profile, layout);
          } catch (err) {
            // A 0.3 latency past 2^53−1 ms: the same RangeError from the encoder.
            expect(err).toBeInstanceOf(RangeError);
            expect(() => viaRaw(events, profile, layout)).toThrow(RangeError);
            expect(() => viaObjects(events, profile, layout)).toThrow(RangeError);
            return;
          }
          expect(viaRaw(events, profile, layout)).toBe(want);
          expect(viaObjects(events, profile, layout)).toBe(`${want}\n`);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("follows the 0.3 rule (timestamps) and the 0.2 rule (index) for interrupt latency", () => {
    const events: KernelTraceEvent[] = [
      { run_id: "r", seq: 1, step_id: "s", action_id: null, kind: "Interrupted", timestamp_ms: 100 },
      { run_id: "r", seq: 2, step_id: null, action_id: "a", kind: "StateUpdated", timestamp_ms: 150 },
      { run_id: "r", seq: 3, step_id: null, action_id: null, kind: "Resumed", timestamp_ms: 400 },
    ];
    expect(viaRaw(events, "0.3", "json")).toBe(
      '{"reasoning_timeline":["Interrupted#1(s)","StateUpdated#2(a)","Resumed#3"],"lease_graph":null,"replay_cost":3,"interrupt_latency_ms":300}',
    );
    expect(viaRaw(events, "0.2", "json")).toBe(
      '{"reasoning_timeline":["Interrupted#1","StateUpdated#2","Resumed#3"],"lease_graph":null,"replay_cost":3,"interrupt_latency_ms":2}',
    );
  });

  it("writes a null timeline for no events, and refuses events after finish()", () => {
    const encoder = new ObservabilityEncoder({ layout: "pretty" });
    expect(Buffer.from(encoder.finish()).toString()).toBe(
      '{\n  "reasoning_timeline": null,\n  "lease_graph": null,\n  "replay_cost": null,\n  "interrupt_latency_ms": null\n}',
    );
    expect(() => encoder.event({ run_id: "r", seq: 1, step_id: null, action_id: null, kind: "K" })).toThrow(
      /after finish/,
    );
    expect(() => encoder.finish()).toThrow(/already finished/);
  });

  it("takes its text around the entries from @oris/observability's pieces, in both layouts", () => {
    const events: KernelTraceEvent[] = [
      { run_id: "r", seq: 1, step_id: "s", action_id: null, kind: "A" },
      { run_id: "r", seq: 2, step_id: null, action_id: null, kind: "B" },
    ];
    for (const layout of layouts) {
      const { opening, between, closing } = kernelObservabilityJsonPieces(layout);
      const tail = { lease_graph: null, replay_cost: 2, interrupt_latency_ms: null };
      expect(viaRaw(events, "0.2", layout)).toBe(`${opening}"A#1"${between}"B#2"${closing(tail, 2)}`);
      expect(viaRaw(events, "0.3", layout)).toBe(`${opening}"A#1(s)"${between}"B#2"${closing(tail, 2)}`);
      expect(viaObjects([], "0.3", layout)).toBe(`${closing({ ...tail, replay_cost: null }, null)}\n`);
    }
  });

  it("refuses an event whose entry would hold a lone surrogate, which serde_json cannot write", () => {
    const encoder = new ObservabilityEncoder();
    expect(() => encoder.event({ run_id: "r", seq: 1, step_id: null, action_id: null, kind: "K\ud800" })).toThrow(
      /kind.*lone surrogate/,
    );
  });
});

describe("RawTraceEvent", () => {
  it("gives the same string for the same run id, and a new one for another", () => {
    const raw = new RawTraceEvent();
    const line = (run: string): Buffer =>
      Buffer.from(`{"run_id":"${run}","seq":1,"step_id":null,"action_id":null,"kind":"K"}`);
    const a = line("run-a");
    expect(raw.scan(a, 0, a.length)).toBe(a.length);
    const first = raw.runId();
    const again = line("run-a");
    raw.scan(again, 0, again.length);
    expect(raw.runId()).toBe(first);
    const b = line("run-b");
    raw.scan(b, 0, b.length);
    expect(raw.runId()).toBe("run-b");
  });

  it("refuses what serde_json refuses or does not write, without reading past the end it is given", () => {
    const refused = [
      '{"run_id":"r","seq":01,"step_id":null,"action_id":null,"kind":"K"}',
      '{"run_id":"r","seq":9007199254740992,"step_id":null,"action_id":null,"kind":"K"}',
      '{"run_id":"r","seq":1,"step_id":nul,"action_id":null,"kind":"K"}',
      '{"run_id":"\u0001","seq":1,"step_id":null,"action_id":null,"kind":"K"}',
      '{"run_id":"\\u000a","seq":1,"step_id":null,"action_id":null,"kind":"K"}',
      '{"run_id":"\\u001F","seq":1,"step_id":null,"action_id":null,"kind":"K"}',
      '{"run_id":"r","seq":1,"step_id":null,"action_id":null,"kind":"K","timestamp_ms":-0}',
      '{"run_id":"r","seq":1,"step_id":null,"action_id":null,"kind":"K","timestamp_ms":1.0}',
    ].map((s) => Buffer.from(s));
    const raw = new RawTraceEvent();
    for (const line of refused) expect(raw.scan(line, 0, line.length)).toBe(-1);
    const bad = [
      [0xc0, 0x80], // overlong
      [0xed, 0xa0, 0x80], // a surrogate
      [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      [0xe0, 0x80, 0x80], // overlong
      [0x80], // a stray continuation byte
      [0xff],
    ];
    for (const bytes of bad) {
      const line = Buffer.concat([
        Buffer.from('{"run_id":"'),
        Buffer.from(bytes),
        Buffer.from('","seq":1,"step_id":null,"action_id":null,"kind":"K"}'),
      ]);
      expect(raw.scan(line, 0, line.length)).toBe(-1);
    }
    const whole = Buffer.from('{"run_id":"r","seq":1,"step_id":null,"action_id":null,"kind":"K"}');
    for (let cut = 0; cut < whole.length; cut++) expect(raw.scan(whole, 0, cut)).toBe(-1);
  });
});

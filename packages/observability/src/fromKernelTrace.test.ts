import { decodeKernelTraceEvent, type KernelTraceEvent } from "@oris/kernel-types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { traceCases } from "../../../fixtures/conformance.js";
import {
  createObservabilityReducer,
  createObservabilityStream,
  encodeKernelObservability,
  fromKernelTrace,
  type ObservabilityProfile,
} from "./index.js";

const cases = traceCases();
const decodeTrace = (lines: readonly string[]): KernelTraceEvent[] =>
  lines.map((line) => {
    const r = decodeKernelTraceEvent(JSON.parse(line));
    if (!r.ok) throw r.error;
    return r.value;
  });

const profiles: [ObservabilityProfile, "seed_json" | "upstream_0_3_json"][] = [
  ["0.2", "seed_json"],
  ["0.3", "upstream_0_3_json"],
];

describe("fromKernelTrace against the Rust runtime (traces.json)", () => {
  it("has the vectors", () => {
    expect(cases.length).toBe(208);
  });
  for (const [profile, key] of profiles) {
    it(`profile ${profile}: every case, byte for byte`, () => {
      for (const c of cases) {
        expect(encodeKernelObservability(fromKernelTrace(decodeTrace(c.trace_ndjson), { profile })), c.name).toBe(c[key]);
      }
    });
    it(`profile ${profile}: the incremental reducer equals the batch result after every prefix`, () => {
      for (const c of cases) {
        const events = decodeTrace(c.trace_ndjson);
        const reducer = createObservabilityReducer({ profile });
        expect(reducer.result()).toStrictEqual(fromKernelTrace([], { profile }));
        events.forEach((event, i) => {
          reducer.push(event);
          expect(reducer.count).toBe(i + 1);
          // Byte equality of the encodings is equality of the values, and much cheaper to check.
          const batch = encodeKernelObservability(fromKernelTrace(events.slice(0, i + 1), { profile }));
          expect(encodeKernelObservability(reducer.result()), `${c.name} after ${i + 1}`).toBe(batch);
        });
        expect(reducer.result()).toStrictEqual(fromKernelTrace(events, { profile }));
        expect(encodeKernelObservability(reducer.result())).toBe(c[key]);
      }
    });
  }
  it("defaults to the 0.2 rules", () => {
    const c = cases.find((c) => c.seed_json !== c.upstream_0_3_json)!;
    expect(encodeKernelObservability(fromKernelTrace(decodeTrace(c.trace_ndjson)))).toBe(c.seed_json);
  });
  it("takes any iterable, such as a generator", () => {
    const c = cases[1]!;
    function* events() {
      yield* decodeTrace(c.trace_ndjson);
    }
    expect(encodeKernelObservability(fromKernelTrace(events()))).toBe(c.seed_json);
  });
});

const ev = (seq: number, kind: string, extra: Partial<KernelTraceEvent> = {}): KernelTraceEvent => ({
  run_id: "r",
  seq,
  step_id: null,
  action_id: null,
  kind,
  ...extra,
});

describe("the rules, case by case", () => {
  it("0.2 measures index distance between the first Interrupted and the first Resumed", () => {
    const trace = [ev(1, "Resumed"), ev(2, "Interrupted"), ev(3, "x"), ev(4, "Resumed")];
    expect(fromKernelTrace(trace).interrupt_latency_ms).toBeNull();
    expect(fromKernelTrace(trace.slice(1)).interrupt_latency_ms).toBe(2);
    expect(fromKernelTrace([ev(1, "interrupted"), ev(2, "Resumed")]).interrupt_latency_ms).toBeNull();
  });
  it("0.3 keeps the latest Interrupted's timestamp, takes it on Resumed, keeps the largest gap", () => {
    const trace = [
      ev(1, "Interrupted", { timestamp_ms: 100 }),
      ev(2, "Interrupted", { timestamp_ms: 150 }),
      ev(3, "Resumed", { timestamp_ms: 170 }),
      ev(4, "Resumed", { timestamp_ms: 900 }),
      ev(5, "Interrupted", { timestamp_ms: 1000 }),
      ev(6, "Resumed", { timestamp_ms: 1030 }),
    ];
    expect(fromKernelTrace(trace, { profile: "0.3" }).interrupt_latency_ms).toBe(30);
    const stream = createObservabilityStream({ profile: "0.3" });
    trace.forEach((e) => stream.push(e));
    expect(stream.interruptLatencySource()).toStrictEqual({
      rule: "timestamps",
      interrupted_seq: 5,
      resumed_seq: 6,
      interrupted_ms: 1000,
      resumed_ms: 1030,
    });
  });
  it("0.3: an Interrupted without a timestamp clears the pending one; a backwards pair falls back to the index rule", () => {
    const cleared = [ev(1, "Interrupted", { timestamp_ms: 1 }), ev(2, "Interrupted"), ev(3, "Resumed", { timestamp_ms: 9 })];
    expect(fromKernelTrace(cleared, { profile: "0.3" }).interrupt_latency_ms).toBe(2);
    const backwards = [ev(1, "Interrupted", { timestamp_ms: 9 }), ev(2, "Resumed", { timestamp_ms: 1 })];
    expect(fromKernelTrace(backwards, { profile: "0.3" }).interrupt_latency_ms).toBe(1);
    const stream = createObservabilityStream({ profile: "0.3" });
    backwards.forEach((e) => stream.push(e));
    expect(stream.interruptLatencySource()).toMatchObject({ rule: "index", interrupted_index: 0, resumed_index: 1 });
  });
  it("0.3 timeline entries name the step, else the action", () => {
    const trace = [ev(1, "A", { step_id: "s", action_id: "a" }), ev(2, "B", { action_id: "a" }), ev(3, "C"), ev(4, "D", { step_id: "" })];
    expect(fromKernelTrace(trace, { profile: "0.3" }).reasoning_timeline).toStrictEqual(["A#1(s)", "B#2(a)", "C#3", "D#4()"]);
    expect(fromKernelTrace(trace).reasoning_timeline).toStrictEqual(["A#1", "B#2", "C#3", "D#4"]);
  });
  it("0.3 computes a gap past 2^53 exactly and refuses to round it", () => {
    const max = Number.MAX_SAFE_INTEGER;
    const trace = [ev(1, "Interrupted", { timestamp_ms: -max }), ev(2, "Resumed", { timestamp_ms: max })];
    expect(() => fromKernelTrace(trace, { profile: "0.3" })).toThrow(/18014398509481982 ms, beyond 2\^53−1/);
    const near = [ev(1, "Interrupted", { timestamp_ms: -1 }), ev(2, "Resumed", { timestamp_ms: max - 1 })];
    expect(fromKernelTrace(near, { profile: "0.3" }).interrupt_latency_ms).toBe(max);
  });
  it("result() is a snapshot that later pushes do not change", () => {
    const reducer = createObservabilityReducer();
    reducer.push(ev(1, "A"));
    const before = reducer.result();
    reducer.push(ev(2, "B"));
    expect(before.reasoning_timeline).toStrictEqual(["A#1"]);
    expect(reducer.result().reasoning_timeline).toStrictEqual(["A#1", "B#2"]);
  });
});

describe("properties", () => {
  const kinds = fc.constantFrom("Interrupted", "Resumed", "Completed", "interrupted", "Resumed ");
  const event = fc.record({
    run_id: fc.constant("r"),
    seq: fc.maxSafeNat(),
    step_id: fc.option(fc.string({ maxLength: 3 }), { nil: null }),
    action_id: fc.option(fc.string({ maxLength: 3 }), { nil: null }),
    kind: kinds,
    timestamp_ms: fc.integer({ min: -1000, max: 1000 }),
  });
  it("the stream's entries and counters are the batch result, for any trace and profile", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), fc.constantFrom<ObservabilityProfile>("0.2", "0.3"), (trace, profile) => {
        const stream = createObservabilityStream({ profile });
        const entries = trace.map((e) => stream.push(e));
        const batch = fromKernelTrace(trace, { profile });
        expect(batch.reasoning_timeline).toStrictEqual(entries.length === 0 ? null : entries);
        expect(batch.replay_cost).toBe(stream.replayCost());
        expect(batch.interrupt_latency_ms).toBe(stream.interruptLatencyMs());
        expect(batch.lease_graph).toBeNull();
      }),
    );
  });
});

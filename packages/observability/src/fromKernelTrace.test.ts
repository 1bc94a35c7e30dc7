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
        expect(encodeKernelObservability(fromKernelTrace(decodeTrace(c.trace_ndjson), { profile })), c.name).toBe(
          c[key],
        );
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
    const cleared = [
      ev(1, "Interrupted", { timestamp_ms: 1 }),
      ev(2, "Interrupted"),
      ev(3, "Resumed", { timestamp_ms: 9 }),
    ];
    expect(fromKernelTrace(cleared, { profile: "0.3" }).interrupt_latency_ms).toBe(2);
    const backwards = [ev(1, "Interrupted", { timestamp_ms: 9 }), ev(2, "Resumed", { timestamp_ms: 1 })];
    expect(fromKernelTrace(backwards, { profile: "0.3" }).interrupt_latency_ms).toBe(1);
    const stream = createObservabilityStream({ profile: "0.3" });
    backwards.forEach((e) => stream.push(e));
    expect(stream.interruptLatencySource()).toMatchObject({ rule: "index", interrupted_index: 0, resumed_index: 1 });
  });
  it("0.3 timeline entries name the step, else the action", () => {
    const trace = [
      ev(1, "A", { step_id: "s", action_id: "a" }),
      ev(2, "B", { action_id: "a" }),
      ev(3, "C"),
      ev(4, "D", { step_id: "" }),
    ];
    expect(fromKernelTrace(trace, { profile: "0.3" }).reasoning_timeline).toStrictEqual([
      "A#1(s)",
      "B#2(a)",
      "C#3",
      "D#4()",
    ]);
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
      fc.property(
        fc.array(event, { maxLength: 30 }),
        fc.constantFrom<ObservabilityProfile>("0.2", "0.3"),
        (trace, profile) => {
          const stream = createObservabilityStream({ profile });
          const entries = trace.map((e) => stream.push(e));
          const batch = fromKernelTrace(trace, { profile });
          expect(batch.reasoning_timeline).toStrictEqual(entries.length === 0 ? null : entries);
          expect(batch.replay_cost).toBe(stream.replayCost());
          expect(batch.interrupt_latency_ms).toBe(stream.interruptLatencyMs());
          expect(batch.lease_graph).toBeNull();
        },
      ),
    );
  });
});

describe("what the reducer accepts", () => {
  const max = Number.MAX_SAFE_INTEGER;
  const ok = [ev(1, "Interrupted", { timestamp_ms: 10 }), ev(2, "Resumed", { timestamp_ms: 25 }), ev(3, "Completed")];
  const at3 = (bad: unknown) => [...ok, bad] as KernelTraceEvent[];

  it("the events the decoders make, at the edges of every range", () => {
    const trace = [
      ev(0, "Interrupted", { timestamp_ms: -max }),
      ev(max, "Resumed", { timestamp_ms: max - 1 - max }),
      { run_id: "r", seq: 5, kind: "K" } as KernelTraceEvent,
      { ...ev(6, "K", { action_id: "a" }), timestamp_ms: null } as unknown as KernelTraceEvent,
    ];
    for (const profile of ["0.2", "0.3"] as const) {
      expect(fromKernelTrace(trace, { profile }).replay_cost).toBe(4);
    }
    expect(fromKernelTrace(trace, { profile: "0.3" }).interrupt_latency_ms).toBe(max - 1);
  });
  it("not an object: a hole of a sparse array, null, a primitive", () => {
    // eslint-disable-next-line no-sparse-arrays -- the hole is what is tested
    const sparse = [ok[0], , ok[1]] as KernelTraceEvent[];
    expect(() => fromKernelTrace(sparse)).toThrow(
      new TypeError(
        "fromKernelTrace: event 1 must be a KernelTraceEvent object (got undefined, as a hole of a sparse array reads)",
      ),
    );
    expect(() => fromKernelTrace(at3(null))).toThrow(
      new TypeError("fromKernelTrace: event 3 must be a KernelTraceEvent object (got null)"),
    );
    expect(() => fromKernelTrace(at3("Interrupted#4"))).toThrow(
      new TypeError('fromKernelTrace: event 3 must be a KernelTraceEvent object (got "Interrupted#4")'),
    );
  });
  it("timestamp_ms under 0.3: ±Infinity, NaN, a fraction, past 2^53−1, a string", () => {
    for (const [bad, shown] of [
      [Infinity, "Infinity"],
      [-Infinity, "-Infinity"],
      [NaN, "NaN"],
      [1.5, "1.5"],
      [2 ** 53, "9007199254740992"],
      ["10", '"10"'],
    ] as const) {
      expect(
        () => fromKernelTrace(at3(ev(4, "Resumed", { timestamp_ms: bad as number })), { profile: "0.3" }),
        shown,
      ).toThrow(
        new TypeError(`fromKernelTrace: event 3: timestamp_ms must be a safe integer, null or absent (got ${shown})`),
      );
    }
  });
  it("0.2 does not read timestamp_ms, step_id or action_id, and does not check them", () => {
    const odd = at3({ ...ev(4, "Resumed"), timestamp_ms: Infinity, step_id: 7, action_id: {} });
    expect(fromKernelTrace(odd)).toStrictEqual(fromKernelTrace(at3(ev(4, "Resumed"))));
    expect(() => fromKernelTrace(odd, { profile: "0.3" })).toThrow(/^fromKernelTrace: event 3: timestamp_ms must be/);
    const stream = createObservabilityStream();
    stream.advance("Interrupted", 1, NaN);
    expect(stream.count).toBe(1);
  });
  it("seq: negative, a fraction, NaN, past 2^53−1, a string", () => {
    for (const [bad, shown] of [
      [-1, "-1"],
      [1.5, "1.5"],
      [NaN, "NaN"],
      [Infinity, "Infinity"],
      [2 ** 53, "9007199254740992"],
      ["4", '"4"'],
      [4n, "4n"],
    ] as const) {
      expect(() => fromKernelTrace(at3(ev(bad as number, "K")))).toThrow(
        new TypeError(`fromKernelTrace: event 3: seq must be a safe integer from 0 to 2^53−1 (got ${shown})`),
      );
    }
  });
  it("kind, and under 0.3 step_id and action_id", () => {
    expect(() => fromKernelTrace(at3({ ...ev(4, "K"), kind: undefined }))).toThrow(
      new TypeError("fromKernelTrace: event 3: kind must be a string (got undefined)"),
    );
    expect(() => fromKernelTrace(at3(ev(4, "K", { step_id: 7 as unknown as string })), { profile: "0.3" })).toThrow(
      new TypeError("fromKernelTrace: event 3: step_id must be a string, null or absent (got 7)"),
    );
    expect(() => fromKernelTrace(at3(ev(4, "K", { action_id: {} as string })), { profile: "0.3" })).toThrow(
      new TypeError("fromKernelTrace: event 3: action_id must be a string, null or absent (got an object)"),
    );
  });
  it("the trace itself must be iterable", () => {
    expect(() => fromKernelTrace(null as unknown as KernelTraceEvent[])).toThrow(
      new TypeError("fromKernelTrace: the trace must be an iterable of KernelTraceEvent, such as an array (got null)"),
    );
  });
  it("the reducer and the stream refuse the same events, naming themselves, and are unchanged after", () => {
    const reducer = createObservabilityReducer({ profile: "0.3" });
    for (const e of ok.slice(0, 2)) reducer.push(e);
    const before = reducer.result();
    expect(() => reducer.push(ev(3, "Resumed", { timestamp_ms: Infinity }))).toThrow(
      new TypeError(
        "ObservabilityReducer.push: event 2: timestamp_ms must be a safe integer, null or absent (got Infinity)",
      ),
    );
    expect(reducer.count).toBe(2);
    expect(reducer.result()).toStrictEqual(before);
    reducer.push(ok[2]!);
    expect(reducer.result()).toStrictEqual(fromKernelTrace(ok, { profile: "0.3" }));

    const stream = createObservabilityStream({ profile: "0.3" });
    expect(() => stream.push(null as unknown as KernelTraceEvent)).toThrow(
      new TypeError("ObservabilityStream.push: event 0 must be a KernelTraceEvent object (got null)"),
    );
    stream.push(ok[0]!);
    expect(() => stream.advance("Resumed", 2, NaN)).toThrow(
      new TypeError(
        "ObservabilityStream.advance: event 1: timestamp_ms must be a safe integer, null or absent (got NaN)",
      ),
    );
    expect(() => stream.advance("Resumed", -0.5, 1)).toThrow(
      new TypeError("ObservabilityStream.advance: event 1: seq must be a safe integer from 0 to 2^53−1 (got -0.5)"),
    );
    expect(() => stream.advance(5 as unknown as string, 2, 1)).toThrow(
      new TypeError("ObservabilityStream.advance: event 1: kind must be a string (got 5)"),
    );
    expect(stream.count).toBe(1);
    stream.advance("Resumed", 2, 25);
    expect([stream.count, stream.interruptLatencyMs()]).toEqual([2, 15]);
  });
});

import { decodeKernelTraceEvent, EncodeError, type KernelTraceEvent } from "@oris/kernel-types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readFixture, traceCases, wireCases } from "../../../fixtures/conformance.js";
import {
  createObservabilityJsonWriter,
  createObservabilityStream,
  decodeKernelObservability,
  encodeKernelObservability,
  encodeTimelineEntry,
  fromKernelTrace,
  kernelObservabilityJsonPieces,
  type JsonLayout,
  type KernelObservability,
  type ObservabilityProfile,
} from "./index.js";

// serde_json's to_string_pretty and JSON.stringify(value, null, 2) lay out
// strings, safe integers, nulls, arrays and objects identically (two-space
// indent, `"key": value`, `[]` for an empty array, each element on its own
// line), and escape well-formed strings identically. So the pretty bytes
// expected here are JSON.stringify's two-space form of the serde_json bytes
// of the conformance vectors (or of a value whose compact form is checked
// against them).
const prettyOf = (serdeJson: string): string => JSON.stringify(JSON.parse(serdeJson), null, 2);

/** The writer's pieces for `o`, entry by entry, and whether each piece came right after the entry. */
function write(o: KernelObservability, layout: JsonLayout): string {
  const writer = createObservabilityJsonWriter({ layout });
  const pieces: string[] = [];
  for (const entry of o.reasoning_timeline ?? []) pieces.push(writer.entry(entry));
  expect(writer.count).toBe(o.reasoning_timeline?.length ?? 0);
  pieces.push(writer.finish(o));
  return pieces.join("");
}

const decodeTrace = (lines: readonly string[]): KernelTraceEvent[] =>
  lines.map((line) => {
    const r = decodeKernelTraceEvent(JSON.parse(line));
    if (!r.ok) throw r.error;
    return r.value;
  });

interface CheckpointCase {
  readonly name: string;
  readonly seed_json: string;
  readonly upstream_0_3_json: string;
}

/** Every KernelObservability of the conformance data, as serde_json wrote it. */
const serdeTexts = [
  ...traceCases().flatMap((c) => [c.seed_json, c.upstream_0_3_json]),
  ...readFixture<{ cases: CheckpointCase[] }>("checkpoints.json").cases.flatMap((c) => [
    c.seed_json,
    c.upstream_0_3_json,
  ]),
  // (but for integers past 2^53−1, which the decoder refuses: JSON.parse cannot read them exactly)
  ...wireCases("KernelObservability").flatMap((c) =>
    c.serde.ok && c.serde.canonical !== undefined && decodeKernelObservability(JSON.parse(c.serde.canonical)).ok
      ? [c.serde.canonical]
      : [],
  ),
];

function decoded(json: string): KernelObservability {
  const r = decodeKernelObservability(JSON.parse(json));
  if (!r.ok) throw r.error;
  return r.value;
}

const str = fc.oneof(
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: fc.constantFrom(...'aZ09#() "\\/\n\r\t\b\f\u0000\u001b\u001f\u007fé€😀\u2028\u2029') }),
);
const u64 = fc.option(fc.oneof(fc.nat(1000), fc.maxSafeNat()));
const observability: fc.Arbitrary<KernelObservability> = fc.record({
  reasoning_timeline: fc.option(fc.array(str, { maxLength: 6 })),
  lease_graph: fc.option(fc.array(fc.tuple(str, str), { maxLength: 3 })),
  replay_cost: u64,
  interrupt_latency_ms: u64,
});
const layouts: JsonLayout[] = ["json", "pretty"];

describe("createObservabilityJsonWriter and encodeKernelObservability against serde_json", () => {
  it("has the vectors, with lease graphs, empty and null timelines among them", () => {
    expect(serdeTexts.length).toBeGreaterThan(600);
    expect(serdeTexts.some((t) => t.includes('"lease_graph":[['))).toBe(true);
    expect(serdeTexts.some((t) => t.startsWith('{"reasoning_timeline":null'))).toBe(true);
  });

  it("writes serde_json's bytes (to_string) and its to_string_pretty layout for every vector", () => {
    for (const json of serdeTexts) {
      const o = decoded(json);
      expect(encodeKernelObservability(o), json).toBe(json);
      expect(encodeKernelObservability(o, { layout: "json" }), json).toBe(json);
      expect(encodeKernelObservability(o, { layout: "pretty" }), json).toBe(prettyOf(json));
      // The writer gives null for no entry: the same text but for an empty (Some) timeline.
      if (o.reasoning_timeline?.length !== 0) {
        expect(write(o, "json"), json).toBe(json);
        expect(write(o, "pretty"), json).toBe(prettyOf(json));
      }
    }
  });

  it("streams fromKernelTrace's result entry by entry, as the Rust runtime wrote it", () => {
    const profiles: [ObservabilityProfile, "seed_json" | "upstream_0_3_json"][] = [
      ["0.2", "seed_json"],
      ["0.3", "upstream_0_3_json"],
    ];
    for (const c of traceCases()) {
      for (const [profile, key] of profiles) {
        for (const layout of layouts) {
          const stream = createObservabilityStream({ profile });
          const writer = createObservabilityJsonWriter({ layout });
          let text = "";
          for (const event of decodeTrace(c.trace_ndjson)) text += writer.entry(stream.push(event));
          text += writer.finish({
            lease_graph: null,
            replay_cost: stream.replayCost(),
            interrupt_latency_ms: stream.interruptLatencyMs(),
          });
          expect(text, `${c.name} ${profile} ${layout}`).toBe(layout === "json" ? c[key] : prettyOf(c[key]));
        }
      }
    }
  });

  it("writes what encodeKernelObservability writes, and JSON.stringify's form of it for pretty (random values)", () => {
    fc.assert(
      fc.property(observability, (o) => {
        const compact = encodeKernelObservability(o);
        // The compact form is JSON.stringify's of the four keys in order.
        expect(compact).toBe(
          JSON.stringify(o, ["reasoning_timeline", "lease_graph", "replay_cost", "interrupt_latency_ms"]),
        );
        expect(encodeKernelObservability(o, { layout: "pretty" })).toBe(JSON.stringify(JSON.parse(compact), null, 2));
        const streamed = o.reasoning_timeline?.length === 0 ? { ...o, reasoning_timeline: null } : o;
        expect(write(o, "json")).toBe(encodeKernelObservability(streamed));
        expect(write(o, "pretty")).toBe(encodeKernelObservability(streamed, { layout: "pretty" }));
      }),
      { numRuns: 500 },
    );
  });

  it("writes a null timeline when no entry was written, and [] for an empty one given whole", () => {
    const tail = { lease_graph: [], replay_cost: null, interrupt_latency_ms: 3 };
    const none = { reasoning_timeline: null, ...tail };
    expect(createObservabilityJsonWriter().finish(tail)).toBe(JSON.stringify(none));
    expect(createObservabilityJsonWriter({ layout: "pretty" }).finish(tail)).toBe(JSON.stringify(none, null, 2));
    expect(createObservabilityJsonWriter({ layout: "pretty" }).finish(tail)).toBe(
      '{\n  "reasoning_timeline": null,\n  "lease_graph": [],\n  "replay_cost": null,\n  "interrupt_latency_ms": 3\n}',
    );
    const empty = { reasoning_timeline: [], lease_graph: null, replay_cost: 0, interrupt_latency_ms: null };
    expect(encodeKernelObservability(empty)).toBe(JSON.stringify(empty));
    expect(encodeKernelObservability(empty, { layout: "pretty" })).toBe(JSON.stringify(empty, null, 2));
  });

  it("escapes entries and lease edges as serde_json does, short and long (past 4096 code units)", () => {
    const entries = [
      'say "hi"\\',
      "\u0000\u0001\b\t\n\u000b\f\r\u001b\u001f",
      "\u007f é € 😀 \u2028\u2029 /",
      `${"x".repeat(5000)}#1`,
      `${"y".repeat(5000)}"\n#2`,
      "",
    ];
    const o: KernelObservability = {
      reasoning_timeline: entries,
      lease_graph: [
        ['a"\\', "\u0001\u{1F600}"],
        ["", "\u2028"],
      ],
      replay_cost: 6,
      interrupt_latency_ms: 0,
    };
    const json = JSON.stringify(o);
    expect(encodeKernelObservability(o)).toBe(json);
    expect(write(o, "json")).toBe(json);
    expect(encodeKernelObservability(o, { layout: "pretty" })).toBe(JSON.stringify(o, null, 2));
    expect(write(o, "pretty")).toBe(JSON.stringify(o, null, 2));
    for (const [i, e] of entries.entries()) expect(encodeTimelineEntry(e, i)).toBe(JSON.stringify(e));
    // The pretty lease edge is a nested array, one string per line.
    expect(
      encodeKernelObservability({ ...o, reasoning_timeline: null, lease_graph: [["a", "w"]] }, { layout: "pretty" }),
    ).toContain('"lease_graph": [\n    [\n      "a",\n      "w"\n    ]\n  ],');
  });

  it("refuses a lone surrogate or a non-string entry with the entry's path, and anything after finish()", () => {
    for (const layout of layouts) {
      const writer = createObservabilityJsonWriter({ layout });
      writer.entry("A#1");
      expect(() => writer.entry("B\ud800#2")).toThrow(
        expect.objectContaining({ name: "EncodeError", path: "/reasoning_timeline/1" }),
      );
      expect(() => writer.entry(`${"z".repeat(5000)}\udfff`)).toThrow(
        expect.objectContaining({ path: "/reasoning_timeline/1" }),
      );
      expect(() => writer.entry(7 as unknown as string)).toThrow(EncodeError);
      expect(writer.count).toBe(1);
      expect(writer.entry("C#3")).toBe(`${kernelObservabilityJsonPieces(layout).between}"C#3"`);
      expect(() =>
        writer.finish({ lease_graph: [["a", "\udc00"]], replay_cost: null, interrupt_latency_ms: null }),
      ).toThrow(expect.objectContaining({ path: "/lease_graph/0/1" }));
      expect(() => writer.finish({ lease_graph: null, replay_cost: -1, interrupt_latency_ms: null })).toThrow(
        expect.objectContaining({ path: "/replay_cost" }),
      );
      expect(writer.finish({ lease_graph: null, replay_cost: 2, interrupt_latency_ms: null })).toBe(
        kernelObservabilityJsonPieces(layout).closing(
          { lease_graph: null, replay_cost: 2, interrupt_latency_ms: null },
          2,
        ),
      );
      expect(() => writer.entry("D#4")).toThrow(/after finish/);
      expect(() => writer.finish({ lease_graph: null, replay_cost: 2, interrupt_latency_ms: null })).toThrow(
        /already finished/,
      );
    }
    expect(() => encodeTimelineEntry("\ud800")).toThrow(expect.objectContaining({ path: "/reasoning_timeline" }));
    expect(() =>
      encodeKernelObservability(
        {
          reasoning_timeline: ["a", "b", "c", "\udbff"],
          lease_graph: null,
          replay_cost: null,
          interrupt_latency_ms: null,
        },
        { layout: "pretty" },
      ),
    ).toThrow(expect.objectContaining({ path: "/reasoning_timeline/3" }));
    expect(() => encodeKernelObservability(emptyWithEdge([1, 2]))).toThrow(
      expect.objectContaining({ path: "/lease_graph/0/0" }),
    );
    expect(() => encodeKernelObservability(emptyWithEdge(["a"]))).toThrow(
      expect.objectContaining({ path: "/lease_graph/0" }),
    );
  });

  it("streams a long timeline in pieces that join to the whole encoder's text", () => {
    const entries = Array.from({ length: 200_000 }, (_, i) =>
      i % 1000 === 999 ? `Note#${i}("\\")` : `StateUpdated#${i}(step-${i % 13})`,
    );
    const o: KernelObservability = {
      reasoning_timeline: entries,
      lease_graph: null,
      replay_cost: entries.length,
      interrupt_latency_ms: 12,
    };
    for (const layout of layouts) {
      const writer = createObservabilityJsonWriter({ layout });
      const chunks: string[] = [];
      let chunk = "";
      for (const e of entries) {
        chunk += writer.entry(e);
        if (chunk.length > 64 * 1024) {
          chunks.push(chunk);
          chunk = "";
        }
      }
      chunks.push(chunk + writer.finish(o));
      expect(chunks.length).toBeGreaterThan(10);
      const text = chunks.join("");
      expect(text).toBe(encodeKernelObservability(o, { layout }));
      expect(text).toBe(layout === "json" ? JSON.stringify(o) : JSON.stringify(o, null, 2));
    }
  });

  it("has the pieces of both layouts, and refuses another layout", () => {
    expect(kernelObservabilityJsonPieces()).toBe(kernelObservabilityJsonPieces("json"));
    for (const layout of layouts) {
      const { opening, between, closing } = kernelObservabilityJsonPieces(layout);
      const tail = { lease_graph: null, replay_cost: 2, interrupt_latency_ms: null };
      const o = { reasoning_timeline: ["A#1", "B#2"], ...tail };
      const indent = layout === "json" ? undefined : 2;
      expect(`${opening}"A#1"${between}"B#2"${closing(tail, 2)}`).toBe(JSON.stringify(o, null, indent));
      expect(closing(tail, null)).toBe(JSON.stringify({ ...o, reasoning_timeline: null }, null, indent));
      expect(closing(tail, 0)).toBe(JSON.stringify({ ...o, reasoning_timeline: [] }, null, indent));
    }
    expect(() => kernelObservabilityJsonPieces("yaml" as JsonLayout)).toThrow(TypeError);
    expect(() => createObservabilityJsonWriter({ layout: "yaml" as JsonLayout })).toThrow(TypeError);
  });
});

function emptyWithEdge(edge: unknown[]): KernelObservability {
  return {
    reasoning_timeline: null,
    lease_graph: [edge as unknown as readonly [string, string]],
    replay_cost: null,
    interrupt_latency_ms: null,
  };
}

describe("fromKernelTrace and the writer agree", () => {
  it("for random traces", () => {
    const event = fc.record({
      run_id: fc.constant("r"),
      seq: fc.nat(100),
      step_id: fc.option(str),
      action_id: fc.option(str),
      kind: fc.oneof(str, fc.constantFrom("Interrupted", "Resumed")),
    });
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 20 }),
        fc.constantFrom<ObservabilityProfile>("0.2", "0.3"),
        fc.constantFrom(...layouts),
        (events, profile, layout) => {
          const stream = createObservabilityStream({ profile });
          const writer = createObservabilityJsonWriter({ layout });
          let text = "";
          for (const e of events) text += writer.entry(stream.push(e));
          text += writer.finish({
            lease_graph: null,
            replay_cost: stream.replayCost(),
            interrupt_latency_ms: stream.interruptLatencyMs(),
          });
          expect(text).toBe(encodeKernelObservability(fromKernelTrace(events, { profile }), { layout }));
        },
      ),
      { numRuns: 200 },
    );
  });
});

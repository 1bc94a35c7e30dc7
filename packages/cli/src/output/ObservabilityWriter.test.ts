import { encodeKernelObservability, type KernelObservability } from "@oris/observability";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ObservabilityWriter } from "./ObservabilityWriter.js";

function write(o: KernelObservability, layout: "json" | "pretty"): string {
  let out = "";
  const writer = new ObservabilityWriter({ write: (t) => (out += t) }, layout);
  // Plain entries through the batch, others one by one, interleaved.
  for (const entry of o.reasoning_timeline ?? []) {
    if (/^[\x20\x21\x23-\x5b\x5d-\x7e]*$/.test(entry)) writer.plainEntry(entry);
    else writer.entry(entry);
  }
  writer.finish(o);
  return out;
}

const str = fc.string({ unit: "grapheme" });
const u64 = fc.option(fc.maxSafeNat());
const observability = fc.record({
  reasoning_timeline: fc.option(fc.array(str, { minLength: 1, maxLength: 5 })),
  lease_graph: fc.option(fc.array(fc.tuple(str, str), { maxLength: 3 })),
  replay_cost: u64,
  interrupt_latency_ms: u64,
});

describe("ObservabilityWriter", () => {
  it("json: the library encoder's bytes and a newline", () => {
    fc.assert(fc.property(observability, (o) => {
        expect(write(o, "json")).toBe(`${encodeKernelObservability(o)}\n`);
      }));
  });

  it("pretty: serde_json's to_string_pretty layout (as JSON.stringify with two spaces lays it out)", () => {
    fc.assert(fc.property(observability, (o) => {
        expect(write(o, "pretty")).toBe(`${JSON.stringify(o, null, 2)}\n`);
      }));
  });

  it("pretty: an empty lease graph is []", () => {
    expect(write({ reasoning_timeline: null, lease_graph: [], replay_cost: null, interrupt_latency_ms: 3 }, "pretty")).toBe(
      '{\n  "reasoning_timeline": null,\n  "lease_graph": [],\n  "replay_cost": null,\n  "interrupt_latency_ms": 3\n}\n',
    );
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import type { KernelTraceEvent } from "@oris/kernel-types";
import { encodeKernelObservability, fromKernelTrace } from "@oris/observability";
import { afterAll, describe, expect, it } from "vitest";
import { observeTrace, readTraceEvents, TraceReadError, type TraceInput } from "../src/index.js";

// Every conformance trace, written as NDJSON and as a JSON array, plain and
// gzip, read from a path, a stream and bytes: the events read, reduced by the
// library, give the Rust runtime's bytes for both rule sets.

interface Case {
  readonly name: string;
  readonly trace_ndjson: readonly string[];
  readonly seed_json: string;
  readonly upstream_0_3_json: string;
}

const traces = (
  JSON.parse(readFileSync(new URL("../../../fixtures/conformance/traces.json", import.meta.url), "utf8")) as {
    cases: Case[];
  }
).cases;
const dir = mkdtempSync(join(tmpdir(), "oris-trace-reader-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The forms of one trace: name → bytes. */
function forms(c: Case): [string, Buffer][] {
  const ndjson = Buffer.from(c.trace_ndjson.map((l) => `${l}\n`).join(""), "utf8");
  const array = Buffer.from(`[\n${c.trace_ndjson.join(",\n")}\n]\n`, "utf8");
  const out: [string, Buffer][] = [
    ["array", array],
    ["array.gz", gzipSync(array)],
  ];
  // An empty NDJSON file holds no trace (the reader refuses it, as the CLI does); the empty trace is `[]`.
  if (c.trace_ndjson.length > 0) out.push(["ndjson", ndjson], ["ndjson.gz", gzipSync(ndjson)]);
  return out;
}

/** The three ways to hand over `bytes`. */
function inputs(name: string, bytes: Buffer): [string, () => TraceInput][] {
  const path = join(dir, `${name.replace(/[^A-Za-z0-9]+/g, "-")}.${Math.random().toString(36).slice(2)}`);
  writeFileSync(path, bytes);
  return [
    ["path", () => path],
    ["stream", () => Readable.from([bytes.subarray(0, 7), bytes.subarray(7)])],
    ["bytes", () => new Uint8Array(bytes)],
  ];
}

async function eventsOf(input: TraceInput): Promise<KernelTraceEvent[]> {
  const events: KernelTraceEvent[] = [];
  for await (const record of readTraceEvents(input)) {
    if ("error" in record) throw new Error(`line ${record.error.line}: ${record.error.message}`);
    events.push(record.event);
  }
  return events;
}

describe("every conformance trace through readTraceEvents and observeTrace", () => {
  it.each(traces.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    for (const [form, bytes] of forms(c)) {
      for (const [how, input] of inputs(`${c.name}-${form}`, bytes)) {
        const where = `${form} from a ${how}`;
        const events = await eventsOf(input());
        expect(encodeKernelObservability(fromKernelTrace(events)), where).toBe(c.seed_json);
        expect(encodeKernelObservability(fromKernelTrace(events, { profile: "0.3" })), where).toBe(c.upstream_0_3_json);
        expect(await observeTrace(input()), where).toBe(c.seed_json);
        expect(await observeTrace(input(), { profile: "0.3" }), where).toBe(c.upstream_0_3_json);
      }
    }
  });

  it("an empty NDJSON input is no trace", async () => {
    await expect(observeTrace(new Uint8Array(0))).rejects.toThrow(TraceReadError);
    await expect(observeTrace(new Uint8Array(0))).rejects.toThrow(
      "<bytes>: empty input: no bytes, so no trace (an empty trace is the JSON array [])",
    );
  });
});

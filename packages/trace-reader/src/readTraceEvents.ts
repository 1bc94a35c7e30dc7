import type { KernelTraceEvent } from "@oris/kernel-types";
import type { ObservabilityProfile } from "@oris/observability";
import { ObservabilityEncoder } from "./ObservabilityEncoder.js";
import { JsonArrayReader } from "./JsonArrayReader.js";
import { NdjsonReader } from "./NdjsonReader.js";
import { inputName, type TraceInput } from "./TraceInput.js";
import { readRecords, TraceElements } from "./readRecords.js";
import { readTrace, type ReadOptions } from "./readTrace.js";
import type { TraceSink } from "./TraceSink.js";

/** A valid KernelTraceEvent of a trace, and the 1-based line it starts on. */
export interface TraceEventRecord {
  /** The event, as `decodeKernelTraceEvent` gives it. */
  readonly event: KernelTraceEvent;
  /** The 1-based line the record starts on. */
  readonly line: number;
}

/** Where a bad record is and what is wrong with it. */
export interface TraceRecordError {
  /**
   * What is wrong, as the CLI prints it after `FILE:LINE: `, e.g.
   * `/seq: expected an unsigned integer (got "1")`, or for a JSON array's
   * element `/3/seq: …`.
   */
  readonly message: string;
  /** The 1-based line the record starts on. */
  readonly line: number;
  /** For a JSON array, the 0-based index of the element, when the problem is in one. */
  readonly index?: number;
  /** For a record that is not JSON: the 1-based column on `line` where it stops being JSON, in UTF-8 bytes (as serde_json counts). */
  readonly column?: number;
}

/** A bad record of a trace: the reading went on after it. */
export interface TraceErrorRecord {
  /** Where the bad record is and what is wrong with it. */
  readonly error: TraceRecordError;
}

/** What {@link readTraceEvents} yields: an event, or a bad record. */
export type TraceRecord = TraceEventRecord | TraceErrorRecord;

/** Options for {@link readTraceEvents} and {@link readTraceBatches}. */
export interface ReadTraceOptions {
  /** The input's name in error messages; default: the path, `<stream>` or `<bytes>`. */
  readonly name?: string;
}

/** A sink that collects what it is sent into `batch`. */
class BatchSink implements TraceSink {
  batch: TraceRecord[] = [];

  event(event: KernelTraceEvent, line: number): void {
    this.batch.push({ event, line });
  }

  bad(line: number, message: string, index?: number, column?: number): void {
    this.batch.push({
      error: { message, line, ...(index === undefined ? {} : { index }), ...(column === undefined ? {} : { column }) },
    });
  }
}

/**
 * The records of a trace input in batches, one per chunk of input read (a
 * few thousand records at most), so memory stays bounded however long the
 * trace. The same records as {@link readTraceEvents}, in the same order,
 * with less overhead per event.
 *
 * @example
 * ```ts
 * import { readTraceBatches } from "@oris/trace-reader";
 *
 * let events = 0;
 * for await (const batch of readTraceBatches("trace.ndjson.gz")) {
 *   for (const record of batch) if ("event" in record) events++;
 * }
 * console.log(events);
 * ```
 */
export async function* readTraceBatches(
  input: TraceInput,
  options: ReadTraceOptions = {},
): AsyncGenerator<TraceRecord[], void, undefined> {
  const sink = new BatchSink();
  const readOptions: ReadOptions = { name: inputName(input, options.name) };
  const steps = readRecords(input, readOptions, (layout) =>
    layout === "JSON array" ? new JsonArrayReader(new TraceElements(sink)) : new NdjsonReader(sink),
  );
  for (;;) {
    const r = await steps.next();
    if (sink.batch.length > 0) {
      const batch = sink.batch;
      sink.batch = [];
      yield batch;
    }
    if (r.done === true) return;
  }
}

/**
 * The records of a trace input, one at a time: `{ event, line }` for each
 * valid KernelTraceEvent, `{ error: { message, line, index? } }` for each
 * bad record (the reading goes on after it). The input is a file path, a
 * readable stream or bytes; NDJSON or one JSON array; plain or gzip (named
 * `.gz`, or starting with gzip's magic bytes). It is read in bounded memory
 * and held to serde_json's rules, as the Rust runtime reads it: strict
 * UTF-8, repeated fields, lone surrogates in field names, float literals
 * for integer fields, integers past 2^53−1, records of at most 16 MiB;
 * blank lines (Unicode White_Space only) are skipped, and a last line with
 * no newline is read (if it is cut short, its error says so).
 *
 * Throws a {@link TraceReadError} when the input cannot be read at all.
 *
 * @example
 * ```ts
 * import { readTraceEvents } from "@oris/trace-reader";
 *
 * const text = '{"run_id":"r","seq":1,"step_id":null,"action_id":null,"kind":"Completed"}\n{"run_id":"r","seq":"2","step_id":null,"action_id":null,"kind":"Completed"}\n';
 * for await (const record of readTraceEvents(new TextEncoder().encode(text))) {
 *   if ("event" in record) console.log(record.line, record.event.kind); // 1 Completed
 *   else console.log(record.error.line, record.error.message); // 2 /seq: expected an integer from 0 to 9007199254740991 (got the string "2")
 * }
 * ```
 */
export async function* readTraceEvents(
  input: TraceInput,
  options: ReadTraceOptions = {},
): AsyncGenerator<TraceRecord, void, undefined> {
  for await (const batch of readTraceBatches(input, options)) yield* batch;
}

/** Options for {@link observeTrace}. */
export interface ObserveTraceOptions {
  /** The Oris version whose rules derive the result: `"0.2"` (the default) or `"0.3"`. */
  readonly profile?: ObservabilityProfile;
  /** The input's name in error messages; default: the path, `<stream>` or `<bytes>`. */
  readonly name?: string;
}

/**
 * Trace in, KernelObservability JSON out: reads a trace input as
 * {@link readTraceEvents} does and returns the JSON text the Rust runtime
 * writes for it (serde_json's bytes, without a trailing newline). Throws an
 * Error naming the first bad record (`NAME:LINE: message`), or a
 * {@link TraceReadError} when the input cannot be read at all.
 *
 * @example
 * ```ts
 * import { observeTrace } from "@oris/trace-reader";
 *
 * const json = await observeTrace("trace.ndjson", { profile: "0.3" });
 * // '{"reasoning_timeline":["Interrupted#1","Resumed#2"],"lease_graph":null,"replay_cost":2,"interrupt_latency_ms":1}'
 * ```
 */
export async function observeTrace(input: TraceInput, options: ObserveTraceOptions = {}): Promise<string> {
  const name = inputName(input, options.name);
  const encoder = new ObservabilityEncoder(options.profile === undefined ? {} : { profile: options.profile });
  const parts: Buffer[] = [];
  await readTrace(
    input,
    {
      event: (event) => encoder.event(event),
      raw: (event) => encoder.raw(event),
      bad: (line, message, _index, column) => {
        throw new Error(`${name}:${line}${column === undefined ? "" : `:${column}`}: ${message}`);
      },
    },
    { name, onChunk: () => void parts.push(Buffer.from(encoder.take())) },
  );
  parts.push(Buffer.from(encoder.finish()));
  return Buffer.concat(parts).toString();
}

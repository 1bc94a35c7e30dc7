import type { DecodeResult } from "@oris/kernel-types";
import { decodeRecordText, describeFailure } from "./decodeRecord.js";
import type { RecordShape } from "./serdeRawText.js";
import { JsonArrayReader } from "./JsonArrayReader.js";
import { NdjsonReader } from "./NdjsonReader.js";
import { inputName, type TraceInput } from "./TraceInput.js";
import { readRecords, TraceElements, whereInElement } from "./readRecords.js";
import { TraceReadError } from "./TraceReadError.js";
import type { TraceSink } from "./TraceSink.js";

/** The two layouts of a trace file. */
export type TraceLayout = "NDJSON" | "JSON array";

/** Options for reading a trace input. */
export interface ReadOptions {
  /** The input's name in messages; default: the path, `<stream>` or `<bytes>`. */
  readonly name?: string;
  /** Called after each chunk of input has been read (to flush output, draw progress); awaited. */
  readonly onChunk?: () => Promise<void> | void;
  /** Told how many input bytes (before decompression) each chunk consumed. */
  readonly onRawBytes?: (bytes: number) => void;
  /** Called once, before the first chunk, when the input turns out to be gzip. */
  readonly onGzip?: () => void;
}

/**
 * Reads one trace input into `sink`, in bounded memory: each valid
 * KernelTraceEvent in trace order, each bad record with its line (reading
 * goes on after it unless `sink.bad` throws). The input is NDJSON or one JSON
 * array, plain or gzip: a JSON array when the first byte that is not JSON
 * whitespace is `[` — unless the next one is `"`, which makes the first line
 * a record in serde's array form of the struct, so NDJSON. Records are held
 * to serde_json's rules (strict UTF-8, repeated fields, lone surrogates in
 * field names, float literals for integer fields, 2^53−1); a record may take
 * at most 16 MiB. Resolves to the layout read.
 *
 * Throws a {@link TraceReadError} when the input cannot be read at all (it
 * cannot be opened, is not gzip data, holds no trace, starts with a byte
 * order mark); what `sink.bad` throws stops the reading and is thrown as is.
 *
 * This is the fast form (no object per event beyond the event itself);
 * {@link readTraceEvents} is the iterator form.
 *
 * @example
 * ```ts
 * import { readTrace } from "@oris/trace-reader";
 *
 * let events = 0;
 * const layout = await readTrace("trace.ndjson", {
 *   event: () => void events++,
 *   bad: (line, message) => console.error(`trace.ndjson:${line}: ${message}`),
 * });
 * console.log(`${events} events (${layout})`);
 * ```
 */
export async function readTrace(input: TraceInput, sink: TraceSink, options: ReadOptions = {}): Promise<TraceLayout> {
  return drive(readTraceStepwise(input, sink, stepwise(options)), options);
}

/** Options of the stepwise readers. */
export interface StepwiseOptions {
  /** The input's name in messages; default: the path, `<stream>` or `<bytes>`. */
  readonly name?: string;
  /** Called once, before the first chunk, when the input turns out to be gzip. */
  readonly onGzip?: () => void;
}

/**
 * {@link readTrace} one chunk at a time, for a caller that does its own work
 * between chunks (flush output, draw progress) in its own loop rather than in
 * callbacks: each `next()` reads one chunk of input into `sink` and yields the
 * input bytes consumed so far (before decompression); the generator returns
 * the layout.
 *
 * @example
 * ```ts
 * import { readTraceStepwise } from "@oris/trace-reader";
 *
 * let events = 0;
 * const reading = readTraceStepwise("trace.ndjson.gz", { event: () => void events++, bad: () => {} });
 * let step = await reading.next();
 * for (; step.done !== true; step = await reading.next()) console.error(`${step.value} bytes read, ${events} events`);
 * console.log(`layout: ${step.value}`);
 * ```
 */
export function readTraceStepwise(
  input: TraceInput,
  sink: TraceSink,
  options: StepwiseOptions = {},
): AsyncGenerator<number, TraceLayout, undefined> {
  return readRecords(input, options, (layout) =>
    layout === "JSON array" ? new JsonArrayReader(new TraceElements(sink)) : new NdjsonReader(sink),
  );
}

/** The options of {@link ReadOptions} that the stepwise readers take. */
function stepwise(options: ReadOptions): StepwiseOptions {
  return {
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.onGzip === undefined ? {} : { onGzip: options.onGzip }),
  };
}

/** Runs a stepwise reader to its end, with the callbacks of {@link ReadOptions}. */
async function drive<T>(steps: AsyncGenerator<number, T, undefined>, options: ReadOptions): Promise<T> {
  let reported = 0;
  for (;;) {
    const r = await steps.next();
    if (r.done === true) return r.value;
    if (r.value > reported) options.onRawBytes?.(r.value - reported);
    reported = r.value;
    await options.onChunk?.();
  }
}

/**
 * A serde struct read from JSON text: its decoder (of a parsed value) and its
 * {@link RecordShape}, for the raw-text checks `JSON.parse` would hide.
 */
export interface RecordSchema<T> {
  /** The struct's name, for messages: `expected a JSON array of ExecutionCheckpointView`. */
  readonly name: string;
  /** The struct's fields, and which are integers. */
  readonly shape: RecordShape;
  /** The decoder of a parsed value, e.g. `decodeKernelTraceEvent`. */
  readonly decode: (value: unknown) => DecodeResult<T>;
}

/** Where {@link readRecordArray} sends each element. */
export interface RecordSink<T> {
  /** A valid element, in order, with the 1-based line it starts on and its index. */
  record(value: T, line: number, index: number): void;
  /**
   * A bad element (or a break in the array) at a 1-based line — for an
   * element that is not JSON, the line and 1-based column (in UTF-8 bytes)
   * where it stops being JSON; throws to stop.
   */
  bad(line: number, message: string, column?: number): void;
}

/**
 * Reads a JSON array of records of any serde struct (e.g. a checkpoint
 * history), element by element in bounded memory, with the same rules as
 * {@link readTrace}: each element is decoded as serde_json decodes it, and
 * a bad one is reported with its line and `/index` pointer. Throws a
 * {@link TraceReadError} (`data`) when the input is not a JSON array.
 *
 * @example
 * ```ts
 * import { decodeKernelTraceEvent, type KernelTraceEvent } from "@oris/kernel-types";
 * import { KERNEL_TRACE_EVENT, readRecordArray } from "@oris/trace-reader";
 *
 * const events: KernelTraceEvent[] = [];
 * await readRecordArray(
 *   new TextEncoder().encode('[{"run_id":"r","seq":1,"step_id":null,"action_id":null,"kind":"Completed"}]'),
 *   { name: "KernelTraceEvent", shape: KERNEL_TRACE_EVENT, decode: decodeKernelTraceEvent },
 *   { record: (event) => void events.push(event), bad: (line, message) => console.error(line, message) },
 * );
 * ```
 */
export async function readRecordArray<T>(
  input: TraceInput,
  schema: RecordSchema<T>,
  sink: RecordSink<T>,
  options: ReadOptions = {},
): Promise<void> {
  return drive(readRecordArrayStepwise(input, schema, sink, stepwise(options)), options);
}

/**
 * {@link readRecordArray} one chunk at a time (see {@link readTraceStepwise}):
 * each `next()` reads one chunk and yields the input bytes consumed so far.
 *
 * @example
 * ```ts
 * import { decodeKernelTraceEvent } from "@oris/kernel-types";
 * import { KERNEL_TRACE_EVENT, readRecordArrayStepwise } from "@oris/trace-reader";
 *
 * const schema = { name: "KernelTraceEvent", shape: KERNEL_TRACE_EVENT, decode: decodeKernelTraceEvent };
 * let n = 0;
 * for await (const bytes of readRecordArrayStepwise("trace.json", schema, { record: () => void n++, bad: () => {} })) {
 *   console.error(`${bytes} bytes read, ${n} records`);
 * }
 * ```
 */
export function readRecordArrayStepwise<T>(
  input: TraceInput,
  schema: RecordSchema<T>,
  sink: RecordSink<T>,
  options: StepwiseOptions = {},
): AsyncGenerator<number, void, undefined> {
  const name = inputName(input, options.name);
  const reader = new JsonArrayReader({
    element(text, line, index, column) {
      const r = decodeRecordText(text, schema.decode, schema.shape);
      if (r.ok) sink.record(r.value, line, index);
      else {
        const at = whereInElement(r, line, column);
        if (at === null) sink.bad(line, describeFailure(r, `/${index}`));
        else sink.bad(at.line, describeFailure(r, `/${index}`), at.column);
      }
    },
    bad(line, message) {
      sink.bad(line, message);
    },
  });
  return ignoreLayout(
    readRecords(
      input,
      { name, ...(options.onGzip === undefined ? {} : { onGzip: options.onGzip }) },
      (_layout, first) => {
        if (first !== 0x5b) {
          throw new TraceReadError(
            "data",
            `${name}: expected a JSON array of ${schema.name} (it starts with ${JSON.stringify(String.fromCharCode(first))}, not "[")`,
          );
        }
        return reader;
      },
    ),
  );
}

async function* ignoreLayout(
  steps: AsyncGenerator<number, TraceLayout, undefined>,
): AsyncGenerator<number, void, undefined> {
  yield* steps;
}

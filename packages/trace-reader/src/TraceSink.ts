import type { KernelTraceEvent } from "@oris/kernel-types";
import type { RawTraceEvent } from "./RawTraceEvent.js";

/**
 * Where {@link readTrace} sends what it reads from one input.
 *
 * @example
 * ```ts
 * import type { TraceSink } from "@oris/trace-reader";
 *
 * const sink: TraceSink = {
 *   event: (event, line) => console.log(line, event.kind),
 *   bad: (line, message) => {
 *     throw new Error(`line ${line}: ${message}`); // stop at the first bad record
 *   },
 * };
 * ```
 */
export interface TraceSink {
  /** A valid event, in trace order, and the 1-based line it starts on. */
  event(event: KernelTraceEvent, line: number): void;
  /**
   * Optional: a valid event in serde_json's own layout, still in the
   * input's bytes (see {@link RawTraceEvent}), valid only during the call.
   * When a sink has this method, the reader calls it instead of
   * {@link TraceSink.event} for every such record (nearly every record the
   * Rust runtime writes), and makes no object for it; `raw.toEvent()` makes
   * the object when one is wanted.
   */
  raw?(event: RawTraceEvent, line: number): void;
  /**
   * A bad record at a 1-based line; `message` says what is wrong, e.g.
   * `/seq: expected … (got …)`, or `/3: …` for the element at `index` 3 of
   * a JSON array. For a record that is not JSON, `line` is the line where
   * it stops being JSON and `column` the 1-based column there, in UTF-8
   * bytes as serde_json counts them. Throws to stop the reading, returns to
   * skip the record.
   */
  bad(line: number, message: string, index?: number, column?: number): void;
}

/**
 * The most bytes one record (an NDJSON line or a JSON array element) may take: 16 MiB.
 * A longer one is reported as a bad record and skipped without being held.
 *
 * @example
 * ```ts
 * import { MAX_RECORD_BYTES } from "@oris/trace-reader";
 *
 * console.log(MAX_RECORD_BYTES); // 16777216
 * ```
 */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/**
 * The message for a record over {@link MAX_RECORD_BYTES}: `what` is "the line" or "element 3".
 *
 * @internal
 */
export function tooLong(what: string): string {
  return `${what} is longer than 16 MiB (${MAX_RECORD_BYTES} bytes), the most one record may take`;
}

import type { KernelTraceEvent } from "@oris/kernel-types";

/** Where the readers send what they read from one input. */
export interface TraceSink {
  /**
   * A valid event, in trace order. `plain` is true when every string in it
   * is printable ASCII without `"` or `\`, so that a timeline entry built
   * from them is its own JSON string body (nothing to escape).
   */
  event(event: KernelTraceEvent, plain: boolean): void;
  /**
   * A bad record at a 1-based line; `message` says what is wrong, e.g.
   * `/seq: expected … (got …)`. Throws to stop the run, returns to skip it.
   */
  bad(line: number, message: string): void;
}

/** The most bytes one record (an NDJSON line or a JSON array element) may take: 16 MiB. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** The message for a record over {@link MAX_RECORD_BYTES}: `what` is "the line" or "element 3". */
export function tooLong(what: string): string {
  return `${what} is longer than 16 MiB (${MAX_RECORD_BYTES} bytes), the most one record may take`;
}

/**
 * Why a whole trace input could not be read (not one bad record: those are
 * reported with their line and reading goes on).
 *
 * - `open`: the file cannot be opened (no such file, permission denied, a directory);
 * - `read`: reading failed midway;
 * - `gzip`: the input is named `.gz` or starts with gzip's magic bytes, but is not valid gzip data;
 * - `data`: the input holds no trace (no bytes, only whitespace), starts with a byte order mark,
 *   or is not in the layout asked for.
 */
export type TraceReadErrorCode = "open" | "read" | "gzip" | "data";

/**
 * Thrown when a whole trace input cannot be read. Its message starts with the
 * input's name (the path, or the `name` option), e.g.
 * `trace.ndjson: cannot open: no such file`.
 *
 * @example
 * ```ts
 * import { readTraceEvents, TraceReadError } from "@oris/trace-reader";
 *
 * try {
 *   for await (const record of readTraceEvents("missing.ndjson")) void record;
 * } catch (err) {
 *   if (err instanceof TraceReadError && err.code === "open") console.error(err.message);
 * }
 * ```
 */
export class TraceReadError extends Error {
  /** `"TraceReadError"`. */
  override readonly name = "TraceReadError";
  /** What went wrong. */
  readonly code: TraceReadErrorCode;

  /** An error of `code`; `message` starts with the input's name. */
  constructor(code: TraceReadErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

import { readChunks } from "./readInput.js";

/**
 * A trace input: the path of a file (plain or gzip), a readable stream of
 * its bytes (e.g. `process.stdin`), or the bytes themselves.
 */
export type TraceInput = string | AsyncIterable<Uint8Array | string> | Uint8Array;

/** The name an input has in messages when none is given. */
export function inputName(input: TraceInput, name: string | undefined): string {
  if (name !== undefined) return name;
  return typeof input === "string" ? input : input instanceof Uint8Array ? "<bytes>" : "<stream>";
}

/** Options for reading the bytes of a trace input. */
export interface ReadBytesOptions {
  /** The input's name in messages; default: the path, `<stream>` or `<bytes>`. */
  readonly name?: string;
  /** Told how many input bytes (before decompression) each chunk consumed, e.g. for progress. */
  readonly onRawBytes?: (bytes: number) => void;
  /** Called once, before the first chunk, when the input turns out to be gzip (to say so in a summary). */
  readonly onGzip?: () => void;
}

/**
 * The bytes of one input, decompressed when it is gzip (named `.gz`, or
 * starting with gzip's magic bytes 1f 8b). `onRawBytes` is told how many
 * input bytes (before decompression) each chunk consumed, for progress.
 * Errors are {@link TraceReadError}s: `open` (cannot open), `gzip` (not
 * gzip data), `read` (a read error).
 *
 * A chunk is valid only until the next one is asked for: a plain regular
 * file is read into two buffers in turn (the next read runs while the
 * current chunk is processed, and no garbage is made per chunk), so a
 * reader that keeps bytes across chunks must copy them.
 *
 * @example
 * ```ts
 * import { createHash } from "node:crypto";
 * import { readTraceBytes } from "@oris/trace-reader";
 *
 * const hash = createHash("sha256");
 * for await (const chunk of readTraceBytes("trace.ndjson.gz")) hash.update(chunk); // the gunzipped bytes
 * console.log(hash.digest("hex"));
 * ```
 */
export function readTraceBytes(
  input: TraceInput,
  options: ReadBytesOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  return readChunks(input, options);
}

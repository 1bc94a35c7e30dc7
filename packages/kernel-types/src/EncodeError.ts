import { ORIS_ERROR_CODES } from "./DecodeError.js";

/**
 * Thrown by an encoder given a value that has no serde_json form the Rust
 * runtime would read back: an integer outside the safe range, a string with a
 * lone UTF-16 surrogate, a value of the wrong type; or a value whose JSON
 * text is too long for one JavaScript string (V8's limit is 2^29−24 UTF-16
 * code units, about 512 MiB of ASCII), where `path` names the part being
 * written when the limit was passed.
 *
 * Values produced by this project's decoders and reducers always encode,
 * within that length.
 *
 * @example
 * ```ts
 * try {
 *   encodeKernelTraceEvent({ run_id: "r", seq: 2 ** 53, step_id: null, action_id: null, kind: "K" });
 * } catch (err) {
 *   (err as EncodeError).path; // "/seq"
 * }
 * ```
 */
export class EncodeError extends Error {
  /** Always `"EncodeError"`. */
  override readonly name = "EncodeError";
  /** Always `"ORIS_ENCODE_ERROR"` (`ORIS_ERROR_CODES.encode`). */
  readonly code = ORIS_ERROR_CODES.encode;
  /** RFC 6901 JSON pointer to the offending field; `""` is the whole value. */
  readonly path: string;
  /** What the encoder needs at {@link EncodeError.path}. */
  readonly expected: string;

  constructor(path: string, expected: string, got: string) {
    super(`cannot encode ${path === "" ? "(root)" : path}: expected ${expected} (got ${got})`);
    this.path = path;
    this.expected = expected;
  }
}

/**
 * V8 throws `RangeError: Invalid string length` when a string would pass its
 * maximum length (2^29−24 UTF-16 code units on 64-bit Node); JavaScriptCore
 * says `Out of memory`.
 */
const STRING_TOO_LONG = /invalid string length|out of memory/i;

/**
 * The `EncodeError` for `err` when it is the engine refusing to make a
 * string that long, else `undefined` (rethrow `err` then): at `path`, the
 * part being written when the limit was passed, after `written` code units
 * when that is known. `hint` ends the message's "expected" part (where to
 * turn instead, for instance). Shared with `@oris/observability`'s encoders
 * through `@oris/kernel-types/codec`.
 *
 * @example
 * ```ts
 * try { return JSON.stringify(value); } catch (err) { throw tooLongForAString(err, "/run_id") ?? err; }
 * ```
 */
export function tooLongForAString(err: unknown, path: string, written?: number, hint = ""): EncodeError | undefined {
  if (!(err instanceof RangeError) || !STRING_TOO_LONG.test(err.message)) return undefined;
  const error = new EncodeError(
    path,
    `JSON text that fits in one JavaScript string (V8's limit is 2^29−24 = 536,870,888 UTF-16 code units)${hint}`,
    written === undefined
      ? "a value whose JSON text is longer than that"
      : `JSON text that passes that limit here, after ${written} code units`,
  );
  Object.defineProperty(error, "cause", { value: err, writable: true, configurable: true });
  return error;
}

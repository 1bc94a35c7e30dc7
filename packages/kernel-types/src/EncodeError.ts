import { ORIS_ERROR_CODES } from "./DecodeError.js";

/**
 * Thrown by an encoder given a value that has no serde_json form the Rust
 * runtime would read back: an integer outside the safe range, a string with a
 * lone UTF-16 surrogate, a value of the wrong type.
 *
 * Values produced by this project's decoders and reducers always encode.
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
  /** Always {@link ORIS_ERROR_CODES}.encode. */
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

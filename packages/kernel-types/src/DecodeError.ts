const DECODE_ERROR_BRAND = Symbol.for("@oris/kernel-types/DecodeError");

/**
 * Error codes carried by {@link DecodeError} and `EncodeError`, for callers
 * that branch on `code` rather than on classes.
 *
 * @example
 * ```ts
 * if (err.code === ORIS_ERROR_CODES.decode) respond(400, err.message);
 * ```
 */
export const ORIS_ERROR_CODES = {
  /** A wire value did not have the shape the Rust runtime writes and reads. */
  decode: "ORIS_DECODE_ERROR",
  /** A value cannot be written as JSON that the Rust runtime would read back. */
  encode: "ORIS_ENCODE_ERROR",
} as const;

/**
 * Why a wire value was refused: where (a JSON pointer into the value, `""`
 * for the whole value), what was expected there, and what was found.
 *
 * The message reads `/seq: expected an integer from 0 to 9007199254740991 (got 1.5)`.
 * Decoders never throw it; they return it inside a {@link DecodeResult}, also
 * for a value that throws while it is read (a getter, a Proxy trap), which
 * parsed JSON never does.
 *
 * @example
 * ```ts
 * const r = decodeKernelTraceEvent({ run_id: "r", seq: -1, kind: "K" });
 * if (!r.ok) console.error(r.error.path, r.error.expected); // "/seq" "an integer from 0 to …"
 * ```
 */
export class DecodeError extends Error {
  /** Always `"DecodeError"`. */
  override readonly name = "DecodeError";
  /** Always `"ORIS_DECODE_ERROR"` (`ORIS_ERROR_CODES.decode`). */
  readonly code = ORIS_ERROR_CODES.decode;
  /** RFC 6901 JSON pointer to the offending value; `""` is the whole value. */
  readonly path: string;
  /** What the Rust runtime expects at {@link DecodeError.path}. */
  readonly expected: string;
  /** A short description of what was found there. */
  readonly got: string;

  constructor(path: string, expected: string, got: string) {
    super(`${path === "" ? "(root)" : path}: expected ${expected} (got ${got})`);
    this.path = path;
    this.expected = expected;
    this.got = got;
    Object.defineProperty(this, DECODE_ERROR_BRAND, { value: true });
  }

  /** The same error, with its path placed under `prefix` (a JSON pointer). */
  under(prefix: string): DecodeError {
    return new DecodeError(prefix + this.path, this.expected, this.got);
  }
}

/**
 * True for a {@link DecodeError} from any copy of this package (ESM or CJS
 * build), where `instanceof` would only recognise errors from the same copy.
 *
 * @example
 * ```ts
 * try { handle(input); } catch (err) { if (isDecodeError(err)) console.error(err.path, err.expected); }
 * ```
 */
export function isDecodeError(value: unknown): value is DecodeError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[DECODE_ERROR_BRAND] === true;
}

/**
 * The outcome of a decoder: the typed value, or the reason it was refused.
 * Check `ok` to narrow it.
 *
 * @example
 * ```ts
 * const r: DecodeResult<KernelTraceEvent> = decodeKernelTraceEvent(JSON.parse(line));
 * if (r.ok) use(r.value); else report(r.error);
 * ```
 */
export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T; readonly error?: never }
  | {
      readonly ok: false;
      readonly error: DecodeError;
      readonly value?: never;
      /**
       * With `{ allErrors: true }`: every problem found in the value, in
       * document order, `error` among them. Absent otherwise.
       */
      readonly issues?: readonly DecodeError[];
    };

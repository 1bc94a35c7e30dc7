import { DecodeError } from "./DecodeError.js";
import { EncodeError, tooLongForAString } from "./EncodeError.js";
import { describeValue } from "./schemaDecoder.js";

/*
 * serde_json and JSON.stringify write a well-formed string identically:
 * `"` and `\` escaped, control characters as \b \f \n \r \t or \u00xx with
 * lowercase hex, everything else (DEL, U+2028, non-ASCII) as is. They differ
 * only on lone UTF-16 surrogates, which a Rust String cannot hold; those are
 * refused on both sides here.
 */

/** What a u64 must be on this side: a safe integer (see the README on integers). Shared by the writers and decoders. */
export const EXPECT_U64 = `an integer from 0 to ${Number.MAX_SAFE_INTEGER}`;
/** What an i64 must be on this side: within ±(2^53−1). Shared by the writers and decoders. */
export const EXPECT_I64 = `an integer from ${-Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`;

/**
 * serde_json's bytes for a string; throws `EncodeError` for a lone surrogate or a non-string.
 *
 * @example
 * ```ts
 * writeString('say "hi"\n', "/kind"); // '"say \\"hi\\"\\n"'
 * ```
 */
export function writeString(value: unknown, path: string): string {
  if (typeof value !== "string" || !value.isWellFormed()) {
    throw new EncodeError(path, "a string of well-formed UTF-16 (no lone surrogate)", describeValue(value));
  }
  // A long string with nothing to escape is written as `"` + value + `"`, which
  // V8 keeps as a rope pointing at `value`: the caller's string is not copied
  // (JSON.stringify would copy it, and the encoder's result is copied once
  // more when it is flattened). Byte for byte the same: JSON.stringify escapes
  // nothing else in a well-formed string.
  try {
    return value.length >= LONG_STRING && !NEEDS_ESCAPE.test(value) ? `"${value}"` : JSON.stringify(value);
  } catch (err) {
    throw tooLongForAString(err, path) ?? err;
  }
}

/** From this length on, {@link writeString} looks for characters to escape before calling JSON.stringify. */
const LONG_STRING = 4096;
/** What JSON.stringify (and serde_json) escape in a well-formed string. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/**
 * `null`, or serde_json's bytes for a string.
 *
 * @example
 * ```ts
 * writeNullableString(null, "/step_id"); // "null"
 * ```
 */
export function writeNullableString(value: unknown, path: string): string {
  return value === null ? "null" : writeString(value, path);
}

/**
 * A u64 within the safe range, as digits; throws `EncodeError` otherwise.
 *
 * @example
 * ```ts
 * writeU64(42, "/seq"); // "42"
 * ```
 */
export function writeU64(value: unknown, path: string): string {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new EncodeError(path, EXPECT_U64, describeValue(value));
  }
  return String(value);
}

/**
 * `null`, or a u64 within the safe range.
 *
 * @example
 * ```ts
 * writeNullableU64(null, "/replay_cost"); // "null"
 * ```
 */
export function writeNullableU64(value: unknown, path: string): string {
  return value === null ? "null" : writeU64(value, path);
}

/**
 * An i64 within ±(2^53−1), as digits; throws `EncodeError` otherwise.
 *
 * @example
 * ```ts
 * writeI64(-5, "/timestamp_ms"); // "-5"
 * ```
 */
export function writeI64(value: unknown, path: string): string {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new EncodeError(path, EXPECT_I64, describeValue(value));
  }
  return String(value);
}

/**
 * `undefined` unless `value` is `-0`, which `JSON.parse` makes of the literal
 * `-0` (or `-0.0`): serde_json reads that as a float and refuses it for an
 * integer field, so the decoders refuse it too. (`1.0` and `1e2`, in
 * contrast, cannot be told from 1 and 100 after `JSON.parse`.)
 *
 * @example
 * ```ts
 * checkNotNegativeZero(JSON.parse("-0"), "/seq")?.path; // "/seq"
 * ```
 */
export function checkNotNegativeZero(value: number, path: string): DecodeError | undefined {
  return Object.is(value, -0)
    ? new DecodeError(path, "an integer (serde_json reads -0 as a float and refuses it here)", "-0")
    : undefined;
}

/**
 * `undefined` when `value` is a string serde_json could have read (JSON.parse
 * lets `"\ud800"` through; serde refuses a lone surrogate), else the error.
 *
 * @example
 * ```ts
 * checkWellFormed("\ud800", "/kind")?.message; // "/kind: expected a string of valid Unicode …"
 * ```
 */
export function checkWellFormed(value: string, path: string): DecodeError | undefined {
  return value.isWellFormed()
    ? undefined
    : new DecodeError(
        path,
        "a string of valid Unicode (serde_json refuses a lone surrogate escape)",
        describeValue(value),
      );
}

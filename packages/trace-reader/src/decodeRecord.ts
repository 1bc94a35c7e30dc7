import type { DecodeError, DecodeResult } from "@oris/kernel-types";
import { LONG_RECORD, withoutDeepValues } from "./deepValues.js";
import { checkRawRecord, type RecordShape } from "./serdeRawText.js";

/** Why a record was refused: the decoder's error, or JSON.parse's. */
export type RecordFailure = { readonly ok: false; readonly error: DecodeError } | { readonly ok: false; readonly syntax: string };

/** A decoded value, or why the record was refused. */
export type RecordResult<T> = { readonly ok: true; readonly value: T } | RecordFailure;

/**
 * The general path for one record's text: `JSON.parse`, then the text is
 * checked for what serde_json refuses and `JSON.parse` hides (a repeated
 * field, a lone surrogate escape in a field name, a float literal for an
 * integer field; see serdeRawText.ts), then one of the library's decoders
 * (`decodeKernelTraceEvent`, `decodeExecutionCheckpointView`) with its
 * struct's `shape`. A long record is first rid of its deeply nested values
 * (deepValues.ts), which serde skips without building them.
 *
 * A refused record's errors (the decoder's DecodeError, JSON.parse's
 * SyntaxError) are made without a stack trace, which nobody reads and which
 * would cost more than the rest of the work: with `--skip-invalid` or
 * `--check`, a trace may hold millions of bad records.
 */
export function decodeRecordText<T>(text: string, decode: (value: unknown) => DecodeResult<T>, shape: RecordShape): RecordResult<T> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return decodeText(text, decode, shape);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function decodeText<T>(text: string, decode: (value: unknown) => DecodeResult<T>, shape: RecordShape): RecordResult<T> {
  if (text.length > LONG_RECORD) {
    const reduced = withoutDeepValues(text, shape);
    if ("syntax" in reduced) return { ok: false, syntax: reduced.syntax };
    text = reduced.text;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, syntax: err instanceof Error ? err.message : String(err) };
  }
  const refused = checkRawRecord(text, shape);
  if (refused !== null) return { ok: false, error: refused };
  const r = decode(value);
  return r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error };
}

/**
 * The message for a refused record: `/seq: expected … (got …)`, with the
 * pointer placed under `prefix` (`/3` for the fourth element of a JSON array).
 */
export function describeFailure(failure: RecordFailure, prefix = ""): string {
  if ("error" in failure) return prefix === "" ? failure.error.message : failure.error.under(prefix).message;
  return `${prefix === "" ? "" : `${prefix}: `}not valid JSON: ${failure.syntax}`;
}

/**
 * Unicode White_Space, what Rust's `char::is_whitespace` and `str::trim` take
 * away: U+0009–U+000D, space, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028,
 * U+2029, U+202F, U+205F, U+3000 (not U+FEFF, which JavaScript's `\s` has).
 */
const BLANK = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/**
 * A blank NDJSON line, skipped: one that holds only Unicode White_Space, as
 * the Rust side reads NDJSON (`lines()`, then lines where `l.trim().is_empty()`
 * are left out, then serde_json parses the rest). So a line of `\f`, `\v`,
 * U+00A0 or U+2028 is skipped; a line with a record is parsed as serde_json
 * parses it, where only space, tab, CR and LF may surround the record.
 */
export function isBlank(text: string): boolean {
  return BLANK.test(text);
}

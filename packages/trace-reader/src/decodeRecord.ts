import { decodeKernelTraceEventJson, type DecodeError, type DecodeResult } from "@oris/kernel-types";
import { LONG_RECORD, withoutDeepValues } from "./deepValues.js";
import { checkRawRecord, KERNEL_TRACE_EVENT, type RecordShape } from "./serdeRawText.js";

/**
 * Why a record was refused: the decoder's error, or why it is not JSON — with,
 * when it is known, where in the record: its 1-based line and column, the
 * column in UTF-8 bytes as serde_json counts them.
 */
export type RecordFailure =
  | { readonly ok: false; readonly error: DecodeError }
  | { readonly ok: false; readonly syntax: string; readonly line?: number; readonly column?: number };

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
export function decodeRecordText<T>(
  text: string,
  decode: (value: unknown) => DecodeResult<T>,
  shape: RecordShape,
): RecordResult<T> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return decodeText(text, decode, shape);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function decodeText<T>(text: string, decode: (value: unknown) => DecodeResult<T>, shape: RecordShape): RecordResult<T> {
  const original = text;
  if (text.length > LONG_RECORD) {
    const reduced = withoutDeepValues(text, shape);
    if ("syntax" in reduced) return syntaxFailure(original, reduced.syntax, shape);
    text = reduced.text;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return syntaxFailure(original, err instanceof Error ? err.message : String(err), shape);
  }
  const refused = checkRawRecord(text, shape);
  if (refused !== null) return { ok: false, error: refused };
  const r = decode(value);
  return r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error };
}

/**
 * A record that is not JSON, described with where: a KernelTraceEvent as
 * serde_json describes it (decodeKernelTraceEventJson follows serde_json to
 * the byte, and says where it stopped), other structs from `message` (from
 * JSON.parse or deepValues.ts), its `at position N` turned into a line and
 * column and any excerpt of the raw text left out (the caller has the line;
 * raw text does not belong in a message).
 */
function syntaxFailure(text: string, message: string, shape: RecordShape): RecordFailure {
  if (shape === KERNEL_TRACE_EVENT) {
    const r = decodeKernelTraceEventJson(text);
    const at = r.ok ? null : /^(.*) at line (\d+) column (\d+)$/s.exec(r.error.got);
    if (!r.ok && at !== null) {
      const path = r.error.path === "" ? "" : `${shortPath(r.error.path)}: `;
      return {
        ok: false,
        syntax: `${path}expected ${r.error.expected} (got ${at[1]})`,
        line: Number(at[2]),
        column: Number(at[3]),
      };
    }
  }
  const position = / at position (\d+)/.exec(message);
  const words = message.replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, "");
  if (position === null) return { ok: false, syntax: words };
  return { ok: false, syntax: words.replace(position[0], ""), ...locate(text, Number(position[1])) };
}

/**
 * A JSON pointer short enough to read: one deep inside a nested value
 * (`/x/0/0/0/…`, thousands of levels) keeps its first four steps and says
 * how deep it goes.
 */
function shortPath(path: string): string {
  const steps = path.split("/");
  if (steps.length <= 12) return path;
  const deeper = /^… \((\d+) levels deeper\)$/.exec(steps[steps.length - 1] as string);
  const depth = steps.length - 1 + (deeper === null ? 0 : Number(deeper[1]) - 1);
  return `${steps.slice(0, 5).join("/")}/… (${depth} levels deep)`;
}

/** The 1-based line and column of `text[index]`, the column in UTF-8 bytes (as serde_json counts). */
function locate(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let k = 0; k < index && k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x0a) {
      line++;
      column = 1;
    } else column += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 2 : c >= 0xdc00 && c <= 0xdfff ? 2 : 3;
  }
  return { line, column };
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

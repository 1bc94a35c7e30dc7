import type { DecodeResult } from "./DecodeError.js";
import { KERNEL_TRACE_EVENT_FIELDS } from "./generated/kernelTraceEventSchema.js";
import { EXPECT_I64, EXPECT_U64 } from "./json.js";
import type { KernelTraceEvent } from "./KernelTraceEvent.js";
import {
  beginScan,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  decodeString,
  describeChar,
  END_OF_TEXT,
  endScan,
  escaped,
  excerpt,
  EXPECT_ARRAY_NEXT,
  EXPECT_COLON,
  EXPECT_END,
  EXPECT_KEY,
  EXPECT_OBJECT_NEXT,
  EXPECT_STRING,
  EXPECT_STRING_OR_NULL,
  EXPECT_VALUE,
  failAt,
  failBefore,
  failError,
  failPeek,
  invalidType,
  notText,
  isDigit,
  OPEN_BRACE,
  OPEN_BRACKET,
  pointerWithin,
  QUOTE,
  scanLiteral,
  scanNumber,
  scanValue,
  skipString,
  skipWs,
  valueStart,
} from "./serdeJsonScanner.js";

/*
 * `serde_json::from_str::<KernelTraceEvent>` (serde 1.0.152, serde_json
 * 1.0.87, default features): the derived visitor of
 *
 *   #[derive(Deserialize)]
 *   pub struct KernelTraceEvent { run_id: String, seq: u64, step_id: Option<String>,
 *     action_id: Option<String>, kind: String, timestamp_ms: Option<i64> }
 *
 * over the shared single-pass scanner (serdeJsonScanner.ts), checked against
 * the real crates (tools/serde-event-oracle, fixtures/serde-trace-event-oracle.json).
 *
 * An integer field is read as serde_json's `deserialize_number` reads it:
 * `parse_integer` (the same syntax and f64 overflow check as a Value's number),
 * then the visitor: a literal with `.` or `e`, `-0`, a positive integer past
 * u64::MAX and a negative one past i64::MIN are floats, which a u64/i64 field
 * refuses; a negative seq and a timestamp_ms past i64::MAX are invalid values.
 * On top of serde, the project's integer policy refuses what a JavaScript
 * number cannot hold exactly (past ±(2^53−1)); that refusal is kept aside
 * and reported only when serde would have accepted the whole text, so that
 * every text serde refuses gets serde's own error and position.
 */

/** The fields in declaration order (from the schema), and each one's index there. */
const FIELD_NAMES: readonly string[] = KERNEL_TRACE_EVENT_FIELDS;
const FIELD_LIST = FIELD_NAMES.join(", ");
const RUN_ID = FIELD_NAMES.indexOf("run_id");
const SEQ = FIELD_NAMES.indexOf("seq");
const STEP_ID = FIELD_NAMES.indexOf("step_id");
const ACTION_ID = FIELD_NAMES.indexOf("action_id");
const KIND = FIELD_NAMES.indexOf("kind");
const TIMESTAMP_MS = FIELD_NAMES.indexOf("timestamp_ms");
const ALL_FIELDS = (1 << FIELD_NAMES.length) - 1;
/** The fields that must be present in the object form (the others are Options), in declaration order. */
const REQUIRED = [RUN_ID, SEQ, KIND].sort((a, b) => a - b);
/** The field of each name length, when only one field has that length (-1: none; -2: several). Made once, at load. */
const BY_LENGTH = (() => {
  const table = new Int8Array(Math.max(...FIELD_NAMES.map((f) => f.length)) + 1).fill(-1);
  FIELD_NAMES.forEach((name, k) => {
    table[name.length] = table[name.length] === -1 ? k : -2;
  });
  return table;
})();
const U64_MAX = 18446744073709551615n;
const I64_MIN = -9223372036854775808n;
const I64_MAX = 9223372036854775807n;
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

const EXPECT_EVENT = `a kernel trace event: an object of its fields, or an array of exactly its 6 fields (${FIELD_LIST})`;
const EXPECT_SEQ = EXPECT_U64;
const EXPECT_TIMESTAMP = `${EXPECT_I64} or null`;
const POLICY =
  "; integers beyond ±(2^53−1) cannot be held exactly in a JavaScript number, so they are refused (serde_json would read this one)";
const FLOAT =
  "an integer literal (serde_json reads 1.0, 1e2 and -0 as floating point numbers and refuses a float literal for an integer field)";

/** The fields read so far. */
let runId = "";
let seq = 0;
let stepId: string | null = null;
let actionId: string | null = null;
let kind = "";
let timestampMs: number | null = null;
/** The path below the event of a failure. */
let failField = "";
/** The first integer refused by the policy alone (not by serde): where it ends, or -1, and its error. */
let policyEnd = -1;
let policyPath = "";
let policyExpected = "";
let policyGot = "";
/** The value of the integer readInteger has just read. */
let intValue = 0;

function failure(path: string): DecodeResult<KernelTraceEvent> {
  const error = failError(path);
  runId = "";
  kind = "";
  stepId = null;
  actionId = null;
  return { ok: false, error };
}

/** The field named by the (scanned) string s[start, end), or -1 for an unknown field. */
function fieldIndex(s: string, start: number, end: number): number {
  if (escaped) return FIELD_NAMES.indexOf(decodeString(start, end));
  // The six names have six different lengths: one comparison decides.
  const len = end - start;
  const k = len < BY_LENGTH.length ? (BY_LENGTH[len] as number) : -1;
  if (k >= 0) return s.startsWith(FIELD_NAMES[k] as string, start) ? k : -1;
  return k === -1 ? -1 : FIELD_NAMES.findIndex((name) => name.length === len && s.startsWith(name, start));
}

/**
 * `deserialize_number` for a u64 (`signed` false) or i64 field at i (after
 * whitespace), its value left in `intValue`; returns the index after it. A
 * value past ±(2^53−1) that serde reads is recorded for the policy, not
 * failed. `path` is the field's pointer.
 */
function readInteger(s: string, i: number, signed: boolean, path: string): number {
  const start = i;
  let c = s.charCodeAt(i);
  const negative = c === 0x2d;
  if (negative) c = s.charCodeAt(++i);
  // fast path: 1 to 15 digits, no fraction or exponent (exact in a double, and safe)
  if (c >= 0x31 && c <= 0x39) {
    let v = c - 0x30;
    let j = i + 1;
    const stop = i + 15;
    for (; j < stop; j++) {
      const d = s.charCodeAt(j) - 0x30;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    const next = s.charCodeAt(j);
    if (!isDigit(next) && next !== 0x2e && (next | 0x20) !== 0x65) {
      if (negative && !signed) return failBefore(j, EXPECT_SEQ, `the number ${excerpt(start, j)}`);
      intValue = negative ? -v : v;
      return j;
    }
  } else if (c === 0x30 && !negative) {
    const next = s.charCodeAt(i + 1);
    if (!isDigit(next) && next !== 0x2e && (next | 0x20) !== 0x65) {
      intValue = 0;
      return i + 1;
    }
  } else if (!negative || (c !== 0x30 && !isDigit(c))) {
    // not a number: `peek_invalid_type` (or the number's own syntax error after a "-")
    return negative ? scanNumber(s, start, true) : invalidType(start, signed ? EXPECT_TIMESTAMP : EXPECT_SEQ);
  }
  // parse_integer: serde_json's syntax and overflow check, then its visitor
  const end = scanNumber(s, start, true);
  if (end < 0) return -1;
  const literal = s.slice(start, end);
  const expected = signed ? EXPECT_TIMESTAMP : EXPECT_SEQ;
  if (/[.eE]/.test(literal) || literal === "-0")
    return failBefore(end, FLOAT, `the float literal ${excerpt(start, end)}`);
  const n = BigInt(literal);
  if (n > U64_MAX || n < I64_MIN) {
    const limit = negative ? "i64::MIN" : "u64::MAX";
    return failBefore(
      end,
      expected,
      `the number ${excerpt(start, end)} (beyond ${limit}: serde_json reads it as a float and refuses it)`,
    );
  }
  if (signed ? n > I64_MAX : n < 0n) {
    return failBefore(end, expected, `the number ${excerpt(start, end)}${signed ? ", beyond i64::MAX" : ""}`);
  }
  if (n > MAX_SAFE_BIG || n < -MAX_SAFE_BIG) {
    if (policyEnd < 0) {
      policyEnd = end;
      policyPath = path;
      policyExpected = expected + POLICY;
      policyGot = `the number ${excerpt(start, end)}`;
    }
    intValue = 0;
    return end;
  }
  intValue = Number(n);
  return end;
}

/**
 * One field's value at i (before whitespace), read as serde reads its Rust
 * type, stored in its variable; returns the index after it. On failure the
 * path below the field is "" (none of the fields has inner values).
 */
function readField(s: string, i: number, field: number, path: string): number {
  if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
  const optional = field === STEP_ID || field === ACTION_ID || field === TIMESTAMP_MS;
  if (i >= s.length) {
    const expected =
      field === SEQ
        ? EXPECT_SEQ
        : field === TIMESTAMP_MS
          ? EXPECT_TIMESTAMP
          : optional
            ? EXPECT_STRING_OR_NULL
            : EXPECT_STRING;
    return failBefore(s.length, expected, END_OF_TEXT);
  }
  const c = s.charCodeAt(i);
  // deserialize_option
  if (c === 0x6e && optional) {
    i =
      s.charCodeAt(i + 1) === 0x75 && s.charCodeAt(i + 2) === 0x6c && s.charCodeAt(i + 3) === 0x6c
        ? i + 4
        : scanLiteral(s, i, "null");
    if (i < 0) return -1;
    if (field === STEP_ID) stepId = null;
    else if (field === ACTION_ID) actionId = null;
    else timestampMs = null;
    return i;
  }
  if (field === SEQ || field === TIMESTAMP_MS) {
    i = readInteger(s, i, field === TIMESTAMP_MS, path);
    if (i < 0) return -1;
    if (field === SEQ) seq = intValue;
    else timestampMs = intValue;
    return i;
  }
  // deserialize_str
  if (c !== QUOTE) return invalidType(i, optional ? EXPECT_STRING_OR_NULL : EXPECT_STRING);
  const end = skipString(s, i, true);
  if (end < 0) return -1;
  const value = escaped ? decodeString(i + 1, end - 1) : s.slice(i + 1, end - 1);
  if (field === RUN_ID) runId = value;
  else if (field === STEP_ID) stepId = value;
  else if (field === ACTION_ID) actionId = value;
  else kind = value;
  return end;
}

/** The array form at i (its "["): exactly the six fields, in order. Returns the index after it. */
function readArray(s: string, i: number): number {
  i++;
  for (let k = 0; k < 6; k++) {
    failField = "";
    if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
    if (i >= s.length) return failBefore(s.length, EXPECT_ARRAY_NEXT, END_OF_TEXT);
    let c = s.charCodeAt(i);
    if (c === CLOSE_BRACKET) {
      // invalid_length, positioned after end_seq has read the "]"
      return failBefore(
        i + 1,
        `an array of 6 elements (${FIELD_LIST}; the Option fields cannot be left out)`,
        k === 1 ? "1 element" : `${k} elements`,
      );
    }
    if (k > 0) {
      if (c !== COMMA) return failPeek(i, EXPECT_ARRAY_NEXT, describeChar(i));
      i++;
      if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
      if (i >= s.length) return failBefore(s.length, EXPECT_VALUE, END_OF_TEXT);
      c = s.charCodeAt(i);
      if (c === CLOSE_BRACKET)
        return failPeek(i, `${EXPECT_VALUE} after the comma (serde_json refuses a trailing comma)`, describeChar(i));
    }
    failField = `/${k}`;
    i = readField(s, i, k, failField);
    if (i < 0) return -1;
  }
  failField = "";
  // end_seq
  if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
  if (i >= s.length) return failBefore(s.length, EXPECT_ARRAY_NEXT, END_OF_TEXT);
  const c = s.charCodeAt(i);
  if (c === CLOSE_BRACKET) return i + 1;
  const expected = `an array of exactly 6 elements (${FIELD_LIST})`;
  if (c !== COMMA) return failPeek(i, expected, describeChar(i));
  i++;
  if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
  return failPeek(i, expected, s.charCodeAt(i) === CLOSE_BRACKET ? "a trailing comma" : "more elements");
}

/** The object form at i (its "{"): fields in any order, unknown ones skipped, none twice. Returns the index after it. */
function readObject(s: string, i: number): number {
  i++;
  let seen = 0;
  let first = true;
  for (;;) {
    failField = "";
    if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
    if (i >= s.length) return failBefore(s.length, EXPECT_OBJECT_NEXT, END_OF_TEXT);
    let c = s.charCodeAt(i);
    if (c === CLOSE_BRACE) break;
    if (!first) {
      if (c !== COMMA) return failPeek(i, EXPECT_OBJECT_NEXT, describeChar(i));
      i++;
      if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
      if (i >= s.length) return failBefore(s.length, EXPECT_KEY, END_OF_TEXT);
      c = s.charCodeAt(i);
    }
    first = false;
    if (c !== QUOTE)
      return failPeek(
        i,
        c === CLOSE_BRACE ? `${EXPECT_KEY} after the comma (serde_json refuses a trailing comma)` : EXPECT_KEY,
        describeChar(i),
      );
    const keyStart = i + 1;
    const keyEnd = skipString(s, i, true);
    if (keyEnd < 0) return -1;
    const k = fieldIndex(s, keyStart, keyEnd - 1);
    if (k >= 0 && (seen & (1 << k)) !== 0) {
      // duplicate_field, positioned where end_map has got to
      let j = skipWs(s, keyEnd);
      if (j < s.length && s.charCodeAt(j) === CLOSE_BRACE) j++;
      failField = `/${FIELD_NAMES[k]}`;
      return failBefore(j, "each field at most once (serde refuses a repeated field)", `a second "${FIELD_NAMES[k]}"`);
    }
    // parse_object_colon
    i = keyEnd;
    if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
    if (i >= s.length) return failBefore(s.length, EXPECT_COLON, END_OF_TEXT);
    if (s.charCodeAt(i) !== COLON) return failPeek(i, EXPECT_COLON, describeChar(i));
    if (k < 0) {
      const end = scanValue(s, i + 1, false);
      if (end < 0) {
        const key = decodeString(keyStart, keyEnd - 1);
        failField = `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}${pointerWithin(valueStart, failAt)}`;
        return -1;
      }
      i = end;
      continue;
    }
    seen |= 1 << k;
    failField = `/${FIELD_NAMES[k]}`;
    i = readField(s, i + 1, k, failField);
    if (i < 0) return -1;
  }
  i++; // end_map reads the "}"
  failField = "";
  if (seen !== ALL_FIELDS) {
    // missing_field, in declaration order; the Option fields default to None
    for (const k of REQUIRED) {
      if ((seen & (1 << k)) === 0) {
        failField = `/${FIELD_NAMES[k]}`;
        return failBefore(i, `the field "${FIELD_NAMES[k]}"`, "an object without it");
      }
    }
    if ((seen & (1 << STEP_ID)) === 0) stepId = null;
    if ((seen & (1 << ACTION_ID)) === 0) actionId = null;
    if ((seen & (1 << TIMESTAMP_MS)) === 0) timestampMs = null;
  }
  return i;
}

/**
 * A string's content as serde_json may read it into a Rust String: characters other than `"`, `\`,
 * controls and surrogates; surrogates in pairs; JSON's escapes, `\u` surrogate escapes in pairs. Written
 * as an unrolled loop (a run of plain characters, then one special item and a run, …) so that every text
 * matches in one way only: no backtracking blow-up on a long string that fails.
 */
const RUN = '[^"\\\\\\u0000-\\u001f\\ud800-\\udfff]*';
const HEX = "[0-9a-fA-F]";
const SPECIAL = `[\\ud800-\\udbff][\\udc00-\\udfff]|\\\\(?:["\\\\/bfnrt]|u(?:(?![dD][89a-fA-F])${HEX}{4}|[dD][89abAB]${HEX}{2}\\\\u[dD][c-fC-F]${HEX}{2}))`;
const CONTENT = `(${RUN}(?:(?:${SPECIAL})${RUN})*)`;
/**
 * serde_json's own layout: the keys in order, no whitespace, `timestamp_ms` last or left out, integers
 * of at most 15 digits (so safe, and no `-0`, no leading zero). A line that matches is what serde reads;
 * the captures are the fields (`undefined` for a null id or no timestamp), still escaped. Any other
 * text takes the general path, which is also where every error comes from. One native match is about
 * three times as fast as walking the line with charCodeAt.
 */
const SERDE_LAYOUT = new RegExp(
  `^\\{"${FIELD_NAMES[RUN_ID]}":"${CONTENT}","${FIELD_NAMES[SEQ]}":(0|[1-9]\\d{0,14}),"${FIELD_NAMES[STEP_ID]}":(?:null|"${CONTENT}")` +
    `,"${FIELD_NAMES[ACTION_ID]}":(?:null|"${CONTENT}"),"${FIELD_NAMES[KIND]}":"${CONTENT}"` +
    `(?:,"${FIELD_NAMES[TIMESTAMP_MS]}":(0|-?[1-9]\\d{0,14}))?\\}$`,
);

/** The value of a string content SERDE_LAYOUT has matched (so valid JSON escapes only). */
const unescape = (content: string): string =>
  content.indexOf("\\") < 0 ? content : (JSON.parse(`"${content}"`) as string);

/**
 * Reads one {@link KernelTraceEvent} from its JSON text (a line of a trace
 * file, say), accepting exactly what the Rust runtime's
 * `serde_json::from_str::<KernelTraceEvent>` accepts (serde 1.0.152,
 * serde_json 1.0.87) within the integer policy below, and refusing the rest:
 *
 * - an object of the fields, in any order: unknown fields skipped (their
 *   values only checked for JSON syntax, at any depth), a field twice refused
 *   (`duplicate field`, which `JSON.parse` would hide), `step_id`,
 *   `action_id` and `timestamp_ms` may be missing (or `null`), `run_id`,
 *   `seq` and `kind` may not; or the struct's array form, exactly six
 *   elements in field order (`["r",1,null,null,"K",null]`; the Option
 *   elements cannot be left out);
 * - `seq` and `timestamp_ms` written as integers: a float literal (`1.0`,
 *   `1e2`, `-0`) is refused as serde refuses it, which `JSON.parse` would
 *   hide; a negative `seq` is refused;
 * - strings a Rust `String` can hold (no raw control character, JSON's
 *   escapes only, `\u` surrogate escapes in pairs, in field names too);
 * - JSON whitespace (space, tab, LF, CR) around any token; nothing else after
 *   the event.
 *
 * Integer policy: serde reads `seq` up to 2^64−1 and `timestamp_ms` within
 * ±2^63; a JavaScript number holds integers exactly only within ±(2^53−1),
 * so a text serde would accept with an integer past that is refused, with a
 * message saying why (every text serde refuses gets serde's own error).
 *
 * The result has the shape {@link decodeKernelTraceEvent} returns: keys in
 * serde's order, `null` for an absent id, `timestamp_ms` left out when absent.
 * A single pass over the string, without `JSON.parse`. Never throws: a
 * refusal is a {@link DecodeError} whose `path` is a JSON pointer (`""` for
 * the whole text, `/seq`, `/1` in the array form, `/meta/items/3` inside an
 * unknown field) and whose `got` ends with serde_json's position, "at line L
 * column C" (the column in UTF-8 bytes, as serde_json counts it).
 *
 * @example
 * ```ts
 * const r = decodeKernelTraceEventJson('{"run_id":"r","seq":3,"step_id":null,"action_id":null,"kind":"Interrupted"}');
 * if (r.ok) r.value; // { run_id: "r", seq: 3, step_id: null, action_id: null, kind: "Interrupted" }
 * decodeKernelTraceEventJson('{"run_id":"r","seq":1.0,"kind":"K"}').error?.path; // "/seq" (serde refuses a float literal)
 * decodeKernelTraceEventJson('{"run_id":"r","seq":1,"seq":2,"kind":"K"}').error?.path; // "/seq" (duplicate field)
 * ```
 */
export function decodeKernelTraceEventJson(text: string): DecodeResult<KernelTraceEvent> {
  if (typeof text !== "string") return notText(text);
  const m = SERDE_LAYOUT.exec(text);
  if (m !== null) {
    const run_id = unescape(m[1]!);
    const step_id = m[3] === undefined ? null : unescape(m[3]);
    const action_id = m[4] === undefined ? null : unescape(m[4]);
    const kind = unescape(m[5]!);
    const ts = m[6];
    const value: KernelTraceEvent =
      ts === undefined
        ? { run_id, seq: +m[2]!, step_id, action_id, kind }
        : { run_id, seq: +m[2]!, step_id, action_id, kind, timestamp_ms: +ts };
    return { ok: true, value };
  }
  const s = text;
  beginScan(text);
  policyEnd = -1;
  failField = "";
  let i = s.charCodeAt(0) <= 0x20 ? skipWs(s, 0) : 0;
  // deserialize_struct
  if (i >= s.length) {
    failBefore(s.length, EXPECT_EVENT, END_OF_TEXT);
    return failure("");
  }
  const c = s.charCodeAt(i);
  if (c === OPEN_BRACE) i = readObject(s, i);
  else if (c === OPEN_BRACKET) i = readArray(s, i);
  else i = invalidType(i, EXPECT_EVENT);
  if (i < 0) return failure(failField);
  // Deserializer::end
  if (i < s.length) {
    if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
    if (i < s.length) {
      failPeek(i, EXPECT_END, describeChar(i));
      return failure("");
    }
  }
  if (policyEnd >= 0) {
    failBefore(policyEnd, policyExpected, policyGot);
    return failure(policyPath);
  }
  endScan();
  const value: KernelTraceEvent =
    timestampMs === null
      ? { run_id: runId, seq, step_id: stepId, action_id: actionId, kind }
      : { run_id: runId, seq, step_id: stepId, action_id: actionId, kind, timestamp_ms: timestampMs };
  runId = "";
  kind = "";
  stepId = null;
  actionId = null;
  return { ok: true, value };
}

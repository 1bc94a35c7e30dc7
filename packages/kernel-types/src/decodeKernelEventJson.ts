import type { DecodeResult } from "./DecodeError.js";
import { KERNEL_EVENT_VARIANTS, type KernelEvent } from "./KernelEvent.js";
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
  OPEN_BRACE,
  OPEN_BRACKET,
  pointerWithin,
  QUOTE,
  scanLiteral,
  scanValue,
  skipString,
  skipWs,
  valueStart,
} from "./serdeJsonScanner.js";

/*
 * `serde_json::from_str::<Event>` (serde 1.0.152, serde_json 1.0.87, default
 * features): the derived visitors of the kernel Event enum and its struct
 * variants, over the shared single-pass scanner (serdeJsonScanner.ts), and
 * checked against the real crates on a few thousand texts
 * (tools/serde-event-oracle, fixtures/serde-event-oracle.json).
 */

const EXPECT_EVENT =
  'a kernel event: the string "Completed" or an object with one variant key, like {"StateUpdated":{…}}';
const EXPECT_VARIANT = `a variant name: ${KERNEL_EVENT_VARIANTS.join(", ")}`;
const EXPECT_ONE_VARIANT = '"}" (an event object has exactly one key, its variant)';
const EXPECT_UNIT = "null (Completed has no fields)";

/** What serde reads a field into. */
const OPTIONAL_STRING = 0;
const STRING = 1;
const VALUE = 2;

/** The fields of each struct variant, in declaration order, with what serde reads them into. */
const FIELD_NAMES: readonly (readonly string[])[] = [
  ["step_id", "payload"],
  ["action_id", "payload"],
  ["action_id", "output"],
  ["action_id", "error"],
  ["value"],
  ["value"],
];
const FIELD_TYPES: readonly (readonly number[])[] = [
  [OPTIONAL_STRING, VALUE],
  [STRING, VALUE],
  [STRING, VALUE],
  [STRING, STRING],
  [VALUE],
  [VALUE],
];
const FIELD_LISTS: readonly string[] = FIELD_NAMES.map((names) => names.join(", "));
const COMPLETED = 6;

const OK_COMPLETED: DecodeResult<KernelEvent> = Object.freeze({ ok: true as const, value: "Completed" as const });

function failure(path: string): DecodeResult<KernelEvent> {
  const error = failError(path);
  field0 = null;
  field1 = null;
  return { ok: false, error };
}

// ---- the Event ------------------------------------------------------------

/** The variant named by the (scanned) string s[start, end), or -1. */
function variantIndex(s: string, start: number, end: number): number {
  if (escaped) return (KERNEL_EVENT_VARIANTS as readonly string[]).indexOf(decodeString(start, end));
  switch (end - start) {
    case 12:
      return s.startsWith("StateUpdated", start) ? 0 : s.startsWith("ActionFailed", start) ? 3 : -1;
    case 15:
      return s.startsWith("ActionRequested", start) ? 1 : s.startsWith("ActionSucceeded", start) ? 2 : -1;
    case 11:
      return s.startsWith("Interrupted", start) ? 4 : -1;
    case 7:
      return s.startsWith("Resumed", start) ? 5 : -1;
    case 9:
      return s.startsWith("Completed", start) ? 6 : -1;
    default:
      return -1;
  }
}

/** The field of `names` named by the (scanned) string s[start, end), or -1 for an unknown field. */
function fieldIndex(s: string, names: readonly string[], start: number, end: number): number {
  if (escaped) return names.indexOf(decodeString(start, end));
  const len = end - start;
  for (let k = 0; k < names.length; k++) {
    const name = names[k]!;
    if (name.length === len && s.startsWith(name, start)) return k;
  }
  return -1;
}

/** The two fields of the variant being read (a variant has at most two). */
let field0: string | null = null;
let field1: string | null = null;
/** The path of a failure inside a field, relative to the variant. */
let failField = "";

/**
 * One field's value at i, read as serde reads its Rust type; stores it in
 * field0/field1 (slot) and returns the index after it. On failure sets
 * `failField` to the path below the field ("" or a pointer into a Value).
 */
function readField(s: string, i: number, type: number, slot: number): number {
  let value: string | null;
  if (type === VALUE) {
    const end = scanValue(s, i, true);
    if (end < 0) {
      failField = pointerWithin(valueStart, failAt);
      return -1;
    }
    value = s.slice(valueStart, end);
    i = end;
  } else {
    failField = "";
    // deserialize_option, then deserialize_str
    if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
    if (i >= s.length)
      return failBefore(s.length, type === OPTIONAL_STRING ? EXPECT_STRING_OR_NULL : EXPECT_STRING, END_OF_TEXT);
    const c = s.charCodeAt(i);
    if (c === 0x6e && type === OPTIONAL_STRING) {
      i = scanLiteral(s, i, "null");
      if (i < 0) return -1;
      value = null;
    } else if (c === QUOTE) {
      const end = skipString(s, i, true);
      if (end < 0) return -1;
      value = escaped ? decodeString(i + 1, end - 1) : s.slice(i + 1, end - 1);
      i = end;
    } else return invalidType(i, type === OPTIONAL_STRING ? EXPECT_STRING_OR_NULL : EXPECT_STRING);
  }
  if (slot === 0) field0 = value;
  else field1 = value;
  return i;
}

/**
 * `deserialize_struct` with the derived visitor of variant v, at i (after
 * whitespace): an object of its fields (any order, unknown ones skipped, none
 * twice; only `step_id` may be missing) or an array of exactly its fields in
 * order. Returns the index after it; on failure `failField` is the path below
 * the variant.
 */
function readStruct(s: string, v: number, i: number): number {
  const names = FIELD_NAMES[v]!;
  const types = FIELD_TYPES[v]!;
  const count = names.length;
  const variant = KERNEL_EVENT_VARIANTS[v]!;
  const fields = FIELD_LISTS[v]!;
  failField = "";
  if (i >= s.length)
    return failBefore(s.length, `an object or an array of the ${variant} fields (${fields})`, END_OF_TEXT);
  const open = s.charCodeAt(i);
  if (open === OPEN_BRACKET) {
    i++;
    for (let k = 0; k < count; k++) {
      failField = "";
      if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
      if (i >= s.length) return failBefore(s.length, EXPECT_ARRAY_NEXT, END_OF_TEXT);
      let c = s.charCodeAt(i);
      if (c === CLOSE_BRACKET) {
        // invalid_length, positioned after end_seq has read the "]"
        return failBefore(i + 1, `an array of ${count} elements (${fields})`, k === 1 ? "1 element" : `${k} elements`);
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
      i = readField(s, i, types[k]!, k);
      if (i < 0) {
        failField = `/${k}${failField}`;
        return -1;
      }
    }
    failField = "";
    // end_seq
    if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
    if (i >= s.length) return failBefore(s.length, EXPECT_ARRAY_NEXT, END_OF_TEXT);
    const c = s.charCodeAt(i);
    if (c === CLOSE_BRACKET) return i + 1;
    const expected = `an array of exactly ${count} elements (${fields})`;
    if (c !== COMMA) return failPeek(i, expected, describeChar(i));
    i++;
    if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
    return failPeek(i, expected, s.charCodeAt(i) === CLOSE_BRACKET ? "a trailing comma" : "more elements");
  }
  if (open !== OPEN_BRACE) return invalidType(i, `an object or an array of the ${variant} fields (${fields})`);
  i++;
  let seen0 = false;
  let seen1 = false;
  field0 = null;
  field1 = null;
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
    const k = fieldIndex(s, names, keyStart, keyEnd - 1);
    if (k === 0 ? seen0 : k === 1 ? seen1 : false) {
      // duplicate_field, positioned where end_map has got to
      let j = skipWs(s, keyEnd);
      if (j < s.length && s.charCodeAt(j) === CLOSE_BRACE) j++;
      failField = `/${names[k]}`;
      return failBefore(j, `each field at most once`, `a second "${names[k]}"`);
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
    if (k === 0) seen0 = true;
    else seen1 = true;
    i = readField(s, i + 1, types[k]!, k);
    if (i < 0) {
      failField = `/${names[k]}${failField}`;
      return -1;
    }
  }
  i++; // end_map reads the "}"
  failField = "";
  if (!seen0 && types[0] !== OPTIONAL_STRING) return failBefore(i, `the field "${names[0]}"`, `an object without it`);
  if (count === 2 && !seen1) return failBefore(i, `the field "${names[1]}"`, `an object without it`);
  return i;
}

function structResult(v: number): DecodeResult<KernelEvent> {
  let value: KernelEvent;
  const a = field0 as string;
  const b = field1 as string;
  switch (v) {
    case 0:
      value = { StateUpdated: { step_id: field0, payload: b } };
      break;
    case 1:
      value = { ActionRequested: { action_id: a, payload: b } };
      break;
    case 2:
      value = { ActionSucceeded: { action_id: a, output: b } };
      break;
    case 3:
      value = { ActionFailed: { action_id: a, error: b } };
      break;
    case 4:
      value = { Interrupted: { value: a } };
      break;
    default:
      value = { Resumed: { value: a } };
  }
  field0 = null;
  field1 = null;
  return { ok: true, value };
}

/**
 * Reads one kernel event from the JSON text an Oris event log stores
 * (`kernel_events.event_json`), accepting exactly what the Rust runtime's
 * `serde_json::from_str::<Event>` accepts (serde 1.0.152, serde_json 1.0.87)
 * and refusing the rest:
 *
 * - `"Completed"`, or an object with exactly one key, the variant; its value
 *   is `null` for `Completed`, and for the other variants an object of their
 *   fields (any order; unknown fields skipped, their values only checked for
 *   JSON syntax; a field twice is refused; a missing `step_id` is null; any
 *   other missing field is refused) or an array of exactly their fields in
 *   declaration order;
 * - `payload`, `output` and `value` are kept as their text ({@link RawJson}),
 *   checked as serde_json reads a `Value`: strings of valid Unicode (a lone
 *   surrogate escape is refused), numbers that do not overflow an f64, at
 *   most 125 nested arrays or objects; a repeated key inside them is fine;
 * - JSON whitespace (space, tab, LF, CR) around any token; nothing else after
 *   the event.
 *
 * A single pass over the string, without `JSON.parse`; it allocates only the
 * result and the slices it holds. Never throws: a refusal is a
 * {@link DecodeError} whose `path` is a JSON pointer into the event (`""` for
 * the whole text, `/StateUpdated/step_id`, `/ActionRequested/payload/items/3`,
 * `/StateUpdated/1` for the array form) and whose `got` ends with serde_json's
 * position, "at line L column C", the column counted in UTF-8 bytes as
 * serde_json counts it.
 *
 * @example
 * ```ts
 * const r = decodeKernelEventJson('{"StateUpdated":{"step_id":"plan","payload":{"n":1}}}');
 * if (r.ok) {
 *   r.value; // { StateUpdated: { step_id: "plan", payload: '{"n":1}' } }
 *   kernelEventToTraceEvent(r.value, "run-1", 1); // { run_id: "run-1", seq: 1, step_id: "plan", action_id: null, kind: "StateUpdated" }
 * }
 * decodeKernelEventJson('{"StateUpdated":{"step_id":7,"payload":null}}').error?.message;
 * // "/StateUpdated/step_id: expected a string or null (got the number 7 at line 1 column 28)"
 * ```
 */
export function decodeKernelEventJson(text: string): DecodeResult<KernelEvent> {
  if (typeof text !== "string") return notText(text);
  const s = text;
  beginScan(text);
  let i = skipWs(s, 0);
  if (i >= s.length) {
    failBefore(s.length, EXPECT_EVENT, END_OF_TEXT);
    return failure("");
  }
  const c = s.charCodeAt(i);
  if (c === QUOTE) {
    // A unit variant, written as its name.
    const end = skipString(s, i, true);
    if (end < 0) return failure("");
    const v = variantIndex(s, i + 1, end - 1);
    if (v < 0) {
      failBefore(end, EXPECT_VARIANT, `the variant ${excerpt(i, end)}`);
      return failure("");
    }
    if (v !== COMPLETED) {
      failBefore(
        end,
        `{"${KERNEL_EVENT_VARIANTS[v]}":{…}} (${KERNEL_EVENT_VARIANTS[v]} has fields; only Completed can be a bare string)`,
        `the string ${excerpt(i, end)}`,
      );
      return failure("");
    }
    i = end;
    if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
    if (i < s.length) {
      failPeek(i, EXPECT_END, describeChar(i));
      return failure("");
    }
    endScan();
    return OK_COMPLETED;
  }
  if (c !== OPEN_BRACE) {
    failPeek(i, EXPECT_EVENT, c === OPEN_BRACKET ? "an array" : describeChar(i));
    return failure("");
  }
  // The variant's name: deserialize_str
  i++;
  if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
  if (i >= s.length || s.charCodeAt(i) !== QUOTE) {
    invalidType(i, EXPECT_VARIANT);
    return failure("");
  }
  const nameEnd = skipString(s, i, true);
  if (nameEnd < 0) return failure("");
  const v = variantIndex(s, i + 1, nameEnd - 1);
  if (v < 0) {
    failBefore(nameEnd, EXPECT_VARIANT, `the variant ${excerpt(i, nameEnd)}`);
    return failure("");
  }
  // parse_object_colon
  i = nameEnd;
  if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
  if (i >= s.length) {
    failBefore(s.length, EXPECT_COLON, END_OF_TEXT);
    return failure("");
  }
  if (s.charCodeAt(i) !== COLON) {
    failPeek(i, EXPECT_COLON, describeChar(i));
    return failure("");
  }
  i++;
  if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
  if (v === COMPLETED) {
    // deserialize_unit
    if (i < s.length && s.charCodeAt(i) === 0x6e) i = scanLiteral(s, i, "null");
    else i = invalidType(i, EXPECT_UNIT);
    if (i < 0) return failure("/Completed");
  } else {
    i = readStruct(s, v, i);
    if (i < 0) return failure(`/${KERNEL_EVENT_VARIANTS[v]}${failField}`);
  }
  // The end of the event's object, then of the text.
  if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
  if (i >= s.length) {
    failBefore(s.length, EXPECT_ONE_VARIANT, END_OF_TEXT);
    return failure("");
  }
  if (s.charCodeAt(i) !== CLOSE_BRACE) {
    failBefore(i, EXPECT_ONE_VARIANT, describeChar(i));
    return failure("");
  }
  i++;
  if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
  if (i < s.length) {
    failPeek(i, EXPECT_END, describeChar(i));
    return failure("");
  }
  endScan();
  return v === COMPLETED ? OK_COMPLETED : structResult(v);
}

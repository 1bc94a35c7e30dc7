import { DecodeError, KERNEL_TRACE_EVENT_FIELDS, kernelTraceEventSchema } from "@oris/kernel-types";

/*
 * What serde_json refuses in a record's text that `JSON.parse` hides.
 *
 * On the general path a record goes through `JSON.parse` before the
 * library's decoder sees it, and by then three things serde_json 1.0.87
 * refuses are gone:
 *
 * - a repeated field: serde's derive fails with `duplicate field \`seq\``,
 *   while `JSON.parse` keeps the last value;
 * - a lone surrogate escape in a field name (`"\ud800":0`): serde_json's
 *   field identifier reads every key of the struct's object with
 *   `parse_str`, which refuses it, known field or not, while `JSON.parse`
 *   takes it (a lone surrogate inside an unknown field's value, keys
 *   included, is skipped by `ignore_str`, which does not check it);
 * - a float literal for an integer field: serde_json reads `1.0`, `1e2` and
 *   also `-0` (de.rs `parse_number`: "Convert into a float … on `-0`") as
 *   floats, and a u64/i64 field refuses a float (`invalid type: floating
 *   point \`1\`, expected u64`), while `JSON.parse` gives 1, 100 and -0,
 *   which the decoder would take.
 *
 * The CLI still has the text, so it checks it here, after `JSON.parse` has
 * accepted it (the scanner relies on the text being valid JSON). Only the
 * record's own level is looked at: the name of every field, and the values
 * of the struct's known fields only: serde's derive skips an unknown key's value with `IgnoredAny`, which
 * checks nothing inside it, and does not notice an unknown key repeated
 * either. Lines in serde_json's own layout never come here (the fast path's
 * regular expression admits one of each key and integer syntax only).
 */

/**
 * A struct as serde's derive reads it: its fields in order, and which of them
 * are integers. The readers check a record's text against it for what
 * serde_json refuses and `JSON.parse` hides: a repeated field, a lone
 * surrogate escape in a field name, a float literal for an integer field.
 */
export interface RecordShape {
  /** The field names, in declaration order (the order of the struct's array form). */
  readonly fields: readonly string[];
  /** The integer fields (u64/i64), checked for float literals. */
  readonly integers: readonly string[];
}

/**
 * The shape of `oris_kernel::KernelTraceEvent`, for {@link RecordShape}'s raw-text checks.
 *
 * @example
 * ```ts
 * import { decodeKernelTraceEvent } from "@oris/kernel-types";
 * import { KERNEL_TRACE_EVENT, type RecordSchema } from "@oris/trace-reader";
 *
 * const schema = { name: "KernelTraceEvent", shape: KERNEL_TRACE_EVENT, decode: decodeKernelTraceEvent };
 * KERNEL_TRACE_EVENT.integers; // ["seq", "timestamp_ms"]
 * ```
 */
export const KERNEL_TRACE_EVENT: RecordShape = {
  fields: KERNEL_TRACE_EVENT_FIELDS,
  // The fields whose schema type is (or includes) "integer".
  integers: KERNEL_TRACE_EVENT_FIELDS.filter((name) => {
    const type: unknown = kernelTraceEventSchema.properties[name].type;
    return Array.isArray(type) ? type.includes("integer") : type === "integer";
  }),
};

/**
 * The shape of `ExecutionCheckpointView` (two strings; no integer fields).
 *
 * @example
 * ```ts
 * import { decodeExecutionCheckpointView } from "@oris/checkpoint-bridge";
 * import { EXECUTION_CHECKPOINT_VIEW, readRecordArray } from "@oris/trace-reader";
 *
 * const history = [];
 * await readRecordArray(
 *   "history.json",
 *   { name: "ExecutionCheckpointView", shape: EXECUTION_CHECKPOINT_VIEW, decode: decodeExecutionCheckpointView },
 *   { record: (view) => void history.push(view), bad: (line, message) => console.error(`history.json:${line}: ${message}`) },
 * );
 * ```
 */
export const EXECUTION_CHECKPOINT_VIEW: RecordShape = {
  fields: ["checkpoint_id", "created_at"],
  integers: [],
};

const KEY_UNICODE =
  "field names of valid Unicode (serde_json refuses a lone surrogate escape in a field name, known or not; only inside an unknown field's value is it ignored)";
const DUPLICATE =
  "the key only once (serde_json refuses a duplicate key, `duplicate field`, where JSON.parse keeps the last value)";
const FLOAT =
  "an integer literal (serde_json reads 1.0, 1e2 and -0 as floating point numbers and refuses a float literal for an integer field)";

/**
 * The first thing in `text` — a record `JSON.parse` has accepted — that
 * serde_json would refuse and `JSON.parse` hides: a known field repeated at
 * the record's top level (pointer `/seq`), or a float literal for an integer
 * field (`/seq`, or `/1` in the struct's array form). `null` if none.
 */
export function checkRawRecord(text: string, shape: RecordShape): DecodeError | null {
  const i = skipSpace(text, 0);
  const c = text.charCodeAt(i);
  if (c === 0x7b) return checkObject(text, i, shape);
  if (c === 0x5b) return checkArray(text, i, shape);
  return null;
}

function checkObject(s: string, i: number, shape: RecordShape): DecodeError | null {
  const seen = new Set<string>();
  i = skipSpace(s, i + 1);
  if (s.charCodeAt(i) === 0x7d) return null;
  while (i < s.length) {
    const keyEnd = stringEnd(s, i);
    const token = s.slice(i, keyEnd);
    // A key with escapes is the key it decodes to, as serde compares it.
    const key = token.includes("\\") ? (JSON.parse(token) as string) : token.slice(1, -1);
    // serde reads a field name with parse_str into a Rust str, which cannot hold a lone surrogate
    // (an unknown field's name too: only what is inside an ignored value is never decoded).
    if (!key.isWellFormed()) return new DecodeError("", KEY_UNICODE, `the key ${token}`);
    i = skipSpace(s, skipSpace(s, keyEnd) + 1); // the `:`
    const valueEnd = valueEndAt(s, i);
    if (shape.fields.includes(key)) {
      if (seen.has(key))
        return new DecodeError(
          `/${key}`,
          DUPLICATE,
          `${token === `"${key}"` ? token : `${token} (that is, "${key}")`} again`,
        );
      seen.add(key);
      if (shape.integers.includes(key)) {
        const bad = floatLiteral(s.slice(i, valueEnd));
        if (bad !== null) return new DecodeError(`/${key}`, FLOAT, bad);
      }
    }
    i = skipSpace(s, valueEnd);
    if (s.charCodeAt(i) !== 0x2c) break;
    i = skipSpace(s, i + 1);
  }
  return null;
}

function checkArray(s: string, i: number, shape: RecordShape): DecodeError | null {
  const positions = shape.integers.map((name) => shape.fields.indexOf(name));
  const last = Math.max(-1, ...positions);
  i = skipSpace(s, i + 1);
  if (s.charCodeAt(i) === 0x5d) return null;
  for (let index = 0; index <= last && i < s.length; index++) {
    const valueEnd = valueEndAt(s, i);
    if (positions.includes(index)) {
      const bad = floatLiteral(s.slice(i, valueEnd));
      if (bad !== null) return new DecodeError(`/${index}`, FLOAT, bad);
    }
    i = skipSpace(s, valueEnd);
    if (s.charCodeAt(i) !== 0x2c) break;
    i = skipSpace(s, i + 1);
  }
  return null;
}

/**
 * A description of `literal` if it is a number serde_json reads as a float
 * and `JSON.parse` as an integer (`1.0`, `1e2`, `-0`), else `null`. A float
 * with a fraction left (`1.5`), and anything not a number, the decoder sees
 * and refuses itself, with its own message.
 */
function floatLiteral(literal: string): string | null {
  const c = literal.charCodeAt(0);
  if (c !== 0x2d && !(c >= 0x30 && c <= 0x39)) return null;
  if (literal === "-0") return "the literal -0, a float to serde_json";
  return /[.eE]/.test(literal) && Number.isInteger(Number(literal)) ? `the float literal ${literal}` : null;
}

/** The index of the first character at or after `i` that is not JSON whitespace. Shared with deepValues.ts. */
export function skipSpace(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** The index after the string that starts (with its `"`) at `i` (not checked: JSON.parse checks it). Shared with deepValues.ts. */
export function stringEnd(s: string, i: number): number {
  for (i++; i < s.length;) {
    const c = s.charCodeAt(i);
    if (c === 0x22) return i + 1;
    i += c === 0x5c ? 2 : 1;
  }
  return s.length;
}

/** The index after the JSON value that starts at `i`. */
function valueEndAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 0x22) return stringEnd(s, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    while (i < s.length) {
      const d = s.charCodeAt(i);
      if (d === 0x22) {
        i = stringEnd(s, i);
        continue;
      }
      i++;
      if (d === 0x7b || d === 0x5b) depth++;
      else if ((d === 0x7d || d === 0x5d) && --depth === 0) return i;
    }
    return s.length;
  }
  return scalarEnd(s, i);
}

/** The index after a string, number or literal at `i` (not checked). Shared with deepValues.ts. */
export function scalarEnd(s: string, i: number): number {
  if (s.charCodeAt(i) === 0x22) return stringEnd(s, i);
  // A number, true, false or null: up to the next delimiter.
  while (i < s.length) {
    const d = s.charCodeAt(i);
    if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
    i++;
  }
  return i;
}

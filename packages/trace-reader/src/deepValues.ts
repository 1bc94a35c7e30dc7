import { type RecordShape, scalarEnd, skipSpace as ws, stringEnd } from "./serdeRawText.js";

/*
 * Deeply nested values, skipped without building them.
 *
 * serde's derive skips the value of an unknown field with `ignore_value`,
 * which only checks its syntax, in constant memory and with no depth limit:
 * a record whose unknown field holds millions of nested arrays is a good
 * record. `JSON.parse` would build every one of those arrays (hundreds of MB
 * for a 16 MiB line) before the decoder ignores them. So a long record is
 * first scanned here: a value of the record's own level that nests deeper
 * than {@link DEEP} is checked for JSON syntax, as `ignore_value` checks it,
 * and replaced, in the text handed to `JSON.parse`, by something small that
 * the decoder and the raw-text checks see the same way: `0` for an unknown
 * field (its value is never looked at), and for a known field an array or
 * object with the same items or keys, each `0` (the decoder refuses an array
 * or object there anyway, and describes it by its length or keys).
 */

/** Records longer than this (in UTF-16 code units) are scanned before JSON.parse; shorter ones cannot nest deep enough to cost much. */
export const LONG_RECORD = 64 * 1024;

/** A value of the record's own level that nests deeper than this is replaced. */
const DEEP = 64;

/** The text for JSON.parse, or why the record is not JSON (a deep value's syntax). */
export type Reduced = { readonly text: string } | { readonly syntax: string };

/**
 * `text` with the deep values of its own level replaced (see above), or the
 * syntax error inside a deep value. Anything else that is not JSON is left
 * as it is, for `JSON.parse` to report.
 */
export function withoutDeepValues(text: string, shape: RecordShape): Reduced {
  let i = ws(text, 0);
  const open = text.charCodeAt(i);
  if (open !== 0x7b && open !== 0x5b) return { text };
  let out = "";
  let from = 0;
  i = ws(text, i + 1);
  const close = open + 2;
  if (text.charCodeAt(i) === close) return { text };
  for (let index = 0; i < text.length; index++) {
    let name: string;
    let known: boolean;
    if (open === 0x7b) {
      if (text.charCodeAt(i) !== 0x22) break;
      const keyEnd = stringEnd(text, i);
      const token = text.slice(i, keyEnd);
      try {
        name = JSON.parse(token) as string;
      } catch {
        break;
      }
      known = shape.fields.includes(name);
      i = ws(text, keyEnd);
      if (text.charCodeAt(i) !== 0x3a) break;
      i = ws(text, i + 1);
    } else {
      name = String(index);
      known = index < shape.fields.length;
    }
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      const r = scanContainer(text, i, known);
      if (typeof r === "string")
        return { syntax: `${r} (in the value of ${open === 0x7b ? JSON.stringify(name) : `element ${name}`})` };
      if (r.depth > DEEP) {
        out += text.slice(from, i) + (known ? skeleton(c, r.items, r.keys) : "0");
        from = r.end;
      }
      i = r.end;
    } else i = scalarEnd(text, i);
    i = ws(text, i);
    if (text.charCodeAt(i) !== 0x2c) break;
    i = ws(text, i + 1);
  }
  return from === 0 ? { text } : { text: out + text.slice(from) };
}

/** A small array or object with `items` items (each `0`) or these keys (each `: 0`). */
function skeleton(open: number, items: number, keys: readonly string[]): string {
  if (open === 0x7b) return `{${keys.map((k) => `${k}:0`).join(",")}}`;
  return items === 0 ? "[]" : `[${"0,".repeat(items - 1)}0]`;
}

interface Container {
  /** The index after the container. */
  readonly end: number;
  /** How deep it nests (1: no array or object inside). */
  readonly depth: number;
  /** Its items (an array), and its keys as written (an object, when asked for). */
  readonly items: number;
  readonly keys: readonly string[];
}

// What the scanner expects next.
const VALUE = 0;
const VALUE_OR_CLOSE = 1;
const KEY = 2;
const KEY_OR_CLOSE = 3;
const AFTER = 4;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The array or object at `i`, checked for JSON syntax as serde_json's
 * `ignore_value` checks it, iteratively (no nesting overflows anything; the
 * open containers are one bit each). Returns what it found, or a message.
 */
function scanContainer(s: string, i: number, wantKeys: boolean): Container | string {
  let stack = new Uint32Array(64); // bit set: 1 = object
  let depth = 0;
  let maxDepth = 0;
  let items = 0;
  const keys: string[] = [];
  let expect = VALUE;
  const n = s.length;
  for (;;) {
    i = ws(s, i);
    if (i >= n) return `the record ends inside this value, with ${depth} of its nested arrays and objects still open`;
    const c = s.charCodeAt(i);
    const inObject = depth > 0 && ((stack[(depth - 1) >>> 5] as number) & (1 << ((depth - 1) & 31))) !== 0;
    if (expect === AFTER) {
      if (c === 0x2c) {
        expect = inObject ? KEY : VALUE;
        i++;
      } else if (c === (inObject ? 0x7d : 0x5d)) {
        depth--;
        i++;
        if (depth === 0) return { end: i, depth: maxDepth, items, keys };
      } else return unexpected(s, i, inObject ? '"," or "}"' : '"," or "]"');
      continue;
    }
    if (expect === KEY_OR_CLOSE || expect === VALUE_OR_CLOSE) {
      if (c === (expect === KEY_OR_CLOSE ? 0x7d : 0x5d)) {
        depth--;
        i++;
        expect = AFTER;
        if (depth === 0) return { end: i, depth: maxDepth, items, keys };
        continue;
      }
      expect = expect === KEY_OR_CLOSE ? KEY : VALUE;
    }
    if (expect === KEY) {
      if (c !== 0x22) return unexpected(s, i, "a key (a string)");
      const end = scanString(s, i);
      if (typeof end === "string") return end;
      if (depth === 1 && wantKeys) keys.push(s.slice(i, end));
      i = ws(s, end);
      if (s.charCodeAt(i) !== 0x3a)
        return i >= n
          ? `the record ends inside this value, with ${depth} of its nested arrays and objects still open`
          : unexpected(s, i, '":"');
      i++;
      expect = VALUE;
      continue;
    }
    // A value.
    if (depth === 1 && !inObject) items++;
    if (c === 0x5b || c === 0x7b) {
      if (depth >>> 5 === stack.length) {
        const bigger = new Uint32Array(stack.length * 2);
        bigger.set(stack);
        stack = bigger;
      }
      const word = depth >>> 5;
      const bit = 1 << (depth & 31);
      stack[word] = c === 0x7b ? (stack[word] as number) | bit : (stack[word] as number) & ~bit;
      depth++;
      if (depth > maxDepth) maxDepth = depth;
      i++;
      expect = c === 0x7b ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
      continue;
    }
    if (c === 0x22) {
      const end = scanString(s, i);
      if (typeof end === "string") return end;
      i = end;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(s)) return unexpected(s, i, "a number");
      i = NUMBER.lastIndex;
    } else if (s.startsWith("true", i)) i += 4;
    else if (s.startsWith("false", i)) i += 5;
    else if (s.startsWith("null", i)) i += 4;
    else return unexpected(s, i, "a JSON value");
    expect = AFTER;
  }
}

/** The string at `i` (its opening quote), checked as `ignore_str` checks it: the index after it, or a message. */
function scanString(s: string, i: number): number | string {
  const n = s.length;
  for (i++; i < n;) {
    const c = s.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return unexpected(s, i, "a string without raw control characters");
    if (c !== 0x5c) {
      i++;
      continue;
    }
    const e = s.charCodeAt(i + 1);
    if (e === 0x75) {
      if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6)))
        return unexpected(s, i, "an escape: \\u and four hex digits");
      i += 6;
    } else if (
      e === 0x22 ||
      e === 0x5c ||
      e === 0x2f ||
      e === 0x62 ||
      e === 0x66 ||
      e === 0x6e ||
      e === 0x72 ||
      e === 0x74
    )
      i += 2;
    else return unexpected(s, i, 'an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u');
  }
  return "the record ends inside a string";
}

function unexpected(s: string, i: number, expected: string): string {
  const c = s.codePointAt(i) as number;
  const got =
    c < 0x20
      ? `the control character U+${c.toString(16).toUpperCase().padStart(4, "0")}`
      : JSON.stringify(String.fromCodePoint(c));
  return `expected ${expected} at position ${i} (got ${got})`;
}

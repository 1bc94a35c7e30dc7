import { DecodeError } from "./DecodeError.js";

/*
 * The lexical machinery of the serde_json-exact decoders
 * (decodeKernelEventJson, decodeKernelTraceEventJson): a single-pass scanner
 * over the JavaScript string that accepts exactly what serde_json 1.0.87
 * (default features) accepts. Each part below follows the serde_json
 * function it stands for, down to where serde reports an error (line and
 * column), and is checked against the real crates on a few thousand texts
 * (tools/serde-event-oracle, fixtures/serde-*-oracle.json).
 *
 * serde_json counts columns in UTF-8 bytes: `error()` reports the byte index
 * it has reached, `peek_error()` one byte further. Here a failure records a
 * JavaScript index and whether serde's index is one byte into the character
 * there (`plus`), and the line and column are computed only when the error is
 * built.
 *
 * The hot functions take the text as a parameter; the cold ones (escapes,
 * failures) and the failure itself live in module variables, so that the hot
 * path allocates nothing but the slices it returns and the result objects.
 * Strings, keys, small integers and literals have inline fast paths; the
 * general functions take over at the first character the fast path does not
 * handle. One text is scanned at a time: a decoder calls beginScan(text)
 * first and endScan() or failError(path) when done (decoders never call
 * each other mid-scan).
 *
 * Internal to the package: not exported from index.ts or codec.ts.
 */

/** The text being decoded and its length (for the cold paths). */
let S = "";
let N = 0;

/** The failure, when a scan function has returned -1. */
let failExpected = "";
let failGot = "";
export let failAt = 0;
let failPlus = 0;

/** Set by scanString: whether the string just scanned had an escape. */
export let escaped = false;
/** Set by scanValue: where the value it scanned starts. */
export let valueStart = 0;

/** Open arrays and objects of the value being scanned (an ignored value nests without limit). */
let stack = new Uint8Array(256);

/**
 * serde_json's recursion limit, as it applies to a payload: it starts at 128
 * and counts every `[` and `{` entered, the event's own object and the
 * variant's object (or array) included, and refuses the one that brings it to
 * 0. So a payload may nest 125 arrays or objects, and not 126. Values of
 * unknown fields are skipped by `ignore_value`, which has no limit.
 */
export const MAX_PAYLOAD_DEPTH = 125;

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;

export const EXPECT_VALUE = "a JSON value";
export const EXPECT_CLOSING_QUOTE = 'the rest of a string and its closing quote (")';
export const EXPECT_ESCAPE = 'an escape sequence: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and four hex digits';
export const EXPECT_UNICODE =
  "a string of valid Unicode: a \\uD800–\\uDBFF escape followed by a \\uDC00–\\uDFFF escape, and no other surrogate escape (serde_json reads this string into a Rust String)";
export const EXPECT_WELL_FORMED = "text of valid Unicode (a Rust String cannot hold a lone surrogate)";
export const EXPECT_NO_CONTROL = "a string without raw control characters (U+0000 to U+001F must be escaped)";
export const EXPECT_NUMBER = "a JSON number (digits, no leading zero, at least one digit after . and after e)";
export const EXPECT_IN_RANGE = "a number within the range of an f64 (serde_json refuses one that overflows it)";
export const EXPECT_DEPTH = `at most ${MAX_PAYLOAD_DEPTH} nested arrays or objects in a payload (serde_json's recursion limit)`;
export const EXPECT_ARRAY_NEXT = '"," or "]"';
export const EXPECT_OBJECT_NEXT = '"," or "}"';
export const EXPECT_KEY = "an object key (a string)";
export const EXPECT_COLON = '":"';
export const END_OF_TEXT = "the end of the text";
export const EXPECT_END = "the end of the text (only whitespace may follow the event)";
export const EXPECT_STRING = "a string";
export const EXPECT_STRING_OR_NULL = "a string or null";

/** The refusal of a decoder of JSON text given something other than a string. */
export function notText(text: unknown): { readonly ok: false; readonly error: DecodeError } {
  return { ok: false, error: new DecodeError("", "JSON text (a string)", typeof text) };
}

/** Starts scanning `text` (the cold paths read it from here). */
export function beginScan(text: string): void {
  S = text;
  N = text.length;
}

/** Ends a successful scan (lets go of the text). */
export function endScan(): void {
  S = "";
}

// ---- failures -------------------------------------------------------------

/** serde's `peek_error` at index i (or `error()` after reading one byte of the character at i). */
export function failPeek(i: number, expected: string, got: string): -1 {
  failAt = i;
  failPlus = i < N ? 1 : 0;
  failExpected = expected;
  failGot = got;
  return -1;
}

/** serde's `error()` when it has read everything before index i. */
export function failBefore(i: number, expected: string, got: string): -1 {
  failAt = i;
  failPlus = 0;
  failExpected = expected;
  failGot = got;
  return -1;
}

/** serde_json's line and column (in UTF-8 bytes) of the failure. */
function failPosition(): string {
  let line = 1;
  let column = 0;
  for (let k = 0; k < failAt; k++) {
    const c = S.charCodeAt(k);
    if (c === 0x0a) {
      line++;
      column = 0;
    } else if (c < 0x80) column += 1;
    else if (c < 0x800) column += 2;
    else if (c >= 0xd800 && c <= 0xdbff && k + 1 < N && (S.charCodeAt(k + 1) & 0xfc00) === 0xdc00) {
      column += 4;
      k++;
    } else column += 3;
  }
  // serde's index may be one byte into the character at failAt: count that byte too.
  if (failPlus === 1 && S.charCodeAt(failAt) === 0x0a) return `line ${line + 1} column 0`;
  return `line ${line} column ${column + failPlus}`;
}

/** The failure recorded by the scan functions, as a DecodeError at `path`; ends the scan. */
export function failError(path: string): DecodeError {
  const error = new DecodeError(path, failExpected, `${failGot} at ${failPosition()}`);
  S = "";
  return error;
}

export function describeChar(i: number): string {
  if (i >= N) return END_OF_TEXT;
  const c = S.codePointAt(i)!;
  if (c >= 0xd800 && c <= 0xdfff) return `the lone surrogate U+${c.toString(16).toUpperCase()}`;
  if (c < 0x20 || c === 0x7f) return `the control character U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
  return `the character ${JSON.stringify(String.fromCodePoint(c))}`;
}

export function excerpt(start: number, end: number): string {
  return end - start > 40 ? `${S.slice(start, start + 37)}…` : S.slice(start, end);
}

// ---- whitespace and literals ------------------------------------------------

/** serde_json's whitespace: space, \t, \n, \r. */
export function skipWs(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else break;
  }
  return i;
}

/** `parse_ident`: `word` at i, whose first letter is already known to match. */
export function scanLiteral(s: string, i: number, word: string): number {
  for (let k = 1; k < word.length; k++) {
    const j = i + k;
    if (j >= s.length) return failBefore(s.length, word, END_OF_TEXT);
    if (s.charCodeAt(j) !== word.charCodeAt(k)) return failPeek(j, word, JSON.stringify(excerpt(i, j + 1)));
  }
  return i + word.length;
}

// ---- strings --------------------------------------------------------------

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
}

/** `decode_hex_escape`: the four hex digits at j, or -1. */
function scanHex4(j: number): number {
  if (j + 4 > N) {
    // serde_json checks for four more bytes of input first.
    let bytes = 0;
    for (let k = j; k < N; k++) bytes += S.charCodeAt(k) < 0x80 ? 1 : S.charCodeAt(k) < 0x800 ? 2 : 3;
    if (bytes < 4) return failBefore(N, EXPECT_CLOSING_QUOTE, END_OF_TEXT);
  }
  let n = 0;
  for (let k = j; k < j + 4; k++) {
    const h = hexValue(S.charCodeAt(k));
    if (h < 0) return failPeek(k, EXPECT_ESCAPE, JSON.stringify(excerpt(j - 2, k + 1)));
    n = (n << 4) | h;
  }
  return n;
}

/**
 * `parse_escape` (validate: a string read into a Rust String, whose
 * surrogate escapes must pair up) or `ignore_escape` (an ignored value, which
 * only checks the syntax). i is just after the backslash; returns the index
 * after the escape.
 */
function scanEscape(i: number, validate: boolean): number {
  if (i >= N) return failBefore(N, EXPECT_CLOSING_QUOTE, END_OF_TEXT);
  const c = S.charCodeAt(i);
  if (c === 0x75) {
    const n = scanHex4(i + 1);
    if (n < 0) return -1;
    i += 5;
    if (!validate || n < 0xd800 || n > 0xdfff) return i;
    if (n >= 0xdc00) return failBefore(i, EXPECT_UNICODE, `the lone low surrogate escape \\${S.slice(i - 5, i)}`);
    if (i >= N) return failBefore(N, EXPECT_CLOSING_QUOTE, END_OF_TEXT);
    if (S.charCodeAt(i) !== BACKSLASH)
      return failPeek(i, EXPECT_UNICODE, `the lone high surrogate escape \\${S.slice(i - 5, i)}`);
    if (i + 1 >= N) return failBefore(N, EXPECT_CLOSING_QUOTE, END_OF_TEXT);
    if (S.charCodeAt(i + 1) !== 0x75)
      return failPeek(i + 1, EXPECT_UNICODE, `the lone high surrogate escape \\${S.slice(i - 5, i)}`);
    const n2 = scanHex4(i + 2);
    if (n2 < 0) return -1;
    if (n2 < 0xdc00 || n2 > 0xdfff)
      return failBefore(i + 6, EXPECT_UNICODE, `the lone high surrogate escape \\${S.slice(i - 5, i)}`);
    return i + 6;
  }
  if (
    c === QUOTE ||
    c === BACKSLASH ||
    c === 0x2f ||
    c === 0x62 ||
    c === 0x66 ||
    c === 0x6e ||
    c === 0x72 ||
    c === 0x74
  )
    return i + 1;
  return failPeek(i, EXPECT_ESCAPE, JSON.stringify(excerpt(i - 1, i + 1)));
}

/** What a character below 128 is inside a string: 0 plain, 1 control, 2 quote, 3 backslash. */
const STRING_CHAR = /* @__PURE__ */ (() => {
  const t = new Uint8Array(128);
  t.fill(1, 0, 0x20);
  t[QUOTE] = 2;
  t[BACKSLASH] = 3;
  return t;
})();

/** A run of plain string characters, for plainRun's long strings (one native scan per string, not per character). */
const PLAIN_RUN = /[^"\\\u0000-\u001f\ud800-\udfff]*/y;

/**
 * The index of the first character from i that is not plain inside a string
 * (a quote, a backslash, a control character, a surrogate), or the length:
 * the fast path of scanString, which takes over from there. The first 16
 * characters are looked at here; a longer string is left to a sticky regular
 * expression, which scans about three times as fast once started.
 */
function plainRun(s: string, i: number): number {
  const stop = Math.min(s.length, i + 16);
  while (i < stop) {
    const c = s.charCodeAt(i);
    if (c < 0x80 ? STRING_CHAR[c] !== 0 : (c & 0xf800) === 0xd800) return i;
    i++;
  }
  if (i === s.length) return i;
  PLAIN_RUN.lastIndex = i;
  PLAIN_RUN.test(s);
  return PLAIN_RUN.lastIndex;
}

/** A string at i (its opening quote): the index after it, or -1 (plainRun, then scanString for the rest); sets `escaped`. */
export function skipString(s: string, i: number, validate: boolean): number {
  const j = plainRun(s, i + 1);
  if (s.charCodeAt(j) !== QUOTE) return scanString(s, j, validate);
  escaped = false;
  return j + 1;
}

/**
 * `parse_str` (validate) or `ignore_str`. i is just after the opening quote;
 * returns the index after the closing quote, and sets `escaped`. A raw lone
 * surrogate (which no Rust string can hold) is refused in both.
 */
export function scanString(s: string, i: number, validate: boolean): number {
  const n = s.length;
  let sawEscape = false;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      const kind = STRING_CHAR[c];
      if (kind === 0) i++;
      else if (kind === 2) {
        escaped = sawEscape;
        return i + 1;
      } else if (kind === 3) {
        sawEscape = true;
        i = scanEscape(i + 1, validate);
        if (i < 0) return -1;
      }
      // parse_str steps over the control character before it reports it; ignore_str does not.
      else
        return validate
          ? failPeek(i, EXPECT_NO_CONTROL, describeChar(i))
          : failBefore(i, EXPECT_NO_CONTROL, describeChar(i));
    } else if ((c & 0xf800) !== 0xd800) i++;
    else if (c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i += 2;
    else return failPeek(i, EXPECT_WELL_FORMED, describeChar(i));
  }
  return failBefore(n, EXPECT_CLOSING_QUOTE, END_OF_TEXT);
}

/** The value of the (already scanned) string whose content is S[start, end). */
export function decodeString(start: number, end: number): string {
  let out = "";
  let from = start;
  let i = start;
  while (i < end) {
    if (S.charCodeAt(i) !== BACKSLASH) {
      i++;
      continue;
    }
    out += S.slice(from, i);
    const c = S.charCodeAt(i + 1);
    if (c === 0x75) {
      let n = 0;
      for (let k = i + 2; k < i + 6; k++) n = (n << 4) | hexValue(S.charCodeAt(k));
      out += String.fromCharCode(n);
      i += 6;
    } else {
      out +=
        c === 0x62
          ? "\b"
          : c === 0x66
            ? "\f"
            : c === 0x6e
              ? "\n"
              : c === 0x72
                ? "\r"
                : c === 0x74
                  ? "\t"
                  : String.fromCharCode(c);
      i += 2;
    }
    from = i;
  }
  return from === start ? S.slice(start, end) : out + S.slice(from, end);
}

// ---- numbers --------------------------------------------------------------

export const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * A number at i (a `-` or a digit there): its JSON syntax always, and when
 * `value` (serde_json reading a Value) whether serde_json's float reading
 * overflows. Returns the index after it.
 */
export function scanNumber(s: string, i: number, value: boolean): number {
  const start = i;
  if (s.charCodeAt(i) === 0x2d) i++;
  if (i >= s.length) return failBefore(s.length, EXPECT_NUMBER, END_OF_TEXT);
  let c = s.charCodeAt(i);
  const intStart = i;
  if (c === 0x30) {
    i++;
    if (i < s.length && isDigit(s.charCodeAt(i)))
      return failPeek(i, EXPECT_NUMBER, `the number ${excerpt(start, i + 1)}… (a leading zero)`);
  } else if (c >= 0x31 && c <= 0x39) {
    i++;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  } else return failPeek(i, EXPECT_NUMBER, describeChar(i));
  const intDigits = i - intStart;
  let fracDigits = 0;
  let hasFraction = false;
  let expStart = -1;
  let expNegative = false;
  if (i < s.length && s.charCodeAt(i) === 0x2e) {
    hasFraction = true;
    const fracStart = ++i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    fracDigits = i - fracStart;
    // serde_json reading a Value lets an integer part past u64::MAX go without fraction digits
    // (serdeFloat decides); everywhere else a digit must follow the point.
    if (fracDigits === 0 && !(value && intDigits >= 20))
      return failPeek(i, EXPECT_NUMBER, i < s.length ? describeChar(i) : END_OF_TEXT);
  }
  if (i < s.length && (s.charCodeAt(i) | 0x20) === 0x65) {
    i++;
    c = s.charCodeAt(i);
    if (c === 0x2b || c === 0x2d) {
      expNegative = c === 0x2d;
      i++;
    }
    if (i >= s.length) return failBefore(s.length, EXPECT_NUMBER, END_OF_TEXT);
    if (!isDigit(s.charCodeAt(i))) return failPeek(i, EXPECT_NUMBER, describeChar(i));
    expStart = i++;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  }
  if (!value) return i;
  // The value is below 10^(intDigits + exponent): when that is at most 10^308,
  // serde's float reading cannot overflow, and with at most 19 digits its
  // significand fits a u64 (the long-number paths are not taken).
  if (expStart < 0) {
    if (intDigits < 20 || (!hasFraction && intDigits <= 308)) return i;
  } else if (intDigits + fracDigits <= 19 && i - expStart <= 9) {
    let e = 0;
    for (let k = expStart; k < i; k++) e = e * 10 + s.charCodeAt(k) - 0x30;
    if ((expNegative ? -e : e) + intDigits <= 308) return i;
  }
  return serdeFloat(start, i);
}

const U64_MAX_TENTH = 1844674407370955161n;
const I32_MAX_TENTH = 214748364;

/** serde_json's `overflow!(significand * 10 + digit, u64::MAX)`. */
const overflowsU64 = (significand: bigint, digit: number): boolean =>
  significand >= U64_MAX_TENTH && (significand > U64_MAX_TENTH || digit > 5);

/**
 * The rare number that could overflow: serde_json 1.0.87's own reading of it
 * (without the float_roundtrip feature), step by step: parse_integer,
 * parse_long_integer, parse_decimal, parse_decimal_overflow, parse_exponent,
 * parse_exponent_overflow, f64_from_parts. Its syntax is already checked.
 * Returns `end`, or -1 where serde fails. Two quirks come with it, both from
 * parse_decimal taking a decimal exponent of 0 for "no digit after the
 * point": past u64::MAX, an integer part whose last digits are dropped
 * (counted up in the exponent) and a fraction that takes back exactly as many
 * digits (18446744073709551619.5) is refused, while such an integer part with
 * no fraction digit at all (100000000000000000000., 1e22-like 1…0.e5) is
 * accepted.
 */
function serdeFloat(start: number, end: number): number {
  let i = start;
  if (S.charCodeAt(i) === 0x2d) i++;
  const digitAt = (k: number): number => (k < end && isDigit(S.charCodeAt(k)) ? S.charCodeAt(k) - 0x30 : -1);
  let significand = 0n;
  let exponent = 0;
  let long = false;
  if (S.charCodeAt(i) === 0x30) i++;
  else {
    for (let d = digitAt(i); d >= 0; d = digitAt(i)) {
      if (overflowsU64(significand, d)) {
        long = true;
        while (digitAt(i) >= 0) {
          i++;
          exponent++;
        }
        break;
      }
      significand = significand * 10n + BigInt(d);
      i++;
    }
  }
  const c = i < end ? S.charCodeAt(i) : -1;
  if (c === 0x2e) {
    i++;
    let overflowed = false;
    for (let d = digitAt(i); d >= 0; d = digitAt(i)) {
      if (overflowsU64(significand, d)) {
        overflowed = true;
        while (digitAt(i) >= 0) i++;
        break;
      }
      significand = significand * 10n + BigInt(d);
      exponent--;
      i++;
    }
    if (!overflowed && exponent === 0) {
      return failPeek(
        i,
        EXPECT_NUMBER,
        `the number ${excerpt(start, end)} (serde_json 1.0.87 refuses it: see the README)`,
      );
    }
  } else if (c !== 0x65 && c !== 0x45 && !long) return end; // an integer
  if (i < end) {
    // the exponent
    i++;
    let positive = true;
    if (S.charCodeAt(i) === 0x2b) i++;
    else if (S.charCodeAt(i) === 0x2d) {
      positive = false;
      i++;
    }
    let e = digitAt(i++);
    for (let d = digitAt(i); d >= 0; d = digitAt(i)) {
      i++;
      if (e > I32_MAX_TENTH || (e === I32_MAX_TENTH && d > 7)) {
        if (significand !== 0n && positive) return failBefore(i, EXPECT_IN_RANGE, `the number ${excerpt(start, end)}`);
        return end;
      }
      e = e * 10 + d;
    }
    exponent = Math.max(-2147483648, Math.min(2147483647, positive ? exponent + e : exponent - e));
  }
  // f64_from_parts
  let f = Number(significand);
  for (;;) {
    const a = Math.abs(exponent);
    if (a <= 308) {
      const pow = Number(`1e${a}`);
      if (exponent >= 0) {
        f *= pow;
        if (f === Infinity) return failBefore(end, EXPECT_IN_RANGE, `the number ${excerpt(start, end)}`);
      }
      break;
    }
    if (f === 0) break;
    if (exponent >= 0) return failBefore(end, EXPECT_IN_RANGE, `the number ${excerpt(start, end)}`);
    f /= 1e308;
    exponent += 308;
  }
  return end;
}

// ---- values ---------------------------------------------------------------

/** An object key at i (after whitespace), its colon, and the whitespace after it. */
function scanKey(s: string, i: number, value: boolean): number {
  if (i >= s.length) return failBefore(s.length, EXPECT_KEY, END_OF_TEXT);
  const c = s.charCodeAt(i);
  if (c !== QUOTE)
    return failPeek(
      i,
      c === CLOSE_BRACE ? `${EXPECT_KEY} after the comma (serde_json refuses a trailing comma)` : EXPECT_KEY,
      describeChar(i),
    );
  i = skipString(s, i, value);
  if (i < 0) return -1;
  if (s.charCodeAt(i) === COLON) return skipWs(s, i + 1);
  if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
  if (i >= s.length) return failBefore(s.length, EXPECT_COLON, END_OF_TEXT);
  if (s.charCodeAt(i) !== COLON) return failPeek(i, EXPECT_COLON, describeChar(i));
  return skipWs(s, i + 1);
}

/**
 * One JSON value from i (whitespace first): when `value`, as serde_json
 * deserializes a `serde_json::Value` inside the variant (strings into Rust
 * Strings, numbers into f64 that must not overflow, the recursion limit);
 * otherwise as `ignore_value` skips the value of an unknown field (syntax
 * only, no limit). Iterative, so that no nesting can overflow the stack.
 * Sets `valueStart`; returns the index after the value.
 */
export function scanValue(s: string, i: number, value: boolean): number {
  if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
  valueStart = i;
  let depth = 0;
  for (;;) {
    if (i >= s.length) return failBefore(s.length, EXPECT_VALUE, END_OF_TEXT);
    let c = s.charCodeAt(i);
    if (c === QUOTE) {
      i = skipString(s, i, value);
      if (i < 0) return -1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (value && depth === MAX_PAYLOAD_DEPTH) return failPeek(i, EXPECT_DEPTH, `a ${MAX_PAYLOAD_DEPTH + 1}th level`);
      if (depth === stack.length) {
        const bigger = new Uint8Array(depth * 2);
        bigger.set(stack);
        stack = bigger;
      }
      stack[depth++] = c;
      i++;
      if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
      if (i >= s.length)
        return failBefore(s.length, c === OPEN_BRACE ? EXPECT_OBJECT_NEXT : EXPECT_ARRAY_NEXT, END_OF_TEXT);
      if (s.charCodeAt(i) !== c + 2) {
        if (c === OPEN_BRACE) {
          i = scanKey(s, i, value);
          if (i < 0) return -1;
        }
        continue;
      }
      i++;
      depth--;
    } else if (c >= 0x31 && c <= 0x39) {
      // fast path: a short integer (no fraction, no exponent), else scanNumber
      let j = i + 1;
      while (isDigit(s.charCodeAt(j))) j++;
      const d = s.charCodeAt(j);
      if (j - i < 20 && d !== 0x2e && d !== 0x65 && d !== 0x45) i = j;
      else {
        i = scanNumber(s, i, value);
        if (i < 0) return -1;
      }
    } else if (c === 0x30 || c === 0x2d) {
      i = scanNumber(s, i, value);
      if (i < 0) return -1;
    } else if (c === 0x6e) {
      if (s.charCodeAt(i + 1) === 0x75 && s.charCodeAt(i + 2) === 0x6c && s.charCodeAt(i + 3) === 0x6c) i += 4;
      else i = scanLiteral(s, i, "null");
      if (i < 0) return -1;
    } else if (c === 0x74) {
      if (s.charCodeAt(i + 1) === 0x72 && s.charCodeAt(i + 2) === 0x75 && s.charCodeAt(i + 3) === 0x65) i += 4;
      else i = scanLiteral(s, i, "true");
      if (i < 0) return -1;
    } else if (c === 0x66) {
      i = scanLiteral(s, i, "false");
      if (i < 0) return -1;
    } else {
      const trailingComma = (c === CLOSE_BRACKET || c === CLOSE_BRACE) && depth > 0;
      return failPeek(
        i,
        trailingComma ? `${EXPECT_VALUE} after the comma (serde_json refuses a trailing comma)` : EXPECT_VALUE,
        describeChar(i),
      );
    }
    // after a value: close the arrays and objects it ends
    for (;;) {
      if (depth === 0) return i;
      const top = stack[depth - 1]!;
      if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
      if (i >= s.length)
        return failBefore(s.length, top === OPEN_BRACE ? EXPECT_OBJECT_NEXT : EXPECT_ARRAY_NEXT, END_OF_TEXT);
      c = s.charCodeAt(i);
      if (c === COMMA) {
        i++;
        if (s.charCodeAt(i) <= 0x20) i = skipWs(s, i);
        if (top === OPEN_BRACE) {
          i = scanKey(s, i, value);
          if (i < 0) return -1;
        }
        break;
      }
      if (c !== top + 2)
        return failPeek(i, top === OPEN_BRACE ? EXPECT_OBJECT_NEXT : EXPECT_ARRAY_NEXT, describeChar(i));
      i++;
      depth--;
    }
  }
}

/** `peek_invalid_type`: the value at i is not of the type expected; fails with the right position. */
export function invalidType(i: number, expected: string): -1 {
  if (i >= N) return failBefore(N, expected, END_OF_TEXT);
  const c = S.charCodeAt(i);
  let end: number;
  let got: string;
  if (c === 0x6e || c === 0x74 || c === 0x66) {
    const word = c === 0x6e ? "null" : c === 0x74 ? "true" : "false";
    end = scanLiteral(S, i, word);
    got = c === 0x6e ? "null" : `the boolean ${word}`;
  } else if (isDigit(c) || c === 0x2d) {
    end = scanNumber(S, i, true);
    got = `the number ${excerpt(i, end)}`;
  } else if (c === QUOTE) {
    end = scanString(S, i + 1, true);
    got = `the string ${excerpt(i, end)}`;
  } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
    return failBefore(i, expected, c === OPEN_BRACE ? "an object" : "an array");
  } else return failPeek(i, expected, describeChar(i));
  return end < 0 ? -1 : failBefore(end, expected, got);
}

/**
 * The JSON pointer, relative to the value that starts at `start`, of the
 * innermost element whose text holds index `at`: for the path of a failure
 * inside a payload. Only runs on failure.
 */
export function pointerWithin(start: number, at: number): string {
  const open: number[] = [];
  const keys: string[] = [];
  const counts: number[] = [];
  const inElement: boolean[] = [];
  let expectKey = false;
  /** Levels below the deepest one tracked (a value may nest millions deep): counted, not kept. */
  let deeper = 0;
  let i = start;
  while (i < at && i < N) {
    const c = S.charCodeAt(i);
    const top = open.length - 1;
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      i++;
      continue;
    }
    if (deeper > 0 || (open.length === MAX_POINTER_DEPTH && (c === OPEN_BRACE || c === OPEN_BRACKET))) {
      // Below the tracked levels only the depth matters (strings are skipped whole, so their brackets do not count).
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (deeper++ === 0 && open[top] === OPEN_BRACKET) inElement[top] = true;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) deeper--;
      else if (c === QUOTE) {
        let e = i + 1;
        while (e < N && S.charCodeAt(e) !== QUOTE) e += S.charCodeAt(e) === BACKSLASH ? 2 : 1;
        i = e;
      }
      i++;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (top >= 0 && open[top] === OPEN_BRACKET) inElement[top] = true;
      open.push(c);
      keys.push("");
      counts.push(0);
      inElement.push(false);
      expectKey = c === OPEN_BRACE;
      i++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      open.pop();
      keys.pop();
      counts.pop();
      inElement.pop();
      i++;
    } else if (c === COMMA) {
      if (top >= 0) {
        inElement[top] = false;
        if (open[top] === OPEN_BRACKET) counts[top]!++;
        else expectKey = true;
      }
      i++;
    } else if (c === COLON) {
      if (top >= 0) inElement[top] = true;
      i++;
    } else if (c === QUOTE) {
      let e = i + 1;
      while (e < N && S.charCodeAt(e) !== QUOTE) e += S.charCodeAt(e) === BACKSLASH ? 2 : 1;
      if (top >= 0 && open[top] === OPEN_BRACE && expectKey) {
        keys[top] = decodeString(i + 1, Math.min(e, N));
        expectKey = false;
      } else if (top >= 0 && open[top] === OPEN_BRACKET) inElement[top] = true;
      i = e + 1;
    } else {
      if (top >= 0 && open[top] === OPEN_BRACKET) inElement[top] = true;
      i++;
    }
  }
  let pointer = "";
  let k = 0;
  for (; k < open.length && inElement[k]; k++) {
    pointer += `/${open[k] === OPEN_BRACKET ? counts[k] : keys[k]!.replace(/~/g, "~0").replace(/\//g, "~1")}`;
  }
  if (deeper > 0 && k === open.length) pointer += `/… (${deeper} levels deeper)`;
  return pointer;
}

/** The most levels {@link pointerWithin} names; deeper ones are counted. */
const MAX_POINTER_DEPTH = 256;

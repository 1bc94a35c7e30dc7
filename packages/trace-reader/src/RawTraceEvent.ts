import { KERNEL_TRACE_EVENT_FIELDS, type KernelTraceEvent } from "@oris/kernel-types";

/*
 * The fast path: one pass over the bytes of a record in serde_json's own
 * layout of a KernelTraceEvent,
 *
 *   {"run_id":"…","seq":N,"step_id":"…"|null,"action_id":"…"|null,"kind":"…"[,"timestamp_ms":N]}
 *
 * with no whitespace, which is how the Rust runtime writes every event. The
 * scan validates exactly what serde_json would for such a record — strict
 * UTF-8 (no overlong forms, no encoded surrogates, nothing past U+10FFFF),
 * no raw control characters, integer syntax, the 2^53−1 policy — and makes
 * no string and no object: it leaves offsets in a RawTraceEvent.
 *
 * It takes only what it can also copy: a string's escapes must be the ones
 * serde_json writes (`\"` `\\` `\b` `\f` `\n` `\r` `\t`, and `\u00xx` in
 * lowercase for the other control characters), so that a string's bytes
 * between its quotes are exactly serde_json's encoding of its value and can
 * be written out unchanged. Any other record — other key orders, whitespace,
 * `\u0041` or `\/` escapes, `-0`, integers past 2^53−1, anything invalid —
 * is left to the general path (JSON.parse and the library's decoder, see
 * decodeRecord.ts), which also words every error message. Both paths are
 * held to each other by property tests (RawTraceEvent.test.ts).
 */

/** What each byte is inside a string: see {@link scanString}. */
const PLAIN = 0;
const QUOTE = 1;
const BACKSLASH = 2;
const LEAD2 = 3; // C2–DF: one continuation byte
const LEAD3 = 4; // E1–EC, EE, EF: two
const LEAD3_E0 = 5; // E0: A0–BF, then one (no overlong form)
const LEAD3_ED = 6; // ED: 80–9F, then one (no surrogate)
const LEAD4_F0 = 7; // F0: 90–BF, then two (no overlong form)
const LEAD4 = 8; // F1–F3: three
const LEAD4_F4 = 9; // F4: 80–8F, then two (nothing past U+10FFFF)
const BAD = 10; // control characters, continuation bytes, C0, C1, F5–FF

const CLASS = new Uint8Array(256).fill(BAD);
CLASS.fill(PLAIN, 0x20, 0x80);
CLASS[0x22] = QUOTE;
CLASS[0x5c] = BACKSLASH;
CLASS.fill(LEAD2, 0xc2, 0xe0);
CLASS.fill(LEAD3, 0xe1, 0xf0);
CLASS[0xe0] = LEAD3_E0;
CLASS[0xed] = LEAD3_ED;
CLASS[0xf0] = LEAD4_F0;
CLASS.fill(LEAD4, 0xf1, 0xf4);
CLASS[0xf4] = LEAD4_F4;

/** The escapes serde_json writes after `\` (other than `\u`): `"` `\` b f n r t. */
const SHORT_ESCAPE = new Uint8Array(256);
for (const c of '"\\bfnrt') SHORT_ESCAPE[c.charCodeAt(0)] = 1;

/** Control characters serde_json writes as `\u00xx` (the others have a short escape). */
const UNICODE_ESCAPE = new Uint8Array(0x20).fill(1);
for (const c of [0x08, 0x09, 0x0a, 0x0c, 0x0d]) UNICODE_ESCAPE[c] = 0;

/** Lowercase hex digits' values, -1 for anything else. */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) HEX["0123456789abcdef".charCodeAt(i)] = i;

/** Bits of {@link RawTraceEvent.escaped} and {@link RawTraceEvent.wide}. */
export const RUN_ID = 1;
export const STEP_ID = 2;
export const ACTION_ID = 4;
export const KIND = 8;

/** Set by {@link scanString}: the string held an escape (1) or a byte past 0x7f (2). */
let stringFlags = 0;

/**
 * Scans a string body from `i` (just after its opening quote); returns the
 * index of its closing quote, or -1 when the string is not one the fast path
 * takes. Never reads at or past `end`. `d` views the same bytes as `b`.
 */
function scanString(b: Uint8Array, d: DataView, i: number, end: number): number {
  let flags = 0;
  while (i < end) {
    // Four bytes at a time while none is a quote, a backslash, a control character or past 0x7f.
    while (i + 4 <= end) {
      const w = d.getInt32(i, true);
      const q = w ^ 0x22222222;
      const s = w ^ 0x5c5c5c5c;
      if (((w | ((w - 0x20202020) & ~w) | ((q - 0x01010101) & ~q) | ((s - 0x01010101) & ~s)) & 0x80808080) !== 0) break;
      i += 4;
    }
    if (i >= end) break;
    const k = CLASS[b[i] as number] as number;
    if (k === PLAIN) {
      i++;
      continue;
    }
    if (k === QUOTE) {
      stringFlags = flags;
      return i;
    }
    if (k === BACKSLASH) {
      const e = b[i + 1] as number;
      if (SHORT_ESCAPE[e] === 1) i += 2;
      else if (e === 0x75 && b[i + 2] === 0x30 && b[i + 3] === 0x30) {
        // \u00xx: only for a control character without a short escape, in lowercase hex.
        const hi = HEX[b[i + 4] as number] as number;
        const lo = HEX[b[i + 5] as number] as number;
        if (hi < 0 || hi > 1 || lo < 0 || UNICODE_ESCAPE[hi * 16 + lo] !== 1) return -1;
        i += 6;
      } else return -1;
      if (i > end) return -1;
      flags |= 1;
      continue;
    }
    flags |= 2;
    const c1 = b[i + 1] as number;
    switch (k) {
      case LEAD2:
        if ((c1 & 0xc0) !== 0x80) return -1;
        i += 2;
        break;
      case LEAD3:
      case LEAD3_E0:
      case LEAD3_ED: {
        const ok =
          k === LEAD3 ? (c1 & 0xc0) === 0x80 : k === LEAD3_E0 ? c1 >= 0xa0 && c1 <= 0xbf : c1 >= 0x80 && c1 <= 0x9f;
        if (!ok || ((b[i + 2] as number) & 0xc0) !== 0x80) return -1;
        i += 3;
        break;
      }
      case LEAD4:
      case LEAD4_F0:
      case LEAD4_F4: {
        const ok =
          k === LEAD4 ? (c1 & 0xc0) === 0x80 : k === LEAD4_F0 ? c1 >= 0x90 && c1 <= 0xbf : c1 >= 0x80 && c1 <= 0x8f;
        if (!ok || ((b[i + 2] as number) & 0xc0) !== 0x80 || ((b[i + 3] as number) & 0xc0) !== 0x80) return -1;
        i += 4;
        break;
      }
      default:
        return -1; // a control character, a stray continuation byte, or a byte UTF-8 never uses
    }
  }
  return -1;
}

/** A run of ASCII bytes to match: as bytes, and as little-endian 32-bit words for all but its last `length % 4` bytes. */
interface Literal {
  readonly bytes: Uint8Array;
  readonly words: Int32Array;
}

function lit(text: string): Literal {
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  const words = new Int32Array(bytes.length >> 2);
  for (let k = 0; k < words.length; k++) words[k] = view.getInt32(k * 4, true);
  return { bytes, words };
}

/** `b[i, i + literal length)` holds the literal (`d` views `b`). */
function literal(b: Uint8Array, d: DataView, i: number, l: Literal, end: number): boolean {
  const bytes = l.bytes;
  const n = bytes.length;
  if (i + n > end) return false;
  const words = l.words;
  let k = 0;
  for (let w = 0; w < words.length; w++, k += 4) if (d.getInt32(i + k, true) !== words[w]) return false;
  for (; k < n; k++) if (b[i + k] !== bytes[k]) return false;
  return true;
}

// serde_json's layout of the struct: its fields in declaration order, each key
// quoted, then ":" (and the opening quote of a String field). Made once, at load.
const [RUN_ID_FIELD, SEQ_FIELD, STEP_ID_FIELD, ACTION_ID_FIELD, KIND_FIELD, TIMESTAMP_MS_FIELD] =
  KERNEL_TRACE_EVENT_FIELDS;
const OPEN_RUN_ID = lit(`{"${RUN_ID_FIELD}":"`);
const SEQ = lit(`,"${SEQ_FIELD}":`);
const STEP = lit(`,"${STEP_ID_FIELD}":`);
const ACTION = lit(`,"${ACTION_ID_FIELD}":`);
const KIND_KEY = lit(`,"${KIND_FIELD}":"`);
const TIMESTAMP = lit(`,"${TIMESTAMP_MS_FIELD}":`);
const INTERRUPTED = lit("Interrupted");
const RESUMED = lit("Resumed");

/**
 * A valid KernelTraceEvent still in the bytes of its input, in serde_json's
 * own layout: where each field's bytes are, and its integers. A reader hands
 * one to `TraceSink.raw`, where it is valid only during the call (the next
 * record reuses it, and the bytes are the reader's buffer).
 *
 * A string field's bytes (between its quotes) are serde_json's encoding of
 * its value, so they can be copied into JSON output as they are; the value
 * itself is made by {@link RawTraceEvent.toEvent} or
 * {@link RawTraceEvent.runId}.
 *
 * @example
 * ```ts
 * import { RawTraceEvent } from "@oris/trace-reader";
 *
 * const line = new TextEncoder().encode('{"run_id":"r","seq":7,"step_id":"plan \\"a\\"","action_id":null,"kind":"Interrupted"}');
 * const raw = new RawTraceEvent();
 * const end = raw.scan(line, 0, line.length); // line.length: the whole record, in serde_json's layout
 * raw.isInterrupted(); // true
 * new TextDecoder().decode(line.subarray(raw.stepStart, raw.stepEnd)); // 'plan \\"a\\"', serde_json's bytes for the value
 * raw.toEvent().step_id; // 'plan "a"'
 * ```
 */
export class RawTraceEvent {
  /** The bytes the offsets are into. */
  bytes: Uint8Array = new Uint8Array(0);
  /** A view of {@link RawTraceEvent.bytes}, for reading four bytes at once. */
  private view = new DataView(this.bytes.buffer);
  /** Where `run_id`'s bytes start: they are `bytes[runStart, runEnd)`, between its quotes. */
  runStart = 0;
  /** Where `run_id`'s bytes end (at its closing quote). */
  runEnd = 0;
  /** `seq`, a safe integer. */
  seq = 0;
  /** Where `seq`'s digits start (as written: no sign, no leading zero). */
  seqStart = 0;
  /** Where `seq`'s digits end. */
  seqEnd = 0;
  /** Where `step_id`'s bytes start, or -1 for `null`. */
  stepStart = -1;
  /** Where `step_id`'s bytes end, or -1 for `null`. */
  stepEnd = -1;
  /** Where `action_id`'s bytes start, or -1 for `null`. */
  actionStart = -1;
  /** Where `action_id`'s bytes end, or -1 for `null`. */
  actionEnd = -1;
  /** Where `kind`'s bytes start. */
  kindStart = 0;
  /** Where `kind`'s bytes end. */
  kindEnd = 0;
  /** `timestamp_ms`, a safe integer, or `undefined` when the record has none. */
  timestamp: number | undefined = undefined;
  /** Which string fields hold an escape: bit 1 `run_id`, 2 `step_id`, 4 `action_id`, 8 `kind`. */
  escaped = 0;
  /** Which string fields hold bytes past 0x7f (the same bits): with {@link RawTraceEvent.escaped} 0 too, a field is printable ASCII. */
  wide = 0;
  /** The last run id made by {@link RawTraceEvent.runId}, and a copy of its bytes, to give the same string again. */
  private lastRunId = "";
  private lastRunBytes = new Uint8Array(64);
  private lastRunLength = -1;

  /**
   * Reads the record that starts at `bytes[start]` (its `{`) and ends before
   * `end`; returns the index just after its `}`, or -1 when it is not a
   * record the fast path takes (then the fields are unspecified).
   */
  scan(b: Uint8Array, start: number, end: number): number {
    if (b !== this.bytes) {
      this.bytes = b;
      this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    const d = this.view;
    let i = start;
    if (!literal(b, d, i, OPEN_RUN_ID, end)) return -1;
    i += OPEN_RUN_ID.bytes.length;
    this.runStart = i;
    i = scanString(b, d, i, end);
    if (i < 0) return -1;
    this.runEnd = i;
    let escaped = stringFlags & 1;
    let wide = (stringFlags >> 1) & 1;
    i++;
    if (!literal(b, d, i, SEQ, end)) return -1;
    i += SEQ.bytes.length;
    // seq: 0, or 1–16 digits without a leading zero, at most 2^53−1.
    this.seqStart = i;
    if (i >= end) return -1;
    let c = b[i] as number;
    if (c === 0x30) {
      this.seq = 0;
      i++;
    } else {
      let seq = 0;
      while (i < end && (c = b[i] as number) >= 0x30 && c <= 0x39) {
        seq = seq * 10 + (c - 0x30);
        i++;
      }
      if (i === this.seqStart || i - this.seqStart > 16 || seq > Number.MAX_SAFE_INTEGER) return -1;
      this.seq = seq;
    }
    this.seqEnd = i;
    if (!literal(b, d, i, STEP, end)) return -1;
    i += STEP.bytes.length;
    if (i < end && b[i] === 0x22) {
      this.stepStart = i + 1;
      i = scanString(b, d, i + 1, end);
      if (i < 0) return -1;
      this.stepEnd = i;
      escaped |= (stringFlags & 1) << 1;
      wide |= ((stringFlags >> 1) & 1) << 1;
      i++;
    } else if (i + 4 <= end && b[i] === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) {
      this.stepStart = this.stepEnd = -1;
      i += 4;
    } else return -1;
    if (!literal(b, d, i, ACTION, end)) return -1;
    i += ACTION.bytes.length;
    if (i < end && b[i] === 0x22) {
      this.actionStart = i + 1;
      i = scanString(b, d, i + 1, end);
      if (i < 0) return -1;
      this.actionEnd = i;
      escaped |= (stringFlags & 1) << 2;
      wide |= ((stringFlags >> 1) & 1) << 2;
      i++;
    } else if (i + 4 <= end && b[i] === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) {
      this.actionStart = this.actionEnd = -1;
      i += 4;
    } else return -1;
    if (!literal(b, d, i, KIND_KEY, end)) return -1;
    i += KIND_KEY.bytes.length;
    this.kindStart = i;
    i = scanString(b, d, i, end);
    if (i < 0) return -1;
    this.kindEnd = i;
    escaped |= (stringFlags & 1) << 3;
    wide |= ((stringFlags >> 1) & 1) << 3;
    i++;
    this.escaped = escaped;
    this.wide = wide;
    if (i < end && b[i] === 0x7d) {
      this.timestamp = undefined;
      return i + 1;
    }
    if (!literal(b, d, i, TIMESTAMP, end)) return -1;
    i += TIMESTAMP.bytes.length;
    // timestamp_ms: an i64 written as serde writes it: no `-0`, no leading zero.
    const negative = i < end && b[i] === 0x2d;
    if (negative) i++;
    if (i >= end) return -1;
    const digits = i;
    c = b[i] as number;
    let ts = 0;
    if (c === 0x30) {
      if (negative) return -1;
      i++;
    } else {
      while (i < end && (c = b[i] as number) >= 0x30 && c <= 0x39) {
        ts = ts * 10 + (c - 0x30);
        i++;
      }
      if (i === digits || i - digits > 16 || ts > Number.MAX_SAFE_INTEGER) return -1;
    }
    if (i >= end || b[i] !== 0x7d) return -1;
    this.timestamp = negative ? -ts : ts;
    return i + 1;
  }

  /** The kind is `Interrupted`. */
  isInterrupted(): boolean {
    return (
      this.kindEnd - this.kindStart === 11 && literal(this.bytes, this.view, this.kindStart, INTERRUPTED, this.kindEnd)
    );
  }

  /** The kind is `Resumed`. */
  isResumed(): boolean {
    return this.kindEnd - this.kindStart === 7 && literal(this.bytes, this.view, this.kindStart, RESUMED, this.kindEnd);
  }

  /** `run_id`'s value; the same string as last time when the bytes are the same (a trace is mostly one run after another). */
  runId(): string {
    const b = this.bytes;
    const start = this.runStart;
    const n = this.runEnd - start;
    if (n === this.lastRunLength) {
      const last = this.lastRunBytes;
      let k = 0;
      while (k < n && b[start + k] === last[k]) k++;
      if (k === n) return this.lastRunId;
    }
    const value = this.string(start, this.runEnd, RUN_ID);
    if (n <= this.lastRunBytes.length) {
      this.lastRunBytes.set(b.subarray(start, this.runEnd));
      this.lastRunLength = n;
      this.lastRunId = value;
    }
    return value;
  }

  /** The event as an object: the value `decodeKernelTraceEvent(JSON.parse(record))` gives. */
  toEvent(): KernelTraceEvent {
    const run_id = this.runId();
    const step_id = this.stepStart < 0 ? null : this.string(this.stepStart, this.stepEnd, STEP_ID);
    const action_id = this.actionStart < 0 ? null : this.string(this.actionStart, this.actionEnd, ACTION_ID);
    const kind = this.string(this.kindStart, this.kindEnd, KIND);
    return this.timestamp === undefined
      ? { run_id, seq: this.seq, step_id, action_id, kind }
      : { run_id, seq: this.seq, step_id, action_id, kind, timestamp_ms: this.timestamp };
  }

  /** One string field's value, from its bytes `[start, end)`; `bit` says which field, for its flags. */
  private string(start: number, end: number, bit: number): string {
    const b = this.bytes;
    if ((this.escaped & bit) !== 0) return JSON.parse(TEXT.decode(b.subarray(start - 1, end + 1))) as string;
    if ((this.wide & bit) !== 0) return TEXT.decode(b.subarray(start, end));
    if (end - start > 24) return TEXT.decode(b.subarray(start, end));
    let s = "";
    for (let k = start; k < end; k++) s += String.fromCharCode(b[k] as number);
    return s;
  }
}

const TEXT = new TextDecoder();

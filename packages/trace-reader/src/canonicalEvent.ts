import type { KernelTraceEvent } from "@oris/kernel-types";

/*
 * The fast path for serde_json's own bytes.
 *
 * The Rust runtime writes a KernelTraceEvent as exactly
 *   {"run_id":"…","seq":N,"step_id":"…"|null,"action_id":"…"|null,"kind":"…"[,"timestamp_ms":N]}
 * with no whitespace. For a record in that form whose strings hold only
 * printable ASCII other than `"` and `\` (no escapes, nothing to decode), the
 * result of `JSON.parse` + `decodeKernelTraceEvent` is obvious, and reading
 * it directly costs a fraction of JSON.parse (which alone takes about a
 * microsecond per record on a 2-core server). Everything else — other key
 * orders, whitespace, escapes, non-ASCII, integers past 2^53−1, `null`
 * timestamps, anything invalid — takes the general path, JSON.parse and the
 * library's decoder, which also produce every error message.
 *
 * The regular expressions decide which records qualify; `readCanonicalEvent`
 * only extracts fields from text they have accepted.
 */

/** A string with nothing to unescape or decode: printable ASCII except `"` and `\`. */
const PLAIN = String.raw`[\x20\x21\x23-\x5b\x5d-\x7e]*`;
/** A JSON integer of at most 16 digits (2^53−1 has 16; larger ones are checked after reading). */
const U64 = String.raw`(?:0|[1-9]\d{0,15})`;
/** The same with a sign; `-0` is left to the general path. */
const I64 = String.raw`(?:0|-?[1-9]\d{0,15})`;
const RECORD =
  `\\{"run_id":"${PLAIN}","seq":${U64},"step_id":(?:null|"${PLAIN}"),"action_id":(?:null|"${PLAIN}")` +
  `,"kind":"${PLAIN}"(?:,"timestamp_ms":${I64})?\\}`;

/**
 * Sticky: from `lastIndex`, matches as many consecutive canonical NDJSON
 * lines (`\n` or `\r\n` ended) as there are; `lastIndex` is then the end of
 * the last one. One call validates a whole block of lines.
 */
export const CANONICAL_LINES = new RegExp(`(?:${RECORD}\\r?\\n)*`, "y");

/** Sticky: one canonical record at `lastIndex` (a JSON array element). */
export const CANONICAL_RECORD = new RegExp(RECORD, "y");

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Reads the canonical record that starts at `p` in `s`, which
 * {@link CANONICAL_LINES} or {@link CANONICAL_RECORD} has accepted. Returns
 * the event, the same value `decodeKernelTraceEvent(JSON.parse(record))`
 * gives, and leaves in {@link CanonicalEventReader.end} the index after the
 * closing brace; returns `null` when an integer is past 2^53−1, for the
 * general path to report.
 */
export class CanonicalEventReader {
  /** The index just after the `}` of the record last read. */
  end = 0;

  read(s: string, p: number): KernelTraceEvent | null {
    p += 11; // {"run_id":"
    let e = s.indexOf('"', p);
    const run_id = s.slice(p, e);
    p = e + 8; // ","seq":
    let c = s.charCodeAt(p);
    let seq = c - 48;
    while ((c = s.charCodeAt(++p)) >= 48 && c <= 57) seq = seq * 10 + (c - 48);
    if (seq > MAX_SAFE) return null;
    p += 11; // ,"step_id":
    let step_id: string | null = null;
    if (s.charCodeAt(p) === 34) {
      e = s.indexOf('"', p + 1);
      step_id = s.slice(p + 1, e);
      p = e + 1;
    } else p += 4; // null
    p += 13; // ,"action_id":
    let action_id: string | null = null;
    if (s.charCodeAt(p) === 34) {
      e = s.indexOf('"', p + 1);
      action_id = s.slice(p + 1, e);
      p = e + 1;
    } else p += 4;
    p += 9; // ,"kind":"
    e = s.indexOf('"', p);
    const kind = s.slice(p, e);
    p = e + 1;
    if (s.charCodeAt(p) === 125) {
      this.end = p + 1;
      return { run_id, seq, step_id, action_id, kind };
    }
    p += 16; // ,"timestamp_ms":
    const negative = s.charCodeAt(p) === 45;
    if (negative) p++;
    c = s.charCodeAt(p);
    let ts = c - 48;
    while ((c = s.charCodeAt(++p)) >= 48 && c <= 57) ts = ts * 10 + (c - 48);
    if (ts > MAX_SAFE) return null;
    this.end = p + 1;
    return { run_id, seq, step_id, action_id, kind, timestamp_ms: negative ? -ts : ts };
  }
}

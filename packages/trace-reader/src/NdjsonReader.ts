import { decodeKernelTraceEvent } from "@oris/kernel-types";
import { CANONICAL_LINES, CanonicalEventReader } from "./canonicalEvent.js";
import { decodeRecordText, describeFailure, isBlank } from "./decodeRecord.js";
import { KERNEL_TRACE_EVENT } from "./serdeRawText.js";
import { MAX_RECORD_BYTES, tooLong, type TraceSink } from "./TraceSink.js";
import { decodeUtf8, Utf8Error } from "./utf8.js";

/** Lines are validated and read in blocks of at most this many bytes (a V8 string this size stays in the young generation). */
const BLOCK_BYTES = 64 * 1024;

/**
 * Reads NDJSON from a sequence of byte chunks: one KernelTraceEvent per
 * line, lines ended by `\n` (or `\r\n`), blank lines skipped, the last line
 * accepted without a newline. Holds at most one partial line between chunks.
 *
 * Whole blocks of lines in serde_json's own form are validated by one
 * regular expression and read directly (see canonicalEvent.ts); any other
 * line goes through strict UTF-8 decoding, JSON.parse and the library's
 * decoder.
 */
export class NdjsonReader {
  /** The number of lines completed so far; the line being read is `line + 1`. */
  line = 0;
  /** The blank lines so far. */
  private blank = 0;
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** Inside an over-long line that was reported and is being skipped. */
  private discarding = false;
  private readonly reader = new CanonicalEventReader();
  private readonly sink: TraceSink;

  constructor(sink: TraceSink) {
    this.sink = sink;
  }

  /** The input's first `lines` lines were blank and are not pushed (before the first chunk). */
  skipLines(lines: number): void {
    this.line += lines;
    this.blank += lines;
  }

  /** After {@link NdjsonReader.end}: every line was blank (the input holds no record). */
  onlyBlank(): boolean {
    return this.blank === this.line;
  }

  /** Reads every complete line in `chunk` (with what was held from earlier chunks); keeps nothing of `chunk` itself. */
  push(chunk: Buffer): void {
    let from = 0;
    if (this.heldBytes > 0 || this.discarding) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.hold(chunk);
        return;
      }
      this.line++;
      if (this.discarding) this.discarding = false;
      else {
        const line = Buffer.concat([...this.held, chunk.subarray(0, nl)]);
        this.held = [];
        this.heldBytes = 0;
        this.general(line, 0, line.length, false);
      }
      from = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last < from) {
      if (from < chunk.length) this.hold(chunk.subarray(from));
      return;
    }
    let start = from;
    while (start <= last) {
      let end = last + 1;
      if (end - start > BLOCK_BYTES) {
        const cut = chunk.lastIndexOf(10, start + BLOCK_BYTES - 1);
        end = cut >= start ? cut + 1 : chunk.indexOf(10, start + BLOCK_BYTES) + 1;
      }
      this.block(chunk, start, end);
      start = end;
    }
    if (last + 1 < chunk.length) this.hold(chunk.subarray(last + 1));
  }

  /** Reads the last line, which has no newline, if there is one. */
  end(): void {
    if (this.discarding) {
      this.discarding = false;
      this.line++;
      return;
    }
    if (this.heldBytes === 0) return;
    const line = Buffer.concat(this.held);
    this.held = [];
    this.heldBytes = 0;
    this.line++;
    this.general(line, 0, line.length, true);
  }

  private hold(bytes: Buffer): void {
    if (this.discarding) return;
    this.held.push(Buffer.from(bytes)); // a copy: the chunk's buffer may be reused
    this.heldBytes += bytes.length;
    if (this.heldBytes > MAX_RECORD_BYTES) {
      this.held = [];
      this.heldBytes = 0;
      this.discarding = true;
      this.sink.bad(this.line + 1, tooLong("the line"));
    }
  }

  /** Complete lines in `buf[start, end)`, which ends with `\n`. */
  private block(buf: Buffer, start: number, end: number): void {
    if (end - start > BLOCK_BYTES) {
      // A single line longer than a block: the general path (and its length limit).
      this.line++;
      this.general(buf, start, end - 1, false);
      return;
    }
    // latin1: one char per byte, so string indices are byte offsets. Bytes
    // past 0x7f never match CANONICAL_LINES; such lines are decoded as UTF-8
    // on the general path.
    const s = buf.toString("latin1", start, end);
    const len = s.length;
    const sink = this.sink;
    const reader = this.reader;
    let pos = 0;
    while (pos < len) {
      CANONICAL_LINES.lastIndex = pos;
      CANONICAL_LINES.test(s);
      const valid = CANONICAL_LINES.lastIndex;
      while (pos < valid) {
        const event = reader.read(s, pos);
        this.line++;
        if (event !== null) {
          sink.event(event, true, this.line);
          pos = reader.end + (s.charCodeAt(reader.end) === 13 ? 2 : 1);
        } else {
          const nl = s.indexOf("\n", pos);
          this.general(buf, start + pos, start + nl, false);
          pos = nl + 1;
        }
      }
      if (pos < len) {
        const nl = s.indexOf("\n", pos);
        this.line++;
        this.general(buf, start + pos, start + nl, false);
        pos = nl + 1;
      }
    }
  }

  /** One line `buf[start, end)` (no newline), number `this.line`, through JSON.parse and the decoder. */
  private general(buf: Buffer, start: number, end: number, last: boolean): void {
    if (end - start > MAX_RECORD_BYTES) {
      this.sink.bad(this.line, tooLong("the line"));
      return;
    }
    let text: string;
    try {
      text = decodeUtf8(buf.subarray(start, end), "the line");
    } catch (err) {
      if (!(err instanceof Utf8Error)) throw err;
      this.sink.bad(this.line, err.message);
      return;
    }
    if (isBlank(text)) {
      this.blank++;
      return;
    }
    const r = decodeRecordText(text, decodeKernelTraceEvent, KERNEL_TRACE_EVENT);
    if (r.ok) this.sink.event(r.value, false, this.line);
    else if (last && "syntax" in r) {
      this.sink.bad(this.line, `truncated final line (the input ends without a newline): ${describeFailure(r)}`);
    } else this.sink.bad(this.line, describeFailure(r));
  }
}

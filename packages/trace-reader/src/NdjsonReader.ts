import { decodeKernelTraceEvent } from "@oris/kernel-types";
import { decodeRecordText, describeFailure, isBlank } from "./decodeRecord.js";
import { RawTraceEvent } from "./RawTraceEvent.js";
import { KERNEL_TRACE_EVENT } from "./serdeRawText.js";
import { MAX_RECORD_BYTES, tooLong, type TraceSink } from "./TraceSink.js";
import { decodeUtf8, Utf8Error } from "./utf8.js";

/**
 * Reads NDJSON from a sequence of byte chunks: one KernelTraceEvent per
 * line, lines ended by `\n` (or `\r\n`), blank lines skipped, the last line
 * accepted without a newline. Holds at most one partial line between chunks.
 *
 * A line in serde_json's own layout is read in one pass over its bytes,
 * making nothing (see RawTraceEvent.ts); any other line goes through strict
 * UTF-8 decoding, JSON.parse and the library's decoder, which word every
 * error.
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
  private readonly raw = new RawTraceEvent();
  private readonly sink: TraceSink;
  /** The sink takes raw events. */
  private readonly takesRaw: boolean;

  constructor(sink: TraceSink) {
    this.sink = sink;
    this.takesRaw = typeof sink.raw === "function";
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
      if (this.discarding) {
        this.discarding = false;
        this.line++;
      } else {
        const line = Buffer.concat([...this.held, chunk.subarray(0, nl + 1)]);
        this.held = [];
        this.heldBytes = 0;
        this.lines(line, 0, line.length);
      }
      from = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last < from) {
      if (from < chunk.length) this.hold(chunk.subarray(from));
      return;
    }
    this.lines(chunk, from, last + 1);
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
    if (this.raw.scan(line, 0, line.length) === line.length) this.deliver();
    else this.general(line, 0, line.length, true);
  }

  /** Hands the record the scanner has just read to the sink. */
  private deliver(): void {
    if (this.takesRaw) (this.sink.raw as NonNullable<TraceSink["raw"]>)(this.raw, this.line);
    else this.sink.event(this.raw.toEvent(), this.line);
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
  private lines(buf: Buffer, start: number, end: number): void {
    const raw = this.raw;
    let pos = start;
    while (pos < end) {
      const stop = raw.scan(buf, pos, end);
      this.line++;
      if (stop >= 0 && stop - pos <= MAX_RECORD_BYTES) {
        const c = buf[stop];
        const next = c === 10 ? stop + 1 : c === 13 && buf[stop + 1] === 10 ? stop + 2 : -1;
        if (next >= 0) {
          this.deliver();
          pos = next;
          continue;
        }
      }
      const nl = buf.indexOf(10, pos);
      this.general(buf, pos, nl, false);
      pos = nl + 1;
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
    if (r.ok) this.sink.event(r.value, this.line);
    else if (!("syntax" in r)) this.sink.bad(this.line, describeFailure(r));
    else {
      const message = last
        ? `truncated final line (the input ends without a newline): ${describeFailure(r)}`
        : describeFailure(r);
      // A line's record is on that line: its column is the line's.
      if (r.column === undefined) this.sink.bad(this.line, message);
      else this.sink.bad(this.line, message, undefined, r.column);
    }
  }
}

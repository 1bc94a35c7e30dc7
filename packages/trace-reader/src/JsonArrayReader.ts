import { MAX_RECORD_BYTES, tooLong } from "./TraceSink.js";
import { decodeUtf8, Utf8Error } from "./utf8.js";

/** Receives the elements of a JSON array, one at a time. */
export interface ElementSink {
  /**
   * Optional fast path, offered each element first: the block's bytes and
   * where the element starts. Returns where an element it can take ends, or
   * -1. The element is taken (by {@link ElementSink.fastElement}) only if a
   * "," or "]" follows it.
   */
  fastEnd?(bytes: Buffer, start: number, end: number): number;
  /** Takes the element that the last call of `fastEnd` accepted, which starts on 1-based `line`. */
  fastElement?(line: number): void;
  /**
   * The text of element `index` (0-based, decoded as UTF-8), which starts on
   * 1-based `line` at 1-based `column` (in bytes).
   */
  element(text: string, line: number, index: number, column: number): void;
  /**
   * A problem at `line`; `message` is complete (with the element's pointer
   * when there is one, and then `index` is that element's). Throws to stop.
   */
  bad(line: number, message: string, index?: number): void;
}

// The reader's states.
/** Before the opening `[`. */
const START = 0;
/** After `[`: an element or `]`. */
const OPEN = 1;
/** After `,`: an element. */
const COMMA = 2;
/** Inside an element. */
const ELEMENT = 3;
/** After `]`: only whitespace. */
const DONE = 4;
/** After a break in the array's syntax: the rest is not read. */
const BROKEN = 5;

/** Bytes are scanned in blocks of at most this many (a V8 string this size stays in the young generation). */
const BLOCK_BYTES = 64 * 1024;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Splits one JSON array, arriving in byte chunks of any size, into its
 * elements without parsing the whole document: it tracks only strings,
 * escapes and nesting depth, so it holds one element at a time. Each element
 * is then parsed on its own by the sink (which reports bad JSON inside an
 * element); the array's own structure (`[`, `,`, `]`, nothing after it, the
 * array closing at all) is checked here.
 *
 * Blocks are scanned as latin1 strings, where every byte is one char, so
 * string indices are byte offsets and UTF-8 sequences (all bytes ≥ 0x80)
 * never look like structure. The sink's fast path may take an element
 * whole (serde_json's own layout of a trace event); otherwise strings inside
 * it are skipped with `indexOf` and only brackets and commas are looked at.
 * Line numbers are counted only where they are needed.
 */
export class JsonArrayReader {
  private state: number = START;
  private depth = 0;
  private inString = false;
  /** Inside a string, the next byte is escaped (a `\` ended the previous block). */
  private escaped = false;
  /** The line reached so far, and the current block's next newline not yet counted (-1: none). */
  private line = 1;
  private nextNewline = -1;
  /** An element that began in an earlier block: copies of its bytes. */
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** Skipping an over-long element that was reported. */
  private discarding = false;
  private elementLine = 0;
  /** The 1-based column (in bytes) where the current element starts. */
  private elementColumn = 1;
  /** The input offset of the current block's first byte, and of the start of line {@link JsonArrayReader.line}. */
  private blockOffset = 0;
  private lineStart = 0;
  private index = 0;
  /** Where scanning goes on after an element taken by the fast path. */
  private afterFast = 0;
  private readonly sink: ElementSink;

  constructor(sink: ElementSink) {
    this.sink = sink;
  }

  /** The input's first `lines` lines were blank and are not pushed (before the first chunk). */
  skipLines(lines: number): void {
    this.line += lines;
  }

  /** Reads `chunk`; keeps nothing of it (an unfinished element is copied). */
  push(chunk: Buffer): void {
    for (let at = 0; at < chunk.length; at += BLOCK_BYTES) {
      const block = chunk.subarray(at, Math.min(chunk.length, at + BLOCK_BYTES));
      this.block(block);
      this.blockOffset += block.length;
    }
  }

  /** The input ended: the array must have closed. */
  end(): void {
    if (this.state === DONE || this.state === BROKEN) return;
    if (this.state === ELEMENT && (this.depth > 0 || this.inString)) {
      this.state = DONE;
      this.sink.bad(
        this.elementLine,
        `/${this.index}: the JSON array never closes: the input ends inside element ${this.index}, which starts on line ${this.elementLine}`,
        this.index,
      );
      return;
    }
    // An element at depth 0 is whole when the input ends: it is read like any other.
    if (this.state === ELEMENT) this.finishHeld();
    this.state = DONE;
    this.sink.bad(
      this.line,
      `the JSON array never closes: the input ends after ${this.index} element${this.index === 1 ? "" : "s"}, with no "]"`,
    );
  }

  private block(bytes: Buffer): void {
    const s = bytes.toString("latin1");
    const n = s.length;
    this.nextNewline = s.indexOf("\n");
    let i = 0;
    let start = 0; // where the current element starts in this block
    if (this.state === ELEMENT && this.inString) {
      i = this.skipString(s, 0);
      if (i < 0 || i === n) {
        this.take(bytes, 0, n);
        this.lineAt(s, n);
        return;
      }
    }
    while (i < n) {
      const c = s.charCodeAt(i);
      switch (this.state) {
        case ELEMENT: {
          // The element's structure: strings are skipped whole; only depth-0 "," or "]" ends it.
          let depth = this.depth;
          while (i < n) {
            const d = s.charCodeAt(i);
            if (d === 0x22) {
              i = this.skipString(s, i + 1);
              if (i < 0) break;
              continue;
            }
            if (d === 0x7b || d === 0x5b) depth++;
            else if (d === 0x7d || d === 0x5d) {
              if (depth > 0) depth--;
              else if (d === 0x5d) break;
            } else if (d === 0x2c && depth === 0) break;
            i++;
          }
          this.depth = depth;
          if (i < 0 || i >= n) {
            // The element goes on in the next block.
            this.take(bytes, start, n);
            i = n;
            break;
          }
          this.elementEnd(bytes, start, i);
          this.state = s.charCodeAt(i) === 0x2c ? COMMA : DONE;
          i++;
          break;
        }
        case OPEN:
        case COMMA:
          if (isSpace(c)) {
            i++;
            break;
          }
          if (c === 0x5d) {
            const trailingComma = this.state === COMMA;
            this.state = DONE;
            if (trailingComma)
              this.sink.bad(
                this.lineAt(s, i),
                `/${this.index}: expected an element after "," (got "]": a trailing comma is not JSON)`,
                this.index,
              );
            i++;
            break;
          }
          if (c === 0x2c) {
            // An empty element: reported; with --skip-invalid, reading goes on after it.
            this.state = COMMA;
            this.sink.bad(this.lineAt(s, i), `/${this.index}: expected an element (got ",")`, this.index);
            i++;
            break;
          }
          this.elementLine = this.lineAt(s, i);
          this.elementColumn = this.blockOffset + i - this.lineStart + 1;
          if (this.fast(s, bytes, i)) {
            i = this.afterFast;
            break;
          }
          this.state = ELEMENT;
          this.depth = 0;
          start = i;
          break;
        case START:
          if (c === 0x5b) this.state = OPEN;
          else if (!isSpace(c)) return this.broken(s, i, `expected "[" to open the JSON array (got ${show(c)})`);
          i++;
          break;
        case DONE:
          if (!isSpace(c))
            return this.broken(s, i, `expected nothing after the closing "]" of the JSON array (got ${show(c)})`);
          i++;
          break;
        default: // BROKEN
          return;
      }
    }
    this.lineAt(s, n);
  }

  /**
   * The sink's fast path for an element at `s[i]`: taken when the sink
   * accepts it and a "," or "]" follows within the block; then
   * `afterFast` is the index after that delimiter.
   */
  private fast(s: string, bytes: Buffer, i: number): boolean {
    const end = this.sink.fastEnd?.(bytes, i, s.length) ?? -1;
    if (end < 0) return false;
    let j = end;
    while (j < s.length && isSpace(s.charCodeAt(j))) j++;
    const d = s.charCodeAt(j);
    if (d !== 0x2c && d !== 0x5d) return false;
    this.index++;
    (this.sink.fastElement as NonNullable<ElementSink["fastElement"]>)(this.elementLine);
    this.state = d === 0x2c ? COMMA : DONE;
    this.afterFast = j + 1;
    return true;
  }

  /**
   * From `i`, inside a string: the index after its closing quote, or -1 if
   * the block ends first (then `inString` and `escaped` say where it stands).
   */
  private skipString(s: string, i: number): number {
    if (this.escaped) {
      this.escaped = false;
      i++;
    }
    for (;;) {
      const q = s.indexOf('"', i);
      if (q < 0) {
        let backslashes = 0;
        for (let k = s.length - 1; k >= i && s.charCodeAt(k) === 0x5c; k--) backslashes++;
        this.inString = true;
        this.escaped = backslashes % 2 === 1;
        return -1;
      }
      let backslashes = 0;
      for (let k = q - 1; k >= i && s.charCodeAt(k) === 0x5c; k--) backslashes++;
      if (backslashes % 2 === 0) {
        this.inString = false;
        return q + 1;
      }
      i = q + 1;
    }
  }

  /** The element `bytes[start, end)` (before a "," or "]" at `end`) is complete. */
  private elementEnd(bytes: Buffer, start: number, end: number): void {
    if (this.partBytes > 0 || this.discarding) {
      this.take(bytes, start, end);
      this.finishHeld();
      return;
    }
    this.deliver(bytes.subarray(start, end), this.index++);
  }

  /** The held element is complete. */
  private finishHeld(): void {
    const index = this.index++;
    const parts = this.parts;
    this.parts = [];
    this.partBytes = 0;
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    this.deliver(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts), index);
  }

  private deliver(bytes: Buffer, index: number): void {
    let text: string;
    try {
      text = decodeUtf8(bytes, `element ${index}`);
    } catch (err) {
      if (!(err instanceof Utf8Error)) throw err;
      this.sink.bad(this.elementLine, `/${index}: ${err.message}`, index);
      return;
    }
    this.sink.element(text, this.elementLine, index, this.elementColumn);
  }

  /** Holds a copy of `bytes[start, end)`, part of an element that goes on. */
  private take(bytes: Buffer, start: number, end: number): void {
    if (this.discarding || end <= start) return;
    this.parts.push(Buffer.from(bytes.subarray(start, end)));
    this.partBytes += end - start;
    if (this.partBytes > MAX_RECORD_BYTES) {
      this.parts = [];
      this.partBytes = 0;
      this.discarding = true;
      this.sink.bad(this.elementLine, `/${this.index}: ${tooLong(`element ${this.index}`)}`, this.index);
    }
  }

  /** The line of `s[pos]`, counting the newlines passed since the last call (positions only move forward). */
  private lineAt(s: string, pos: number): number {
    while (this.nextNewline >= 0 && this.nextNewline < pos) {
      this.line++;
      this.lineStart = this.blockOffset + this.nextNewline + 1;
      this.nextNewline = s.indexOf("\n", this.nextNewline + 1);
    }
    return this.line;
  }

  /** A break in the array's own syntax: reported, and the rest of the input is not read. */
  private broken(s: string, at: number, message: string): void {
    this.state = BROKEN;
    this.parts = [];
    this.partBytes = 0;
    this.sink.bad(this.lineAt(s, at), message);
  }
}

function show(c: number): string {
  return c >= 0x21 && c <= 0x7e ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16).padStart(2, "0")}`;
}

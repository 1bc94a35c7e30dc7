import { isAscii } from "node:buffer";
import { tooLong } from "./NdjsonReader.js";
import { MAX_RECORD_BYTES } from "./TraceSink.js";
import { decodeUtf8, Utf8Error } from "./utf8.js";

/** Receives the elements of a JSON array, one at a time. */
export interface ElementSink {
  /** The text of element `index` (0-based), which starts on 1-based `line`. */
  element(text: string, ascii: boolean, line: number, index: number): void;
  /** A problem at `line`; `message` is complete (with the element's pointer when there is one). Throws to stop. */
  bad(line: number, message: string): void;
}

// The reader's states (small integers: this loop runs once per input byte).
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

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Splits one JSON array, arriving in byte chunks of any size, into the texts
 * of its elements without parsing the whole document: it tracks only string,
 * escape and nesting depth, so it holds one element at a time. Each element
 * is then JSON.parse'd on its own by the caller (which reports bad JSON
 * inside an element); the array's own structure (`[`, `,`, `]`, nothing
 * after it, the array closing at all) is checked here.
 */
export class JsonArrayReader {
  private state: number = START;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** Skipping an over-long element that was reported. */
  private discarding = false;
  private elementLine = 0;
  private index = 0;
  private readonly sink: ElementSink;

  constructor(sink: ElementSink) {
    this.sink = sink;
  }

  /** The number of elements seen so far. */
  get elements(): number {
    return this.index;
  }

  push(chunk: Buffer): void {
    const n = chunk.length;
    let start = this.state === ELEMENT ? 0 : -1;
    for (let i = 0; i < n; i++) {
      const c = chunk[i] as number;
      if (c === 0x0a) this.line++;
      switch (this.state) {
        case ELEMENT:
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (c === 0x5c) this.escaped = true;
            else if (c === 0x22) this.inString = false;
          } else if (c === 0x22) this.inString = true;
          else if (c === 0x7b || c === 0x5b) this.depth++;
          else if ((c === 0x7d || c === 0x5d) && this.depth > 0) this.depth--;
          else if (this.depth === 0 && (c === 0x2c || c === 0x5d)) {
            this.take(chunk, start, i);
            this.finishElement();
            this.state = c === 0x2c ? COMMA : DONE;
          }
          break;
        case START:
          if (c === 0x5b) this.state = OPEN;
          else if (!isSpace(c)) this.broken(`expected "[" to open the JSON array (got ${show(c)})`);
          break;
        case OPEN:
        case COMMA:
          if (isSpace(c)) break;
          if (c === 0x5d) {
            const trailingComma = this.state === COMMA;
            this.state = DONE;
            if (trailingComma) this.sink.bad(this.line, `/${this.index}: expected an element after "," (got "]": a trailing comma is not JSON)`);
            break;
          }
          if (c === 0x2c) {
            // An empty element: reported; with --skip-invalid, reading goes on after it.
            this.state = COMMA;
            this.sink.bad(this.line, `/${this.index}: expected an element (got ",")`);
            break;
          }
          this.state = ELEMENT;
          this.elementLine = this.line;
          start = i;
          i--; // read this byte again as the element's first
          if (c === 0x0a) this.line--;
          break;
        case DONE:
          if (!isSpace(c)) this.broken(`expected nothing after the closing "]" of the JSON array (got ${show(c)})`);
          break;
        case BROKEN:
          return;
      }
    }
    if (this.state === ELEMENT) this.take(chunk, start, n);
  }

  /** The input ended: the array must have closed. */
  end(): void {
    if (this.state === DONE || this.state === BROKEN) return;
    if (this.state === ELEMENT && (this.depth > 0 || this.inString)) {
      this.state = DONE;
      this.sink.bad(
        this.elementLine,
        `/${this.index}: the JSON array never closes: the input ends inside element ${this.index}, which starts on line ${this.elementLine}`,
      );
      return;
    }
    // An element at depth 0 is whole when the input ends: it is read like any other.
    if (this.state === ELEMENT) this.finishElement();
    this.state = DONE;
    this.sink.bad(this.line, `the JSON array never closes: the input ends after ${this.index} element${this.index === 1 ? "" : "s"}, with no "]"`);
  }

  private take(chunk: Buffer, start: number, end: number): void {
    if (this.discarding || end <= start) return;
    this.parts.push(Buffer.from(chunk.subarray(start, end))); // a copy: the chunk's buffer may be reused
    this.partBytes += end - start;
    if (this.partBytes > MAX_RECORD_BYTES) {
      this.parts = [];
      this.partBytes = 0;
      this.discarding = true;
      this.sink.bad(this.elementLine, `/${this.index}: ${tooLong(`element ${this.index}`)}`);
    }
  }

  private finishElement(): void {
    const index = this.index++;
    const parts = this.parts;
    this.parts = [];
    this.partBytes = 0;
    this.depth = 0;
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    const bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    if (isAscii(bytes)) {
      this.sink.element(bytes.toString("latin1"), true, this.elementLine, index);
      return;
    }
    let text: string;
    try {
      text = decodeUtf8(bytes, `element ${index}`);
    } catch (err) {
      if (!(err instanceof Utf8Error)) throw err;
      this.sink.bad(this.elementLine, `/${index}: ${err.message}`);
      return;
    }
    this.sink.element(text, false, this.elementLine, index);
  }

  /** A break in the array's own syntax: reported, and the rest of the input is not read. */
  private broken(message: string): void {
    this.state = BROKEN;
    this.parts = [];
    this.partBytes = 0;
    this.sink.bad(this.line, message);
  }
}

function show(c: number): string {
  return c >= 0x21 && c <= 0x7e ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16).padStart(2, "0")}`;
}

import { decodeKernelTraceEvent } from "@oris/kernel-types";
import { RawTraceEvent } from "./RawTraceEvent.js";
import { decodeRecordText, describeFailure, type RecordFailure } from "./decodeRecord.js";
import type { ElementSink } from "./JsonArrayReader.js";
import { readChunks } from "./readInput.js";
import { inputName, type TraceInput } from "./TraceInput.js";
import type { ReadOptions, TraceLayout } from "./readTrace.js";
import { KERNEL_TRACE_EVENT } from "./serdeRawText.js";
import { TraceReadError } from "./TraceReadError.js";
import type { TraceSink } from "./TraceSink.js";

/** Something that takes an input's chunks. */
export interface ChunkReader {
  /** The input's first `lines` lines were blank and are not pushed: count them (before the first push). */
  skipLines(lines: number): void;
  push(chunk: Buffer): void;
  end(): void;
  /** After `end`: the input held only blank lines (an NDJSON reader), so no trace. */
  onlyBlank?(): boolean;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Reads one input, in the layout its first bytes show: a JSON array when
 * the first byte that is not whitespace is `[` — unless the next one is `"`,
 * which makes the first line a record in serde's array form of the struct
 * (`["run-1",1,null,null,"Completed",null]`), so NDJSON. `choose` gets the
 * layout and that first byte and returns the reader. Yields after each
 * chunk the input bytes consumed so far (before decompression), and returns
 * the layout. Throws a TraceReadError (`data`) for an
 * input with nothing in it (no bytes, only JSON whitespace, or NDJSON of
 * only blank lines), or one that starts with a byte order mark.
 */
export async function* readRecords(
  input: TraceInput,
  options: ReadOptions,
  choose: (layout: TraceLayout, firstByte: number) => ChunkReader,
): AsyncGenerator<number, TraceLayout, undefined> {
  const name = inputName(input, options.name);
  let rawBytes = 0; // input bytes consumed, before decompression
  let yielded = 0;
  const bytesOptions = {
    name,
    onRawBytes: (n: number) => void (rawBytes += n),
    ...(options.onGzip === undefined ? {} : { onGzip: options.onGzip }),
  };
  // The layout is told in one pass, each byte looked at once: whole lines of
  // whitespace before the first other byte are only counted (however many
  // there are: an input may start with megabytes of blank lines), and what
  // the reader must still see is held as copies (the chunk's buffer may be
  // reused), never concatenated, until the layout is known.
  let reader: ChunkReader | null = null;
  let layout: TraceLayout | null = null;
  let sawBytes = false;
  let offset = 0; // input bytes before the current chunk
  let blankLines = 0; // whole lines of whitespace before the first other byte
  let first = -1; // that byte, once seen
  let held: Buffer[] = [];
  for await (const chunk of readChunks(input, bytesOptions)) {
    if (reader !== null) reader.push(chunk);
    else if (chunk.length > 0) {
      sawBytes = true;
      let from = 0; // the part of the chunk to hold
      let search = 0; // where to look for the byte after the first
      if (first < 0) {
        const i = nonSpace(chunk, 0);
        const nl = chunk.lastIndexOf(10, i < 0 ? chunk.length - 1 : i);
        if (nl >= 0) {
          blankLines += countNewlines(chunk, nl);
          held = [];
          from = nl + 1;
        }
        if (i >= 0) {
          if (offset + i === 0) checkByteOrderMark(name, chunk);
          first = chunk[i] as number;
          search = i + 1;
        }
      }
      if (from < chunk.length) held.push(Buffer.from(chunk.subarray(from)));
      if (first >= 0) {
        if (first !== 0x5b) layout = "NDJSON";
        else {
          const j = nonSpace(chunk, search);
          if (j >= 0) layout = chunk[j] === 0x22 ? "NDJSON" : "JSON array";
        }
      }
      if (layout !== null) reader = start(choose(layout, first), blankLines, held);
      offset += chunk.length;
    }
    yielded = rawBytes;
    yield rawBytes;
  }
  if (rawBytes > yielded) yield rawBytes; // the end of a gzip stream may give no more bytes
  if (reader === null && first >= 0) {
    layout = first === 0x5b ? "JSON array" : "NDJSON";
    reader = start(choose(layout, first), blankLines, held);
  }
  if (reader !== null && layout !== null) {
    reader.end();
    if (reader.onlyBlank?.() !== true) return layout;
  }
  throw new TraceReadError(
    "data",
    `${name}: empty input: ${sawBytes ? "only whitespace" : "no bytes"}, so no trace (an empty trace is the JSON array [])`,
  );
}

/** The reader, told of the blank lines before the first byte it gets, and given the bytes held so far. */
function start(reader: ChunkReader, blankLines: number, held: readonly Buffer[]): ChunkReader {
  reader.skipLines(blankLines);
  for (const bytes of held) reader.push(bytes);
  return reader;
}

/** The index of the first byte from `from` that is not JSON whitespace, or -1. */
function nonSpace(bytes: Buffer, from: number): number {
  for (let i = from; i < bytes.length; i++) if (!isSpace(bytes[i] as number)) return i;
  return -1;
}

/** The number of newlines in `bytes[0, end]`. */
function countNewlines(bytes: Buffer, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i >= 0 && i <= end; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

function checkByteOrderMark(name: string, chunk: Buffer): void {
  if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
    throw new TraceReadError(
      "data",
      `${name}: starts with a UTF-8 byte order mark, which JSON text must not have; remove its first 3 bytes`,
    );
  }
  if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
    throw new TraceReadError(
      "data",
      `${name}: is UTF-16 (it starts with a UTF-16 byte order mark); convert it to UTF-8`,
    );
  }
}

/** The elements of a JSON array trace: the fast path for serde_json's own layout (RawTraceEvent.ts), else JSON.parse and the decoder. */
export class TraceElements implements ElementSink {
  private readonly raw = new RawTraceEvent();
  private readonly sink: TraceSink;

  constructor(sink: TraceSink) {
    this.sink = sink;
  }

  fastEnd(bytes: Buffer, start: number, end: number): number {
    return this.raw.scan(bytes, start, end);
  }

  fastElement(line: number): void {
    if (this.sink.raw !== undefined) this.sink.raw(this.raw, line);
    else this.sink.event(this.raw.toEvent(), line);
  }

  element(text: string, line: number, index: number, column: number): void {
    const r = decodeRecordText(text, decodeKernelTraceEvent, KERNEL_TRACE_EVENT);
    if (r.ok) this.sink.event(r.value, line);
    else {
      const at = whereInElement(r, line, column);
      if (at === null) this.sink.bad(line, describeFailure(r, `/${index}`), index);
      else this.sink.bad(at.line, describeFailure(r, `/${index}`), index, at.column);
    }
  }

  bad(line: number, message: string, index?: number): void {
    if (index === undefined) this.sink.bad(line, message);
    else this.sink.bad(line, message, index);
  }
}

/**
 * Where in the input a syntax failure inside an element is: its line and
 * column within the element, placed at the element's `line` and `column`
 * (where its first byte is); `null` when the failure does not say.
 */
export function whereInElement(
  r: RecordFailure,
  line: number,
  column: number,
): { line: number; column: number } | null {
  if (!("syntax" in r) || r.line === undefined || r.column === undefined) return null;
  return r.line === 1 ? { line, column: column + r.column - 1 } : { line: line + r.line - 1, column: r.column };
}

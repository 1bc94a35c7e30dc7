import { decodeKernelTraceEvent } from "@oris/kernel-types";
import { CANONICAL_RECORD, CanonicalEventReader } from "./canonicalEvent.js";
import { CliError } from "./CliError.js";
import { decodeRecordText, describeFailure } from "./decodeRecord.js";
import { KERNEL_TRACE_EVENT } from "./serdeRawText.js";
import { EXIT_STATUS } from "./exitStatus.js";
import { JsonArrayReader, type ElementSink } from "./JsonArrayReader.js";
import { NdjsonReader } from "./NdjsonReader.js";
import { readInput, type InputSource } from "./openInput.js";
import type { TraceSink } from "./TraceSink.js";
import type { Io } from "./Io.js";

/** The two layouts of a trace file. */
export type TraceLayout = "NDJSON" | "JSON array";

/** Called while an input is read. */
export interface ReadHooks {
  /** After each chunk of input has been read (to flush output, draw progress). */
  afterChunk(): Promise<void> | void;
  /** Input bytes consumed, before decompression. */
  rawBytes(n: number): void;
}

/** Something that takes an input's chunks. */
interface ChunkReader {
  push(chunk: Buffer): void;
  end(): void;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Reads one input into `sink`, as NDJSON or as one JSON array (see
 * {@link readRecords} for how the layout is told).
 */
export async function readTrace(source: InputSource, sink: TraceSink, stdin: Io["stdin"], hooks: ReadHooks): Promise<TraceLayout> {
  return readRecords(source, stdin, hooks, (layout) =>
    layout === "JSON array" ? new JsonArrayReader(new TraceElements(sink)) : new NdjsonReader(sink),
  );
}

/**
 * Reads one input, in the layout its first bytes show: a JSON array when
 * the first byte that is not whitespace is `[` — unless the next one is `"`,
 * which makes the first line a record in serde's array form of the struct
 * (`["run-1",1,null,null,"Completed",null]`), so NDJSON. `choose` gets the
 * layout and that first byte and returns the reader. Throws a CliError (65)
 * for an input with nothing in it, or one that starts with a byte order mark.
 */
export async function readRecords(
  source: InputSource,
  stdin: Io["stdin"],
  hooks: ReadHooks,
  choose: (layout: TraceLayout, firstByte: number) => ChunkReader,
): Promise<TraceLayout> {
  let layout: TraceLayout | null = null;
  let reader: ChunkReader | null = null;
  let start: Buffer | null = null; // the input so far, while its layout is not known
  for await (const chunk of readInput(source, stdin, (n) => hooks.rawBytes(n))) {
    if (reader !== null) reader.push(chunk);
    else {
      start = Buffer.concat(start === null ? [chunk] : [start, chunk]); // a copy: the chunk's buffer may be reused
      layout = detectLayout(source.name, start, false);
      if (layout !== null) {
        reader = choose(layout, firstByte(start));
        reader.push(start);
        start = null;
      }
    }
    await hooks.afterChunk();
  }
  if (reader === null && start !== null) {
    layout = detectLayout(source.name, start, true);
    if (layout !== null) {
      reader = choose(layout, firstByte(start));
      reader.push(start);
    }
  }
  if (reader === null || layout === null) {
    throw new CliError(
      EXIT_STATUS.dataError,
      `${source.name}: empty input: ${start === null ? "no bytes" : "only whitespace"}, so no trace (an empty trace is the JSON array [])`,
    );
  }
  reader.end();
  return layout;
}

/** The layout the start of an input shows, or `null` when more of it is needed (or, `atEnd`, there is nothing). */
function detectLayout(name: string, bytes: Buffer, atEnd: boolean): TraceLayout | null {
  const i = bytes.findIndex((c) => !isSpace(c));
  if (i < 0) return null;
  if (i === 0) checkByteOrderMark(name, bytes);
  if (bytes[i] !== 0x5b) return "NDJSON";
  const j = bytes.findIndex((c, k) => k > i && !isSpace(c));
  if (j < 0) return atEnd ? "JSON array" : null;
  return bytes[j] === 0x22 ? "NDJSON" : "JSON array";
}

const firstByte = (bytes: Buffer): number => bytes.find((c) => !isSpace(c)) ?? 0;

function checkByteOrderMark(name: string, chunk: Buffer): void {
  if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
    throw new CliError(EXIT_STATUS.dataError, `${name}: starts with a UTF-8 byte order mark, which JSON text must not have; remove its first 3 bytes`);
  }
  if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
    throw new CliError(EXIT_STATUS.dataError, `${name}: is UTF-16 (it starts with a UTF-16 byte order mark); convert it to UTF-8`);
  }
}

/** The elements of a JSON array trace: the canonical fast path, else JSON.parse and the decoder. */
class TraceElements implements ElementSink {
  private readonly reader = new CanonicalEventReader();
  private readonly sink: TraceSink;

  constructor(sink: TraceSink) {
    this.sink = sink;
  }

  fastEnd(s: string, start: number): number {
    CANONICAL_RECORD.lastIndex = start;
    return CANONICAL_RECORD.test(s) ? CANONICAL_RECORD.lastIndex : -1;
  }

  fastElement(s: string, start: number): boolean {
    const event = this.reader.read(s, start);
    if (event === null) return false;
    this.sink.event(event, true);
    return true;
  }

  element(text: string, line: number, index: number): void {
    const r = decodeRecordText(text, decodeKernelTraceEvent, KERNEL_TRACE_EVENT);
    if (r.ok) this.sink.event(r.value, false);
    else this.sink.bad(line, describeFailure(r, `/${index}`));
  }

  bad(line: number, message: string): void {
    this.sink.bad(line, message);
  }
}

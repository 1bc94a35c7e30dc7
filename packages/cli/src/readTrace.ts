import { decodeKernelTraceEvent } from "@oris/kernel-types";
import { CANONICAL_RECORD, CanonicalEventReader } from "./canonicalEvent.js";
import { CliError } from "./CliError.js";
import { decodeRecordText, describeFailure } from "./decodeRecord.js";
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
 * Reads one input into `sink`: NDJSON, or a JSON array when the first byte
 * that is not whitespace is `[`. Throws a CliError (65) for an input with
 * nothing in it, or one that starts with a byte order mark.
 */
export async function readTrace(source: InputSource, sink: TraceSink, stdin: Io["stdin"], hooks: ReadHooks): Promise<TraceLayout> {
  return readRecords(source, stdin, hooks, (first) =>
    first === 0x5b ? new JsonArrayReader(new TraceElements(sink)) : new NdjsonReader(sink),
  );
}

/**
 * Reads one input whose layout is chosen by its first non-whitespace byte:
 * `choose` gets that byte and returns the reader for it.
 */
export async function readRecords(
  source: InputSource,
  stdin: Io["stdin"],
  hooks: ReadHooks,
  choose: (firstByte: number) => ChunkReader,
): Promise<TraceLayout> {
  let reader: ChunkReader | null = null;
  let layout: TraceLayout = "NDJSON";
  const before: Buffer[] = [];
  for await (const chunk of readInput(source, stdin, (n) => hooks.rawBytes(n))) {
    if (reader === null) {
      const i = chunk.findIndex((c) => !isSpace(c));
      if (i < 0) {
        before.push(chunk);
        continue;
      }
      if (before.length === 0 && i === 0) checkByteOrderMark(source.name, chunk);
      const first = chunk[i] as number;
      reader = choose(first);
      layout = first === 0x5b ? "JSON array" : "NDJSON";
      for (const b of before) reader.push(b);
      before.length = 0;
    }
    reader.push(chunk);
    await hooks.afterChunk();
  }
  if (reader === null) {
    throw new CliError(
      EXIT_STATUS.dataError,
      `${source.name}: empty input: ${before.length === 0 ? "no bytes" : "only whitespace"}, so no trace (an empty trace is the JSON array [])`,
    );
  }
  reader.end();
  return layout;
}

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

  element(text: string, ascii: boolean, line: number, index: number): void {
    if (ascii) {
      CANONICAL_RECORD.lastIndex = 0;
      if (CANONICAL_RECORD.test(text) && CANONICAL_RECORD.lastIndex === text.length) {
        const event = this.reader.read(text, 0);
        if (event !== null) {
          this.sink.event(event, true);
          return;
        }
      }
    }
    const r = decodeRecordText(text, decodeKernelTraceEvent);
    if (r.ok) this.sink.event(r.value, false);
    else this.sink.bad(line, describeFailure(r, `/${index}`));
  }

  bad(line: number, message: string): void {
    this.sink.bad(line, message);
  }
}

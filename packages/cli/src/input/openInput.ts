import { readTraceBytes, statTraceFile, TraceReadError } from "@oris/trace-reader";
import { CliError, usageError } from "../CliError.js";
import { EXIT_STATUS } from "../exitStatus.js";
import type { Io } from "../Io.js";

/** One input named on the command line. */
export interface InputSource {
  /** The name used in messages: the path as given, or `<stdin>`. */
  readonly name: string;
  /** The file to read; `null` for standard input. */
  readonly path: string | null;
  /** A regular file's size in bytes (compressed size for gzip); `null` for stdin, pipes and devices. */
  readonly size: number | null;
}

/**
 * Checks every input before anything is read or written, so that a missing
 * file fails the run (exit 66) before any output: `-` is standard input
 * (at most once), anything else must be a readable file.
 */
export async function resolveInputs(files: readonly string[], stdin: Io["stdin"]): Promise<InputSource[]> {
  if (files.length === 0) files = ["-"];
  if (files.filter((f) => f === "-").length > 1) {
    throw usageError('standard input ("-") can be read only once');
  }
  const sources: InputSource[] = [];
  for (const file of files) {
    if (file === "-") {
      if (stdin.isTTY === true) {
        throw usageError("no input: give a trace file, or pipe one into standard input");
      }
      sources.push({ name: "<stdin>", path: null, size: null });
      continue;
    }
    sources.push({ name: file, path: file, size: await withExitStatus(() => statTraceFile(file)) });
  }
  return sources;
}

/** What `@oris/trace-reader` reads for a source: the file, or standard input. */
export const traceInput = (source: InputSource, stdin: Io["stdin"]) => source.path ?? stdin;

/**
 * Runs `read`, with the library's {@link TraceReadError} as the CLI's exit
 * status: 66 cannot open, 74 read error, 65 anything else about the data.
 */
export async function withExitStatus<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof TraceReadError)) throw err;
    const status =
      err.code === "open" ? EXIT_STATUS.noInput : err.code === "read" ? EXIT_STATUS.ioError : EXIT_STATUS.dataError;
    throw new CliError(status, err.message);
  }
}

/**
 * A stepwise read (`readTraceStepwise`, `readRecordArrayStepwise`) as the
 * runs consume it: each step yields the input bytes it consumed (for
 * progress), the library's errors become exit statuses, and the generator
 * returns what the reader returns (the layout). Returning early closes the
 * input.
 */
export async function* inputSteps<T>(
  reading: AsyncGenerator<number, T, undefined>,
): AsyncGenerator<number, T, undefined> {
  let read = 0;
  let done = false;
  try {
    for (;;) {
      const r = await withExitStatus(() => reading.next());
      if (r.done === true) {
        done = true;
        return r.value;
      }
      yield r.value - read;
      read = r.value;
    }
  } finally {
    if (!done) await reading.return(undefined as never);
  }
}

/**
 * The bytes of one input, decompressed when it is gzip: `@oris/trace-reader`'s
 * `readTraceBytes`, with its errors as CliErrors (see {@link withExitStatus}).
 */
export async function* readInput(
  source: InputSource,
  stdin: Io["stdin"],
  onRawBytes: (bytes: number) => void = () => {},
): AsyncGenerator<Buffer> {
  const it = readTraceBytes(traceInput(source, stdin), { name: source.name, onRawBytes });
  try {
    for (;;) {
      const r = await withExitStatus(() => it.next());
      if (r.done === true) return;
      yield Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
    }
  } finally {
    await it.return(undefined);
  }
}

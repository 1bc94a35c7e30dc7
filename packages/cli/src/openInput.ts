import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable, pipeline } from "node:stream";
import { CliError, usageError } from "./CliError.js";
import { EXIT_STATUS } from "./exitStatus.js";
import type { Io } from "./Io.js";

/** Input bytes arrive in chunks of this size (file reads, gunzip output). */
export const CHUNK_BYTES = 64 * 1024;

/** One input named on the command line. */
export interface InputSource {
  /** The name used in messages: the path as given, or `<stdin>`. */
  readonly name: string;
  /** The file to read; `null` for standard input. */
  readonly path: string | null;
  /** The file's size in bytes (compressed size for gzip), `null` for stdin. */
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
    let info;
    try {
      info = await stat(file);
    } catch (err) {
      throw openError(file, err);
    }
    if (info.isDirectory()) throw new CliError(EXIT_STATUS.noInput, `${file}: cannot open: it is a directory`);
    sources.push({ name: file, path: file, size: info.isFile() ? info.size : null });
  }
  return sources;
}

/**
 * The bytes of one input, decompressed when it is gzip (named `.gz`, or
 * starting with gzip's magic bytes 1f 8b), in chunks of about
 * {@link CHUNK_BYTES}. `onRawBytes` is told how many input bytes (before
 * decompression) each chunk consumed, for progress. Errors become
 * {@link CliError}s: 66 cannot open, 65 not gzip data, 74 read error.
 */
export async function* readInput(
  source: InputSource,
  stdin: Io["stdin"],
  onRawBytes: (bytes: number) => void = () => {},
): AsyncGenerator<Buffer> {
  const raw: Readable = source.path === null ? stdin : createReadStream(source.path, { highWaterMark: 256 * 1024 });
  let opened = source.path === null;
  raw.once("open", () => (opened = true));
  let gunzip: import("node:zlib").Gunzip | null = null;
  try {
    const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    // Enough of the start to see the magic bytes.
    let head: Buffer = Buffer.alloc(0);
    let done = false;
    while (head.length < 2) {
      const r = await it.next();
      if (r.done === true) {
        done = true;
        break;
      }
      onRawBytes(r.value.length);
      head = head.length === 0 ? r.value : Buffer.concat([head, r.value]);
    }
    const gz = (source.path !== null && source.path.endsWith(".gz")) || (head[0] === 0x1f && head[1] === 0x8b);
    if (!gz) {
      if (head.length > 0) yield head;
      if (done) return;
      for (let r = await it.next(); r.done !== true; r = await it.next()) {
        onRawBytes(r.value.length);
        yield r.value;
      }
      return;
    }
    gunzip = (await import("node:zlib")).createGunzip({ chunkSize: CHUNK_BYTES });
    const compressed = Readable.from(
      (async function* () {
        if (head.length > 0) yield head;
        if (done) return;
        for (let r = await it.next(); r.done !== true; r = await it.next()) {
          onRawBytes(r.value.length);
          yield r.value;
        }
      })(),
    );
    pipeline(compressed, gunzip, () => {});
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (err) {
    if (err instanceof CliError) throw err;
    if (!opened) throw openError(source.name, err);
    if (isZlibError(err)) {
      throw new CliError(EXIT_STATUS.dataError, `${source.name}: not valid gzip data: ${(err as Error).message}`);
    }
    throw new CliError(EXIT_STATUS.ioError, `${source.name}: read error: ${(err as Error).message}`);
  } finally {
    gunzip?.destroy();
    if (raw !== stdin) raw.destroy();
  }
}

function isZlibError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("Z_");
}

function openError(name: string, err: unknown): CliError {
  const code = (err as { code?: unknown }).code;
  const why =
    code === "ENOENT"
      ? "no such file"
      : code === "EACCES" || code === "EPERM"
        ? "permission denied"
        : code === "EISDIR"
          ? "it is a directory"
          : (err as Error).message;
  return new CliError(EXIT_STATUS.noInput, `${name}: cannot open: ${why}`);
}

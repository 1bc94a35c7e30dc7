import { createReadStream } from "node:fs";
import { open, stat, type FileHandle } from "node:fs/promises";
import type { Readable } from "node:stream";
import { CliError, usageError } from "./CliError.js";
import { EXIT_STATUS } from "./exitStatus.js";
import type { Io } from "./Io.js";

/** Input bytes from streams (stdin, pipes) and gunzip arrive in chunks of about this size. */
const CHUNK_BYTES = 64 * 1024;

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
 * starting with gzip's magic bytes 1f 8b). `onRawBytes` is told how many
 * input bytes (before decompression) each chunk consumed, for progress.
 * Errors become {@link CliError}s: 66 cannot open, 65 not gzip data, 74
 * read error.
 *
 * A chunk is valid only until the next one is asked for: a plain regular
 * file is read into two buffers in turn (the next read runs while the
 * current chunk is processed, and no garbage is made per chunk), so a
 * reader that keeps bytes across chunks must copy them.
 */
export async function* readInput(
  source: InputSource,
  stdin: Io["stdin"],
  onRawBytes: (bytes: number) => void = () => {},
): AsyncGenerator<Buffer> {
  let handle: FileHandle | null = null;
  let stream: Readable | null = null;
  let gunzip: import("node:zlib").Gunzip | null = null;
  let opened = false;
  try {
    let chunks: AsyncIterable<Buffer>;
    let gz: boolean;
    if (source.path !== null && source.size !== null) {
      // A regular file: its first two bytes say whether it is gzip.
      handle = await open(source.path, "r");
      opened = true;
      const magic = Buffer.alloc(2);
      const { bytesRead } = await handle.read(magic, 0, 2, 0);
      gz = source.path.endsWith(".gz") || (bytesRead === 2 && isGzipMagic(magic));
      // Two buffers in turn, for gzip too: `inflate` below gives a chunk back before the next is read.
      chunks = fileChunks(handle, onRawBytes);
    } else {
      // Standard input, a pipe or a device: a stream, whose start says whether it is gzip.
      stream = source.path === null ? stdin : createReadStream(source.path, { highWaterMark: CHUNK_BYTES });
      opened = source.path === null;
      stream.once("open", () => (opened = true));
      const it = counted(stream, onRawBytes)[Symbol.asyncIterator]();
      let head: Buffer = Buffer.alloc(0);
      let done = false;
      while (head.length < 2 && !done) {
        const r = await it.next();
        if (r.done === true) done = true;
        else head = head.length === 0 ? r.value : Buffer.concat([head, r.value]);
      }
      gz = (source.path !== null && source.path.endsWith(".gz")) || isGzipMagic(head);
      chunks = resumed(head, done, it);
    }
    if (!gz) {
      yield* chunks;
      return;
    }
    gunzip = (await import("node:zlib")).createGunzip({ chunkSize: CHUNK_BYTES });
    void inflate(chunks, gunzip);
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
    stream?.destroy();
    await handle?.close();
  }
}

/** Bytes read from a regular file at a time. */
const FILE_CHUNK_BYTES = 256 * 1024;

/**
 * Feeds `chunks` to `gunzip` one at a time, asking for the next only when
 * zlib is done with the last (its write callback): so the input's buffers
 * can be reused, and compressed input is never queued. (Piping a stream of
 * fresh buffers into gunzip made peak RSS grow with the input: each buffer
 * lived through a few young-generation collections while zlib held it, was
 * promoted, and its memory, outside V8's heap, waited for a full collection
 * that a small heap seldom needs: 81 MB at 1M events, 145 MB at 5M.)
 * Ends `gunzip` after the last chunk; a read error destroys it with the
 * error, which its reader then throws.
 */
async function inflate(chunks: AsyncIterable<Buffer>, gunzip: import("node:zlib").Gunzip): Promise<void> {
  try {
    for await (const chunk of chunks) {
      await new Promise<void>((resolve, reject) => gunzip.write(chunk, (err) => (err ? reject(err) : resolve())));
    }
    gunzip.end();
  } catch (err) {
    gunzip.destroy(err as Error);
  }
}

/**
 * A regular file's bytes, reading the next chunk ahead while the current one
 * is used, into two buffers in turn.
 */
async function* fileChunks(handle: FileHandle, onRawBytes: (bytes: number) => void): AsyncGenerator<Buffer> {
  const buffers = [Buffer.allocUnsafe(FILE_CHUNK_BYTES), Buffer.allocUnsafe(FILE_CHUNK_BYTES)];
  let turn = 0;
  let position = 0;
  const readAt = (at: number): Promise<Buffer> => {
    const buffer = buffers[turn++ & 1] as Buffer;
    const read = handle.read(buffer, 0, FILE_CHUNK_BYTES, at).then(({ bytesRead }) => buffer.subarray(0, bytesRead));
    read.catch(() => {}); // a read ahead that nobody waits for must not be an unhandled rejection
    return read;
  };
  let next = readAt(0);
  for (;;) {
    const chunk = await next;
    if (chunk.length === 0) return;
    position += chunk.length;
    next = readAt(position);
    onRawBytes(chunk.length);
    yield chunk;
  }
}

async function* counted(stream: Readable, onRawBytes: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    onRawBytes((chunk as Buffer).length);
    yield chunk as Buffer;
  }
}

async function* resumed(head: Buffer, done: boolean, it: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  if (done) return;
  for (let r = await it.next(); r.done !== true; r = await it.next()) yield r.value;
}

const isGzipMagic = (bytes: Buffer): boolean => bytes[0] === 0x1f && bytes[1] === 0x8b;

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

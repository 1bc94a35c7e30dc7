import { createReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import type { Readable } from "node:stream";
import { openError, statTraceFile } from "./statTraceFile.js";
import { TraceReadError } from "./TraceReadError.js";
import { inputName, type ReadBytesOptions, type TraceInput } from "./TraceInput.js";

/** Input bytes from streams (stdin, pipes) and gunzip arrive in chunks of about this size. */
const CHUNK_BYTES = 64 * 1024;

/** Where one input's bytes come from, once told apart. */
interface Source {
  readonly name: string;
  readonly path: string | null;
  /** A regular file's size; `null` for streams, pipes and devices. */
  readonly size: number | null;
  readonly stream: AsyncIterable<Uint8Array | string> | null;
  readonly bytes: Uint8Array | null;
}

async function toSource(input: TraceInput, name: string): Promise<Source> {
  if (typeof input === "string")
    return { name, path: input, size: await statTraceFile(input, name), stream: null, bytes: null };
  if (input instanceof Uint8Array) return { name, path: null, size: null, stream: null, bytes: input };
  return { name, path: null, size: null, stream: input, bytes: null };
}

/** The bytes of one input, as Buffers (see `readTraceBytes`). */
export async function* readChunks(
  input: TraceInput,
  options: ReadBytesOptions = {},
): AsyncGenerator<Buffer, void, undefined> {
  const source = await toSource(input, inputName(input, options.name));
  const onRawBytes = options.onRawBytes ?? (() => {});
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
    } else if (source.bytes !== null) {
      // Bytes in memory.
      opened = true;
      const magic = source.bytes;
      gz = magic.length >= 2 && magic[0] === 0x1f && magic[1] === 0x8b;
      chunks = byteChunks(source.bytes, onRawBytes);
    } else {
      // Standard input, a pipe or a device: a stream, whose start says whether it is gzip.
      let from: AsyncIterable<Uint8Array | string>;
      if (source.stream !== null) {
        from = source.stream;
        if (typeof (from as Readable).destroy === "function") stream = from as Readable;
        opened = true;
      } else {
        stream = createReadStream(source.path as string, { highWaterMark: CHUNK_BYTES });
        stream.once("open", () => (opened = true));
        from = stream;
      }
      const it = counted(from, onRawBytes)[Symbol.asyncIterator]();
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
    options.onGzip?.();
    gunzip = (await import("node:zlib")).createGunzip({ chunkSize: CHUNK_BYTES });
    void inflate(chunks, gunzip);
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (err) {
    if (err instanceof TraceReadError) throw err;
    if (!opened) throw openError(source.name, err);
    if (isZlibError(err))
      throw new TraceReadError("gzip", `${source.name}: not valid gzip data: ${(err as Error).message}`);
    throw new TraceReadError("read", `${source.name}: read error: ${(err as Error).message}`);
  } finally {
    gunzip?.destroy();
    stream?.destroy();
    await handle?.close();
  }
}

/** Bytes read from a regular file at a time. */
const FILE_CHUNK_BYTES = 1024 * 1024;

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

async function* counted(
  stream: AsyncIterable<Uint8Array | string>,
  onRawBytes: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    const bytes =
      typeof chunk === "string"
        ? Buffer.from(chunk, "utf8")
        : Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    onRawBytes(bytes.length);
    yield bytes;
  }
}

/** Bytes in memory, in slices (no copy). */
async function* byteChunks(bytes: Uint8Array, onRawBytes: (bytes: number) => void): AsyncGenerator<Buffer> {
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < all.length; at += FILE_CHUNK_BYTES) {
    const chunk = all.subarray(at, Math.min(all.length, at + FILE_CHUNK_BYTES));
    onRawBytes(chunk.length);
    yield chunk;
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

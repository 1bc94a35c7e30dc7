import { randomBytes } from "node:crypto";
import { createWriteStream, type Stats, type WriteStream } from "node:fs";
import { realpath, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { CliError } from "../CliError.js";
import { EXIT_STATUS } from "../exitStatus.js";

/** The size of each of the two output buffers. */
const BUFFER_BYTES = 256 * 1024;

const utf8 = new TextEncoder();

/**
 * Where the result goes. Text is appended to a string; {@link Output.maybeFlush},
 * called after each input chunk, encodes it into one of two reusable
 * buffers at once (so the string's many small pieces die young, and no
 * garbage is made per chunk). A full buffer is handed to the stream while
 * the other one fills; it is reused only once the stream has taken it, so
 * memory stays flat however large the result. Standard output, or with
 * {@link Output.toFile} a temporary file beside the target that is renamed
 * over it only when the run succeeds.
 */
export class Output {
  private pending = "";
  private readonly buffers = [Buffer.allocUnsafe(BUFFER_BYTES), Buffer.allocUnsafe(BUFFER_BYTES)] as const;
  /** The buffer being filled (0 or 1), and how much of it is. */
  private current = 0;
  private used = 0;
  /** Each buffer's write, until the stream has taken it. */
  private readonly writes: [Promise<void> | null, Promise<void> | null] = [null, null];
  private failure: CliError | null = null;
  private readonly stream: Writable;
  private readonly name: string;
  /** For a file: the temporary path and the target. */
  private readonly file: { readonly temp: string; readonly target: string } | null;
  /** The stream was opened here (a file), so it is closed here. */
  private readonly owned: boolean;

  private constructor(stream: Writable, name: string, file: { temp: string; target: string } | null, owned: boolean) {
    this.stream = stream;
    this.name = name;
    this.file = file;
    this.owned = owned;
    stream.on("error", (err: NodeJS.ErrnoException) => {
      this.failure ??= writeError(name, err);
    });
  }

  /** Writes to standard output. */
  static toStdout(stdout: Writable): Output {
    return new Output(stdout, "<stdout>", null, false);
  }

  /**
   * Writes to a temporary file beside `target` (so the final rename stays on
   * one file system); {@link Output.commit} renames it over `target`,
   * {@link Output.abort} removes it. When `target` is a symbolic link to a
   * file, the file it points to is replaced and the link kept. A `target`
   * that exists and is not a regular file (`/dev/stdout`, a named pipe) is
   * written directly: it cannot be replaced, and should not be.
   * `beforeCreate` gets the temporary path just before the file is created
   * (to arrange its removal should the process be interrupted).
   */
  static async toFile(target: string, beforeCreate: (temp: string) => void = () => {}): Promise<Output> {
    let info: Stats | null = null;
    try {
      info = await stat(target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw cannotWrite(target, err);
    }
    if (info?.isDirectory() === true) throw new CliError(EXIT_STATUS.ioError, `${target}: cannot write: it is a directory`);
    if (info !== null && !info.isFile()) return new Output(await opened(target, createWriteStream(target, { flags: "w" })), target, null, true);
    const real = info === null ? target : await realpath(target);
    const temp = join(dirname(real), `.${basename(real)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
    beforeCreate(temp);
    return new Output(await opened(target, createWriteStream(temp, { flags: "wx" })), target, { temp, target: real }, true);
  }

  /** Adds text to the output. */
  write(text: string): void {
    this.pending += text;
  }

  /** Adds bytes to the output (after the text written so far): copied at once, so `bytes` may be reused when this resolves. */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    await this.encode();
    let at = 0;
    while (at < bytes.length) {
      const buffer = this.buffers[this.current] as Buffer;
      const n = Math.min(bytes.length - at, buffer.length - this.used);
      buffer.set(bytes.subarray(at, at + n), this.used);
      this.used += n;
      at += n;
      if (this.used === buffer.length) await this.send();
    }
  }

  /** Encodes the text so far; hands a buffer to the stream once it is half full. */
  async maybeFlush(): Promise<void> {
    await this.encode();
    if (this.used >= BUFFER_BYTES / 2) await this.send();
  }

  /** Hands everything written so far to the stream. */
  async flush(): Promise<void> {
    await this.encode();
    await this.send();
  }

  /** Moves the pending text into the buffers, handing full ones to the stream. */
  private async encode(): Promise<void> {
    if (this.failure !== null) throw this.failure;
    let text = this.pending;
    this.pending = "";
    while (text.length > 0) {
      const { read, written } = utf8.encodeInto(text, (this.buffers[this.current] as Buffer).subarray(this.used));
      this.used += written;
      if (read === text.length) return;
      text = text.slice(read);
      await this.send();
    }
  }

  /** Hands the buffer being filled to the stream and switches to the other, once the stream has taken that one. */
  private async send(): Promise<void> {
    if (this.used === 0) return;
    const i = this.current;
    const write = this.writeOut((this.buffers[i] as Buffer).subarray(0, this.used));
    write.catch(() => {}); // awaited later (or the run is already failing)
    this.writes[i] = write;
    this.current = i ^ 1;
    this.used = 0;
    await this.writes[this.current];
    this.writes[this.current] = null;
  }

  /** Writes `bytes`; resolves once the stream has taken them. */
  private writeOut(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.write(bytes, (err) => {
        if (err === undefined || err === null) resolve();
        else reject((this.failure ??= writeError(this.name, err)));
      });
    });
  }

  /** Everything written: flushes, waits for the stream to take it all, and for a file closes it and renames it over the target. */
  async commit(): Promise<void> {
    await this.flush();
    await Promise.all(this.writes);
    if (this.failure !== null) throw this.failure;
    if (!this.owned) return;
    const stream = this.stream;
    await new Promise<void>((resolve, reject) => {
      stream.once("error", reject);
      stream.end(() => resolve());
    }).catch(() => {});
    if (this.failure !== null) throw this.failure;
    if (this.file === null) return;
    try {
      await rename(this.file.temp, this.file.target);
    } catch (err) {
      throw cannotWrite(this.name, err);
    }
  }

  /** The run failed: for a file, closes and removes the temporary file, leaving the target as it was. */
  async abort(): Promise<void> {
    if (!this.owned) return;
    const stream = this.stream;
    await new Promise<void>((resolve) => {
      stream.once("close", () => resolve());
      stream.destroy();
    });
    if (this.file !== null) await unlink(this.file.temp).catch(() => {});
  }
}

/** A failed write as a CliError (74); a broken pipe quietly: the reader has gone, there is nobody to tell. */
function writeError(name: string, err: NodeJS.ErrnoException): CliError {
  return err.code === "EPIPE"
    ? new CliError(EXIT_STATUS.ioError, `${name}: broken pipe`, { quiet: true })
    : new CliError(EXIT_STATUS.ioError, `${name}: write error: ${err.message}`);
}

function cannotWrite(target: string, err: unknown): CliError {
  return new CliError(EXIT_STATUS.ioError, `${target}: cannot write: ${(err as Error).message}`);
}

/** `stream` once its file is open; a CliError (74) if it cannot be. */
function opened(target: string, stream: WriteStream): Promise<WriteStream> {
  return new Promise((resolve, reject) => {
    stream.once("open", () => resolve(stream));
    stream.once("error", (err) => reject(cannotWrite(target, err)));
  });
}

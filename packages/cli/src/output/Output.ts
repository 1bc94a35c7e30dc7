import { randomBytes } from "node:crypto";
import { close, createWriteStream, fchmod, fchown, open, type Stats, type WriteStream } from "node:fs";
import { readlink, realpath, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { Writable } from "node:stream";
import { promisify } from "node:util";
import { CliError } from "../CliError.js";
import { EXIT_STATUS } from "../exitStatus.js";

/** The size of each of the two output buffers. */
const BUFFER_BYTES = 256 * 1024;

/** How many symbolic links are followed to find where a dangling one points (Linux's own limit). */
const MAX_LINKS = 40;

const utf8 = new TextEncoder();
const openFd = promisify(open);
const closeFd = promisify(close);
const chownFd = promisify(fchown);
const chmodFd = promisify(fchmod);

/** Called with each buffer just before it is handed to the stream (a terminal's stdout: the progress line is erased first). */
export type BeforeWrite = (bytes: Uint8Array) => void;

/**
 * Where the result goes. Text is appended to a string; {@link Output.maybeFlush},
 * called after each input chunk, encodes it into one of two reusable
 * buffers at once (so the string's many small pieces die young, and no
 * garbage is made per chunk). A full buffer is handed to the stream while
 * the other one fills; it is reused only once the stream has taken it, so
 * memory stays flat however large the result. Standard output, or with
 * {@link Output.toFile} a temporary file beside the target that is renamed
 * over it only when the run succeeds.
 *
 * A failed write (a full disk, a closed pipe) is remembered and thrown by
 * the next call, and {@link Output.commit} and {@link Output.abort} always
 * settle, whenever the stream failed: a stream that has already closed
 * itself after an error is not waited for again.
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
  private readonly beforeWrite: BeforeWrite | null;

  private constructor(
    stream: Writable,
    name: string,
    file: { temp: string; target: string } | null,
    owned: boolean,
    beforeWrite: BeforeWrite | null = null,
  ) {
    this.stream = stream;
    this.name = name;
    this.file = file;
    this.owned = owned;
    this.beforeWrite = beforeWrite;
    // Standard output's reader going away is not worth a message (`oris-observe … | head`); a named pipe given to --output is.
    const quietPipe = !owned;
    stream.on("error", (err: NodeJS.ErrnoException) => {
      this.failure ??= writeError(name, err, quietPipe);
    });
  }

  /** Writes to standard output; `beforeWrite` is called before each write (see {@link BeforeWrite}). */
  static toStdout(stdout: Writable, beforeWrite: BeforeWrite | null = null): Output {
    return new Output(stdout, "<stdout>", null, false, beforeWrite);
  }

  /**
   * Writes to a temporary file beside `target` (so the final rename stays on
   * one file system); {@link Output.commit} renames it over `target`,
   * {@link Output.abort} removes it. The temporary file gets the target's
   * mode, owner and group (the owner as far as the system allows: root can
   * keep any) before anything is written to it, so a private result never
   * becomes readable by others, not even for the length of the run. When
   * `target` is a symbolic link, the file it points to is replaced (or
   * created, for a dangling link) and the link kept. A `target` with other
   * hard links is replaced under this name only, as `mv` would (the other
   * names keep the previous content). A `target` that exists and is not a
   * regular file (`/dev/stdout`, a named pipe) is written directly: it
   * cannot be replaced, and should not be.
   *
   * `beforeCreate` gets the temporary path just before the file is created
   * (to arrange its removal should the process be interrupted). Every error
   * names `target`, never the temporary file.
   */
  static async toFile(target: string, beforeCreate: (temp: string) => void = () => {}): Promise<Output> {
    let info: Stats | null = null;
    try {
      info = await stat(target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw cannotWrite(target, err);
    }
    if (info?.isDirectory() === true)
      throw new CliError(EXIT_STATUS.ioError, `${target}: cannot write: it is a directory`);
    if (info !== null && !info.isFile())
      return new Output(await opened(target, createWriteStream(target, { flags: "w" })), target, null, true);
    const real =
      info === null
        ? await whereToCreate(target)
        : await realpath(target).catch((err: unknown) => Promise.reject(cannotWrite(target, err)));
    const temp = join(dirname(real), `.${basename(real)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
    beforeCreate(temp);
    let fd: number;
    try {
      // Created with no more permission than the target has (the umask may take more away; fchmod below sets it exactly).
      fd = await openFd(temp, "wx", info === null ? 0o666 : info.mode & 0o777);
    } catch (err) {
      throw cannotWrite(target, err);
    }
    try {
      if (info !== null) await keepOwnerAndMode(fd, info);
    } catch (err) {
      await closeFd(fd).catch(() => {});
      await unlink(temp).catch(() => {});
      throw cannotWrite(target, err);
    }
    return new Output(createWriteStream(temp, { fd }), target, { temp, target: real }, true);
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
    this.throwIfFailed();
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
    this.throwIfFailed();
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

  /** Writes `bytes`; resolves once the stream has taken them, rejects (with the first error) if it cannot. */
  private writeOut(bytes: Buffer): Promise<void> {
    this.beforeWrite?.(bytes);
    return new Promise((resolve, reject) => {
      const fail = (err: NodeJS.ErrnoException): void =>
        reject((this.failure ??= writeError(this.name, err, !this.owned)));
      try {
        this.stream.write(bytes, (err) => {
          if (err === undefined || err === null) resolve();
          else fail(err);
        });
      } catch (err) {
        // A stream that writes synchronously (stdout on a file or a device) may throw instead.
        fail(err as NodeJS.ErrnoException);
      }
    });
  }

  /**
   * Throws the first write error. A method rather than an inline check: the
   * error is set by stream callbacks during an await, which the compiler's
   * narrowing of the field cannot see.
   */
  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }

  /** Everything written: flushes, waits for the stream to take it all, and for a file closes it and renames it over the target. */
  async commit(): Promise<void> {
    await this.flush();
    await Promise.all(this.writes.filter((write) => write !== null));
    this.throwIfFailed();
    if (!this.owned) return;
    const stream = this.stream;
    // Closed, not only finished: a file's last error (a full disk on close, say) comes with its closing.
    await new Promise<void>((resolve) => {
      if (isClosed(stream)) {
        resolve();
        return;
      }
      stream.once("close", () => resolve());
      stream.end();
    });
    this.throwIfFailed();
    if (this.file === null) return;
    try {
      await rename(this.file.temp, this.file.target);
    } catch (err) {
      throw cannotWrite(this.name, err);
    }
  }

  /** The run failed: for a file, removes the temporary file and closes it, leaving the target as it was. */
  async abort(): Promise<void> {
    if (!this.owned) return;
    const stream = this.stream;
    const closed = new Promise<void>((resolve) => {
      // A stream that failed has usually closed itself already: its "close" will not come again.
      if (isClosed(stream)) {
        resolve();
        return;
      }
      stream.once("close", () => resolve());
      stream.destroy();
    });
    if (this.file !== null) await unlink(this.file.temp).catch(() => {});
    await closed;
  }
}

/** Whether `stream` has closed (its "close" event is past). */
function isClosed(stream: Writable): boolean {
  return (stream as Writable & { closed?: boolean }).closed === true;
}

/**
 * A failed write as a CliError (74), naming the output and the error; a
 * broken pipe on standard output quietly (`quietPipe`): the reader has
 * gone, there is nobody to tell.
 */
function writeError(name: string, err: NodeJS.ErrnoException, quietPipe: boolean): CliError {
  if (err.code === "EPIPE" && quietPipe)
    return new CliError(EXIT_STATUS.ioError, `${name}: broken pipe`, { quiet: true });
  return new CliError(EXIT_STATUS.ioError, `${name}: write error: ${describeError(err)}`);
}

function cannotWrite(target: string, err: unknown): CliError {
  return new CliError(EXIT_STATUS.ioError, `${target}: cannot write: ${describeError(err)}`);
}

/**
 * A system error without the path Node adds to it (`ENOENT: no such file or
 * directory`, not `…, open '/dir/.out.json.123-0a1b2c3d.tmp'`): messages name
 * the file the user gave, never the temporary one.
 */
export function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code === "string" && typeof e.syscall === "string") {
    const cut = e.message.indexOf(`, ${e.syscall}`);
    if (cut > 0) return e.message.slice(0, cut);
  }
  return e instanceof Error ? e.message : String(err);
}

/** Gives the temporary file `info`'s owner, group and mode: the owner and group as far as the system allows, the mode exactly. */
async function keepOwnerAndMode(fd: number, info: Stats): Promise<void> {
  try {
    await chownFd(fd, info.uid, info.gid);
  } catch {
    // Not root: keep at least the group, if it is one of ours; else the file is ours, as any program that saves by rename makes it.
    await chownFd(fd, -1, info.gid).catch(() => {});
  }
  // After chown, which clears the set-user-ID and set-group-ID bits.
  await chmodFd(fd, info.mode & 0o7777);
}

/**
 * Where a target that does not exist is created: itself, or for a dangling
 * symbolic link (a chain of them) the path it points to, so that the link is
 * kept; in the real directory, where the temporary file goes too.
 */
async function whereToCreate(target: string): Promise<string> {
  let path = target;
  for (let links = 0; ; links++) {
    let next: string;
    try {
      next = await readlink(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "EINVAL") break; // nothing there, or not a link
      throw cannotWrite(target, err);
    }
    if (links === MAX_LINKS)
      throw new CliError(EXIT_STATUS.ioError, `${target}: cannot write: too many levels of symbolic links`);
    path = resolve(dirname(path), next);
  }
  let dir: string;
  try {
    dir = await realpath(dirname(path));
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === "ENOENT" ? ` (no directory ${dirname(path)})` : "";
    throw new CliError(EXIT_STATUS.ioError, `${target}: cannot write: ${describeError(err)}${missing}`);
  }
  return join(dir, basename(path));
}

/** `stream` once its file is open; a CliError (74) if it cannot be. */
function opened(target: string, stream: WriteStream): Promise<WriteStream> {
  return new Promise((resolve, reject) => {
    stream.once("open", () => resolve(stream));
    stream.once("error", (err) => reject(cannotWrite(target, err)));
  });
}

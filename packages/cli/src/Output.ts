import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { CliError } from "./CliError.js";
import { EXIT_STATUS } from "./exitStatus.js";

/** Output is handed to the stream in pieces of about this many characters. */
const FLUSH_CHARS = 64 * 1024;

/**
 * Where the result goes: text is collected into a string and handed to the
 * stream in large pieces, waiting for it to drain (so memory stays flat
 * however large the result). Standard output, or with {@link Output.toFile}
 * a temporary file beside the target that is renamed over it only when the
 * run succeeds.
 */
export class Output {
  private pending = "";
  private failure: CliError | null = null;
  private readonly stream: Writable;
  private readonly name: string;
  /** For a file: the temporary path and the target. */
  private readonly file: { readonly temp: string; readonly target: string } | null;

  private constructor(stream: Writable, name: string, file: { temp: string; target: string } | null) {
    this.stream = stream;
    this.name = name;
    this.file = file;
    stream.on("error", (err: NodeJS.ErrnoException) => {
      this.failure ??=
        err.code === "EPIPE"
          ? new CliError(EXIT_STATUS.ioError, `${name}: broken pipe`, { quiet: true })
          : new CliError(EXIT_STATUS.ioError, `${name}: write error: ${err.message}`);
    });
  }

  /** Writes to standard output. */
  static toStdout(stdout: Writable): Output {
    return new Output(stdout, "<stdout>", null);
  }

  /**
   * Writes to a temporary file in `target`'s folder (so the final rename
   * stays on one file system); {@link Output.commit} renames it to `target`,
   * {@link Output.abort} removes it.
   */
  static async toFile(target: string): Promise<Output> {
    const temp = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
    const stream = createWriteStream(temp, { flags: "wx" });
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", (err: NodeJS.ErrnoException) =>
        reject(new CliError(EXIT_STATUS.ioError, `${target}: cannot write: ${err.message}`)),
      );
    });
    return new Output(stream, target, { temp, target });
  }

  /** Adds text to the output. */
  write(text: string): void {
    this.pending += text;
  }

  /** Hands collected text to the stream once there is enough of it, waiting while the stream is full. */
  async maybeFlush(): Promise<void> {
    if (this.pending.length >= FLUSH_CHARS) await this.flush();
  }

  /** Hands all collected text to the stream. */
  async flush(): Promise<void> {
    if (this.failure !== null) throw this.failure;
    if (this.pending.length === 0) return;
    const text = this.pending;
    this.pending = "";
    if (!this.stream.write(text)) await this.drained();
  }

  /** Everything written: flushes, and for a file closes it and renames it over the target. */
  async commit(): Promise<void> {
    await this.flush();
    if (this.file === null) return;
    const stream = this.stream;
    await new Promise<void>((resolve, reject) => {
      stream.once("error", reject);
      stream.end(() => resolve());
    }).catch(() => {});
    if (this.failure !== null) throw this.failure;
    try {
      await rename(this.file.temp, this.file.target);
    } catch (err) {
      throw new CliError(EXIT_STATUS.ioError, `${this.file.target}: cannot write: ${(err as Error).message}`);
    }
  }

  /** The run failed: for a file, closes and removes the temporary file, leaving the target as it was. */
  async abort(): Promise<void> {
    if (this.file === null) return;
    const stream = this.stream;
    await new Promise<void>((resolve) => {
      stream.once("close", () => resolve());
      stream.destroy();
    });
    await unlink(this.file.temp).catch(() => {});
  }

  /** For a signal handler: removes the temporary file synchronously-enough (best effort). */
  get tempPath(): string | null {
    return this.file?.temp ?? null;
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onDrain = (): void => {
        this.stream.off("error", onError);
        resolve();
      };
      const onError = (): void => {
        this.stream.off("drain", onDrain);
        reject(this.failure ?? new CliError(EXIT_STATUS.ioError, `${this.name}: write error`));
      };
      this.stream.once("drain", onDrain);
      this.stream.once("error", onError);
    });
  }
}

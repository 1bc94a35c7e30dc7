import { unlinkSync } from "node:fs";
import { CliError } from "../CliError.js";
import { EXIT_STATUS } from "../exitStatus.js";
import { BadRecords } from "../output/BadRecords.js";
import type { CliOptions } from "../cliOptions.js";
import type { Io } from "../Io.js";
import { Output } from "../output/Output.js";
import { Progress } from "../output/Progress.js";
import type { InputSource } from "../input/openInput.js";
import { TERMINATING_SIGNALS } from "../signals.js";

/** What every run sets up: where results and messages go. */
export interface RunContext {
  /** `null` with `--check`. */
  readonly output: Output | null;
  readonly progress: Progress | null;
  readonly badRecords: BadRecords;
  /** Prints one line on stderr (erasing the progress line first). */
  readonly say: (line: string) => void;
}

/**
 * Opens the output and the reporters, runs `body`, and on success commits
 * the output; on failure, or on a terminating signal (see
 * {@link TERMINATING_SIGNALS}), a temporary output file is removed, so no
 * half-written result is ever left behind, and the progress line is erased
 * on every way out.
 */
export async function withRunContext<T>(
  options: CliOptions,
  io: Io,
  sources: readonly InputSource[],
  body: (ctx: RunContext) => Promise<T>,
): Promise<T> {
  const total =
    sources.length > 0 && sources.every((s) => s.size !== null) ? sources.reduce((n, s) => n + (s.size ?? 0), 0) : null;
  const progress =
    options.progress && io.stderr.isTTY === true && total !== null ? new Progress(io.stderr, total) : null;
  const say = (line: string): void => {
    progress?.clear();
    io.stderr.write(`${line}\n`);
  };
  const badRecords = new BadRecords(options.check ? "check" : options.skipInvalid ? "skip" : "stop", say);
  // An interrupted run erases its progress line and removes its temporary
  // output file, as a failed one does, then dies of the signal as it would
  // have. Handled only while there is something to clean up, so that
  // otherwise a signal ends the process at once, however busy it is.
  let temp = "";
  let listening = false;
  const removeTemp = (): void => {
    if (temp === "") return;
    try {
      unlinkSync(temp);
    } catch {
      // not created yet, or already gone
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    progress?.clear();
    removeTemp();
    // With no listener left the signal has its default action again: the process ends of it.
    stopListening();
    process.kill(process.pid, signal);
  };
  const listen = (): void => {
    if (listening) return;
    listening = true;
    for (const signal of TERMINATING_SIGNALS) process.on(signal, onSignal);
    // The process ending with the run still pending (a bug: see bin.ts) leaves no temporary file either.
    process.on("exit", removeTemp);
  };
  const stopListening = (): void => {
    if (!listening) return;
    listening = false;
    for (const signal of TERMINATING_SIGNALS) process.off(signal, onSignal);
    process.off("exit", removeTemp);
  };
  if (progress !== null) listen();
  try {
    let output: Output | null = null;
    if (!options.check) {
      if (options.output === null) {
        const stdoutIsTTY = (io.stdout as { isTTY?: boolean }).isTTY === true;
        output = Output.toStdout(
          io.stdout,
          stdoutIsTTY && progress !== null ? (bytes) => progress.beforeOutput(bytes) : null,
        );
      } else {
        output = await Output.toFile(options.output, (path) => {
          temp = path;
          listen();
        });
      }
    }
    try {
      const result = await body({ output, progress, badRecords, say });
      progress?.clear();
      await output?.commit();
      return result;
    } catch (err) {
      progress?.clear();
      await output?.abort();
      throw err;
    }
  } catch (err) {
    progress?.clear();
    throw err;
  } finally {
    stopListening();
  }
}

/**
 * Runs `f`, with its RangeError — the library's word for a 0.3 interrupt
 * latency past 2^53−1 ms — as bad data (a CliError, exit 65).
 */
export function asDataError<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof RangeError) throw new CliError(EXIT_STATUS.dataError, err.message);
    throw err;
  }
}

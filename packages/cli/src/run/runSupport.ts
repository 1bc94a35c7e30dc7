import { unlinkSync } from "node:fs";
import { BadRecords } from "../output/BadRecords.js";
import type { CliOptions } from "../cliOptions.js";
import type { Io } from "../Io.js";
import { Output } from "../output/Output.js";
import { Progress } from "../output/Progress.js";
import type { InputSource } from "../input/openInput.js";

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
 * the output; on failure (or SIGINT/SIGTERM) a temporary output file is
 * removed, so no half-written result is ever left behind.
 */
export async function withRunContext<T>(
  options: CliOptions,
  io: Io,
  sources: readonly InputSource[],
  body: (ctx: RunContext) => Promise<T>,
): Promise<T> {
  const total = sources.length > 0 && sources.every((s) => s.size !== null) ? sources.reduce((n, s) => n + (s.size ?? 0), 0) : null;
  const progress = io.stderr.isTTY === true && total !== null ? new Progress(io.stderr, total) : null;
  const say = (line: string): void => {
    progress?.clear();
    io.stderr.write(`${line}\n`);
  };
  const badRecords = new BadRecords(options.check ? "check" : options.skipInvalid ? "skip" : "stop", say);
  // An interrupted run removes its temporary output file, as a failed one
  // does, then dies of the signal as it would have.
  let temp = "";
  const onSignal = (signal: NodeJS.Signals): void => {
    try {
      unlinkSync(temp);
    } catch {
      // not created yet, or already gone
    }
    process.kill(process.pid, signal);
  };
  const removeOnSignal = (path: string): void => {
    temp = path;
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  };
  let output: Output | null = null;
  if (!options.check) output = options.output === null ? Output.toStdout(io.stdout) : await Output.toFile(options.output, removeOnSignal);
  try {
    const result = await body({ output, progress, badRecords, say });
    progress?.clear();
    await output?.commit();
    return result;
  } catch (err) {
    progress?.clear();
    await output?.abort();
    throw err;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

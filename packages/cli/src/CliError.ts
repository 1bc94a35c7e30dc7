import { EXIT_STATUS, type ExitStatus } from "./exitStatus.js";

/**
 * An error that ends the run with a given exit status. `message` is printed
 * on stderr as is (it already says where: a file, a line, an option), unless
 * `quiet` is set (a broken pipe: the reader went away, nobody to tell).
 */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly status: ExitStatus;
  readonly quiet: boolean;

  constructor(status: ExitStatus, message: string, options: { quiet?: boolean } = {}) {
    super(message);
    this.status = status;
    this.quiet = options.quiet ?? false;
  }
}

/** A mistake in the command line (exit 64), with the pointer to `--help`. */
export function usageError(message: string): CliError {
  return new CliError(EXIT_STATUS.usage, `${message}\nTry 'oris-observe --help' for usage.`);
}

import { readFileSync } from "node:fs";
import { CliError } from "./CliError.js";
import { parseCliOptions, USAGE } from "./cliOptions.js";
import { EXIT_STATUS } from "./exitStatus.js";
import type { Io } from "./Io.js";

/** EX_SOFTWARE: a bug in oris-observe itself (reported with its stack). */
const INTERNAL_ERROR = 70;

/** The package version, read from its package.json at run time. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/**
 * Runs `oris-observe` with `argv` (the arguments after the script) and
 * returns the exit status; every message goes to `io`.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const options = parseCliOptions(argv);
    if (options.action === "help") {
      io.stdout.write(USAGE);
      return EXIT_STATUS.ok;
    }
    if (options.action === "version") {
      io.stdout.write(`oris-observe ${version()}\n`);
      return EXIT_STATUS.ok;
    }
    // Loaded on demand: --help and --version stay quick, and a trace run
    // never loads the checkpoint bridge.
    if (options.db !== null) return await (await import("./run/runDb.js")).runDb(options, options.db, io);
    if (options.api !== null) return await (await import("./run/runApi.js")).runApi(options, options.api, io);
    if (options.byRun) return await (await import("./run/runByRun.js")).runByRun(options, io);
    if (options.checkpoints !== null)
      return await (await import("./run/runCheckpoints.js")).runCheckpoints(options, io);
    return await (await import("./run/runTrace.js")).runTrace(options, io);
  } catch (err) {
    if (err instanceof CliError) {
      if (!err.quiet) io.stderr.write(`oris-observe: ${err.message}\n`);
      return err.status;
    }
    io.stderr.write(
      `oris-observe: internal error, please report it: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return INTERNAL_ERROR;
  }
}

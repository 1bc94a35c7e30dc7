import { CliError } from "../CliError.js";
import { EXIT_STATUS } from "../exitStatus.js";
import { escapeForTerminal } from "./terminalText.js";

/**
 * What happens to a bad record: `stop` ends the run (the default), `skip`
 * leaves it out of the result (`--skip-invalid`), `check` only lists it
 * (`--check`).
 */
export type BadRecordPolicy = "stop" | "skip" | "check";

/** With `--skip-invalid`, the first this-many bad records are shown; the rest are counted. */
export const SKIPPED_SHOWN = 20;

/**
 * Reports bad records on stderr as `FILE:LINE: message`, the form editors
 * and `grep` understand, and applies the policy.
 */
export class BadRecords {
  /** The bad records so far. */
  count = 0;
  private readonly policy: BadRecordPolicy;
  private readonly print: (line: string) => void;

  constructor(policy: BadRecordPolicy, print: (line: string) => void) {
    this.policy = policy;
    this.print = print;
  }

  /** One bad record at `where` (`FILE:LINE`). Throws a CliError (exit 65) under the `stop` policy. */
  report(where: string, message: string): void {
    this.count++;
    if (this.policy === "check" || this.count <= SKIPPED_SHOWN) this.print(escapeForTerminal(`${where}: ${message}`));
    if (this.policy === "stop") {
      throw new CliError(
        EXIT_STATUS.dataError,
        "stopped at the first bad record, with no result (--skip-invalid leaves bad records out, --check lists them all)",
      );
    }
  }

  /**
   * Under `--skip-invalid`, after the input: a run where every record was
   * bad (at least one, and no valid event) has no result — an all-null
   * KernelObservability would pass for an empty trace — so it fails (a
   * CliError, exit 65) before anything is written.
   */
  requireSomeValid(valid: number): void {
    if (this.policy !== "skip" || valid > 0 || this.count === 0) return;
    const more = this.count > SKIPPED_SHOWN ? ` (the first ${SKIPPED_SHOWN} are shown above)` : "";
    throw new CliError(
      EXIT_STATUS.dataError,
      `no valid event: all ${this.count} record${this.count === 1 ? " was" : "s were"} bad${more}, so there is no result`,
    );
  }

  /** The closing lines for `records` records read (good and bad), without the program name. */
  closing(records: number): string[] {
    const lines: string[] = [];
    if (this.policy === "skip" && this.count > 0) {
      if (this.count > SKIPPED_SHOWN) lines.push(`… and ${this.count - SKIPPED_SHOWN} more bad records, not shown`);
      lines.push(`skipped ${this.count} bad record${this.count === 1 ? "" : "s"} of ${records}`);
    }
    if (this.policy === "check") {
      lines.push(
        this.count === 0
          ? `${records} record${records === 1 ? "" : "s"}, all valid`
          : `${this.count} of ${records} records are bad`,
      );
    }
    return lines;
  }
}

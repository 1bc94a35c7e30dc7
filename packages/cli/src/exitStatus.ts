/**
 * The exit statuses of `oris-observe`, after BSD `sysexits.h` so that scripts
 * can tell a mistake in the command line from bad data from a missing file.
 */
export const EXIT_STATUS = {
  /** The result was written (or, with `--check`, every record is valid). */
  ok: 0,
  /** EX_USAGE: the command line is wrong (unknown option, bad value, missing argument). */
  usage: 64,
  /** EX_DATAERR: the input is not a valid trace (a bad record, bad UTF-8, an empty input…). */
  dataError: 65,
  /** EX_NOINPUT: an input file does not exist or cannot be read (or a server refuses the credentials). */
  noInput: 66,
  /** EX_UNAVAILABLE: the database server, or the `--api` execution server, cannot be reached (refused, timed out). */
  unavailable: 69,
  /** EX_IOERR: reading or writing failed part-way (disk full, broken pipe…). */
  ioError: 74,
} as const;

/** One of {@link EXIT_STATUS}. */
export type ExitStatus = (typeof EXIT_STATUS)[keyof typeof EXIT_STATUS];

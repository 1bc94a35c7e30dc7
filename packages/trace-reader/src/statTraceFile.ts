import { constants } from "node:fs";
import { access, open, stat } from "node:fs/promises";
import { TraceReadError } from "./TraceReadError.js";

/**
 * Checks that a trace file can be opened for reading, without reading it:
 * returns its size (`null` when it is not a regular file: a pipe, a
 * device), or throws the `open` {@link TraceReadError} that reading it would
 * throw (no such file, permission denied, a directory). A regular file is
 * opened and closed again, so permissions, ACLs and read-only mounts all
 * have their say; a pipe or a device is not opened (opening a named pipe
 * waits for a writer) but checked with `access(R_OK)`.
 *
 * @example
 * ```ts
 * const size = await statTraceFile("trace.ndjson"); // e.g. 1048576
 * ```
 */
export async function statTraceFile(path: string, name: string = path): Promise<number | null> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw openError(name, err);
  }
  if (info.isDirectory()) throw new TraceReadError("open", `${name}: cannot open: it is a directory`);
  try {
    if (info.isFile()) await (await open(path, "r")).close();
    else await access(path, constants.R_OK);
  } catch (err) {
    throw openError(name, err);
  }
  return info.isFile() ? info.size : null;
}

/** The `open` error for an input that cannot be opened, in words. */
export function openError(name: string, err: unknown): TraceReadError {
  const code = (err as { code?: unknown }).code;
  const why =
    code === "ENOENT"
      ? "no such file"
      : code === "EACCES" || code === "EPERM"
        ? "permission denied"
        : code === "EISDIR"
          ? "it is a directory"
          : (err as Error).message;
  return new TraceReadError("open", `${name}: cannot open: ${why}`);
}

import type { Readable, Writable } from "node:stream";

/** The standard streams a run uses: the process's own, or others in tests. */
export interface Io {
  readonly stdin: Readable & { readonly isTTY?: boolean };
  readonly stdout: Writable;
  readonly stderr: Writable & { readonly isTTY?: boolean };
}

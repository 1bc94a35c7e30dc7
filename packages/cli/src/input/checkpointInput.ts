import { checkpointHistoryOf, decodeJobHistoryEnvelope, decodeJobTimelineEnvelope } from "@oris/api";
import type { ExecutionCheckpointView } from "@oris/checkpoint-bridge";
import { CliError } from "../CliError.js";
import { EXIT_STATUS } from "../exitStatus.js";
import type { Io } from "../Io.js";
import { readInput, type InputSource } from "./openInput.js";

/** A `--checkpoints` input: a bare JSON array of views (its bytes, decompressed), or a saved API envelope's history. */
export type CheckpointInput =
  | { readonly kind: "array"; readonly bytes: Buffer }
  | { readonly kind: "envelope"; readonly runId: string; readonly history: readonly ExecutionCheckpointView[] };

/**
 * Reads a `--checkpoints` input whole (histories are short): a JSON array of
 * ExecutionCheckpointView is handed back as bytes, for the stepwise reader
 * that reports each bad element at its line; a JSON object is read as a
 * saved response of the execution server (an object with `meta`,
 * `request_id` or `data`; any other object is left to the array reader) — the envelope of
 * `GET /v1/jobs/:id/history` (or of `/timeline/export` or `/detail`, which
 * carry the same `history`), or of `/timeline` (one view per entry) —
 * through `@oris/api`'s decoders. A bad envelope is bad data (exit 65),
 * reported with the JSON pointer of what is wrong.
 */
export async function readCheckpointInput(source: InputSource, stdin: Io["stdin"]): Promise<CheckpointInput> {
  const chunks: Buffer[] = [];
  for await (const chunk of readInput(source, stdin)) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  let i = 0;
  // A UTF-8 byte order mark, then JSON whitespace.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  if (bytes[i] !== 0x7b /* { */) return { kind: "array", bytes };
  let value: unknown;
  try {
    value = JSON.parse(bytes.subarray(i).toString("utf8"));
  } catch (err) {
    throw new CliError(
      EXIT_STATUS.dataError,
      `${source.name}: an object that is not JSON (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  // An object that is no envelope at all (a lone checkpoint view, say) is left to the array reader, which says what it expected.
  if (
    typeof value !== "object" ||
    value === null ||
    !["meta", "request_id", "data"].some((key) => Object.hasOwn(value, key))
  )
    return { kind: "array", bytes };
  const data = (value as { data?: unknown }).data;
  const isHistory = typeof data === "object" && data !== null && Object.hasOwn(data, "history");
  const r = isHistory ? decodeJobHistoryEnvelope(value) : decodeJobTimelineEnvelope(value);
  if (!r.ok) {
    throw new CliError(
      EXIT_STATUS.dataError,
      `${source.name}: not a saved job ${isHistory ? "history" : "timeline"} response of the Oris API (nor a JSON array of checkpoints): ${r.error.message}`,
    );
  }
  return { kind: "envelope", runId: r.value.data.thread_id, history: checkpointHistoryOf(r.value.data) };
}

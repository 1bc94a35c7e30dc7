import { tooLongForAString } from "./EncodeError.js";
import { KERNEL_TRACE_EVENT_FIELDS, type KernelTraceEventField } from "./generated/kernelTraceEventSchema.js";
import { writeI64, writeNullableString, writeString, writeU64 } from "./json.js";
import type { KernelTraceEvent } from "./KernelTraceEvent.js";

/**
 * serde_json's key of each field with what comes before it (`{"run_id":`,
 * `,"seq":`, …: the first field in the schema's order opens the object), and
 * its pointer. Made once, at load.
 */
const KEY = Object.fromEntries(
  KERNEL_TRACE_EVENT_FIELDS.map((name, k) => [
    name,
    { key: `${k === 0 ? "{" : ","}${JSON.stringify(name)}:`, path: `/${name}` },
  ]),
) as Record<KernelTraceEventField, { readonly key: string; readonly path: string }>;
const {
  run_id: RUN_ID,
  seq: SEQ,
  step_id: STEP_ID,
  action_id: ACTION_ID,
  kind: KIND,
  timestamp_ms: TIMESTAMP_MS,
} = KEY;

/**
 * Writes a {@link KernelTraceEvent} exactly as serde_json writes the Rust
 * struct: keys `run_id, seq, step_id, action_id, kind, timestamp_ms` in that
 * order, `null` for absent ids, `timestamp_ms` left out when absent, no
 * whitespace, unknown properties never written.
 *
 * Throws {@link EncodeError} for a value no Rust runtime would read back
 * (non-safe integer, lone surrogate), and for strings too long together for
 * one JavaScript string (`path` `""`; a single field too long names itself).
 *
 * @example
 * ```ts
 * encodeKernelTraceEvent({ run_id: "r", seq: 1, step_id: null, action_id: null, kind: "Completed" });
 * // '{"run_id":"r","seq":1,"step_id":null,"action_id":null,"kind":"Completed"}'
 * ```
 */
export function encodeKernelTraceEvent(event: KernelTraceEvent): string {
  const ts = event.timestamp_ms;
  try {
    return (
      RUN_ID.key +
      writeString(event.run_id, RUN_ID.path) +
      SEQ.key +
      writeU64(event.seq, SEQ.path) +
      STEP_ID.key +
      writeNullableString(event.step_id ?? null, STEP_ID.path) +
      ACTION_ID.key +
      writeNullableString(event.action_id ?? null, ACTION_ID.path) +
      KIND.key +
      writeString(event.kind, KIND.path) +
      (ts === undefined || ts === null ? "" : TIMESTAMP_MS.key + writeI64(ts, TIMESTAMP_MS.path)) +
      "}"
    );
  } catch (err) {
    // Strings whose sum passes the engine's limit though each fits.
    throw tooLongForAString(err, "") ?? err;
  }
}

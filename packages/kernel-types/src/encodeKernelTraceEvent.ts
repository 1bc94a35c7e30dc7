import { tooLongForAString } from "./EncodeError.js";
import { writeI64, writeNullableString, writeString, writeU64 } from "./json.js";
import type { KernelTraceEvent } from "./KernelTraceEvent.js";

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
      `{"run_id":${writeString(event.run_id, "/run_id")}` +
      `,"seq":${writeU64(event.seq, "/seq")}` +
      `,"step_id":${writeNullableString(event.step_id ?? null, "/step_id")}` +
      `,"action_id":${writeNullableString(event.action_id ?? null, "/action_id")}` +
      `,"kind":${writeString(event.kind, "/kind")}` +
      (ts === undefined || ts === null ? "" : `,"timestamp_ms":${writeI64(ts, "/timestamp_ms")}`) +
      "}"
    );
  } catch (err) {
    // Strings whose sum passes the engine's limit though each fits.
    throw tooLongForAString(err, "") ?? err;
  }
}

import { decodeKernelEventJson, kernelEventToTraceEvent, type KernelTraceEvent } from "@oris/kernel-types";
import { describeCell } from "./describeCell.js";
import type { KernelEventRow } from "./OrisStore.js";
import { readInteger } from "./readInteger.js";
import { RunError } from "./RunError.js";

/**
 * The runtime's `to_trace_event` of one `kernel_events` row: `event_json`
 * read as serde reads the kernel `Event`, then `run_id`, `seq`, the variant's
 * name and ids; `timestamp_ms` from `created_at_ms` when `createdAt` is set
 * (ours: the runtime leaves it out). A row serde would refuse gives a
 * {@link RunError} that names its `seq`.
 *
 * @example
 * ```ts
 * kernelEventFromRow({ runId: "r", seq: 1, eventJson: '{"Interrupted":{"value":null}}' }, false);
 * // { run_id: "r", seq: 1, step_id: null, action_id: null, kind: "Interrupted" }
 * ```
 */
export function kernelEventFromRow(row: KernelEventRow, createdAt: boolean): KernelTraceEvent | RunError {
  const seq = readInteger(row.seq, true);
  const seqText = typeof seq === "number" ? String(seq) : String(row.seq);
  if (typeof seq === "string") return new RunError(row.runId, "kernel_events", { seq: seqText }, `seq: ${seq}`);
  const text = row.eventJson;
  if (typeof text !== "string") {
    return new RunError(
      row.runId,
      "kernel_events",
      { seq: seqText },
      `event_json: expected TEXT holding the kernel Event's JSON (got ${describeCell(text)})`,
    );
  }
  const decoded = decodeKernelEventJson(text);
  if (!decoded.ok)
    return new RunError(row.runId, "kernel_events", { seq: seqText }, `event_json: ${decoded.error.message}`);
  if (!createdAt) return kernelEventToTraceEvent(decoded.value, row.runId, seq);
  const ms = readInteger(row.createdAtMs, false);
  if (typeof ms === "string") return new RunError(row.runId, "kernel_events", { seq: seqText }, `created_at: ${ms}`);
  return kernelEventToTraceEvent(decoded.value, row.runId, seq, ms);
}

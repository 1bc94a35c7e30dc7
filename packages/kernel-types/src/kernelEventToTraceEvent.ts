import type { KernelEvent, KernelEventVariant } from "./KernelEvent.js";
import type { KernelTraceEvent } from "./KernelTraceEvent.js";

/**
 * The variant name of a {@link KernelEvent}: the `kind` of the trace event it
 * becomes.
 *
 * @example
 * ```ts
 * kernelEventKind("Completed"); // "Completed"
 * kernelEventKind({ Resumed: { value: "null" } }); // "Resumed"
 * ```
 */
export function kernelEventKind(event: KernelEvent): KernelEventVariant {
  if (typeof event === "string") return "Completed";
  if ("StateUpdated" in event) return "StateUpdated";
  if ("ActionRequested" in event) return "ActionRequested";
  if ("ActionSucceeded" in event) return "ActionSucceeded";
  if ("ActionFailed" in event) return "ActionFailed";
  if ("Interrupted" in event) return "Interrupted";
  return "Resumed";
}

/**
 * The trace event the Rust runtime makes of one event-log row
 * (`to_trace_event`): `run_id` and `seq` from the row, `kind` the variant
 * name, `step_id` that of a `StateUpdated` (null for every other variant),
 * `action_id` that of an `ActionRequested`, `ActionSucceeded` or
 * `ActionFailed` (null otherwise). The runtime leaves `timestamp_ms` out;
 * pass `timestampMs` (e.g. the row's `created_at_ms`) to set it.
 *
 * The keys are in serde's order: run_id, seq, step_id, action_id, kind, then
 * timestamp_ms when given. Nothing is checked: `seq` and `timestampMs` are
 * taken as they are (the encoder checks them when the event is written).
 *
 * @example
 * ```ts
 * kernelEventToTraceEvent({ StateUpdated: { step_id: "plan", payload: "{}" } }, "run-1", 3);
 * // { run_id: "run-1", seq: 3, step_id: "plan", action_id: null, kind: "StateUpdated" }
 * kernelEventToTraceEvent("Completed", "run-1", 9, 1700000000123).timestamp_ms; // 1700000000123
 * ```
 */
export function kernelEventToTraceEvent(
  event: KernelEvent,
  runId: string,
  seq: number,
  timestampMs?: number,
): KernelTraceEvent {
  let step_id: string | null = null;
  let action_id: string | null = null;
  let kind: KernelEventVariant;
  if (typeof event === "string") kind = "Completed";
  else if ("StateUpdated" in event) {
    kind = "StateUpdated";
    step_id = event.StateUpdated.step_id;
  } else if ("ActionRequested" in event) {
    kind = "ActionRequested";
    action_id = event.ActionRequested.action_id;
  } else if ("ActionSucceeded" in event) {
    kind = "ActionSucceeded";
    action_id = event.ActionSucceeded.action_id;
  } else if ("ActionFailed" in event) {
    kind = "ActionFailed";
    action_id = event.ActionFailed.action_id;
  } else kind = "Interrupted" in event ? "Interrupted" : "Resumed";
  return timestampMs === undefined
    ? { run_id: runId, seq, step_id, action_id, kind }
    : { run_id: runId, seq, step_id, action_id, kind, timestamp_ms: timestampMs };
}

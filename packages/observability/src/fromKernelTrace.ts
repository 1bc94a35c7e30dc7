import type { KernelTraceEvent } from "@oris/kernel-types";
import { observabilityOf } from "./createObservabilityReducer.js";
import { createStream, type ObservabilityOptions } from "./createObservabilityStream.js";
import type { KernelObservability } from "./KernelObservability.js";

/**
 * `KernelObservability::from_kernel_trace`: derives telemetry from a kernel
 * trace, byte for byte as the Rust runtime does.
 *
 * - `reasoning_timeline`: one `"Kind#seq"` entry per event (0.3 appends
 *   `(step_id)` or else `(action_id)`); `null` for an empty trace.
 * - `replay_cost`: the number of events; `null` for an empty trace.
 * - `interrupt_latency_ms`: 0.2 — index of the first `"Resumed"` minus index of
 *   the first `"Interrupted"` when not negative; 0.3 — the largest
 *   timestamp gap of an Interrupted→Resumed pair, else the 0.2 rule.
 * - `lease_graph`: `null`.
 *
 * Each event must be a `KernelTraceEvent` as the decoders of
 * `@oris/kernel-types` make them, in the fields the profile's rules read: an
 * object with `kind` a string and `seq` a safe integer from 0 to 2^53−1;
 * under 0.3 also `step_id`/`action_id` a string, `null` or absent and
 * `timestamp_ms` a safe integer, `null` or absent. Fields the profile does
 * not read are not checked (`run_id`; under 0.2 the ids and the timestamp).
 * Anything else — `null`, a hole of a sparse array, `seq: 1.5`, under 0.3
 * `timestamp_ms: Infinity` — throws a `TypeError` naming the event's index
 * and the field, e.g.
 * `fromKernelTrace: event 3: timestamp_ms must be a safe integer, null or absent (got Infinity)`.
 * Also throws a `RangeError` when the 0.3 rule yields an `interrupt_latency_ms`
 * past 2^53−1 (timestamps over 285,000 years apart).
 *
 * @example
 * ```ts
 * fromKernelTrace([
 *   { run_id: "r1", seq: 1, step_id: "n1", action_id: null, kind: "Interrupted" },
 *   { run_id: "r1", seq: 2, step_id: "n1", action_id: null, kind: "Resumed" },
 * ]);
 * // { reasoning_timeline: ["Interrupted#1", "Resumed#2"], lease_graph: null, replay_cost: 2, interrupt_latency_ms: 1 }
 * ```
 */
export function fromKernelTrace(
  trace: Iterable<KernelTraceEvent>,
  options: ObservabilityOptions = {},
): KernelObservability {
  if (typeof (trace as { [Symbol.iterator]?: unknown } | null | undefined)?.[Symbol.iterator] !== "function") {
    throw new TypeError(
      `fromKernelTrace: the trace must be an iterable of KernelTraceEvent, such as an array (got ${trace === null ? "null" : typeof trace})`,
    );
  }
  // The reducer's rules without its defensive copy of the timeline.
  const stream = createStream(options, "fromKernelTrace");
  const timeline: string[] = [];
  for (const event of trace) timeline.push(stream.push(event));
  return observabilityOf(timeline, stream);
}

import type { KernelTraceEvent } from "@oris/kernel-types";
import { observabilityOf } from "./createObservabilityReducer.js";
import { createObservabilityStream, type ObservabilityOptions } from "./createObservabilityStream.js";
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
 * @example
 * ```ts
 * fromKernelTrace([
 *   { run_id: "r1", seq: 1, step_id: "n1", action_id: null, kind: "Interrupted" },
 *   { run_id: "r1", seq: 2, step_id: "n1", action_id: null, kind: "Resumed" },
 * ]);
 * // { reasoning_timeline: ["Interrupted#1", "Resumed#2"], lease_graph: null, replay_cost: 2, interrupt_latency_ms: 1 }
 * ```
 */
export function fromKernelTrace(trace: Iterable<KernelTraceEvent>, options: ObservabilityOptions = {}): KernelObservability {
  // The reducer's rules without its defensive copy of the timeline.
  const stream = createObservabilityStream(options);
  const timeline: string[] = [];
  for (const event of trace) timeline.push(stream.push(event));
  return observabilityOf(timeline, stream);
}

import type { KernelObservability, LeaseEdge, ObservabilityProfile } from "@oris/observability";
import { DEFAULT_PROFILE, fromKernelTrace, withLeaseGraph } from "@oris/observability";
import { traceOfHistory } from "./checkpointHistoryToTrace.js";
import type { ExecutionCheckpointView } from "./ExecutionCheckpointView.js";
import { readCreatedAt } from "./readCreatedAt.js";
import type { Rfc3339Instant } from "./Rfc3339Instant.js";
import { nanosBetween } from "./signedDurationSince.js";

/**
 * Options of {@link fromCheckpointHistory}.
 *
 * @example
 * ```ts
 * const options: CheckpointHistoryOptions = { profile: "0.3", leaseGraph: [["attempt-1", "worker-1"]] };
 * ```
 */
export interface CheckpointHistoryOptions {
  /**
   * `"0.2"` (the default): the Oris 0.2 rules, Oris 0.2.12's `from_checkpoint_history`.
   * `"0.3"`: upstream Oris 0.3.0's `from_checkpoint_history_with_lease_graph`.
   */
  readonly profile?: ObservabilityProfile;
  /** 0.3 only: the lease graph to report; `null`, left out or empty gives `lease_graph: null`. Ignored by 0.2. */
  readonly leaseGraph?: readonly LeaseEdge[] | null;
}

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const NANOS_PER_MILLI = 1_000_000n;

/**
 * `KernelObservability::from_checkpoint_history`: telemetry derived from a
 * run's checkpoint history, byte for byte as the Rust runtime derives it.
 *
 * Profile `"0.2"` (default, the Oris 0.2 rules) reduces the synthetic trace of
 * {@link checkpointHistoryToTrace} with the 0.2 rules: timeline
 * `CheckpointSaved#k`, `replay_cost` = the number of checkpoints,
 * `interrupt_latency_ms` and `lease_graph` `null`.
 *
 * Profile `"0.3"` (upstream Oris 0.3.0): timeline `CheckpointSaved#k(checkpoint_id)`
 * (`CheckpointSaved#k` when the id is null), `lease_graph` = `options.leaseGraph`
 * (`null` when absent or empty), and `interrupt_latency_ms` = the largest
 * non-negative gap between consecutive `created_at` values (later minus
 * earlier, chrono's `signed_duration_since(..).num_milliseconds()`: whole
 * milliseconds truncated toward zero, so a 0.5 ms step back is a gap of 0,
 * which counts); `null` with fewer than two checkpoints or no such gap.
 *
 * The history is taken in the order given, never sorted. Throws a
 * DecodeError for a `created_at` chrono would not read (impossible for
 * decoded views), and a RangeError if the 0.3 gap exceeds 2^53−1 ms (over
 * 285,000 years), which a JavaScript number cannot hold exactly.
 *
 * @param runId - the run the history belongs to.
 * @param history - the checkpoints, in the server's order.
 * @param options - the profile and, for 0.3, the lease graph.
 * @returns the `KernelObservability` the Rust runtime would compute.
 *
 * @example
 * ```ts
 * const history = [
 *   { checkpoint_id: "cp-1", created_at: "2023-11-14T22:13:20Z" },
 *   { checkpoint_id: "cp-2", created_at: "2023-11-14T22:13:21Z" },
 * ];
 * fromCheckpointHistory("r-checkpoint", history);
 * // { reasoning_timeline: ["CheckpointSaved#1", "CheckpointSaved#2"], lease_graph: null, replay_cost: 2, interrupt_latency_ms: null }
 * fromCheckpointHistory("r-checkpoint", history, { profile: "0.3", leaseGraph: [["attempt-1", "worker-1"]] });
 * // { reasoning_timeline: ["CheckpointSaved#1(cp-1)", "CheckpointSaved#2(cp-2)"],
 * //   lease_graph: [["attempt-1", "worker-1"]], replay_cost: 2, interrupt_latency_ms: 1000 }
 * ```
 */
export function fromCheckpointHistory(
  runId: string,
  history: readonly ExecutionCheckpointView[],
  options: CheckpointHistoryOptions = {},
): KernelObservability {
  // Each created_at is read once (a decoded view's not at all: its decoder already has).
  const instants = readCreatedAt(history);
  const trace = traceOfHistory(runId, history, instants);
  if ((options.profile ?? DEFAULT_PROFILE) !== "0.3") return fromKernelTrace(trace);
  const reduced = fromKernelTrace(trace, { profile: "0.3" });
  const graph = options.leaseGraph ?? null;
  const withGraph =
    graph !== null && graph.length > 0 ? withLeaseGraph(reduced, graph) : { ...reduced, lease_graph: null };
  return { ...withGraph, interrupt_latency_ms: largestGapMs(instants) };
}

/** Oris 0.3's gap rule over consecutive instants; `null` when no gap is ≥ 0. */
function largestGapMs(instants: readonly Rfc3339Instant[]): number | null {
  let best: bigint | null = null;
  for (let k = 1; k < instants.length; k++) {
    const ms = nanosBetween(instants[k] as Rfc3339Instant, instants[k - 1] as Rfc3339Instant) / NANOS_PER_MILLI;
    if (ms >= 0n && (best === null || ms > best)) best = ms;
  }
  if (best === null) return null;
  if (best > MAX_SAFE_BIG) {
    throw new RangeError(
      `interrupt_latency_ms ${best} exceeds 2^53−1 and cannot be held exactly by a JavaScript number`,
    );
  }
  return Number(best);
}

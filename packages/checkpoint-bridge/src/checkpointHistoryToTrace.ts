import type { KernelTraceEvent } from "@oris/kernel-types";
import type { ExecutionCheckpointView } from "./ExecutionCheckpointView.js";
import { readCreatedAt } from "./readCreatedAt.js";
import type { Rfc3339Instant } from "./Rfc3339Instant.js";
import { millisOf } from "./timestampMillis.js";

/**
 * The synthetic kernel trace that Oris's `from_checkpoint_history` builds from
 * a checkpoint history: for checkpoint k (1-based),
 * `{run_id: runId, seq: k, step_id: checkpoint_id, action_id: null, kind: "CheckpointSaved", timestamp_ms}`
 * with `timestamp_ms` = chrono's `timestamp_millis()` of `created_at`
 * (floored, see {@link timestampMillis}). The history is taken in the order
 * given, never sorted.
 *
 * Throws a DecodeError (path `/<index>/created_at`) for a `created_at` that
 * chrono would not read — impossible for views from
 * decodeExecutionCheckpointView.
 *
 * @param runId - the run the history belongs to.
 * @param history - the checkpoints, oldest first as the server lists them.
 * @returns one `CheckpointSaved` event per checkpoint.
 *
 * @example
 * ```ts
 * checkpointHistoryToTrace("r1", [{ checkpoint_id: "cp-1", created_at: "2023-11-14T22:13:20Z" }]);
 * // [{ run_id: "r1", seq: 1, step_id: "cp-1", action_id: null, kind: "CheckpointSaved", timestamp_ms: 1700000000000 }]
 * ```
 */
export function checkpointHistoryToTrace(
  runId: string,
  history: readonly ExecutionCheckpointView[],
): KernelTraceEvent[] {
  return traceOfHistory(runId, history, readCreatedAt(history));
}

/**
 * {@link checkpointHistoryToTrace} with the history's instants already read
 * (`instants[k]` is `history[k].created_at`), so that a caller which needs
 * them too reads each `created_at` once. Internal to the package.
 */
export function traceOfHistory(
  runId: string,
  history: readonly ExecutionCheckpointView[],
  instants: readonly Rfc3339Instant[],
): KernelTraceEvent[] {
  return history.map((view, index) => ({
    run_id: runId,
    seq: index + 1,
    step_id: view.checkpoint_id ?? null,
    action_id: null,
    kind: "CheckpointSaved",
    timestamp_ms: millisOf(instants[index] as Rfc3339Instant),
  }));
}

import type { KernelTraceEvent } from "@oris/kernel-types";
import type { ExecutionCheckpointView } from "./ExecutionCheckpointView.js";
import { readCreatedAt } from "./readCreatedAt.js";
import type { Rfc3339Instant } from "./Rfc3339Instant.js";
import { timestampMillis } from "./timestampMillis.js";

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
export function checkpointHistoryToTrace(runId: string, history: readonly ExecutionCheckpointView[]): KernelTraceEvent[] {
  const instants = readCreatedAt(history);
  return history.map((view, index) => ({
    run_id: runId,
    seq: index + 1,
    step_id: view.checkpoint_id ?? null,
    action_id: null,
    kind: "CheckpointSaved",
    timestamp_ms: timestampMillis(instants[index] as Rfc3339Instant),
  }));
}

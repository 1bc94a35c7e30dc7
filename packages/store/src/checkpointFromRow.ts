import { decodeExecutionCheckpointView, type ExecutionCheckpointView } from "@oris/checkpoint-bridge";
import { describeCell } from "./describeCell.js";
import type { CheckpointRow } from "./OrisStore.js";
import { RunError } from "./RunError.js";

/**
 * One checkpoint row as the execution server reads it: `checkpoint_id` and
 * `created_at` read by chrono's RFC 3339 reader and converted to UTC. A
 * `created_at` chrono refuses gives a {@link RunError} that names the checkpoint.
 *
 * @example
 * ```ts
 * checkpointFromRow("r", { checkpointId: "cp-1", createdAt: "2024-05-01T10:00:00+02:00" });
 * // { checkpoint_id: "cp-1", created_at: "2024-05-01T08:00:00Z" }
 * ```
 */
export function checkpointFromRow(runId: string, row: CheckpointRow): ExecutionCheckpointView | RunError {
  const id = row.checkpointId;
  if (typeof id !== "string") {
    return new RunError(runId, "checkpoints", {}, `checkpoint_id: expected TEXT (got ${describeCell(id)})`);
  }
  if (typeof row.createdAt !== "string") {
    return new RunError(
      runId,
      "checkpoints",
      { checkpointId: id },
      `created_at: expected TEXT in RFC 3339 (got ${describeCell(row.createdAt)})`,
    );
  }
  const r = decodeExecutionCheckpointView({ checkpoint_id: id, created_at: row.createdAt });
  if (r.ok) return r.value;
  return new RunError(
    runId,
    "checkpoints",
    { checkpointId: id },
    `${r.error.path.slice(1) || "row"}: expected ${r.error.expected} (got ${r.error.got})`,
  );
}

import type { ExecutionCheckpointView } from "@oris/checkpoint-bridge";
import { checkpointFromRow } from "./checkpointFromRow.js";
import type { OrisStore } from "./OrisStore.js";
import { RunError } from "./RunError.js";
import type { RunHistory } from "./RunRecord.js";
import { planRuns } from "./runOrder.js";

/**
 * Options of {@link readRunHistories}.
 *
 * @example
 * ```ts
 * const options: ReadRunHistoriesOptions = { runIds: ["run-1"] };
 * ```
 */
export interface ReadRunHistoriesOptions {
  /** Only these runs (each once, in byte order); a run in no table gets a {@link RunError}. All runs when absent. */
  readonly runIds?: readonly string[];
  /** Whether to read the lease graph (the 0.3 rules report it); default `true`. */
  readonly leaseGraph?: boolean;
}

/**
 * Each run's checkpoint history and lease graph, as the Oris execution server
 * reads them for its job responses: the run's checkpoints
 * `ORDER BY created_at ASC` (the database's own order), each `created_at` read
 * by chrono's RFC 3339 reader and converted to UTC; the lease of the run's
 * latest attempt (`ORDER BY attempt_no DESC, attempt_id DESC`), `null` when
 * there is none. A `created_at` chrono refuses fails the run's history, with a
 * {@link RunError} naming the checkpoint.
 *
 * @example
 * ```ts
 * for await (const run of readRunHistories(store)) {
 *   if (!("error" in run)) console.log(run.runId, run.history.length, run.leaseGraph);
 * }
 * ```
 */
export async function* readRunHistories(
  store: OrisStore,
  options: ReadRunHistoriesOptions = {},
): AsyncGenerator<RunHistory, void, undefined> {
  const withLease = options.leaseGraph ?? true;
  for (const { runId, missing } of await planRuns(store, options.runIds)) {
    if (missing !== null) {
      yield { runId, error: missing };
      continue;
    }
    const history: ExecutionCheckpointView[] = [];
    let error: RunError | null = null;
    if (store.tables.checkpoints) {
      for (const row of await store.checkpointRows(runId)) {
        const view = checkpointFromRow(runId, row);
        if (view instanceof RunError) {
          error = view;
          break;
        }
        history.push(view);
      }
    }
    if (error !== null) {
      yield { runId, error };
      continue;
    }
    const leaseGraph =
      withLease && store.tables.runtimeAttempts && store.tables.runtimeLeases ? await store.leaseGraph(runId) : null;
    yield { runId, history, leaseGraph };
  }
}

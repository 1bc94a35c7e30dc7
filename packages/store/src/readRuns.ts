import { fromCheckpointHistory } from "@oris/checkpoint-bridge";
import {
  DEFAULT_PROFILE,
  fromKernelTrace,
  type KernelObservability,
  type ObservabilityProfile,
} from "@oris/observability";
import type { OrisStore } from "./OrisStore.js";
import { readRunHistories } from "./readRunHistories.js";
import { readRunTraces } from "./readRunTraces.js";
import { RunError, type RunErrorSource } from "./RunError.js";
import type { RunHistory, RunRecord, RunTrace } from "./RunRecord.js";

/**
 * Options of {@link readRuns}.
 *
 * @example
 * ```ts
 * const options: ReadRunsOptions = { from: "checkpoints", profile: "0.3" };
 * ```
 */
export interface ReadRunsOptions {
  /**
   * `"events"` (default): from `kernel_events`, as `scan_execution_trace` and
   * `from_kernel_trace` derive it. `"checkpoints"`: from the checkpoint
   * history, as the execution server's job responses carry it.
   */
  readonly from?: "events" | "checkpoints";
  /** `"0.2"` (default, Oris 0.2.12) or `"0.3"` (upstream Oris 0.3.0). */
  readonly profile?: ObservabilityProfile;
  /** Only these runs; a run in no table gets a {@link RunError}. All runs when absent. */
  readonly runIds?: readonly string[];
  /** Events only: `"created_at"` takes each event's `timestamp_ms` from its row (ours; off by default). */
  readonly timestamps?: "created_at" | null;
}

/**
 * Every run of an Oris database (or the runs named), in byte order of their
 * ids, with the `KernelObservability` the Rust runtime derives for it, one run
 * in memory at a time:
 *
 * - from `"events"`: `from_kernel_trace` of the run's kernel events (a run
 *   with no events: the empty trace's result, all four fields `null`);
 * - from `"checkpoints"`: `from_checkpoint_history` (0.2), or with the 0.3
 *   profile exactly the execution server's `observability` field,
 *   `from_checkpoint_history_with_lease_graph` with the run's lease; a run
 *   with no checkpoints gets `null` in both profiles.
 *
 * A run the runtime cannot derive (a row serde refuses, a `created_at`
 * chrono refuses) is yielded with its {@link RunError}; the other runs go on.
 *
 * @example
 * ```ts
 * import { openSqliteStore } from "@oris/store-sqlite";
 * const store = openSqliteStore("oris.sqlite3");
 * try {
 *   for await (const record of readRuns(store, { profile: "0.3" })) console.log(encodeRunRecord(record));
 * } finally {
 *   await store.close();
 * }
 * ```
 */
export async function* readRuns(
  store: OrisStore,
  options: ReadRunsOptions = {},
): AsyncGenerator<RunRecord, void, undefined> {
  const profile = options.profile ?? DEFAULT_PROFILE;
  const only = options.runIds === undefined ? {} : { runIds: options.runIds };
  if ((options.from ?? "events") === "events") {
    for await (const run of readRunTraces(store, { ...only, timestamps: options.timestamps ?? null }))
      yield deriveFromTrace(run, profile);
    return;
  }
  for await (const run of readRunHistories(store, { ...only, leaseGraph: profile === "0.3" }))
    yield deriveFromHistory(run, profile);
}

/**
 * One run's record from its trace ({@link readRunTraces}): `fromKernelTrace`
 * with the profile's rules; a failed run stays failed, and a 0.3 latency past
 * 2^53−1 ms fails it too.
 *
 * @example
 * ```ts
 * deriveFromTrace({ runId: "r", trace: [] }, "0.2"); // { runId: "r", observability: { reasoning_timeline: null, … } }
 * ```
 */
export function deriveFromTrace(run: RunTrace, profile: ObservabilityProfile): RunRecord {
  if ("error" in run) return run;
  return derive(run.runId, "kernel_events", () => fromKernelTrace(run.trace, { profile }));
}

/**
 * One run's record from its checkpoint history ({@link readRunHistories}):
 * `null` for an empty history (the execution server sends no field), else
 * `fromCheckpointHistory` with the profile's rules and, for 0.3, the lease graph.
 *
 * @example
 * ```ts
 * deriveFromHistory({ runId: "r", history: [], leaseGraph: null }, "0.3"); // { runId: "r", observability: null }
 * ```
 */
export function deriveFromHistory(run: RunHistory, profile: ObservabilityProfile): RunRecord {
  if ("error" in run) return run;
  if (run.history.length === 0) return { runId: run.runId, observability: null };
  return derive(run.runId, "checkpoints", () =>
    fromCheckpointHistory(run.runId, run.history, { profile, leaseGraph: run.leaseGraph }),
  );
}
/** The derivation, with its RangeError (a 0.3 latency past 2^53−1 ms) as the run's error. */
function derive(runId: string, source: RunErrorSource, reduce: () => KernelObservability): RunRecord {
  try {
    return { runId, observability: reduce() };
  } catch (err) {
    if (err instanceof RangeError) return { runId, error: new RunError(runId, source, {}, err.message) };
    throw err;
  }
}

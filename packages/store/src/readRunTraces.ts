import type { KernelTraceEvent } from "@oris/kernel-types";
import { compareUtf8 } from "./compareUtf8.js";
import { kernelEventFromRow } from "./kernelEventFromRow.js";
import type { KernelEventRow, OrisStore } from "./OrisStore.js";
import { RunError } from "./RunError.js";
import type { RunTrace } from "./RunRecord.js";
import { planRuns } from "./runOrder.js";

/**
 * Options of {@link readRunTraces}.
 *
 * @example
 * ```ts
 * const options: ReadRunTracesOptions = { runIds: ["run-1"], timestamps: "created_at" };
 * ```
 */
export interface ReadRunTracesOptions {
  /** Only these runs (each once, in byte order); a run in no table gets a {@link RunError}. All runs when absent. */
  readonly runIds?: readonly string[];
  /**
   * `"created_at"`: each event's `timestamp_ms` is its row's creation time
   * (`created_at_ms`; PostgreSQL: `created_at` in milliseconds), so that the
   * 0.3 rules measure interrupt gaps in real time. Ours: the runtime leaves
   * `timestamp_ms` out, as the default (`null`) does.
   */
  readonly timestamps?: "created_at" | null;
}

/**
 * Each run's kernel trace, as the runtime's scan builds it: the run's
 * `kernel_events` rows in `seq` order, each read by serde and turned into a
 * KernelTraceEvent. Runs come in byte order of their ids (a run with no
 * events has an empty trace); one run is in memory at a time, read from a
 * single ordered scan of the table. A row serde refuses fails its run, as in
 * the runtime: the run gets a {@link RunError} naming the `seq`, and the
 * other runs go on.
 *
 * @example
 * ```ts
 * for await (const run of readRunTraces(store)) {
 *   if ("error" in run) console.error(run.error.message);
 *   else console.log(run.runId, run.trace.length);
 * }
 * ```
 */
export async function* readRunTraces(
  store: OrisStore,
  options: ReadRunTracesOptions = {},
): AsyncGenerator<RunTrace, void, undefined> {
  const runs = await planRuns(store, options.runIds);
  const createdAt = options.timestamps === "created_at";
  const rows = store.tables.kernelEvents
    ? store.kernelEventRows({ ...(options.runIds === undefined ? {} : { only: options.runIds }), createdAt })
    : null;
  const batches = rows === null ? null : rows[Symbol.asyncIterator]();
  let batch: readonly KernelEventRow[] = [];
  let at = 0;
  /** The next row, or `undefined` at the end of the table. */
  const peek = async (): Promise<KernelEventRow | undefined> => {
    while (at >= batch.length) {
      if (batches === null) return undefined;
      const next = await batches.next();
      if (next.done === true) return undefined;
      batch = next.value;
      at = 0;
    }
    return batch[at];
  };
  try {
    for (const { runId, missing } of runs) {
      if (missing !== null) {
        yield { runId, error: missing };
        continue;
      }
      const trace: KernelTraceEvent[] = [];
      let error: RunError | null = null;
      for (let row = await peek(); row !== undefined && row.runId === runId; row = await peek()) {
        at++;
        if (error !== null) continue; // the rest of a failed run is read past, not used
        const event = kernelEventFromRow(row, createdAt);
        if (event instanceof RunError) error = event;
        else trace.push(event);
      }
      const next = await peek();
      if (next !== undefined && compareUtf8(next.runId, runId) < 0) {
        throw new Error(
          `${store.description}: kernel_events rows of run ${JSON.stringify(next.runId)} came after run ${JSON.stringify(runId)}: the store's order is not byte order`,
        );
      }
      yield error === null ? { runId, trace } : { runId, error };
    }
    const left = await peek();
    if (left !== undefined) {
      throw new Error(
        `${store.description}: kernel_events rows of run ${JSON.stringify(left.runId)}, which is not among the runs listed`,
      );
    }
  } finally {
    await batches?.return?.();
  }
}

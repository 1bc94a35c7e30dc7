import { compareUtf8 } from "./compareUtf8.js";
import type { OrisStore } from "./OrisStore.js";
import { RunError } from "./RunError.js";

/** The tables whose rows name runs. */
const RUN_TABLES = ["kernelEvents", "checkpoints", "runtimeAttempts"] as const;

/** A run to report: it exists in the store, or it was named and is in no table. */
export interface PlannedRun {
  readonly runId: string;
  readonly missing: RunError | null;
}

/**
 * The runs to report, in byte order of their UTF-8: every run of the store,
 * or the ones named in `only` (each once), those in no table with a
 * {@link RunError} saying so.
 */
export async function planRuns(store: OrisStore, only: readonly string[] | undefined): Promise<PlannedRun[]> {
  if (only === undefined) return (await store.runIds()).map((runId) => ({ runId, missing: null }));
  for (const id of only) {
    if (typeof id !== "string" || !id.isWellFormed())
      throw new TypeError(`runIds: expected strings of well-formed UTF-16 (got ${JSON.stringify(String(id))})`);
  }
  const found = new Set(await store.runIds(only));
  const tables = RUN_TABLES.filter((role) => store.tables[role]).map((role) => store.tableNames[role]);
  return [...new Set(only)].sort(compareUtf8).map((runId) => ({
    runId,
    missing: found.has(runId)
      ? null
      : new RunError(runId, "runs", {}, `no such run: it has no row in ${tables.join(", ")}`),
  }));
}

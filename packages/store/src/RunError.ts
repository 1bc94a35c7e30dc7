const RUN_ERROR_BRAND = Symbol.for("@oris/store/RunError");

/** Which table a {@link RunError} comes from. */
export type RunErrorSource = "kernel_events" | "checkpoints" | "runs";

/**
 * Why the runtime cannot derive a run's observability: the table, the row
 * (`seq` of a kernel event, `checkpoint_id` of a checkpoint) and the reason.
 * The message reads `kernel_events seq 4: /Interrupted/value: expected …`.
 * The Rust runtime's scan fails for the whole run in these cases, so there is
 * no partial result.
 *
 * @example
 * ```ts
 * if ("error" in record) console.error(record.runId, record.error.seq, record.error.reason);
 * ```
 */
export class RunError extends Error {
  /** Always `"RunError"`. */
  override readonly name = "RunError";
  /** Always `"ORIS_RUN_ERROR"`. */
  readonly code = "ORIS_RUN_ERROR";
  /** The run. */
  readonly runId: string;
  /** The table the bad row is in (`runs` when the run does not exist at all). */
  readonly source: RunErrorSource;
  /** The `seq` of the kernel event row, as the database holds it (digits). */
  readonly seq: string | undefined;
  /** The `checkpoint_id` of the checkpoint row. */
  readonly checkpointId: string | undefined;
  /** What is wrong with the row. */
  readonly reason: string;

  constructor(runId: string, source: RunErrorSource, where: { seq?: string; checkpointId?: string }, reason: string) {
    const row =
      where.seq !== undefined
        ? ` seq ${where.seq}`
        : where.checkpointId !== undefined
          ? ` checkpoint_id ${JSON.stringify(where.checkpointId.toWellFormed())}`
          : "";
    super(source === "runs" ? reason : `${source}${row}: ${reason}`);
    this.runId = runId;
    this.source = source;
    this.seq = where.seq;
    this.checkpointId = where.checkpointId;
    this.reason = reason;
    Object.defineProperty(this, RUN_ERROR_BRAND, { value: true });
  }
}

/**
 * True for a {@link RunError} from any copy of this package (ESM or CJS build).
 *
 * @example
 * ```ts
 * if (isRunError(err)) console.error(err.runId, err.reason);
 * ```
 */
export function isRunError(value: unknown): value is RunError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[RUN_ERROR_BRAND] === true;
}

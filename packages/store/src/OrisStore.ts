import type { LeaseEdge } from "@oris/observability";

/**
 * One row of `kernel_events`, as a {@link OrisStore} reads it: the run, its
 * `seq`, the serde_json text of the kernel `Event`, and (when asked for) the
 * row's creation time in epoch milliseconds.
 *
 * @example
 * ```ts
 * const row: KernelEventRow = { runId: "run-1", seq: 1, eventJson: '"Completed"', createdAtMs: 1714557600000 };
 * ```
 */
export interface KernelEventRow {
  /** `run_id`: the run the event belongs to. */
  readonly runId: string;
  /** As the database holds it: an integer (a bigint where the driver gives one), or whatever a hostile row holds. */
  readonly seq: unknown;
  /** `event_json`: text as the database gives it (SQLite TEXT, PostgreSQL `jsonb::text`). */
  readonly eventJson: unknown;
  /** `created_at_ms` (PostgreSQL: epoch milliseconds of `created_at`, floored); `undefined` when not asked for. */
  readonly createdAtMs?: unknown;
}

/**
 * One row of the checkpoint table (`checkpoints` in SQLite,
 * `graph_checkpoints` in PostgreSQL): what the execution server reads of it.
 *
 * @example
 * ```ts
 * const row: CheckpointRow = { checkpointId: "cp-1", createdAt: "2024-05-01T10:00:00.000+00:00" };
 * ```
 */
export interface CheckpointRow {
  /** `checkpoint_id` as the database gives it: TEXT, or whatever a hostile row holds. */
  readonly checkpointId: unknown;
  /** `created_at` as the database gives it: RFC 3339 TEXT, or whatever a hostile row holds. */
  readonly createdAt: unknown;
}

/**
 * The Oris tables a store found, by role. A table that is missing is
 * `false`: a run's records then say only what the tables that exist give.
 *
 * @example
 * ```ts
 * if (!store.tables.checkpoints) console.warn("no checkpoint table");
 * ```
 */
export interface StoreTables {
  /** `kernel_events`. */
  readonly kernelEvents: boolean;
  /** `checkpoints` (SQLite) or `graph_checkpoints` (PostgreSQL). */
  readonly checkpoints: boolean;
  /** `runtime_attempts`. */
  readonly runtimeAttempts: boolean;
  /** `runtime_leases`. */
  readonly runtimeLeases: boolean;
}

/**
 * What a database reader gives the run-by-run derivation
 * ({@link readRuns}): the run ids, each run's kernel event rows in `seq`
 * order, its checkpoint rows in the execution server's order, its lease.
 * `@oris/store-sqlite` and `@oris/store-postgres` implement it; it takes no
 * driver of its own, so another reader (a test double, a replica, an export)
 * can be plugged in.
 *
 * Every method reads; none writes.
 *
 * @example
 * ```ts
 * for await (const record of readRuns(store, { from: "events" })) console.log(encodeRunRecord(record));
 * ```
 */
export interface OrisStore {
  /** What the store is, for messages: a file path or a URL without credentials. */
  readonly description: string;
  /** The Oris tables present. */
  readonly tables: StoreTables;
  /** The table names as the database spells them, by role (`checkpoints` or `graph_checkpoints`, …). */
  readonly tableNames: { readonly [K in keyof StoreTables]: string };
  /**
   * The run ids, in byte order of their UTF-8: the union of `kernel_events.run_id`,
   * the checkpoints' `thread_id` and `runtime_attempts.run_id` over the tables
   * that exist; only those in `only` when it is given.
   */
  runIds(only?: readonly string[]): Promise<readonly string[]>;
  /**
   * Kernel event rows of the runs in `only` (all runs when absent), ordered by
   * run id (the same byte order as {@link OrisStore.runIds}) then `seq`,
   * in batches: one run's rows may span batches, and no batch holds more
   * than the store's batch size.
   */
  kernelEventRows(options: {
    readonly only?: readonly string[];
    readonly createdAt: boolean;
  }): AsyncIterable<readonly KernelEventRow[]>;
  /** A run's checkpoint rows, `ORDER BY created_at ASC` as the execution server reads them. */
  checkpointRows(runId: string): Promise<readonly CheckpointRow[]>;
  /** The run's latest attempt and its lease, as `[[attempt_id, worker_id]]`; `null` when there is no such lease. */
  leaseGraph(runId: string): Promise<readonly LeaseEdge[] | null>;
  /** Closes the connection. */
  close(): Promise<void>;
}

import { statSync } from "node:fs";
import type { CheckpointRow, KernelEventRow, OrisStore, StoreTables } from "@oris/store";
import { compareUtf8, StoreError, tablesPresent } from "@oris/store";
import Database from "better-sqlite3";

/**
 * Options of {@link openSqliteStore}.
 *
 * @example
 * ```ts
 * const options: SqliteStoreOptions = { busyTimeoutMs: 1000 };
 * ```
 */
export interface SqliteStoreOptions {
  /** How long to wait for a writer's lock before giving up with a `busy` StoreError; default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Kernel event rows per batch; default 1024. */
  readonly batchSize?: number;
}

const TABLE_NAMES = {
  kernelEvents: "kernel_events",
  checkpoints: "checkpoints",
  runtimeAttempts: "runtime_attempts",
  runtimeLeases: "runtime_leases",
} as const;

/**
 * Opens an Oris SQLite database for reading, through better-sqlite3:
 * read-only (the file, its WAL and its tables are never changed; a live
 * runtime writing it in WAL mode is never blocked), the whole reading in one
 * read transaction, so that every run comes from the same snapshot. Give the
 * store to `readRuns` from `@oris/store`.
 *
 * Throws a StoreError (`not-found`, `not-a-database`, `corrupt`, `busy`,
 * `denied`) with a message that names the file and says what to do.
 *
 * @example
 * ```ts
 * import { readRuns, encodeRunRecord } from "@oris/store";
 * const store = openSqliteStore("./oris.sqlite3");
 * try {
 *   for await (const record of readRuns(store)) console.log(encodeRunRecord(record));
 * } finally {
 *   await store.close();
 * }
 * ```
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): OrisStore {
  const batchSize = options.batchSize ?? 1024;
  const description = path;
  checkFile(path);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: options.busyTimeoutMs ?? 5000 });
  } catch (err) {
    throw storeError(path, err, options.busyTimeoutMs ?? 5000);
  }
  const fail = (err: unknown): StoreError => storeError(path, err, options.busyTimeoutMs ?? 5000);
  let tables: StoreTables;
  try {
    // One snapshot for the whole reading: a deferred read transaction.
    db.exec("BEGIN");
    const names = new Set(
      db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')").pluck().all().map(String),
    );
    tables = tablesPresent(names, TABLE_NAMES);
  } catch (err) {
    db.close();
    throw fail(err);
  }

  const idSources = [
    tables.kernelEvents ? "SELECT run_id AS id FROM kernel_events" : null,
    tables.checkpoints ? "SELECT thread_id AS id FROM checkpoints" : null,
    tables.runtimeAttempts ? "SELECT run_id AS id FROM runtime_attempts" : null,
  ].filter((s) => s !== null);
  const union = idSources.join(" UNION ");

  return {
    description,
    tables,
    tableNames: TABLE_NAMES,
    async runIds(only) {
      if (union === "") return [];
      try {
        const ids =
          only === undefined
            ? db.prepare(`SELECT id FROM (${union}) ORDER BY id`).pluck().all()
            : db
                .prepare(`SELECT id FROM (${union}) WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`)
                .pluck()
                .all(JSON.stringify(only));
        return ids.map((id) => {
          if (typeof id !== "string")
            throw new StoreError(
              "corrupt",
              `${path}: a run id that is not TEXT (${typeof id === "number" || typeof id === "bigint" ? String(id) : id === null ? "NULL" : "a BLOB"}); the runtime reads run ids as text`,
            );
          return id;
        });
      } catch (err) {
        throw fail(err);
      }
    },
    async *kernelEventRows({ only, createdAt }) {
      // Run by run, a page of rows at a time (keyset on the primary key): as
      // fast as one scan of the table, or faster, and never more than a page
      // in memory however large a run is.
      const columns = `seq, event_json${createdAt ? ", created_at_ms" : ""}`;
      let ids: string[];
      let first: Database.Statement;
      let next: Database.Statement;
      try {
        ids =
          only === undefined
            ? db.prepare("SELECT DISTINCT run_id FROM kernel_events ORDER BY run_id").pluck().all().map(String)
            : [...new Set(only)].sort(compareUtf8);
        // safeIntegers: a seq past 2^53 must reach the keyset exactly (and be refused by @oris/store, not rounded).
        first = db
          .prepare(`SELECT ${columns} FROM kernel_events WHERE run_id = ? ORDER BY seq LIMIT ?`)
          .raw(true)
          .safeIntegers(true);
        next = db
          .prepare(`SELECT ${columns} FROM kernel_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?`)
          .raw(true)
          .safeIntegers(true);
      } catch (err) {
        throw fail(err);
      }
      for (const runId of ids) {
        let rows: unknown[][];
        try {
          rows = first.all(runId, batchSize) as unknown[][];
        } catch (err) {
          throw fail(err);
        }
        for (;;) {
          if (rows.length === 0) break;
          yield rows.map(([seq, eventJson, createdAtMs]): KernelEventRow => ({ runId, seq, eventJson, createdAtMs }));
          if (rows.length < batchSize) break;
          const last = (rows[rows.length - 1] as unknown[])[0];
          try {
            rows = next.all(runId, last, batchSize) as unknown[][];
          } catch (err) {
            throw fail(err);
          }
        }
      }
    },
    async checkpointRows(runId) {
      try {
        // The execution server's own query and order (the database's text order).
        const rows = db
          .prepare(
            "SELECT checkpoint_id, created_at FROM checkpoints WHERE thread_id = ? ORDER BY created_at ASC, rowid",
          )
          .raw(true)
          .all(runId) as unknown[][];
        return rows.map(([checkpointId, createdAt]): CheckpointRow => ({ checkpointId, createdAt }));
      } catch (err) {
        throw fail(err);
      }
    },
    async leaseGraph(runId) {
      try {
        const row = db
          .prepare(
            "SELECT a.attempt_id, l.worker_id FROM (SELECT attempt_id FROM runtime_attempts WHERE run_id = ? ORDER BY attempt_no DESC, attempt_id DESC LIMIT 1) AS a JOIN runtime_leases AS l ON l.attempt_id = a.attempt_id",
          )
          .raw(true)
          .get(runId) as unknown[] | undefined;
        if (row === undefined) return null;
        const [attempt, worker] = row;
        if (typeof attempt !== "string" || typeof worker !== "string") {
          throw new StoreError(
            "corrupt",
            `${path}: the lease of run ${JSON.stringify(runId)} has an attempt_id or worker_id that is not TEXT`,
          );
        }
        return [[attempt, worker] as const];
      } catch (err) {
        throw fail(err);
      }
    },
    async close() {
      if (!db.open) return;
      try {
        if (db.inTransaction) db.exec("ROLLBACK");
      } finally {
        db.close();
      }
    },
  };
}

/** Refuses what cannot be a database file before the driver sees it. */
function checkFile(path: string): void {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR")
      throw new StoreError("not-found", `${path}: no such file (give the path of the Oris SQLite database)`, {
        cause: err,
      });
    if (code === "EACCES") throw new StoreError("denied", `${path}: permission denied`, { cause: err });
    throw new StoreError("io", `${path}: ${(err as Error).message}`, { cause: err });
  }
  if (stat.isDirectory()) throw new StoreError("not-a-database", `${path}: is a directory, not a SQLite database file`);
  if (!stat.isFile())
    throw new StoreError("not-a-database", `${path}: is not a regular file (a SQLite database is one)`);
}

/** The driver's error as a StoreError that says what to do. */
function storeError(path: string, err: unknown, busyTimeoutMs: number): StoreError {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  // The primary result code: SQLITE_BUSY for SQLITE_BUSY_SNAPSHOT, and so on.
  const primary = typeof code === "string" ? code.split("_").slice(0, 2).join("_") : "";
  switch (primary) {
    case "SQLITE_NOTADB":
      return new StoreError("not-a-database", `${path}: not a SQLite database (SQLite: ${message})`, { cause: err });
    case "SQLITE_CORRUPT":
      return new StoreError(
        "corrupt",
        `${path}: the database file is damaged (SQLite: ${message}); read a backup, or repair it with the sqlite3 shell's .recover`,
        { cause: err },
      );
    case "SQLITE_BUSY":
    case "SQLITE_LOCKED":
      return new StoreError(
        "busy",
        `${path}: the database stayed locked by a writer for ${busyTimeoutMs} ms (SQLite: ${message}); try again, or give a longer busy timeout`,
        { cause: err },
      );
    case "SQLITE_CANTOPEN":
      return new StoreError(
        "denied",
        `${path}: cannot open the database (SQLite: ${message}); check the permissions of the file and its folder (a WAL database needs its -shm file)`,
        { cause: err },
      );
    case "SQLITE_PERM":
    case "SQLITE_AUTH":
    case "SQLITE_READONLY":
      return new StoreError("denied", `${path}: ${message}`, { cause: err });
    default:
      return new StoreError("io", `${path}: ${message}`, { cause: err });
  }
}

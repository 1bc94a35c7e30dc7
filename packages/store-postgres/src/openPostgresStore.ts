import type { CheckpointRow, KernelEventRow, OrisStore, StoreTables } from "@oris/store";
import { StoreError, tablesPresent } from "@oris/store";
import postgres from "postgres";

/**
 * Options of {@link openPostgresStore}.
 *
 * @example
 * ```ts
 * const options: PostgresStoreOptions = { schema: "oris", connectTimeoutSeconds: 5 };
 * ```
 */
export interface PostgresStoreOptions {
  /** The schema the Oris tables are in (ASCII letters, digits and `_`, as Oris allows); default `public`. */
  readonly schema?: string;
  /** Kernel event rows per cursor batch; default 1000. */
  readonly batchSize?: number;
  /** How long to wait for the server to answer; default 10 s. */
  readonly connectTimeoutSeconds?: number;
}

const TABLE_NAMES = {
  kernelEvents: "kernel_events",
  checkpoints: "graph_checkpoints",
  runtimeAttempts: "runtime_attempts",
  runtimeLeases: "runtime_leases",
} as const;

const SCHEMA_NAME = /^[A-Za-z0-9_]+$/;

/**
 * Opens an Oris PostgreSQL database for reading, through the `postgres`
 * driver: one connection, one `READ ONLY` transaction at `REPEATABLE READ`
 * (every run from the same snapshot; nothing is ever written), kernel events
 * streamed with a cursor so that memory stays flat however large the table.
 * Run ids are ordered by their bytes (`COLLATE "C"`), as the records are.
 * Give the store to `readRuns` from `@oris/store`.
 *
 * `url` is a `postgres://` or `postgresql://` URL (libpq's form; the
 * driver also reads `PGPASSWORD` and the other `PG*` variables). Throws a
 * StoreError (`bad-option`, `unreachable`, `denied`, `not-found`) whose
 * message names the server and database but never the credentials.
 *
 * @example
 * ```ts
 * import { readRuns, encodeRunRecord } from "@oris/store";
 * const store = await openPostgresStore("postgres://oris@127.0.0.1:5432/oris");
 * try {
 *   for await (const record of readRuns(store, { from: "checkpoints", profile: "0.3" })) console.log(encodeRunRecord(record));
 * } finally {
 *   await store.close();
 * }
 * ```
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<OrisStore> {
  const schema = options.schema ?? "public";
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreError(
      "bad-option",
      `schema ${JSON.stringify(schema.toWellFormed())}: expected ASCII letters, digits and _ only (as Oris allows for its schema name)`,
    );
  }
  const description = describeUrl(url);
  const batchSize = options.batchSize ?? 1000;
  const sql = postgres(url, {
    max: 1,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    idle_timeout: 0,
    onnotice: () => {},
    // BIGINT and friends arrive as text and are read exactly by @oris/store.
    types: {},
  });
  const fail = (err: unknown): StoreError => storeError(description, schema, err);
  let tx: postgres.ReservedSql;
  try {
    tx = await sql.reserve();
  } catch (err) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw fail(err);
  }
  const close = async (): Promise<void> => {
    try {
      await tx`ROLLBACK`.catch(() => {});
      tx.release();
    } finally {
      await sql.end({ timeout: 5 });
    }
  };
  let tables: StoreTables;
  try {
    await tx`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`;
    const [ns] = await tx`SELECT 1 AS found FROM pg_namespace WHERE nspname = ${schema}`;
    if (ns === undefined)
      throw new StoreError(
        "not-found",
        `${description}: no schema ${JSON.stringify(schema)} (give the schema the Oris runtime was configured with)`,
      );
    const names = new Set(
      (await tx`SELECT table_name FROM information_schema.tables WHERE table_schema = ${schema}`).map((r) =>
        String(r["table_name"]),
      ),
    );
    tables = tablesPresent(names, TABLE_NAMES);
  } catch (err) {
    await close().catch(() => {});
    throw fail(err);
  }
  const table = (name: string) => tx(`${schema}.${name}`);
  const runIdsQuery = (only: readonly string[] | undefined) => {
    const parts = [
      tables.kernelEvents ? `SELECT run_id AS id FROM ${schema}.${TABLE_NAMES.kernelEvents}` : null,
      tables.checkpoints ? `SELECT thread_id AS id FROM ${schema}.${TABLE_NAMES.checkpoints}` : null,
      tables.runtimeAttempts ? `SELECT run_id AS id FROM ${schema}.${TABLE_NAMES.runtimeAttempts}` : null,
    ].filter((p) => p !== null);
    if (parts.length === 0) return null;
    // The schema name is checked against [A-Za-z0-9_]+ above and the table
    // names are constants: nothing in this text comes from elsewhere.
    const union = parts.join(" UNION ");
    return only === undefined
      ? tx.unsafe(`SELECT id FROM (${union}) AS runs ORDER BY id COLLATE "C"`)
      : tx.unsafe(`SELECT id FROM (${union}) AS runs WHERE id = ANY($1::text[]) ORDER BY id COLLATE "C"`, [
          only as string[],
        ]);
  };

  return {
    description,
    tables,
    tableNames: TABLE_NAMES,
    async runIds(only) {
      try {
        const query = runIdsQuery(only);
        if (query === null) return [];
        return (await query).map((r) => String(r["id"]));
      } catch (err) {
        throw fail(err);
      }
    },
    async *kernelEventRows({ only, createdAt }) {
      // One query, read through a cursor: one batch in memory at a time. The
      // server sorts by the bytes of the run ids (COLLATE "C"), the records' order.
      const filter = only === undefined ? tx`` : tx`WHERE run_id = ANY(${only as string[]}::text[])`;
      const query = createdAt
        ? tx`SELECT run_id, seq::text AS seq_text, event_json::text AS event_json, floor(extract(epoch FROM created_at) * 1000)::bigint::text AS created_at_ms
             FROM ${table(TABLE_NAMES.kernelEvents)} ${filter} ORDER BY run_id COLLATE "C", seq`
        : tx`SELECT run_id, seq::text AS seq_text, event_json::text AS event_json
             FROM ${table(TABLE_NAMES.kernelEvents)} ${filter} ORDER BY run_id COLLATE "C", seq`;
      const cursor = query.cursor(batchSize)[Symbol.asyncIterator]();
      try {
        for (;;) {
          let next;
          try {
            next = await cursor.next();
          } catch (err) {
            throw fail(err);
          }
          if (next.done === true) break;
          yield next.value.map((r): KernelEventRow => ({
            runId: String(r["run_id"]),
            seq: r["seq_text"],
            eventJson: r["event_json"],
            createdAtMs: r["created_at_ms"],
          }));
        }
      } finally {
        await cursor.return?.();
      }
    },
    async checkpointRows(runId) {
      try {
        // The execution server's own query and order (the database's collation).
        const rows =
          await tx`SELECT checkpoint_id, created_at FROM ${table(TABLE_NAMES.checkpoints)} WHERE thread_id = ${runId} ORDER BY created_at ASC, ctid`;
        return rows.map((r): CheckpointRow => ({ checkpointId: r["checkpoint_id"], createdAt: r["created_at"] }));
      } catch (err) {
        throw fail(err);
      }
    },
    async leaseGraph(runId) {
      try {
        const [row] = await tx`SELECT a.attempt_id, l.worker_id
          FROM (SELECT attempt_id FROM ${table(TABLE_NAMES.runtimeAttempts)} WHERE run_id = ${runId} ORDER BY attempt_no DESC, attempt_id DESC LIMIT 1) AS a
          JOIN ${table(TABLE_NAMES.runtimeLeases)} AS l ON l.attempt_id = a.attempt_id`;
        if (row === undefined) return null;
        return [[String(row["attempt_id"]), String(row["worker_id"])] as const];
      } catch (err) {
        throw fail(err);
      }
    },
    close,
  };
}

/** The URL without its credentials: `postgresql://host:port/database`. */
function describeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError(
      "bad-option",
      "the database URL does not parse (expected postgres://USER@HOST:PORT/DATABASE; the URL is not repeated here, since it may hold a password)",
    );
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new StoreError(
      "bad-option",
      `the database URL has the scheme ${JSON.stringify(parsed.protocol)}, expected postgres: or postgresql:`,
    );
  }
  const host = parsed.host === "" ? "localhost" : parsed.host;
  return `postgresql://${host}${parsed.pathname === "" ? "/" : parsed.pathname}`;
}

/** The driver's error as a StoreError that says what to do, without credentials. */
function storeError(description: string, schema: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const rawCode = (err as { code?: unknown }).code;
  const code = typeof rawCode === "string" ? rawCode : "";
  const text = err instanceof Error ? err.message : String(err);
  switch (code) {
    case "ECONNREFUSED":
    case "ECONNRESET":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "ETIMEDOUT":
    case "CONNECT_TIMEOUT":
    case "CONNECTION_CLOSED":
    case "CONNECTION_ENDED":
    case "CONNECTION_DESTROYED":
    case "57P03": // the database system is starting up / shutting down
      return new StoreError(
        "unreachable",
        `${description}: the PostgreSQL server cannot be reached (${code}); is it running, and are host and port right?`,
        { cause: err },
      );
    case "28P01":
    case "28000":
      return new StoreError(
        "denied",
        `${description}: the server refused the credentials (${code}: ${redact(text)}); check the user and password (PGPASSWORD, ~/.pgpass or the URL)`,
        { cause: err },
      );
    case "3D000":
      return new StoreError("not-found", `${description}: no such database (${redact(text)})`, { cause: err });
    case "3F000":
      return new StoreError("not-found", `${description}: no schema ${JSON.stringify(schema)}`, { cause: err });
    case "42501":
      return new StoreError(
        "denied",
        `${description}: permission denied (${redact(text)}); the user needs SELECT on the Oris tables`,
        { cause: err },
      );
    default:
      return new StoreError("io", `${description}: ${code === "" ? "" : `${code}: `}${redact(text)}`, { cause: err });
  }
}

/** A driver message with anything that looks like a URL's credentials removed. */
function redact(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/g, "//***@");
}

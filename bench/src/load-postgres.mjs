// The same rows in PostgreSQL: a SQLite file of src/generate-db.mjs loaded
// into a database of a real server, in Oris 0.4's PostgreSQL layout.
//
//   import { importPgServer, loadPostgres } from "./load-postgres.mjs";
//   const { startPgServer } = await importPgServer();
//   const server = await startPgServer();
//   await loadPostgres(server, "oris_1m", "traces/db-1m.sqlite3"); // database size in bytes
//
// Or from the command line, to keep a server up for profiling (stops on Ctrl-C):
//
//   node src/load-postgres.mjs traces/db-1m.sqlite3
//
// Rows go in with COPY (text format), table by table in the SQLite file's row
// order (creation order: one run's rows spread over the table as in a live
// deployment), created_at from created_at_ms; then VACUUM (ANALYZE).
import { register } from "node:module";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import postgres from "postgres";

const here = dirname(fileURLToPath(import.meta.url));

/** Oris 0.4's PostgreSQL statements (as in fixtures/stores/postgres.sql), schema public. */
export const PG_SCHEMA = `
CREATE TABLE IF NOT EXISTS kernel_events (run_id TEXT NOT NULL, seq BIGINT NOT NULL, event_json JSONB NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(), PRIMARY KEY (run_id, seq));
CREATE INDEX IF NOT EXISTS idx_kernel_events_run_created ON kernel_events (run_id, created_at);
CREATE TABLE IF NOT EXISTS graph_checkpoints (thread_id TEXT NOT NULL, checkpoint_id TEXT NOT NULL, checkpoint_ns TEXT, parent_checkpoint_id TEXT, state_values JSONB NOT NULL, next_nodes JSONB NOT NULL, metadata JSONB NOT NULL DEFAULT '{}'::jsonb, created_at TEXT NOT NULL, at_seq BIGINT, PRIMARY KEY (thread_id, checkpoint_id));
CREATE INDEX IF NOT EXISTS idx_graph_checkpoints_thread_created ON graph_checkpoints (thread_id, created_at DESC);
CREATE TABLE IF NOT EXISTS runtime_attempts (attempt_id TEXT PRIMARY KEY, run_id TEXT NOT NULL, attempt_no INTEGER NOT NULL, status TEXT NOT NULL, retry_at_ms BIGINT NULL);
CREATE TABLE IF NOT EXISTS runtime_leases (lease_id TEXT PRIMARY KEY, attempt_id TEXT NOT NULL UNIQUE, worker_id TEXT NOT NULL, lease_expires_at_ms BIGINT NOT NULL, heartbeat_at_ms BIGINT NOT NULL, version BIGINT NOT NULL);
`;

/** COPY text format: backslash, and the characters COPY reads as row and column ends, escaped. */
const copyText = (s) =>
  s.replace(/[\\\n\r\t]/g, (c) => (c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t"));
const copyValue = (v) =>
  v === null
    ? "\\N"
    : typeof v === "string"
      ? copyText(v)
      : Buffer.isBuffer(v)
        ? copyText(v.toString("utf8"))
        : String(v);

/** One table's rows from SQLite into PostgreSQL with COPY, in the SQLite file's row order. */
async function copyTable(sql, sqlite, select, table, columns, map = (row) => row) {
  const rows = sqlite.prepare(select).raw().iterate();
  function* chunks() {
    let chunk = "";
    for (const row of rows) {
      chunk += `${map(row).map(copyValue).join("\t")}\n`;
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = "";
      }
    }
    if (chunk.length > 0) yield chunk;
  }
  const writable = await sql.unsafe(`COPY ${table} (${columns.join(", ")}) FROM STDIN`).writable();
  await pipeline(Readable.from(chunks()), writable);
}

/** Loads the SQLite file's four tables into database `name` of the server, in Oris's PostgreSQL layout. */
export async function loadPostgres(server, name, file) {
  await server.createDatabase(name);
  const sql = postgres(server.url({ database: name }), { max: 1, onnotice: () => {}, ssl: false });
  const sqlite = new Database(file, { readonly: true });
  try {
    await sql.unsafe(PG_SCHEMA);
    const toTimestamp = (ms) => new Date(ms).toISOString();
    await copyTable(
      sql,
      sqlite,
      "SELECT run_id, seq, event_json, created_at_ms FROM kernel_events ORDER BY rowid",
      "kernel_events",
      ["run_id", "seq", "event_json", "created_at"],
      ([run, seq, json, ms]) => [run, seq, json, toTimestamp(ms)],
    );
    await copyTable(
      sql,
      sqlite,
      "SELECT thread_id, checkpoint_id, checkpoint_ns, parent_checkpoint_id, state_values, next_nodes, metadata, created_at, at_seq FROM checkpoints ORDER BY rowid",
      "graph_checkpoints",
      [
        "thread_id",
        "checkpoint_id",
        "checkpoint_ns",
        "parent_checkpoint_id",
        "state_values",
        "next_nodes",
        "metadata",
        "created_at",
        "at_seq",
      ],
    );
    await copyTable(
      sql,
      sqlite,
      "SELECT attempt_id, run_id, attempt_no, status, retry_at_ms FROM runtime_attempts ORDER BY rowid",
      "runtime_attempts",
      ["attempt_id", "run_id", "attempt_no", "status", "retry_at_ms"],
    );
    await copyTable(
      sql,
      sqlite,
      "SELECT lease_id, attempt_id, worker_id, lease_expires_at_ms, heartbeat_at_ms, version FROM runtime_leases ORDER BY rowid",
      "runtime_leases",
      ["lease_id", "attempt_id", "worker_id", "lease_expires_at_ms", "heartbeat_at_ms", "version"],
    );
    // What autovacuum would have done by the time anyone reads the tables: visibility map, hint bits, statistics.
    await sql.unsafe("VACUUM (ANALYZE)");
    const [{ bytes }] = await sql.unsafe("SELECT pg_database_size(current_database())::text AS bytes");
    return Number(bytes);
  } finally {
    sqlite.close();
    await sql.end({ timeout: 5 });
  }
}

/** @oris/pg-server, whose exports point at TypeScript source: loaded through esbuild (src/ts-hooks.mjs). */
export async function importPgServer() {
  register(pathToFileURL(join(here, "ts-hooks.mjs")));
  return import("@oris/pg-server");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (file === undefined) {
    console.error("usage: load-postgres.mjs SQLITE_FILE");
    process.exit(64);
  }
  const { startPgServer } = await importPgServer();
  const server = await startPgServer();
  const t = performance.now();
  const bytes = await loadPostgres(server, "oris", file);
  console.error(
    `loaded in ${((performance.now() - t) / 1000).toFixed(1)} s (${Math.round(bytes / 1e6)} MB); Ctrl-C stops the server`,
  );
  console.log(server.url({ database: "oris" }));
  process.on("SIGINT", () => server.stop().then(() => process.exit(0)));
  setInterval(() => {}, 1 << 30);
}

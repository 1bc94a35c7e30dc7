/**
 * Read an Oris deployment's SQLite database (the runtime's
 * `sqlite-persistence` storage) with better-sqlite3, read-only, and hand it to
 * `readRuns` from `@oris/store`.
 *
 * @packageDocumentation
 */
export { openSqliteStore } from "./openSqliteStore.js";
export type { SqliteStoreOptions } from "./openSqliteStore.js";

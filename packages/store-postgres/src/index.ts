/**
 * Read an Oris deployment's PostgreSQL database (the runtime's
 * `kernel-postgres` storage) with the `postgres` driver, in a read-only
 * transaction, and hand it to `readRuns` from `@oris/store`.
 *
 * @packageDocumentation
 */
export { openPostgresStore } from "./openPostgresStore.js";
export type { PostgresStoreOptions } from "./openPostgresStore.js";

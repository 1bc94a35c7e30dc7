/**
 * Read an Oris deployment's own storage run by run — the kernel event store,
 * the graph checkpoints and the runtime's attempts and leases — and derive
 * per run what the Rust runtime derives, byte for byte. Driver-free: the
 * SQLite reader (`@oris/store-sqlite`) and the PostgreSQL reader
 * (`@oris/store-postgres`) implement {@link OrisStore}.
 *
 * @packageDocumentation
 */
export type { CheckpointRow, KernelEventRow, OrisStore, StoreTables } from "./OrisStore.js";
export { RunError, isRunError } from "./RunError.js";
export type { RunErrorSource } from "./RunError.js";
export type { RunFailure, RunHistory, RunRecord, RunTrace } from "./RunRecord.js";
export { deriveFromHistory, deriveFromTrace, readRuns } from "./readRuns.js";
export type { ReadRunsOptions } from "./readRuns.js";
export { readRunTraces } from "./readRunTraces.js";
export type { ReadRunTracesOptions } from "./readRunTraces.js";
export { readRunHistories } from "./readRunHistories.js";
export type { ReadRunHistoriesOptions } from "./readRunHistories.js";
export { encodeRunRecord } from "./encodeRunRecord.js";
export { kernelEventFromRow } from "./kernelEventFromRow.js";
export { checkpointFromRow } from "./checkpointFromRow.js";
export { compareUtf8 } from "./compareUtf8.js";
export { StoreError, isStoreError } from "./StoreError.js";
export type { StoreErrorKind } from "./StoreError.js";
export { describeTables, ORIS_TABLE_ROLES, tablesPresent } from "./describeTables.js";

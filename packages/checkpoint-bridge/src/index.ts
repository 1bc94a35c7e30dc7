/**
 * Oris checkpoint history to KernelObservability: `ExecutionCheckpointView`,
 * an RFC 3339 reader with chrono 0.4.23's verdicts and nanosecond precision,
 * and `fromCheckpointHistory` (the Oris 0.2 form, and the 0.3 form with a
 * lease graph). Installed apart from `@oris/observability`, as the Rust side
 * keeps it behind the `execution-server` feature.
 *
 * @packageDocumentation
 */
export type { ExecutionCheckpointView } from "./ExecutionCheckpointView.js";
export { decodeExecutionCheckpointView } from "./decodeExecutionCheckpointView.js";
export { encodeExecutionCheckpointView } from "./encodeExecutionCheckpointView.js";
export { executionCheckpointViewSchema } from "./executionCheckpointViewSchema.js";

export type { Rfc3339Instant } from "./Rfc3339Instant.js";
export { parseRfc3339 } from "./parseRfc3339.js";
export { formatRfc3339 } from "./formatRfc3339.js";
export { timestampMillis } from "./timestampMillis.js";
export { signedDurationSince } from "./signedDurationSince.js";

export { checkpointHistoryToTrace } from "./checkpointHistoryToTrace.js";
export { fromCheckpointHistory } from "./fromCheckpointHistory.js";
export type { CheckpointHistoryOptions } from "./fromCheckpointHistory.js";

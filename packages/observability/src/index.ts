/**
 * Oris `KernelObservability` and `RejectionReason`: types, JSON Schemas,
 * decoders, serde-exact encoders (whole or streaming, compact or pretty), builders, and the reducer that derives
 * telemetry from a kernel trace (Oris 0.2 rules, or the opt-in 0.3 rules).
 *
 * @packageDocumentation
 */
export type { KernelObservability, LeaseEdge } from "./KernelObservability.js";
export {
  emptyObservability,
  withInterruptLatencyMs,
  withLeaseGraph,
  withReasoningTimeline,
  withReplayCost,
} from "./KernelObservability.js";
export { decodeKernelObservability } from "./decodeKernelObservability.js";
export { encodeKernelObservability } from "./encodeKernelObservability.js";
export type { EncodeKernelObservabilityOptions } from "./encodeKernelObservability.js";
export {
  createObservabilityJsonWriter,
  encodeTimelineEntry,
  kernelObservabilityJsonPieces,
} from "./observabilityJsonWriter.js";
export type {
  JsonLayout,
  KernelObservabilityJsonPieces,
  ObservabilityJsonWriter,
  ObservabilityJsonWriterOptions,
  ObservabilityTail,
} from "./observabilityJsonWriter.js";
export { kernelObservabilitySchema } from "./generated/kernelObservabilitySchema.js";

export {
  RejectionReason,
  REJECTION_REASON_KINDS,
  matchRejectionReason,
  rejectionReasonKind,
} from "./RejectionReason.js";
export type { RejectionReasonHandlers, RejectionReasonKind } from "./RejectionReason.js";
export { decodeRejectionReason } from "./decodeRejectionReason.js";
export { encodeRejectionReason } from "./encodeRejectionReason.js";
export { rejectionReasonSchema } from "./generated/rejectionReasonSchema.js";

export { fromKernelTrace } from "./fromKernelTrace.js";
export { createObservabilityReducer } from "./createObservabilityReducer.js";
export type { ObservabilityReducer } from "./createObservabilityReducer.js";
export { createObservabilityStream, DEFAULT_PROFILE, OBSERVABILITY_PROFILES } from "./createObservabilityStream.js";
export type {
  InterruptLatencySource,
  ObservabilityOptions,
  ObservabilityProfile,
  ObservabilityStream,
} from "./createObservabilityStream.js";

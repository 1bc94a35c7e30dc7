/**
 * Read Oris trace files — NDJSON or a JSON array, plain or gzip — from a
 * path, a stream or bytes, serde-exact and in bounded memory.
 *
 * @packageDocumentation
 */
export { readTraceEvents, readTraceBatches, observeTrace } from "./readTraceEvents.js";
export type {
  TraceRecord,
  TraceEventRecord,
  TraceErrorRecord,
  TraceRecordError,
  ReadTraceOptions,
  ObserveTraceOptions,
} from "./readTraceEvents.js";
export { readTrace, readTraceStepwise, readRecordArray, readRecordArrayStepwise } from "./readTrace.js";
export type { TraceLayout, ReadOptions, StepwiseOptions, RecordSchema, RecordSink } from "./readTrace.js";
export { readTraceBytes } from "./TraceInput.js";
export { statTraceFile } from "./statTraceFile.js";
export type { TraceInput, ReadBytesOptions } from "./TraceInput.js";
export type { TraceSink } from "./TraceSink.js";
export { RawTraceEvent } from "./RawTraceEvent.js";
export { ObservabilityEncoder } from "./ObservabilityEncoder.js";
export type { ObservabilityEncoderOptions, JsonLayout } from "./ObservabilityEncoder.js";
export { MAX_RECORD_BYTES } from "./TraceSink.js";
export { TraceReadError } from "./TraceReadError.js";
export type { TraceReadErrorCode } from "./TraceReadError.js";
export { KERNEL_TRACE_EVENT, EXECUTION_CHECKPOINT_VIEW } from "./serdeRawText.js";
export type { RecordShape } from "./serdeRawText.js";

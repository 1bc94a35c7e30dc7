/**
 * The Oris kernel trace event: type, JSON Schema, validating decoder and
 * serde_json-exact encoder; the kernel `Event` an event log stores, its
 * serde-exact JSON text decoder and its mapping to a trace event; and the
 * decode errors every `@oris/*` package shares.
 *
 * @packageDocumentation
 */
export { DecodeError, isDecodeError, ORIS_ERROR_CODES } from "./DecodeError.js";
export type { DecodeResult } from "./DecodeError.js";
export type {
  DecodeOptions,
  SchemaDecoder,
  StandardSchemaV1,
  StandardSchemaV1Issue,
  StandardSchemaV1Props,
  StandardSchemaV1Result,
} from "./standardSchema.js";
export { EncodeError } from "./EncodeError.js";
export { KERNEL_EVENT_KINDS, isKernelEventKind } from "./KernelTraceEvent.js";
export type { KernelTraceEvent, KernelEventKind } from "./KernelTraceEvent.js";
export { decodeKernelTraceEvent } from "./decodeKernelTraceEvent.js";
export { decodeKernelTraceEventJson } from "./decodeKernelTraceEventJson.js";
export { KERNEL_EVENT_VARIANTS } from "./KernelEvent.js";
export type { KernelEvent, KernelEventVariant, RawJson } from "./KernelEvent.js";
export { decodeKernelEventJson } from "./decodeKernelEventJson.js";
export { kernelEventKind, kernelEventToTraceEvent } from "./kernelEventToTraceEvent.js";
export { encodeKernelTraceEvent } from "./encodeKernelTraceEvent.js";
export { KERNEL_TRACE_EVENT_FIELDS, kernelTraceEventSchema } from "./generated/kernelTraceEventSchema.js";
export type { KernelTraceEventField } from "./generated/kernelTraceEventSchema.js";

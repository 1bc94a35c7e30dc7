/**
 * The Oris kernel trace event: type, JSON Schema, validating decoder and
 * serde_json-exact encoder, and the decode errors every `@oris/*` package shares.
 *
 * @packageDocumentation
 */
export { DecodeError, isDecodeError, ORIS_ERROR_CODES } from "./DecodeError.js";
export type { DecodeResult } from "./DecodeError.js";
export { EncodeError } from "./EncodeError.js";
export { KERNEL_EVENT_KINDS, isKernelEventKind } from "./KernelTraceEvent.js";
export type { KernelTraceEvent, KernelEventKind } from "./KernelTraceEvent.js";
export { decodeKernelTraceEvent } from "./decodeKernelTraceEvent.js";
export { encodeKernelTraceEvent } from "./encodeKernelTraceEvent.js";
export { kernelTraceEventSchema } from "./generated/kernelTraceEventSchema.js";

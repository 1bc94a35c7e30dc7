/**
 * The Oris execution server's HTTP API, typed: the envelopes of the job
 * endpoints that carry checkpoint history and observability (history,
 * timeline, timeline export, detail), their JSON Schemas from the Oris 0.3
 * API contract and validating decoders, the error envelope, a small client
 * on the platform's `fetch`, and a check of the server's `observability`
 * field against its own history.
 *
 * @packageDocumentation
 */
export type {
  ApiEnvelope,
  ApiErrorBody,
  ApiErrorEnvelope,
  ApiMeta,
  InterruptDetailResponse,
  JobDetailResponse,
  JobHistoryResponse,
  JobTimelineItem,
  JobTimelineResponse,
  TimelineExportResponse,
  TraceContextResponse,
} from "./ApiEnvelope.js";
export {
  decodeApiErrorEnvelope,
  decodeApiMeta,
  decodeJobDetailEnvelope,
  decodeJobHistoryEnvelope,
  decodeJobTimelineEnvelope,
  decodeTimelineExportEnvelope,
} from "./decodeApiEnvelopes.js";
export { apiEnvelopeJobDetailResponseSchema } from "./generated/apiEnvelopeJobDetailResponseSchema.js";
export { apiEnvelopeJobHistoryResponseSchema } from "./generated/apiEnvelopeJobHistoryResponseSchema.js";
export { apiEnvelopeJobTimelineResponseSchema } from "./generated/apiEnvelopeJobTimelineResponseSchema.js";
export { apiEnvelopeTimelineExportResponseSchema } from "./generated/apiEnvelopeTimelineExportResponseSchema.js";
export { apiErrorEnvelopeSchema } from "./generated/apiErrorEnvelopeSchema.js";
export { apiMetaSchema } from "./generated/apiMetaSchema.js";
export { createOrisClient } from "./createOrisClient.js";
export type { OrisClient, OrisClientOptions, OrisRequestOptions } from "./createOrisClient.js";
export { OrisApiError, isOrisApiError } from "./OrisApiError.js";
export type { OrisApiErrorKind } from "./OrisApiError.js";
export { checkObservability, checkpointHistoryOf } from "./checkObservability.js";
export type {
  CheckObservabilityOptions,
  CheckpointResponse,
  FieldVerdict,
  ObservabilityCheck,
} from "./checkObservability.js";
export type { AbortSignalLike, FetchLike, FetchRequestInit, FetchResponseLike } from "./platform.js";

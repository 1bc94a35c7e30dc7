import type { ExecutionCheckpointView } from "@oris/checkpoint-bridge";
import type { KernelObservability } from "@oris/observability";

/**
 * The `meta` of every successful response of the Oris execution server:
 * `{"status":"ok","api_version":"v1"}` (the Rust `ApiMeta`).
 *
 * @example
 * ```ts
 * const meta: ApiMeta = { status: "ok", api_version: "v1" };
 * ```
 */
export interface ApiMeta {
  /** `"ok"` on every successful response. */
  readonly status: string;
  /** The API's version, `"v1"`. */
  readonly api_version: string;
}

/**
 * What the execution server answers a successful request with (the Rust
 * `ApiEnvelope<T>`): `{"meta":{…},"request_id":"…","data":{…}}`.
 *
 * @example
 * ```ts
 * const envelope: ApiEnvelope<JobHistoryResponse> = {
 *   meta: { status: "ok", api_version: "v1" },
 *   request_id: "req-1",
 *   data: { thread_id: "run-1", history: [] },
 * };
 * ```
 */
export interface ApiEnvelope<T> {
  /** Status and API version. */
  readonly meta: ApiMeta;
  /** The request's id: the `x-request-id` header the client sent, or one the server made up. */
  readonly request_id: string;
  /** The endpoint's response. */
  readonly data: T;
}

/**
 * `GET /v1/jobs/:thread_id/history`: the run's checkpoints, oldest first (the
 * Rust `JobHistoryResponse`). Carries no `observability` field.
 *
 * Each item is decoded by `@oris/checkpoint-bridge` (`decodeExecutionCheckpointView`):
 * the server writes `created_at` with chrono's `to_rfc3339()` (`+00:00`), and the
 * decoded value holds chrono's canonical UTC form (`Z`) of the same instant.
 *
 * @example
 * ```ts
 * const data: JobHistoryResponse = { thread_id: "run-1", history: [{ checkpoint_id: "cp-1", created_at: "2023-11-14T22:13:20Z" }] };
 * ```
 */
export interface JobHistoryResponse {
  /** The run (thread) asked for. */
  readonly thread_id: string;
  /** Its checkpoints, in the server's order. */
  readonly history: readonly ExecutionCheckpointView[];
}

/**
 * One entry of a job timeline (the Rust `JobTimelineItem`): the server makes
 * one `checkpoint_saved` entry per checkpoint, `seq` counting from 1.
 * `created_at` is read as chrono reads it and held in its canonical UTC form,
 * as for a history item.
 *
 * @example
 * ```ts
 * const item: JobTimelineItem = { seq: 1, event_type: "checkpoint_saved", checkpoint_id: "cp-1", created_at: "2023-11-14T22:13:20Z" };
 * ```
 */
export interface JobTimelineItem {
  /** Position in the timeline, from 1. */
  readonly seq: number;
  /** What happened, e.g. `"checkpoint_saved"`. */
  readonly event_type: string;
  /** The checkpoint's id, `null` when it has none. */
  readonly checkpoint_id: string | null;
  /** When, RFC 3339 in canonical UTC form. */
  readonly created_at: string;
}

/**
 * The W3C trace context of the run's latest attempt (the Rust `TraceContextResponse`).
 *
 * @example
 * ```ts
 * const trace: TraceContextResponse = {
 *   trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
 *   span_id: "00f067aa0ba902b7",
 *   parent_span_id: null,
 *   traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
 * };
 * ```
 */
export interface TraceContextResponse {
  /** 32 hex digits. */
  readonly trace_id: string;
  /** 16 hex digits. */
  readonly span_id: string;
  /** The parent span, `null` for a root span. */
  readonly parent_span_id: string | null;
  /** The `traceparent` header value. */
  readonly traceparent: string;
}

/**
 * `GET /v1/jobs/:thread_id/timeline` (the Rust `JobTimelineResponse`). The
 * server answers 404 for a run without checkpoints.
 *
 * @example
 * ```ts
 * const data: JobTimelineResponse = { thread_id: "run-1", timeline: [], trace: null, observability: null };
 * ```
 */
export interface JobTimelineResponse {
  /** The run (thread) asked for. */
  readonly thread_id: string;
  /** One entry per checkpoint. */
  readonly timeline: readonly JobTimelineItem[];
  /** The latest attempt's trace context; `null` when missing or `null` on the wire. */
  readonly trace: TraceContextResponse | null;
  /** The server's KernelObservability, decoded by `@oris/observability`; `null` when the key is missing (the server leaves it out when it has none) or `null`. */
  readonly observability: KernelObservability | null;
}

/**
 * `GET /v1/jobs/:thread_id/timeline/export` (the Rust `TimelineExportResponse`):
 * the timeline and the history together. The server answers 404 for a run
 * without checkpoints.
 *
 * @example
 * ```ts
 * const data: TimelineExportResponse = { thread_id: "run-1", timeline: [], history: [], trace: null, observability: null };
 * ```
 */
export interface TimelineExportResponse {
  /** The run (thread) asked for. */
  readonly thread_id: string;
  /** One entry per checkpoint. */
  readonly timeline: readonly JobTimelineItem[];
  /** The checkpoints, decoded by `@oris/checkpoint-bridge`. */
  readonly history: readonly ExecutionCheckpointView[];
  /** The latest attempt's trace context, or `null`. */
  readonly trace: TraceContextResponse | null;
  /** The server's KernelObservability, or `null` (key missing or `null`). */
  readonly observability: KernelObservability | null;
}

/**
 * The interrupt a run waits on (the Rust `InterruptDetailResponse`).
 *
 * @example
 * ```ts
 * const i: InterruptDetailResponse = {
 *   interrupt_id: "int-1", thread_id: "run-1", run_id: "run-1", attempt_id: "attempt-1",
 *   value: { question: "approve?" }, status: "pending", created_at: "2023-11-14T22:13:20+00:00",
 * };
 * ```
 */
export interface InterruptDetailResponse {
  /** The interrupt's id. */
  readonly interrupt_id: string;
  /** The thread. */
  readonly thread_id: string;
  /** The run. */
  readonly run_id: string;
  /** The attempt that was interrupted. */
  readonly attempt_id: string;
  /** The interrupt's payload, any JSON value. */
  readonly value: unknown;
  /** `"pending"`, `"resumed"`, `"rejected"`… */
  readonly status: string;
  /** When, as the server wrote it. */
  readonly created_at: string;
}

/**
 * `GET /v1/jobs/:thread_id/detail` (the Rust `JobDetailResponse`): the run's
 * state, history, timeline and observability in one response.
 *
 * @example
 * ```ts
 * const data: JobDetailResponse = {
 *   thread_id: "run-1", status: "running", checkpoint_id: null, values: {}, history: [], timeline: [],
 *   pending_interrupt: null, trace: null, observability: null,
 * };
 * ```
 */
export interface JobDetailResponse {
  /** The run (thread) asked for. */
  readonly thread_id: string;
  /** `"running"` or `"cancelled"`. */
  readonly status: string;
  /** The latest checkpoint's id, or `null`. */
  readonly checkpoint_id: string | null;
  /** The graph state's values, any JSON value. */
  readonly values: unknown;
  /** The checkpoints, decoded by `@oris/checkpoint-bridge`. */
  readonly history: readonly ExecutionCheckpointView[];
  /** One entry per checkpoint. */
  readonly timeline: readonly JobTimelineItem[];
  /** The interrupt the run waits on, or `null`. */
  readonly pending_interrupt: InterruptDetailResponse | null;
  /** The latest attempt's trace context, or `null`. */
  readonly trace: TraceContextResponse | null;
  /** The server's KernelObservability, or `null` (key missing or `null`). */
  readonly observability: KernelObservability | null;
}

/**
 * The `error` of an {@link ApiErrorEnvelope} (the Rust `ErrorBody`).
 *
 * @example
 * ```ts
 * const body: ApiErrorBody = { code: "not_found", message: "No timeline found for thread: run-1", details: null };
 * ```
 */
export interface ApiErrorBody {
  /**
   * What went wrong, by HTTP status: `invalid_argument` (400),
   * `unauthorized` (401), `forbidden` (403), `not_found` (404),
   * `conflict` (409), `internal` (500).
   */
  readonly code: string;
  /** For people. */
  readonly message: string;
  /** Any JSON value the server adds; `null` when missing or `null`. */
  readonly details: unknown;
}

/**
 * What the execution server sends with a non-2xx status for the errors it
 * raises itself (the Rust `ErrorEnvelope` of its `api_errors` module):
 * `{"request_id":"…","error":{"code":"not_found","message":"…","details":null}}`.
 * It has no `meta` and no `data`. It is not in the published contract; see
 * the package README for its source.
 *
 * @example
 * ```ts
 * const e: ApiErrorEnvelope = { request_id: "req-1", error: { code: "unauthorized", message: "missing credentials", details: null } };
 * ```
 */
export interface ApiErrorEnvelope {
  /** The request's id. */
  readonly request_id: string;
  /** The error. */
  readonly error: ApiErrorBody;
}

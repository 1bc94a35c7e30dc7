import { decodeExecutionCheckpointView, type ExecutionCheckpointView } from "@oris/checkpoint-bridge";
import {
  checkWellFormed,
  createSchemaDecoder,
  DecodeError,
  type CompiledValidator,
  type DecodeOptions,
  type DecodeResult,
  type SchemaDecoder,
  type SchemaNode,
} from "@oris/kernel-types/codec";
import { decodeKernelObservability, type KernelObservability } from "@oris/observability";
import type {
  ApiEnvelope,
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
import {
  apiEnvelopeJobDetailResponseDecoderSchema,
  validateApiEnvelopeJobDetailResponse,
} from "./generated/validateApiEnvelopeJobDetailResponse.js";
import {
  apiEnvelopeJobHistoryResponseDecoderSchema,
  validateApiEnvelopeJobHistoryResponse,
} from "./generated/validateApiEnvelopeJobHistoryResponse.js";
import {
  apiEnvelopeJobTimelineResponseDecoderSchema,
  validateApiEnvelopeJobTimelineResponse,
} from "./generated/validateApiEnvelopeJobTimelineResponse.js";
import {
  apiEnvelopeTimelineExportResponseDecoderSchema,
  validateApiEnvelopeTimelineExportResponse,
} from "./generated/validateApiEnvelopeTimelineExportResponse.js";
import { apiErrorEnvelopeDecoderSchema, validateApiErrorEnvelope } from "./generated/validateApiErrorEnvelope.js";
import { apiMetaDecoderSchema, validateApiMeta } from "./generated/validateApiMeta.js";
import { readerSchema } from "./readerSchema.js";

/** What createSchemaDecoder hands a build step: the envelope copied by the contract's schema, every property present (absent ones null). */
interface Raw {
  readonly [key: string]: unknown;
}

/** A build step's failure: thrown inside the step, returned as the DecodeError. */
class Refused extends Error {
  constructor(readonly error: DecodeError) {
    super(error.message);
  }
}

function build<T>(shape: (value: Raw) => T): (value: never) => T | DecodeError {
  return (value: never) => {
    try {
      return shape(value);
    } catch (err) {
      if (err instanceof Refused) return err.error;
      throw err;
    }
  };
}

function decoder<T>(validate: CompiledValidator, schema: SchemaNode, shape: (value: Raw) => T): SchemaDecoder<T> {
  // The validator only: its precompiled reading plan, if the generator gave it one, does not follow
  // `$ref` and `anyOf`; createSchemaDecoder compiles one from the reader schema instead.
  const validateOnly: CompiledValidator = (data: unknown): boolean => {
    const ok = validate(data);
    validateOnly.errors = validate.errors ?? null;
    return ok;
  };
  const reader = readerSchema(schema);
  const decode = createSchemaDecoder<T>(validateOnly, reader, build(shape));
  const decodeFixed = (value: unknown, options?: DecodeOptions): DecodeResult<T> => {
    const r = decode(value, options);
    if (r.ok) return r;
    // ajv reports a failure inside a definition it compiled as a function of its own with a schema
    // path relative to that definition, which the decoder cannot place ("a value"), and a value that
    // fits neither branch of an Option's anyOf by the first branch alone ("an object" where null would
    // do too): say both from the reader schema.
    const expected = describeAt(reader, r.error.path);
    if (expected === null || expected === r.error.expected) return r;
    if (r.error.expected !== "a value" && expected !== `${r.error.expected} or null`) return r;
    return { ...r, error: new DecodeError(r.error.path, expected, r.error.got) };
  };
  // Still a Standard Schema, as every decoder made with createSchemaDecoder is (its issues as that decoder words them).
  return Object.assign(decodeFixed, { "~standard": decode["~standard"] });
}

/** What the reader schema expects at a JSON pointer into the value, in words; `null` when it cannot say. */
function describeAt(schema: SchemaNode, pointer: string): string | null {
  let node: unknown = schema;
  for (const raw of pointer === "" ? [] : pointer.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const n = node as Record<string, unknown>;
    const properties = n["properties"] as Record<string, unknown> | undefined;
    if (properties !== undefined && Object.hasOwn(properties, token)) node = properties[token];
    else if (Array.isArray(n["items"])) node = (n["items"] as unknown[])[Number(token)];
    else if (typeof n["items"] === "object" && n["items"] !== null) node = n["items"];
    else return null;
    if (node === true) return "any JSON value";
    if (typeof node !== "object" || node === null) return null;
  }
  const n = node as Record<string, unknown>;
  const types = Array.isArray(n["type"]) ? (n["type"] as string[]) : typeof n["type"] === "string" ? [n["type"]] : [];
  const words = types.map((t) => {
    switch (t) {
      case "string":
        return "a string";
      case "integer":
        return typeof n["maximum"] === "number"
          ? `an integer from ${typeof n["minimum"] === "number" ? n["minimum"] : 0} to ${n["maximum"]}`
          : "an integer";
      case "array":
        return "an array";
      case "object":
        return "an object";
      case "null":
        return "null";
      default:
        return t;
    }
  });
  return words.length === 0 ? null : words.join(" or ");
}

const field = (value: Raw, key: string): Raw => value[key] as Raw;

function meta(value: Raw): ApiMeta {
  return { status: value["status"] as string, api_version: value["api_version"] as string };
}

function envelope<T>(value: Raw, data: (data: Raw) => T): ApiEnvelope<T> {
  return {
    meta: meta(field(value, "meta")),
    request_id: value["request_id"] as string,
    data: data(field(value, "data")),
  };
}

/** A history item, by `@oris/checkpoint-bridge`: chrono's reading of `created_at`. */
function historyItems(items: unknown, at: string): ExecutionCheckpointView[] {
  return (items as readonly unknown[]).map((item, i) => {
    const r = decodeExecutionCheckpointView(item);
    if (!r.ok) throw new Refused(r.error.under(`${at}/${i}`));
    return r.value;
  });
}

function timelineItems(items: unknown, at: string): JobTimelineItem[] {
  return (items as readonly Raw[]).map((item, i) => {
    const r = decodeExecutionCheckpointView({ checkpoint_id: item["checkpoint_id"], created_at: item["created_at"] });
    if (!r.ok) throw new Refused(r.error.under(`${at}/${i}`));
    return {
      seq: item["seq"] as number,
      event_type: item["event_type"] as string,
      checkpoint_id: r.value.checkpoint_id,
      created_at: r.value.created_at,
    };
  });
}

function observability(value: unknown, at: string): KernelObservability | null {
  if (value === null) return null;
  const r = decodeKernelObservability(value);
  if (!r.ok) throw new Refused(r.error.under(at));
  return r.value;
}

function trace(value: unknown): TraceContextResponse | null {
  if (value === null) return null;
  const t = value as Raw;
  return {
    trace_id: t["trace_id"] as string,
    span_id: t["span_id"] as string,
    parent_span_id: t["parent_span_id"] as string | null,
    traceparent: t["traceparent"] as string,
  };
}

/**
 * A `serde_json::Value` the schema leaves open (`values`, an interrupt's
 * `value`, an error's `details`): checked as serde_json reads it, every
 * string and key well-formed UTF-16, then handed on as it is.
 */
function anyJson(value: unknown, at: string): unknown {
  const check = (v: unknown, path: string): void => {
    if (typeof v === "string") {
      const bad = checkWellFormed(v, path);
      if (bad !== undefined) throw new Refused(bad);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => check(item, `${path}/${i}`));
    } else if (typeof v === "object" && v !== null) {
      for (const key of Object.keys(v)) {
        const escaped = `${path}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
        if (!key.isWellFormed())
          throw new Refused(
            new DecodeError(
              escaped,
              "a key of well-formed UTF-16 (serde_json refuses a lone surrogate)",
              "a key with a lone surrogate",
            ),
          );
        check((v as Record<string, unknown>)[key], escaped);
      }
    }
  };
  check(value, at);
  return value;
}

function interrupt(value: unknown, at: string): InterruptDetailResponse | null {
  if (value === null) return null;
  const i = value as Raw;
  return {
    interrupt_id: i["interrupt_id"] as string,
    thread_id: i["thread_id"] as string,
    run_id: i["run_id"] as string,
    attempt_id: i["attempt_id"] as string,
    value: anyJson(i["value"], `${at}/value`),
    status: i["status"] as string,
    created_at: i["created_at"] as string,
  };
}

/**
 * Reads the envelope of `GET /v1/jobs/:thread_id/history` from a parsed JSON
 * value, against the Oris 0.3 API contract's `ApiEnvelope_JobHistoryResponse`
 * schema; each history item is read by `decodeExecutionCheckpointView`
 * (`created_at` as chrono reads it, held in canonical UTC form). Unknown keys
 * are ignored, missing optional ones are `null`. Never throws: a refusal is a
 * DecodeError with the JSON pointer of the offending value (e.g.
 * `/data/history/3/created_at`) and what was expected there.
 *
 * @param value - a parsed JSON value (untrusted).
 * @returns the envelope, or where and why it was refused.
 *
 * @example
 * ```ts
 * const r = decodeJobHistoryEnvelope(JSON.parse(body));
 * if (r.ok) console.log(r.value.data.history.length);
 * else console.error(r.error.message); // e.g. "/data/history/0/created_at: expected …"
 * ```
 */
export const decodeJobHistoryEnvelope: SchemaDecoder<ApiEnvelope<JobHistoryResponse>> = /* @__PURE__ */ decoder(
  validateApiEnvelopeJobHistoryResponse,
  apiEnvelopeJobHistoryResponseDecoderSchema,
  (v) =>
    envelope(v, (d) => ({ thread_id: d["thread_id"] as string, history: historyItems(d["history"], "/data/history") })),
);

/**
 * Reads the envelope of `GET /v1/jobs/:thread_id/timeline`, against the
 * contract's `ApiEnvelope_JobTimelineResponse` schema: `observability` by
 * `decodeKernelObservability` (`null` when the server left it out), each
 * timeline item's `created_at` as chrono reads it. Never throws; a refusal
 * names the JSON pointer and what was expected.
 *
 * @param value - a parsed JSON value (untrusted).
 * @returns the envelope, or where and why it was refused.
 *
 * @example
 * ```ts
 * const r = decodeJobTimelineEnvelope(JSON.parse(body));
 * if (r.ok) console.log(r.value.data.observability?.replay_cost);
 * ```
 */
export const decodeJobTimelineEnvelope: SchemaDecoder<ApiEnvelope<JobTimelineResponse>> = /* @__PURE__ */ decoder(
  validateApiEnvelopeJobTimelineResponse,
  apiEnvelopeJobTimelineResponseDecoderSchema,
  (v) =>
    envelope(v, (d) => ({
      thread_id: d["thread_id"] as string,
      timeline: timelineItems(d["timeline"], "/data/timeline"),
      trace: trace(d["trace"]),
      observability: observability(d["observability"], "/data/observability"),
    })),
);

/**
 * Reads the envelope of `GET /v1/jobs/:thread_id/timeline/export`, against
 * the contract's `ApiEnvelope_TimelineExportResponse` schema (timeline,
 * history and observability, each read as in the other decoders). Never
 * throws; a refusal names the JSON pointer and what was expected.
 *
 * @param value - a parsed JSON value (untrusted).
 * @returns the envelope, or where and why it was refused.
 *
 * @example
 * ```ts
 * const r = decodeTimelineExportEnvelope(JSON.parse(body));
 * if (r.ok) console.log(r.value.data.history.length, r.value.data.timeline.length);
 * ```
 */
export const decodeTimelineExportEnvelope: SchemaDecoder<ApiEnvelope<TimelineExportResponse>> = /* @__PURE__ */ decoder(
  validateApiEnvelopeTimelineExportResponse,
  apiEnvelopeTimelineExportResponseDecoderSchema,
  (v) =>
    envelope(v, (d) => ({
      thread_id: d["thread_id"] as string,
      timeline: timelineItems(d["timeline"], "/data/timeline"),
      history: historyItems(d["history"], "/data/history"),
      trace: trace(d["trace"]),
      observability: observability(d["observability"], "/data/observability"),
    })),
);

/**
 * Reads the envelope of `GET /v1/jobs/:thread_id/detail`, against the
 * contract's `ApiEnvelope_JobDetailResponse` schema. `values` and a pending
 * interrupt's `value` are any JSON (checked for lone surrogates, as
 * serde_json would). Never throws; a refusal names the JSON pointer and
 * what was expected.
 *
 * @param value - a parsed JSON value (untrusted).
 * @returns the envelope, or where and why it was refused.
 *
 * @example
 * ```ts
 * const r = decodeJobDetailEnvelope(JSON.parse(body));
 * if (r.ok) console.log(r.value.data.status, r.value.data.pending_interrupt?.interrupt_id);
 * ```
 */
export const decodeJobDetailEnvelope: SchemaDecoder<ApiEnvelope<JobDetailResponse>> = /* @__PURE__ */ decoder(
  validateApiEnvelopeJobDetailResponse,
  apiEnvelopeJobDetailResponseDecoderSchema,
  (v) =>
    envelope(v, (d) => ({
      thread_id: d["thread_id"] as string,
      status: d["status"] as string,
      checkpoint_id: d["checkpoint_id"] as string | null,
      values: anyJson(d["values"], "/data/values"),
      history: historyItems(d["history"], "/data/history"),
      timeline: timelineItems(d["timeline"], "/data/timeline"),
      pending_interrupt: interrupt(d["pending_interrupt"], "/data/pending_interrupt"),
      trace: trace(d["trace"]),
      observability: observability(d["observability"], "/data/observability"),
    })),
);

/**
 * Reads an {@link ApiMeta} (`{"status":"ok","api_version":"v1"}`) against
 * the contract's `ApiMeta` schema. Never throws.
 *
 * @param value - a parsed JSON value (untrusted).
 * @returns the meta, or where and why it was refused.
 *
 * @example
 * ```ts
 * decodeApiMeta({ status: "ok", api_version: "v1" }); // { ok: true, value: { status: "ok", api_version: "v1" } }
 * ```
 */
export const decodeApiMeta: SchemaDecoder<ApiMeta> = /* @__PURE__ */ decoder(
  validateApiMeta,
  apiMetaDecoderSchema,
  meta,
);

/**
 * Reads the error envelope the execution server sends with a non-2xx status
 * (`{"request_id":"…","error":{"code":"…","message":"…","details":…}}`,
 * see {@link ApiErrorEnvelope}). `details` may be missing (read as `null`).
 * Never throws.
 *
 * @param value - a parsed JSON value (untrusted).
 * @returns the error envelope, or where and why it was refused.
 *
 * @example
 * ```ts
 * const r = decodeApiErrorEnvelope(JSON.parse('{"request_id":"r1","error":{"code":"not_found","message":"no such job","details":null}}'));
 * if (r.ok) console.log(r.value.error.code); // "not_found"
 * ```
 */
export const decodeApiErrorEnvelope: SchemaDecoder<ApiErrorEnvelope> = /* @__PURE__ */ decoder(
  validateApiErrorEnvelope,
  apiErrorEnvelopeDecoderSchema,
  (v) => {
    const e = field(v, "error");
    return {
      request_id: v["request_id"] as string,
      error: {
        code: e["code"] as string,
        message: e["message"] as string,
        details: anyJson(e["details"], "/error/details"),
      },
    };
  },
);

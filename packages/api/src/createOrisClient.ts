import type { DecodeResult } from "@oris/kernel-types";
import { DecodeError, describeValue } from "@oris/kernel-types/codec";
import type {
  ApiEnvelope,
  ApiErrorEnvelope,
  JobDetailResponse,
  JobHistoryResponse,
  JobTimelineResponse,
  TimelineExportResponse,
} from "./ApiEnvelope.js";
import {
  decodeApiErrorEnvelope,
  decodeJobDetailEnvelope,
  decodeJobHistoryEnvelope,
  decodeJobTimelineEnvelope,
  decodeTimelineExportEnvelope,
} from "./decodeApiEnvelopes.js";
import { OrisApiError } from "./OrisApiError.js";
import { platform, type AbortSignalLike, type FetchLike, type FetchResponseLike } from "./platform.js";

/**
 * Options of {@link createOrisClient}.
 *
 * @example
 * ```ts
 * const options: OrisClientOptions = { baseUrl: "http://127.0.0.1:8080", apiKey: process.env["ORIS_API_KEY"], timeoutMs: 10_000 };
 * ```
 */
export interface OrisClientOptions {
  /** The execution server's address, `http://` or `https://`, with an optional path prefix; no credentials, query or fragment. */
  readonly baseUrl: string;
  /** Sent as the `x-api-key` header (the server's static or keyed API keys). */
  readonly apiKey?: string | undefined;
  /** Sent as the `x-api-key-id` header, for a keyed API key. */
  readonly apiKeyId?: string | undefined;
  /** Sent as `Authorization: Bearer …` (the server's bearer token). */
  readonly bearerToken?: string | undefined;
  /** The `fetch` to use; the platform's `globalThis.fetch` by default. */
  readonly fetch?: FetchLike | undefined;
  /** Time limit of each request, from sending it to the last byte of the body, in ms; default 30000, `0` for none. */
  readonly timeoutMs?: number | undefined;
}

/**
 * Options of one request of an {@link OrisClient}.
 *
 * @example
 * ```ts
 * const options: OrisRequestOptions = { signal: AbortSignal.timeout(5_000), requestId: "dashboard-42" };
 * ```
 */
export interface OrisRequestOptions {
  /** Cancels the request; it then rejects with an OrisApiError of kind `"aborted"`. */
  readonly signal?: AbortSignalLike | undefined;
  /** This request's time limit in ms, instead of the client's; `0` for none. */
  readonly timeoutMs?: number | undefined;
  /** Sent as `x-request-id`; the server echoes it as the envelope's `request_id`. */
  readonly requestId?: string | undefined;
}

/**
 * A typed client of the Oris execution server's job endpoints that carry
 * checkpoint history and observability. Every method resolves with the
 * decoded envelope or rejects with an OrisApiError; none retries.
 *
 * @example
 * ```ts
 * const client: OrisClient = createOrisClient({ baseUrl: "http://127.0.0.1:8080" });
 * const { data } = await client.jobTimeline("run-1");
 * ```
 */
export interface OrisClient {
  /** The base URL requests go to, without a trailing slash. */
  readonly baseUrl: string;
  /** `GET /v1/jobs/:thread_id/history`: the run's checkpoints. */
  jobHistory(threadId: string, options?: OrisRequestOptions): Promise<ApiEnvelope<JobHistoryResponse>>;
  /** `GET /v1/jobs/:thread_id/timeline`: one entry per checkpoint, and the server's observability (404 without checkpoints). */
  jobTimeline(threadId: string, options?: OrisRequestOptions): Promise<ApiEnvelope<JobTimelineResponse>>;
  /** `GET /v1/jobs/:thread_id/timeline/export`: timeline, history and observability (404 without checkpoints). */
  exportJobTimeline(threadId: string, options?: OrisRequestOptions): Promise<ApiEnvelope<TimelineExportResponse>>;
  /** `GET /v1/jobs/:thread_id/detail`: state, history, timeline, pending interrupt, trace context and observability. */
  jobDetail(threadId: string, options?: OrisRequestOptions): Promise<ApiEnvelope<JobDetailResponse>>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Creates a client of the Oris execution server's job endpoints, on the
 * platform's `fetch` (or the one given). Each method sends one `GET` with
 * `accept: application/json` and the credentials given here as headers,
 * reads the whole body, and decodes it with the endpoint's decoder.
 *
 * It rejects with an OrisApiError: `"http"` for a non-2xx status (with the
 * server's error envelope when it sent one), `"decode"` for a 2xx body that
 * is not `application/json` or not the endpoint's envelope (with the
 * DecodeError's JSON pointer), `"network"`, `"timeout"` or `"aborted"`. It
 * never retries (retrying is the caller's decision), and does not follow
 * redirects (a 3xx is an `"http"` error), so the API key is only ever sent to
 * `baseUrl`. Throws a TypeError at once for a `baseUrl` that is not an
 * `http:` or `https:` URL, or holds credentials, a query or a fragment.
 *
 * @param options - where the server is, the credentials, and the time limit.
 * @returns the client.
 *
 * @example
 * ```ts
 * const client = createOrisClient({ baseUrl: "http://127.0.0.1:8080", apiKey: process.env["ORIS_API_KEY"] });
 * const history = await client.jobHistory("run-1", { signal: AbortSignal.timeout(5_000) });
 * console.log(history.data.history.map((c) => c.checkpoint_id));
 * ```
 */
export function createOrisClient(options: OrisClientOptions): OrisClient {
  const base = checkBaseUrl(options.baseUrl);
  const fetchImpl = options.fetch ?? platform.fetch;
  if (typeof fetchImpl !== "function")
    throw new TypeError("createOrisClient: no fetch (give options.fetch on a platform without one)");
  const clientTimeout = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, "timeoutMs");
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.apiKey !== undefined) headers["x-api-key"] = options.apiKey;
  if (options.apiKeyId !== undefined) headers["x-api-key-id"] = options.apiKeyId;
  if (options.bearerToken !== undefined) headers["authorization"] = `Bearer ${options.bearerToken}`;

  const get = async <T>(
    threadId: string,
    suffix: string,
    decode: (value: unknown) => DecodeResult<T>,
    request: OrisRequestOptions = {},
  ): Promise<T> => {
    if (typeof threadId !== "string" || threadId === "")
      throw new TypeError("the thread id must be a non-empty string");
    const url = `${base}/v1/jobs/${encodeURIComponent(threadId)}${suffix}`;
    const label = `GET ${url}`;
    const timeoutMs = checkTimeout(request.timeoutMs ?? clientTimeout, "timeoutMs");
    const signal = request.signal;
    if (signal?.aborted === true)
      throw new OrisApiError("aborted", label, `${label}: aborted before it was sent`, { cause: signal.reason });
    const controller = new platform.AbortController();
    let timedOut = false;
    const timer =
      timeoutMs > 0 ? platform.setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs) : undefined;
    const onAbort = (): void => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    let status: number | null = null;
    const failed = (err: unknown): OrisApiError => {
      if (timedOut)
        return new OrisApiError("timeout", label, `${label}: no complete response within ${timeoutMs} ms`, {
          status,
          cause: err,
        });
      if (signal?.aborted === true)
        return new OrisApiError("aborted", label, `${label}: aborted`, { status, cause: signal.reason });
      const what = status === null ? "no response" : `the response body was cut short (HTTP ${status})`;
      return new OrisApiError("network", label, `${label}: ${what}: ${describeCause(err)}`, { status, cause: err });
    };
    try {
      let response: FetchResponseLike;
      try {
        response = await fetchImpl(url, {
          method: "GET",
          headers: { ...headers, ...(request.requestId === undefined ? {} : { "x-request-id": request.requestId }) },
          signal: controller.signal as never,
          redirect: "manual",
        });
      } catch (err) {
        throw failed(err);
      }
      const code = response.status;
      status = code;
      let bytes: ArrayBuffer;
      try {
        bytes = await response.arrayBuffer();
      } catch (err) {
        throw failed(err);
      }
      const contentType = response.headers.get("content-type");
      // As serde_json reads a body: UTF-8 only, and a byte order mark is not JSON whitespace.
      let text: string | null;
      try {
        text = new platform.TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
      } catch {
        text = null;
      }
      if (code < 200 || code > 299) {
        const body = text === null ? null : parseErrorEnvelope(text);
        const said =
          body !== null
            ? `${body.error.code}: ${body.error.message}`
            : text === null
              ? `${contentType ?? "no content type"}, a body that is not UTF-8`
              : `${contentType ?? "no content type"}, not the server's error envelope${text === "" ? "" : `: ${JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text)}`}`;
        const where =
          code >= 300 && code < 400
            ? ` (redirects are not followed: location ${JSON.stringify(response.headers.get("location") ?? "")})`
            : "";
        throw new OrisApiError(
          "http",
          label,
          `${label}: HTTP ${code}${response.statusText === "" ? "" : ` ${response.statusText}`}${where}: ${said}`,
          { status: code, body, bodyText: text },
        );
      }
      const refuse = (error: DecodeError): OrisApiError =>
        new OrisApiError("decode", label, `${label}: the response is not the endpoint's envelope: ${error.message}`, {
          status: code,
          bodyText: text,
          decodeError: error,
        });
      if (contentType === null || !isJsonContentType(contentType)) {
        throw refuse(
          new DecodeError(
            "",
            "a body of content type application/json",
            contentType === null ? "no content type" : `content type ${JSON.stringify(contentType)}`,
          ),
        );
      }
      if (text === null) {
        throw refuse(
          new DecodeError(
            "",
            "a body of UTF-8 text, as serde_json reads",
            `${bytes.byteLength} bytes that are not UTF-8`,
          ),
        );
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw refuse(
          new DecodeError(
            "",
            "JSON text",
            `text that is not JSON (${err instanceof Error ? err.message : String(err)}): ${describeValue(text)}`,
          ),
        );
      }
      const r = decode(parsed);
      if (!r.ok) throw refuse(r.error);
      return r.value;
    } finally {
      if (timer !== undefined) platform.clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  };

  return {
    baseUrl: base,
    jobHistory: (threadId, request) => get(threadId, "/history", decodeJobHistoryEnvelope, request),
    jobTimeline: (threadId, request) => get(threadId, "/timeline", decodeJobTimelineEnvelope, request),
    exportJobTimeline: (threadId, request) => get(threadId, "/timeline/export", decodeTimelineExportEnvelope, request),
    jobDetail: (threadId, request) => get(threadId, "/detail", decodeJobDetailEnvelope, request),
  };
}

function checkBaseUrl(given: string): string {
  let url: InstanceType<typeof platform.URL>;
  try {
    url = new platform.URL(String(given));
  } catch {
    throw new TypeError(`createOrisClient: baseUrl is not a URL (got ${JSON.stringify(String(given))})`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new TypeError(`createOrisClient: baseUrl must be http: or https: (got ${url.protocol})`);
  if (url.username !== "" || url.password !== "")
    throw new TypeError("createOrisClient: baseUrl must not hold credentials (give apiKey or bearerToken)");
  if (url.search !== "" || url.hash !== "")
    throw new TypeError("createOrisClient: baseUrl must have no query or fragment");
  return url.href.replace(/\/+$/, "");
}

function checkTimeout(ms: number, name: string): number {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0 || ms > 2_147_483_647) {
    throw new TypeError(`${name} must be a number of milliseconds from 0 to 2147483647 (got ${String(ms)})`);
  }
  return ms;
}

/** `application/json`, or a `+json` type, with any parameters. */
function isJsonContentType(contentType: string): boolean {
  const type = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

function parseErrorEnvelope(text: string): ApiErrorEnvelope | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const r = decodeApiErrorEnvelope(parsed);
  return r.ok ? r.value : null;
}

/** The system error code (`ECONNREFUSED`, …) or message of a fetch failure, from its cause chain. */
function describeCause(err: unknown): string {
  const seen: string[] = [];
  let here: unknown = err;
  for (let depth = 0; depth < 4 && typeof here === "object" && here !== null; depth++) {
    const e = here as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === "string")
      return typeof e.message === "string" && e.message !== "" ? `${e.code} (${e.message})` : e.code;
    if (typeof e.message === "string" && e.message !== "") seen.push(e.message);
    here = e.cause;
  }
  return seen.length > 0 ? seen.join(": ") : String(err);
}

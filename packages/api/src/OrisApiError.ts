import type { DecodeError } from "@oris/kernel-types";
import type { ApiErrorEnvelope } from "./ApiEnvelope.js";

const ORIS_API_ERROR_BRAND = Symbol.for("@oris/api/OrisApiError");

/**
 * Why a request of the {@link OrisClient} failed:
 *
 * - `"http"`: the server answered with a non-2xx status (`status`; `body`
 *   holds its error envelope when it sent one, `bodyText` the raw text);
 * - `"decode"`: a 2xx response whose body is not the endpoint's envelope:
 *   not `application/json`, not JSON, or not what the contract says
 *   (`decodeError`: the JSON pointer and what was expected there);
 * - `"network"`: no response, or a body cut short (connection refused or
 *   reset, DNS failure, a body shorter than its `Content-Length`);
 * - `"timeout"`: no complete response within the client's time limit;
 * - `"aborted"`: the caller's `AbortSignal` fired.
 *
 * @example
 * ```ts
 * const kind: OrisApiErrorKind = "timeout";
 * ```
 */
export type OrisApiErrorKind = "http" | "decode" | "network" | "timeout" | "aborted";

/**
 * The error every method of an {@link OrisClient} rejects with. `message`
 * names the request (`GET http://host/v1/jobs/run-1/history`), never a
 * credential: the API key travels in a header, not in the URL.
 *
 * @example
 * ```ts
 * try {
 *   await client.jobTimeline("run-1");
 * } catch (err) {
 *   if (isOrisApiError(err) && err.kind === "http" && err.status === 404) console.log("no checkpoints yet");
 *   else throw err;
 * }
 * ```
 */
export class OrisApiError extends Error {
  /** Always `"OrisApiError"`. */
  override readonly name = "OrisApiError";
  /** What went wrong; see {@link OrisApiErrorKind}. */
  readonly kind: OrisApiErrorKind;
  /** The request's method and URL (without credentials). */
  readonly url: string;
  /** The HTTP status, when a response came (`"http"`, `"decode"`, and a `"network"` body cut short); else `null`. */
  readonly status: number | null;
  /** `"http"`: the server's error envelope, when the body is one; else `null`. */
  readonly body: ApiErrorEnvelope | null;
  /** The response body as text, when one was read and is UTF-8 (`"http"`, `"decode"`); else `null`. */
  readonly bodyText: string | null;
  /** `"decode"`: where the body departs from the contract, and what was expected there; else `null`. */
  readonly decodeError: DecodeError | null;

  constructor(
    kind: OrisApiErrorKind,
    url: string,
    message: string,
    details: {
      readonly status?: number | null;
      readonly body?: ApiErrorEnvelope | null;
      readonly bodyText?: string | null;
      readonly decodeError?: DecodeError | null;
      readonly cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.url = url;
    this.status = details.status ?? null;
    this.body = details.body ?? null;
    this.bodyText = details.bodyText ?? null;
    this.decodeError = details.decodeError ?? null;
    Object.defineProperty(this, ORIS_API_ERROR_BRAND, { value: true });
  }
}

/**
 * True for an {@link OrisApiError} from any copy of this package (ESM or CJS build).
 *
 * @example
 * ```ts
 * client.jobHistory("run-1").catch((err) => {
 *   if (isOrisApiError(err)) console.error(err.kind, err.status, err.message);
 * });
 * ```
 */
export function isOrisApiError(value: unknown): value is OrisApiError {
  return (
    typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[ORIS_API_ERROR_BRAND] === true
  );
}

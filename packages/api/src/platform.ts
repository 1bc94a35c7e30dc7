/**
 * The few platform APIs the client uses (`fetch`, `AbortController`,
 * timers, `URL`), typed structurally: the package's declarations then need
 * neither the DOM library nor `@types/node`, and any fetch that has this
 * shape (Node's, a browser's, undici's, a test double) can be passed in.
 */

/**
 * An `AbortSignal`, as far as the client needs one.
 *
 * @example
 * ```ts
 * const signal: AbortSignalLike = AbortSignal.timeout(5_000);
 * ```
 */
export interface AbortSignalLike {
  /** Whether it has fired. */
  readonly aborted: boolean;
  /** Why it fired. */
  readonly reason?: unknown;
  /** Registers a listener. */
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  /** Removes a listener. */
  removeEventListener(type: "abort", listener: () => void): void;
}

/**
 * The request the client hands its fetch.
 *
 * @example
 * ```ts
 * const init: FetchRequestInit = { method: "GET", headers: { accept: "application/json" }, signal: new AbortController().signal as never, redirect: "manual" };
 * ```
 */
export interface FetchRequestInit {
  /** Always `"GET"`. */
  readonly method: "GET";
  /** `accept`, the credentials, `x-request-id`. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The platform's `AbortSignal`; it fires on timeout or when the caller
   * aborts. Typed `never` on purpose: the platform's own `fetch` wants its
   * own `AbortSignal` type here, and only `never` lets it be passed as a
   * {@link FetchLike} without the DOM library or `@types/node` in these
   * declarations. A fetch of your own reads it as the platform's AbortSignal.
   */
  readonly signal: never;
  /** Always `"manual"`: redirects are not followed. */
  readonly redirect: "manual";
}

/**
 * A fetch response, as far as the client reads one.
 *
 * @example
 * ```ts
 * const response: FetchResponseLike = await fetch("http://127.0.0.1:8080/v1/jobs/run-1/history");
 * ```
 */
export interface FetchResponseLike {
  /** The HTTP status. */
  readonly status: number;
  /** The reason phrase, possibly empty. */
  readonly statusText: string;
  /** The response headers. */
  readonly headers: { get(name: string): string | null };
  /** The whole body as bytes (rejects when it is cut short). */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * A `fetch` function: the platform's `globalThis.fetch` has this shape.
 *
 * @example
 * ```ts
 * const logged: FetchLike = (url, init) => (console.log(init.method, url), fetch(url, init));
 * ```
 */
export type FetchLike = (url: string, init: FetchRequestInit) => Promise<FetchResponseLike>;

interface Platform {
  readonly fetch?: FetchLike;
  readonly AbortController: new () => { readonly signal: AbortSignalLike; abort(reason?: unknown): void };
  readonly URL: new (text: string) => {
    readonly protocol: string;
    readonly username: string;
    readonly password: string;
    readonly search: string;
    readonly hash: string;
    readonly href: string;
  };
  readonly TextDecoder: new (
    label: "utf-8",
    options: { fatal: boolean; ignoreBOM: boolean },
  ) => { decode(bytes: ArrayBuffer): string };
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The running platform's globals, typed as above. Internal to the package. */
export const platform = globalThis as unknown as Platform;

import type { DecodeError, DecodeResult } from "./DecodeError.js";

/**
 * The Standard Schema interface (version 1, https://standardschema.dev),
 * declared here as its authors ask libraries to do (copied, no dependency):
 * a value with a `~standard` property that validates. Zod, Valibot and
 * ArkType schemas have one, and form libraries, tRPC inputs and TanStack
 * Router accept any value that does; so does every `@oris/*` value decoder.
 *
 * @example
 * ```ts
 * import { decodeKernelTraceEvent, type StandardSchemaV1 } from "@oris/kernel-types";
 *
 * const schema: StandardSchemaV1<unknown, KernelTraceEvent> = decodeKernelTraceEvent;
 * const result = schema["~standard"].validate({ run_id: "r", seq: 1, kind: "Interrupted" });
 * ```
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly "~standard": StandardSchemaV1Props<Input, Output>;
}

/**
 * The `~standard` property of a {@link StandardSchemaV1}.
 *
 * @example
 * ```ts
 * const props: StandardSchemaV1Props<unknown, KernelTraceEvent> = decodeKernelTraceEvent["~standard"];
 * props.vendor; // "oris"
 * ```
 */
export interface StandardSchemaV1Props<Input = unknown, Output = Input> {
  /** The version of the Standard Schema interface: 1. */
  readonly version: 1;
  /** The library that made the schema: `"oris"`. */
  readonly vendor: string;
  /** Validates a value: the typed value, or every issue found in it (never a Promise for `@oris/*` decoders). */
  readonly validate: (value: unknown) => StandardSchemaV1Result<Output> | Promise<StandardSchemaV1Result<Output>>;
  /** The input and output types, for type inference only (`undefined` at run time). */
  readonly types?: { readonly input: Input; readonly output: Output } | undefined;
}

/**
 * What a Standard Schema's `validate` returns: `{ value }`, or `{ issues }`.
 *
 * @example
 * ```ts
 * const r = decodeKernelTraceEvent["~standard"].validate({ seq: -1 }) as StandardSchemaV1Result<KernelTraceEvent>;
 * if (r.issues) for (const issue of r.issues) console.log(issue.path, issue.message);
 * ```
 */
export type StandardSchemaV1Result<Output> =
  { readonly value: Output; readonly issues?: undefined } | { readonly issues: readonly StandardSchemaV1Issue[] };

/**
 * One problem in a validated value, as a Standard Schema reports it: a
 * message and the path to the value (object keys, array indices).
 *
 * @example
 * ```ts
 * const issue: StandardSchemaV1Issue = { message: "expected a string (got 1)", path: ["run_id"] };
 * ```
 */
export interface StandardSchemaV1Issue {
  /** What is wrong: `expected … (got …)`. */
  readonly message: string;
  /** Where: the keys and indices from the root to the value; absent for the root itself. */
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
}

/**
 * Options of a {@link SchemaDecoder} call.
 *
 * @example
 * ```ts
 * const r = decodeKernelTraceEvent({ seq: -1 }, { allErrors: true });
 * if (!r.ok) r.issues; // every problem: /run_id missing, /seq below 0, /kind missing
 * ```
 */
export interface DecodeOptions {
  /**
   * `true`: on a refusal, also find every other problem in the value and
   * give them all in `issues` (as zod's `issues` does). Costs a second walk
   * of a refused value only; accepted values cost the same. The default,
   * `false`, stops at the first problem.
   */
  readonly allErrors?: boolean;
}

/**
 * A decoder of one wire type, made by `createSchemaDecoder`
 * (`@oris/kernel-types/codec`): call it with a parsed JSON value for a
 * {@link DecodeResult}; it never throws. It is also a Standard Schema
 * ({@link StandardSchemaV1}), so it can be given wherever a zod, Valibot or
 * ArkType schema is accepted; its `validate` reports every issue.
 *
 * @example
 * ```ts
 * const decode: SchemaDecoder<KernelTraceEvent> = decodeKernelTraceEvent;
 * decode({ run_id: "r", seq: 1, kind: "Interrupted" }).ok; // true
 * decode["~standard"].vendor; // "oris"
 * ```
 */
export interface SchemaDecoder<T> extends StandardSchemaV1<unknown, T> {
  /**
   * Decodes a parsed JSON value: the typed value, or the first problem
   * (every problem in `issues` with `{ allErrors: true }`). Never throws.
   */
  (value: unknown, options?: DecodeOptions): DecodeResult<T>;
}

/** The Standard Schema path of a JSON pointer into `root`: array indices as numbers, keys as strings. */
export function pointerToPath(root: unknown, pointer: string): PropertyKey[] | undefined {
  if (pointer === "") return undefined;
  const path: PropertyKey[] = [];
  let here: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(here) && /^(0|[1-9][0-9]*)$/.test(token)) {
      path.push(Number(token));
      here = here[Number(token)];
    } else {
      path.push(token);
      here = typeof here === "object" && here !== null ? (here as Record<string, unknown>)[token] : undefined;
    }
  }
  return path;
}

/** A Standard Schema issue for a DecodeError found in `root`. */
export function toStandardIssue(root: unknown, error: DecodeError): StandardSchemaV1Issue {
  let path: PropertyKey[] | undefined;
  try {
    path = pointerToPath(root, error.path);
  } catch {
    // A value that throws while it is read: the pointer's tokens as keys.
    path = error.path === "" ? undefined : error.path.slice(1).split("/");
  }
  const message = `expected ${error.expected} (got ${error.got})`;
  return path === undefined ? { message } : { message, path };
}

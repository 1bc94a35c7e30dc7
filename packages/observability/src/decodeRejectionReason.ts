import type { SchemaDecoder } from "@oris/kernel-types";
import { createSchemaDecoder } from "@oris/kernel-types/codec";
import { rejectionReasonDecoderSchema, validateRejectionReason } from "./generated/validateRejectionReason.js";
import { RejectionReason } from "./RejectionReason.js";

/**
 * What createSchemaDecoder hands the build step: a fresh object with the one
 * variant key the value has as its own, its string checked.
 */
type ValidReason =
  { readonly TenantLimit: string | null } | { readonly CapacityLimit: string | null } | { readonly Other: string };

/**
 * Reads a `RejectionReason` from a parsed JSON value, as serde reads
 * the Rust enum: exactly one key, `TenantLimit`, `CapacityLimit` (string or
 * `null`) or `Other` (string). A bare string, two keys, an unknown key
 * (`__proto__` included) or `{"Other": null}` are refused.
 *
 * Never throws: any value gives a `DecodeResult`. One that throws while it is
 * read (a getter, a Proxy trap, a revoked Proxy; parsed JSON never does) is
 * refused with a `DecodeError` at the pointer of the value that threw. Only
 * the engine's own failures escape: out of memory, or a call stack the caller
 * has already all but used up.
 *
 * @example
 * ```ts
 * decodeRejectionReason({ CapacityLimit: "circuit breaker open" });
 * // { ok: true, value: { CapacityLimit: "circuit breaker open" } }
 * ```
 */
export const decodeRejectionReason: SchemaDecoder<RejectionReason> = createSchemaDecoder(
  validateRejectionReason,
  rejectionReasonDecoderSchema,
  (v: ValidReason): RejectionReason => {
    if ("TenantLimit" in v) return RejectionReason.tenantLimit(v.TenantLimit);
    if ("CapacityLimit" in v) return RejectionReason.capacityLimit(v.CapacityLimit);
    return RejectionReason.other(v.Other);
  },
);

import { DecodeError, type DecodeResult } from "@oris/kernel-types";
import { checkWellFormed, createSchemaDecoder, describeValue } from "@oris/kernel-types/internal";
import { rejectionReasonDecoderSchema, validateRejectionReason } from "./generated/validateRejectionReason.js";
import { REJECTION_REASON_KINDS, RejectionReason } from "./RejectionReason.js";

const hasOwn = Object.prototype.hasOwnProperty;

/** The validator accepted a variant key the value only inherits: it has none of its own. */
const explainNoVariant = (v: object): DecodeError =>
  new DecodeError("", `one of ${REJECTION_REASON_KINDS.map((k) => `{"${k}": …}`).join(", ")}`, describeValue(v));

type ValidReason = { TenantLimit: string | null } | { CapacityLimit: string | null } | { Other: string };

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
export const decodeRejectionReason: (value: unknown) => DecodeResult<RejectionReason> = createSchemaDecoder(
  validateRejectionReason,
  rejectionReasonDecoderSchema,
  (v: ValidReason) => {
    // The validator found exactly one variant key; own keys only, never an inherited one.
    if (hasOwn.call(v, "TenantLimit") && "TenantLimit" in v) {
      return v.TenantLimit === null ? RejectionReason.tenantLimit() : (checkWellFormed(v.TenantLimit, "/TenantLimit") ?? RejectionReason.tenantLimit(v.TenantLimit));
    }
    if (hasOwn.call(v, "CapacityLimit") && "CapacityLimit" in v) {
      return v.CapacityLimit === null ? RejectionReason.capacityLimit() : (checkWellFormed(v.CapacityLimit, "/CapacityLimit") ?? RejectionReason.capacityLimit(v.CapacityLimit));
    }
    if (!hasOwn.call(v, "Other") || !("Other" in v)) return explainNoVariant(v);
    return checkWellFormed(v.Other, "/Other") ?? RejectionReason.other(v.Other);
  },
);

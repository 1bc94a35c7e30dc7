import type { DecodeResult } from "@oris/kernel-types";
import { checkWellFormed, createSchemaDecoder } from "@oris/kernel-types/internal";
import { rejectionReasonDecoderSchema, validateRejectionReason } from "./generated/validateRejectionReason.js";
import { RejectionReason } from "./RejectionReason.js";

type ValidReason = { TenantLimit: string | null } | { CapacityLimit: string | null } | { Other: string };

/**
 * Reads a `RejectionReason` from a parsed JSON value, as serde reads
 * the Rust enum: exactly one key, `TenantLimit`, `CapacityLimit` (string or
 * `null`) or `Other` (string). A bare string, two keys, an unknown key
 * (`__proto__` included) or `{"Other": null}` are refused. Never throws.
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
    if ("TenantLimit" in v) {
      return v.TenantLimit === null ? RejectionReason.tenantLimit() : (checkWellFormed(v.TenantLimit, "/TenantLimit") ?? RejectionReason.tenantLimit(v.TenantLimit));
    }
    if ("CapacityLimit" in v) {
      return v.CapacityLimit === null ? RejectionReason.capacityLimit() : (checkWellFormed(v.CapacityLimit, "/CapacityLimit") ?? RejectionReason.capacityLimit(v.CapacityLimit));
    }
    return checkWellFormed(v.Other, "/Other") ?? RejectionReason.other(v.Other);
  },
);

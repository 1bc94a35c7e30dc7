import { tooLongForAString, writeNullableString, writeString } from "@oris/kernel-types/codec";
import { matchRejectionReason, type RejectionReason } from "./RejectionReason.js";

/**
 * Writes a `RejectionReason` exactly as serde_json writes the Rust enum.
 * Throws `EncodeError` (from `@oris/kernel-types`) for a description with a
 * lone surrogate, and for one too long for its JSON to fit in one JavaScript
 * string.
 *
 * @example
 * ```ts
 * encodeRejectionReason(RejectionReason.tenantLimit("max concurrent runs"));
 * // '{"TenantLimit":"max concurrent runs"}'
 * ```
 */
export function encodeRejectionReason(reason: RejectionReason): string {
  return matchRejectionReason(reason, {
    TenantLimit: (d) => wrap("TenantLimit", writeNullableString(d, "/TenantLimit")),
    CapacityLimit: (d) => wrap("CapacityLimit", writeNullableString(d, "/CapacityLimit")),
    Other: (d) => wrap("Other", writeString(d, "/Other")),
  });
}

/** `{"<variant>":<json>}`; a description within a few characters of the longest string cannot be wrapped. */
function wrap(variant: string, json: string): string {
  try {
    return `{"${variant}":${json}}`;
  } catch (err) {
    throw tooLongForAString(err, `/${variant}`) ?? err;
  }
}

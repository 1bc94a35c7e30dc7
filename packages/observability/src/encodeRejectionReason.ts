import { writeNullableString, writeString } from "@oris/kernel-types/internal";
import { matchRejectionReason, type RejectionReason } from "./RejectionReason.js";

/**
 * Writes a `RejectionReason` exactly as serde_json writes the Rust enum.
 *
 * @example
 * ```ts
 * encodeRejectionReason(RejectionReason.tenantLimit("max concurrent runs"));
 * // '{"TenantLimit":"max concurrent runs"}'
 * ```
 */
export function encodeRejectionReason(reason: RejectionReason): string {
  return matchRejectionReason(reason, {
    TenantLimit: (d) => `{"TenantLimit":${writeNullableString(d, "/TenantLimit")}}`,
    CapacityLimit: (d) => `{"CapacityLimit":${writeNullableString(d, "/CapacityLimit")}}`,
    Other: (d) => `{"Other":${writeString(d, "/Other")}}`,
  });
}

/**
 * Why the Oris scheduler or API refused a dispatch or request, in serde's
 * externally tagged form — an object with exactly one key:
 *
 * ```json
 * {"TenantLimit":"max concurrent runs"}
 * {"CapacityLimit":null}
 * {"Other":"policy"}
 * ```
 *
 * Build one with `RejectionReason.tenantLimit(…)` and friends; branch on
 * one with {@link matchRejectionReason}.
 *
 * @example
 * ```ts
 * const reason: RejectionReason = { TenantLimit: "max concurrent runs" };
 * ```
 */
export type RejectionReason =
  { readonly TenantLimit: string | null } | { readonly CapacityLimit: string | null } | { readonly Other: string };

/**
 * The variant names of `RejectionReason`, in declaration order.
 *
 * @example
 * ```ts
 * REJECTION_REASON_KINDS; // ["TenantLimit", "CapacityLimit", "Other"]
 * ```
 */
export const REJECTION_REASON_KINDS = ["TenantLimit", "CapacityLimit", "Other"] as const;

/** One of {@link REJECTION_REASON_KINDS}. */
export type RejectionReasonKind = (typeof REJECTION_REASON_KINDS)[number];

/**
 * Constructors for the `RejectionReason` type, mirroring the Rust API
 * (`RejectionReason::tenant_limit(desc)`, `capacity_limit(desc)`); a
 * description may be left out for the two limits (serde's `null`).
 *
 * @example
 * ```ts
 * RejectionReason.tenantLimit("max concurrent runs"); // { TenantLimit: "max concurrent runs" }
 * RejectionReason.capacityLimit();                     // { CapacityLimit: null }
 * RejectionReason.other("policy");                     // { Other: "policy" }
 * ```
 */
export const RejectionReason = {
  /** Tenant-level limit exceeded; optional description of the limit. `{"TenantLimit": …}` */
  tenantLimit(description: string | null = null): RejectionReason {
    return { TenantLimit: description };
  },
  /** Worker or capacity limit, e.g. "circuit breaker open". `{"CapacityLimit": …}` */
  capacityLimit(description: string | null = null): RejectionReason {
    return { CapacityLimit: description };
  },
  /** Other rejections (policy, invalid request, etc.). `{"Other": …}` */
  other(description: string): RejectionReason {
    return { Other: description };
  },
} as const;

/** One handler per variant; the compiler rejects a missing one. */
export interface RejectionReasonHandlers<R> {
  /** Called for `{"TenantLimit": description}`. */
  readonly TenantLimit: (description: string | null) => R;
  /** Called for `{"CapacityLimit": description}`. */
  readonly CapacityLimit: (description: string | null) => R;
  /** Called for `{"Other": description}`. */
  readonly Other: (description: string) => R;
}

/**
 * The variant name of `reason`.
 *
 * @example
 * ```ts
 * rejectionReasonKind({ CapacityLimit: null }); // "CapacityLimit"
 * ```
 */
export function rejectionReasonKind(reason: RejectionReason): RejectionReasonKind {
  if ("TenantLimit" in reason) return "TenantLimit";
  if ("CapacityLimit" in reason) return "CapacityLimit";
  return "Other";
}

/**
 * Calls the handler of `reason`'s variant with its description. Every
 * variant must have a handler, so adding a variant is a compile error at each
 * call site.
 *
 * @example
 * ```ts
 * const status = matchRejectionReason(reason, {
 *   TenantLimit: () => 429,
 *   CapacityLimit: () => 503,
 *   Other: () => 400,
 * });
 * ```
 */
export function matchRejectionReason<R>(reason: RejectionReason, handlers: RejectionReasonHandlers<R>): R {
  if ("TenantLimit" in reason) return handlers.TenantLimit(reason.TenantLimit);
  if ("CapacityLimit" in reason) return handlers.CapacityLimit(reason.CapacityLimit);
  return handlers.Other(reason.Other);
}

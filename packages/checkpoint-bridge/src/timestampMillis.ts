import { checkInstant } from "./checkInstant.js";
import type { Rfc3339Instant } from "./Rfc3339Instant.js";

/**
 * chrono's `timestamp_millis()`: `seconds * 1000 + floor(nanos / 1e6)`.
 *
 * Rounds toward −∞ before 1970 (`1969-12-31T23:59:59.9995Z` → `-1`), and a
 * leap second's extra 1e9 nanoseconds count (`2016-12-31T23:59:60Z` →
 * `1483228800000`, the same as the next second). Always a safe integer.
 *
 * @param instant - the instant; throws a RangeError for one chrono cannot hold.
 * @returns milliseconds since the Unix epoch.
 *
 * @example
 * ```ts
 * const r = parseRfc3339("2023-11-14T22:13:20.123456Z");
 * if (r.ok) timestampMillis(r.value); // 1700000000123
 * ```
 */
export function timestampMillis(instant: Rfc3339Instant): number {
  checkInstant(instant, "timestampMillis");
  return millisOf(instant);
}

/** {@link timestampMillis} of an instant already known to be one chrono holds (parseRfc3339's). Internal to the package. */
export function millisOf(instant: Rfc3339Instant): number {
  return instant.seconds * 1000 + Math.floor(instant.nanos / 1_000_000);
}

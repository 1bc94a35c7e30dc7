import { checkInstant } from "./checkInstant.js";
import { SECONDS_PER_DAY } from "./civilDays.js";
import type { Rfc3339Instant } from "./Rfc3339Instant.js";

const NANOS_PER_SECOND = 1_000_000_000n;

/**
 * chrono's `later.signed_duration_since(earlier)`, exactly, in nanoseconds
 * (a BigInt: epoch nanoseconds do not fit in a double).
 *
 * chrono subtracts the dates (whole days) and the times of day separately,
 * and counts a leap second only when the subtraction crosses it on the same
 * side: `23:59:60.5` − `23:59:59` is 1.5 s, and `00:00:00.6` the next day −
 * `23:59:60.5` is 0.1 s.
 *
 * For whole milliseconds truncated toward zero, as chrono's
 * `num_milliseconds()` gives them, divide: `Number(ns / 1_000_000n)`.
 *
 * @param later - the minuend (chrono's `self`).
 * @param earlier - the subtrahend (chrono's `rhs`); throws a RangeError for an instant chrono cannot hold.
 * @returns `later − earlier` in nanoseconds; negative when `later` is before `earlier`.
 *
 * @example
 * ```ts
 * const a = parseRfc3339("2023-11-14T22:13:20.000500Z");
 * const b = parseRfc3339("2023-11-14T22:13:20Z");
 * if (a.ok && b.ok) {
 *   signedDurationSince(b.value, a.value); // -500000n
 *   Number(signedDurationSince(b.value, a.value) / 1_000_000n); // 0 (truncated toward zero)
 * }
 * ```
 */
export function signedDurationSince(later: Rfc3339Instant, earlier: Rfc3339Instant): bigint {
  checkInstant(later, "signedDurationSince");
  checkInstant(earlier, "signedDurationSince");
  return nanosBetween(later, earlier);
}

/** {@link signedDurationSince} of instants already known to be ones chrono holds (parseRfc3339's). Internal to the package. */
export function nanosBetween(later: Rfc3339Instant, earlier: Rfc3339Instant): bigint {
  const laterDay = Math.floor(later.seconds / SECONDS_PER_DAY);
  const earlierDay = Math.floor(earlier.seconds / SECONDS_PER_DAY);
  const laterSecs = later.seconds - laterDay * SECONDS_PER_DAY;
  const earlierSecs = earlier.seconds - earlierDay * SECONDS_PER_DAY;
  // NaiveTime::signed_duration_since: `secs` may contain a leap second yet to be counted.
  let adjust = 0;
  if (laterSecs > earlierSecs) adjust = earlier.nanos >= 1_000_000_000 ? 1 : 0;
  else if (laterSecs < earlierSecs) adjust = later.nanos >= 1_000_000_000 ? -1 : 0;
  // NaiveDate::signed_duration_since gives whole days; all these are safe integers.
  const wholeSeconds = (laterDay - earlierDay) * SECONDS_PER_DAY + (laterSecs - earlierSecs) + adjust;
  return BigInt(wholeSeconds) * NANOS_PER_SECOND + BigInt(later.nanos - earlier.nanos);
}

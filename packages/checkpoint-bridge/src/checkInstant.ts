import { describeValue } from "@oris/kernel-types/codec";
import { MAX_SECONDS, MIN_SECONDS } from "./civilDays.js";
import type { Rfc3339Instant } from "./Rfc3339Instant.js";

/**
 * Throws a RangeError unless `instant` is one that chrono's `DateTime<Utc>`
 * can hold (see Rfc3339Instant): integer seconds within chrono's range,
 * integer nanos below 1e9, or below 2e9 in a second that is 59 mod 60.
 * Internal to the package.
 */
export function checkInstant(instant: Rfc3339Instant, what: string): void {
  const ok =
    typeof instant === "object" &&
    instant !== null &&
    Number.isSafeInteger(instant.seconds) &&
    instant.seconds >= MIN_SECONDS &&
    instant.seconds <= MAX_SECONDS &&
    Number.isInteger(instant.nanos) &&
    instant.nanos >= 0 &&
    (instant.nanos < 1_000_000_000 || (instant.nanos < 2_000_000_000 && ((instant.seconds % 60) + 60) % 60 === 59));
  if (!ok) {
    let shown: string;
    try {
      shown = JSON.stringify(instant) ?? describeValue(instant);
    } catch {
      shown = describeValue(instant);
    }
    throw new RangeError(
      `${what}: expected an instant chrono can hold ({seconds, nanos}: integer seconds from ${MIN_SECONDS} to ${MAX_SECONDS}, ` +
        `nanos from 0 to 999999999, or up to 1999999999 in a leap second at :59), got ${shown}`,
    );
  }
}

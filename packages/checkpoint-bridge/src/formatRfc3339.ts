import { checkInstant } from "./checkInstant.js";
import { civilFromDays, SECONDS_PER_DAY } from "./civilDays.js";
import type { Rfc3339Instant } from "./Rfc3339Instant.js";

const pad = (value: number, width: number): string => String(value).padStart(width, "0");

/**
 * Writes an instant exactly as serde writes a chrono 0.4.23 `DateTime<Utc>`
 * (its `Debug` form): `YYYY-MM-DDTHH:MM:SS[.fff|.ffffff|.fffffffff]Z`.
 *
 * - The fraction is left out when zero, else written with 3 digits when it
 *   is a whole number of milliseconds, 6 when a whole number of
 *   microseconds, 9 otherwise.
 * - A leap second (`nanos` ≥ 1e9) is written as second `60`.
 * - Years 0000–9999 have 4 digits; other years a sign and at least 4 digits
 *   (`+12345-01-01T00:00:00Z`, `-0001-12-31T23:59:59Z`).
 *
 * `formatRfc3339(parseRfc3339(text).value)` is the canonical form serde
 * sends back for `text`.
 *
 * @param instant - the instant; throws a RangeError for one chrono cannot hold.
 * @returns chrono's RFC 3339 text, always in UTC with `Z`.
 *
 * @example
 * ```ts
 * formatRfc3339({ seconds: 1700000000, nanos: 123000000 }); // "2023-11-14T22:13:20.123Z"
 * formatRfc3339({ seconds: 1483228799, nanos: 1500000000 }); // "2016-12-31T23:59:60.500Z"
 * formatRfc3339({ seconds: -62198755200, nanos: 0 }); // "-0001-01-01T00:00:00Z"
 * ```
 */
export function formatRfc3339(instant: Rfc3339Instant): string {
  checkInstant(instant, "formatRfc3339");
  const days = Math.floor(instant.seconds / SECONDS_PER_DAY);
  const secondOfDay = instant.seconds - days * SECONDS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  let second = secondOfDay % 60;
  let nano = instant.nanos;
  if (nano >= 1_000_000_000) {
    second += 1;
    nano -= 1_000_000_000;
  }
  const yearText = year >= 0 && year <= 9999 ? pad(year, 4) : `${year < 0 ? "-" : "+"}${pad(Math.abs(year), 4)}`;
  let fraction = "";
  if (nano !== 0) {
    if (nano % 1_000_000 === 0) fraction = `.${pad(nano / 1_000_000, 3)}`;
    else if (nano % 1_000 === 0) fraction = `.${pad(nano / 1_000, 6)}`;
    else fraction = `.${pad(nano, 9)}`;
  }
  return `${yearText}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction}Z`;
}

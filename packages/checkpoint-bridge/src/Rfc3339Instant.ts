/**
 * An instant as chrono's `DateTime<Utc>` holds it, with exact nanosecond
 * precision: what {@link parseRfc3339} reads and {@link formatRfc3339} writes.
 *
 * - `seconds`: whole seconds since 1970-01-01T00:00:00Z, rounded toward −∞
 *   (chrono's `timestamp()`), a safe integer from −8,334,632,851,200
 *   (-262144-01-01T00:00:00Z) to 8,210,298,412,799 (+262143-12-31T23:59:59Z).
 * - `nanos`: nanoseconds into that second, 0 to 999,999,999 — or 1,000,000,000
 *   to 1,999,999,999 inside a leap second (`…:59:60.xxx`), which chrono
 *   represents as second 59 with an overlong fraction. Only a second whose
 *   `seconds` is 59 mod 60 can carry one.
 *
 * Epoch nanoseconds do not fit in a double, so the instant stays split in
 * two; {@link signedDurationSince} computes exact differences with BigInt.
 *
 * @example
 * ```ts
 * const r = parseRfc3339("2016-12-31T23:59:60.5Z");
 * if (r.ok) r.value; // { seconds: 1483228799, nanos: 1500000000 }
 * ```
 */
export interface Rfc3339Instant {
  /** Whole seconds since the Unix epoch, floored (the :59 second for a leap second). */
  readonly seconds: number;
  /** Nanoseconds into `seconds`: 0..999_999_999, or 1e9..1_999_999_999 in a leap second. */
  readonly nanos: number;
}

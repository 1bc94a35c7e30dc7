import { DecodeError, type DecodeResult } from "@oris/kernel-types";
import { describeValue } from "@oris/kernel-types/codec";
import { daysFromCivil, daysInMonth, MAX_DAY, MAX_YEAR, MIN_DAY, MIN_YEAR, SECONDS_PER_DAY } from "./civilDays.js";
import type { Rfc3339Instant } from "./Rfc3339Instant.js";

/*
 * A transcription of what serde does with a `DateTime<Utc>` string in chrono
 * 0.4.23: `str::parse::<DateTime<FixedOffset>>()` (src/format/parse.rs,
 * `impl FromStr for DateTime<FixedOffset>`), then `with_timezone(&Utc)`.
 *
 *   DATE_ITEMS = Numeric(Year) Space("") Literal("-") Numeric(Month) Space("") Literal("-") Numeric(Day)
 *   then the rest must start with 'T' or ' ' (else INVALID; nothing left: NOT_ENOUGH), and after it
 *   TIME_ITEMS = Numeric(Hour) Space("") Literal(":") Numeric(Minute) Space("") Literal(":")
 *                Numeric(Second) Fixed(Nanosecond) Space("") Fixed(TimezoneOffsetZ) Space("")
 *   then Parsed::to_datetime().
 *
 * Each step below names the chrono routine it mirrors. chrono scans UTF-8
 * bytes; this scans UTF-16 code units, which gives the same verdicts because
 * every byte chrono compares is ASCII (the one place where a byte count
 * matters, the two offset digits, is handled explicitly).
 */

/** chrono's `ParseError` messages (its `Display`), which serde_json reports. */
const OUT_OF_RANGE = "input is out of range";
const NOT_ENOUGH = "input is not enough for unique date and time";
const INVALID = "input contains invalid characters";
const TOO_SHORT = "premature end of input";
const TOO_LONG = "trailing input";

const EXAMPLE = 'an RFC 3339 date-time such as "2023-11-14T22:13:20Z"';

/** Why the text was refused: chrono's error, what was wanted, and where (a UTF-16 index, or -1). */
interface Failure {
  readonly chrono: string;
  readonly want: string;
  readonly at: number;
}

const I32_MIN = -2_147_483_648;
const I32_MAX = 2_147_483_647;
/** Above every i32; digit runs are accumulated up to here and then saturate. */
const SATURATED = 2 ** 32 + 1;

/** Rust's `char::is_whitespace` (Unicode White_Space), which `str::trim_start` uses. */
function isWhitespace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * Reads an RFC 3339 date-time exactly as chrono 0.4.23 does when serde
 * deserialises a `DateTime<Utc>` — same accepted texts, same rejections
 * (the error message quotes chrono's) — and returns the UTC instant.
 *
 * chrono is lenient where RFC 3339 is strict; all of these are accepted:
 * a space instead of `T`; whitespace (any Unicode White_Space) before the
 * text, after it, and around `-`, `:` and the offset; fields of 1 digit
 * (`2023-1-5T1:2:3Z`); more than 9 fractional digits (truncated); `UTC` (any
 * case) for `Z`; an offset with any run of `:`/whitespace or nothing between
 * hours and minutes (`+0530`, `+05 : 30`); a leap second `:60` at the end of
 * any minute; years outside 0000–9999 with a sign (`+12345`, `-0001`).
 * Rejected: a lowercase `t`, a missing offset, a date alone, an offset of
 * 24 hours or more, impossible dates and times, and instants outside
 * chrono's range (-262144-01-01 to +262143-12-31, in UTC).
 *
 * Never throws. On failure the error's path is `""` (the text itself);
 * re-root it with `error.under("/created_at")`.
 *
 * @param text - the string to read (a JSON string's value).
 * @returns the instant, or a DecodeError naming what was expected and chrono's own message.
 *
 * @example
 * ```ts
 * parseRfc3339("2023-11-14T22:13:20.5+01:00");
 * // { ok: true, value: { seconds: 1699996400, nanos: 500000000 } }
 * parseRfc3339("2023-11-14T22:13:20");
 * // { ok: false, error: DecodeError: (root): expected a UTC offset (Z, UTC, +hh:mm or -hh:mm) at index 19 of
 * //   an RFC 3339 date-time such as "2023-11-14T22:13:20Z" (chrono: premature end of input) (got the string "2023-11-14T22:13:20") }
 * ```
 */
export function parseRfc3339(text: string): DecodeResult<Rfc3339Instant> {
  if (typeof text !== "string") {
    return { ok: false, error: new DecodeError("", `${EXAMPLE}, as a string`, describeValue(text)) };
  }
  if (!text.isWellFormed()) {
    return {
      ok: false,
      error: new DecodeError("", `${EXAMPLE}, of valid Unicode (no lone surrogate)`, describeValue(text)),
    };
  }
  const r = scan(text);
  if ("chrono" in r) {
    const where = r.at >= 0 ? ` at index ${r.at} of ` : " in ";
    return {
      ok: false,
      error: new DecodeError("", `${r.want}${where}${EXAMPLE} (chrono: ${r.chrono})`, describeValue(text)),
    };
  }
  return { ok: true, value: r };
}

function scan(text: string): Rfc3339Instant | Failure {
  const n = text.length;
  let i = 0;
  const code = (k: number): number => (k < n ? text.charCodeAt(k) : -1);
  const fail = (chrono: string, want: string, at: number = i): Failure => ({ chrono, want, at });

  /** `Item::Space(_)` and the `trim_left()` before every `Item::Numeric`. */
  const trim = (): void => {
    while (i < n && isWhitespace(text.charCodeAt(i))) i++;
  };

  /**
   * `scan::number(s, 1, max)`: at least one ASCII digit, at most `max`; the
   * value saturates above i32 (chrono then fails with OUT_OF_RANGE either on
   * i64 overflow or in the setter, both at this point of the text).
   */
  const number = (max: number, want: string): number | Failure => {
    if (i >= n) return fail(TOO_SHORT, want);
    if (!isDigit(text.charCodeAt(i))) return fail(INVALID, want);
    let v = 0;
    let count = 0;
    while (count < max && i < n && isDigit(text.charCodeAt(i))) {
      v = Math.min(v * 10 + (text.charCodeAt(i) - 0x30), SATURATED);
      i++;
      count++;
    }
    return v;
  };

  /** `Item::Literal(lit)` for a one-character ASCII literal. */
  const literal = (lit: string, want: string): Failure | undefined => {
    if (i >= n) return fail(TOO_SHORT, want);
    if (text[i] !== lit) return fail(INVALID, want);
    i++;
    return undefined;
  };

  /** `Item::Numeric(_)` with width `width` for an unsigned field; `fieldAt` is where its digits start. */
  let fieldAt = 0;
  const unsigned = (width: number, want: string): number | Failure => {
    trim();
    fieldAt = i;
    return number(width, want);
  };

  // ---- DATE_ITEMS ----
  // Numeric(Year): width 4, signed: with an explicit sign any number of digits.
  trim();
  const yearAt = i;
  const yearWant = "a year (up to 4 digits, or a sign and any number of digits)";
  let year: number;
  const sign = code(i);
  if (sign === 0x2d /* - */ || sign === 0x2b /* + */) {
    i++;
    const v = number(Number.POSITIVE_INFINITY, yearWant);
    if (typeof v !== "number") return v;
    year = sign === 0x2d ? 0 - v : v; // 0 - v: no -0
  } else {
    const v = number(4, yearWant);
    if (typeof v !== "number") return v;
    year = v;
  }
  // Parsed::set_year: the value must fit an i32.
  if (year < I32_MIN || year > I32_MAX) return fail(OUT_OF_RANGE, `a year from ${MIN_YEAR} to ${MAX_YEAR}`, yearAt);

  trim();
  let bad = literal("-", '"-" after the year');
  if (bad !== undefined) return bad;
  const month = unsigned(2, "a month (1 or 2 digits)");
  if (typeof month !== "number") return month;
  const monthAt = fieldAt;
  trim();
  bad = literal("-", '"-" after the month');
  if (bad !== undefined) return bad;
  const day = unsigned(2, "a day (1 or 2 digits)");
  if (typeof day !== "number") return day;
  const dayAt = fieldAt;

  // The date items parsed; the rest must be 'T' or ' ' and the time.
  if (i >= n) return fail(NOT_ENOUGH, 'a time after the date ("T" or a space, then hh:mm:ss and an offset)', -1);
  const sep = text[i];
  if (sep !== "T" && sep !== " ") return fail(INVALID, '"T" (uppercase) or a space between the date and the time');
  i++;

  // ---- TIME_ITEMS ----
  const hour = unsigned(2, "an hour (1 or 2 digits)");
  if (typeof hour !== "number") return hour;
  const hourAt = fieldAt;
  trim();
  bad = literal(":", '":" after the hour');
  if (bad !== undefined) return bad;
  const minute = unsigned(2, "a minute (1 or 2 digits)");
  if (typeof minute !== "number") return minute;
  const minuteAt = fieldAt;
  trim();
  bad = literal(":", '":" after the minute');
  if (bad !== undefined) return bad;
  const second = unsigned(2, "a second (1 or 2 digits)");
  if (typeof second !== "number") return second;
  const secondAt = fieldAt;

  // Fixed(Nanosecond): only when a '.' follows at once; 1–9 digits scaled to
  // nanoseconds (scan::nanosecond), further digits skipped.
  let nanos = 0;
  if (code(i) === 0x2e /* . */) {
    i++;
    const start = i;
    const v = number(9, 'a fractional second (digits after ".")');
    if (typeof v !== "number") return v;
    nanos = v * 10 ** (9 - (i - start));
    while (i < n && isDigit(text.charCodeAt(i))) i++;
  }

  // Space, then Fixed(TimezoneOffsetZ): scan::timezone_offset_zulu(s.trim_left(), colon_or_space).
  trim();
  const offsetWant = "a UTC offset (Z, UTC, +hh:mm or -hh:mm)";
  const offsetAt = i;
  let offset: number;
  const first = code(i);
  if (first === 0x7a /* z */ || first === 0x5a /* Z */) {
    i++;
    offset = 0;
  } else if (first === 0x75 /* u */ || first === 0x55 /* U */) {
    const b = code(i + 1);
    const c = code(i + 2);
    if (b >= 0 && b < 0x80 && c >= 0 && c < 0x80 && (b | 32) === 0x74 && (c | 32) === 0x63) {
      i += 3;
      offset = 0;
    } else {
      return fail(INVALID, offsetWant);
    }
  } else {
    // scan::timezone_offset: sign, two hour digits, colon_or_space, two minute digits (00–59).
    if (first < 0) return fail(TOO_SHORT, offsetWant);
    if (first !== 0x2b && first !== 0x2d) return fail(INVALID, offsetWant);
    const negative = first === 0x2d;
    i++;
    // `digits(s)` needs two bytes of UTF-8: one ASCII character left is too short.
    const twoBytesLeft = (): boolean => n - i >= 2 || (n - i === 1 && text.charCodeAt(i) >= 0x80);
    if (!twoBytesLeft()) return fail(TOO_SHORT, "two digits of offset hours");
    const h1 = text.charCodeAt(i);
    const h2 = text.charCodeAt(i + 1);
    if (!isDigit(h1) || !isDigit(h2)) return fail(INVALID, "two digits of offset hours");
    const hours = (h1 - 0x30) * 10 + (h2 - 0x30);
    i += 2;
    // scan::colon_or_space: any run of ':' and whitespace.
    while (i < n && (text.charCodeAt(i) === 0x3a || isWhitespace(text.charCodeAt(i)))) i++;
    if (!twoBytesLeft()) return fail(TOO_SHORT, "two digits of offset minutes");
    const m1 = text.charCodeAt(i);
    const m2 = text.charCodeAt(i + 1);
    if (m1 >= 0x36 && m1 <= 0x39 && isDigit(m2)) return fail(OUT_OF_RANGE, "offset minutes from 00 to 59");
    if (!(m1 >= 0x30 && m1 <= 0x35) || !isDigit(m2)) return fail(INVALID, "two digits of offset minutes");
    const minutes = (m1 - 0x30) * 10 + (m2 - 0x30);
    i += 2;
    offset = (negative ? -1 : 1) * (hours * 3600 + minutes * 60);
  }
  trim();
  if (i < n) return fail(TOO_LONG, "nothing after the UTC offset");

  // ---- Parsed::to_datetime ----
  // to_naive_date (NaiveDate::from_ymd_opt) comes before to_naive_time.
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return fail(OUT_OF_RANGE, `a year from ${MIN_YEAR} to ${MAX_YEAR}`, yearAt);
  }
  if (month < 1 || month > 12) return fail(OUT_OF_RANGE, "a month from 1 to 12", monthAt);
  if (day < 1 || day > daysInMonth(year, month)) {
    return fail(OUT_OF_RANGE, `a day that exists in month ${month} of year ${year}`, dayAt);
  }
  if (hour > 23) return fail(OUT_OF_RANGE, "an hour from 0 to 23", hourAt);
  if (minute > 59) return fail(OUT_OF_RANGE, "a minute from 0 to 59", minuteAt);
  if (second > 60) return fail(OUT_OF_RANGE, "a second from 0 to 60 (60 only for a leap second)", secondAt);
  // FixedOffset::east_opt: strictly within ±24 hours.
  if (offset <= -SECONDS_PER_DAY || offset >= SECONDS_PER_DAY) {
    return fail(OUT_OF_RANGE, "a UTC offset of less than 24 hours", offsetAt);
  }
  // A leap second is second 59 with 1e9 extra nanoseconds; the offset moves
  // the whole seconds and keeps the fraction (add_with_leapsecond).
  const leap = second === 60;
  const local = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + (leap ? 59 : second);
  const seconds = local - offset;
  const utcDay = Math.floor(seconds / SECONDS_PER_DAY);
  if (utcDay < MIN_DAY || utcDay > MAX_DAY) {
    return fail(OUT_OF_RANGE, "an instant from -262144-01-01T00:00:00Z to +262143-12-31T23:59:60.999999999Z", -1);
  }
  return { seconds, nanos: leap ? nanos + 1_000_000_000 : nanos };
}

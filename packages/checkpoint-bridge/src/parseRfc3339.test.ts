import { describe, expect, it } from "vitest";
import { formatRfc3339, parseRfc3339 } from "./index.js";

/*
 * chrono 0.4.23's reader, case by case. Each line is a verdict read off
 * chrono's source (src/format/parse.rs, scan.rs, parsed.rs) and confirmed
 * against the real chrono (see chronoOracle.test.ts): the canonical form
 * serde writes back, or chrono's error.
 */
const OUT_OF_RANGE = "input is out of range";
const NOT_ENOUGH = "input is not enough for unique date and time";
const INVALID = "input contains invalid characters";
const TOO_SHORT = "premature end of input";
const TOO_LONG = "trailing input";

/** The canonical text for an accepted input, or `error: <chrono's message>`. */
function verdict(text: string): string {
  const r = parseRfc3339(text);
  if (r.ok) return formatRfc3339(r.value);
  const m = /\(chrono: ([^)]*)\)$/.exec(r.error.expected);
  return `error: ${m === null ? r.error.expected : m[1]}`;
}
const err = (kind: string): string => `error: ${kind}`;

const cases: ReadonlyArray<readonly [what: string, text: string, expected: string]> = [
  // The plain forms.
  ["UTC with Z", "2023-11-14T22:13:20Z", "2023-11-14T22:13:20Z"],
  ["milliseconds", "2023-11-14T22:13:20.123Z", "2023-11-14T22:13:20.123Z"],
  ["nanoseconds", "2023-11-14T22:13:20.123456789Z", "2023-11-14T22:13:20.123456789Z"],
  ["a positive offset is converted to UTC", "2023-11-14T22:13:20+05:30", "2023-11-14T16:43:20Z"],
  ["a negative offset", "2023-11-14T22:13:20-08:00", "2023-11-15T06:13:20Z"],
  ["-00:00 is UTC", "2023-11-14T22:13:20-00:00", "2023-11-14T22:13:20Z"],
  ["the largest offset, 23:59", "2023-11-14T22:13:20+23:59", "2023-11-13T22:14:20Z"],
  // Leniencies: separators and whitespace.
  ["a space instead of T", "2023-11-14 22:13:20Z", "2023-11-14T22:13:20Z"],
  ["two spaces (the hour trims the second)", "2023-11-14  22:13:20Z", "2023-11-14T22:13:20Z"],
  ["a space after T", "2023-11-14T 22:13:20Z", "2023-11-14T22:13:20Z"],
  ["leading and trailing whitespace", " \t2023-11-14T22:13:20Z\n ", "2023-11-14T22:13:20Z"],
  [
    "Unicode whitespace (NBSP, ideographic space, LINE SEPARATOR)",
    "\u00a0\u30002023-11-14T22:13:20Z\u2028",
    "2023-11-14T22:13:20Z",
  ],
  ["NEL (U+0085) is whitespace to Rust", "\u00852023-11-14T22:13:20Z", "2023-11-14T22:13:20Z"],
  ["whitespace around - and :", "2023 - 11 - 14T22 : 13 : 20Z", "2023-11-14T22:13:20Z"],
  ["whitespace before the offset", "2023-11-14T22:13:20.5 \t+01:00", "2023-11-14T21:13:20.500Z"],
  // Leniencies: digits.
  ["one-digit fields", "2023-1-5T1:2:3Z", "2023-01-05T01:02:03Z"],
  ["a two-digit year is year 23", "23-11-14T22:13:20Z", "0023-11-14T22:13:20Z"],
  ["a fraction of one digit", "2023-11-14T22:13:20.5Z", "2023-11-14T22:13:20.500Z"],
  ["a zero fraction is dropped", "2023-11-14T22:13:20.000Z", "2023-11-14T22:13:20Z"],
  ["microseconds keep 6 digits", "2023-11-14T22:13:20.000001Z", "2023-11-14T22:13:20.000001Z"],
  ["digits past the ninth are truncated", "2023-11-14T22:13:20.1234567891Z", "2023-11-14T22:13:20.123456789Z"],
  ["truncated, not rounded", "2023-11-14T22:13:20.99999999999999999999Z", "2023-11-14T22:13:20.999999999Z"],
  // Leniencies: the offset.
  ["lowercase z", "2023-11-14T22:13:20z", "2023-11-14T22:13:20Z"],
  ["UTC", "2023-11-14T22:13:20UTC", "2023-11-14T22:13:20Z"],
  ["utc in any case", "2023-11-14T22:13:20uTc", "2023-11-14T22:13:20Z"],
  ["UTC after a space", "2023-11-14T22:13:20 UTC", "2023-11-14T22:13:20Z"],
  ["no colon in the offset", "2023-11-14T22:13:20+0530", "2023-11-14T16:43:20Z"],
  ["several colons in the offset", "2023-11-14T22:13:20+05::30", "2023-11-14T16:43:20Z"],
  ["spaces in the offset", "2023-11-14T22:13:20+05 : 30", "2023-11-14T16:43:20Z"],
  ["a tab in the offset", "2023-11-14T22:13:20+05\t30", "2023-11-14T16:43:20Z"],
  // Leap seconds.
  ["a leap second", "2016-12-31T23:59:60Z", "2016-12-31T23:59:60Z"],
  ["a leap second with a fraction", "2016-12-31T23:59:60.500Z", "2016-12-31T23:59:60.500Z"],
  ["a leap second at the end of any minute", "2023-11-14T12:34:60Z", "2023-11-14T12:34:60Z"],
  ["an offset moves a leap second and keeps it", "2016-12-31T23:59:60.5+01:00", "2016-12-31T22:59:60.500Z"],
  // Years.
  ["a year past 9999 with +", "+12345-01-01T00:00:00Z", "+12345-01-01T00:00:00Z"],
  ["a negative year", "-0001-12-31T23:59:59Z", "-0001-12-31T23:59:59Z"],
  ["+ on a 4-digit year", "+2023-11-14T22:13:20Z", "2023-11-14T22:13:20Z"],
  ["-0 is year 0", "-0-01-01T00:00:00Z", "0000-01-01T00:00:00Z"],
  [
    "a signed year takes any number of leading zeros",
    "+00000000000000000000002023-11-14T22:13:20Z",
    "2023-11-14T22:13:20Z",
  ],
  ["year 0 is a leap year", "0000-02-29T00:00:00Z", "0000-02-29T00:00:00Z"],
  ["2000 is a leap year", "2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z"],
  ["-0004 is a leap year", "-0004-02-29T00:00:00Z", "-0004-02-29T00:00:00Z"],
  ["chrono's first instant", "-262144-01-01T00:00:00Z", "-262144-01-01T00:00:00Z"],
  ["chrono's last instant", "+262143-12-31T23:59:59.999999999Z", "+262143-12-31T23:59:59.999999999Z"],
  ["a leap second on chrono's last day", "+262143-12-31T23:59:60.999999999Z", "+262143-12-31T23:59:60.999999999Z"],
  ["an offset that lands on the first instant", "-262144-01-01T00:30:00+00:30", "-262144-01-01T00:00:00Z"],

  // Rejections.
  ["a lowercase t", "2023-11-14t22:13:20z", err(INVALID)],
  ["no offset", "2023-11-14T22:13:20", err(TOO_SHORT)],
  ["a date alone", "2023-11-14", err(NOT_ENOUGH)],
  ["a date and a space", "2023-11-14 ", err(TOO_SHORT)],
  ["a tab instead of T", "2023-11-14\t22:13:20Z", err(INVALID)],
  ["a space before T", "2023-11-14 T22:13:20Z", err(INVALID)],
  ["nothing at all", "", err(TOO_SHORT)],
  ["only whitespace", "   ", err(TOO_SHORT)],
  ["RFC 2822", "Tue, 14 Nov 2023 22:13:20 GMT", err(INVALID)],
  ["five digits without a sign", "12345-01-01T00:00:00Z", err(INVALID)],
  ["a space after the sign", "+ 2023-11-14T22:13:20Z", err(INVALID)],
  ["a three-digit month", "2023-011-14T22:13:20Z", err(INVALID)],
  ["full-width digits", "２０２３-11-14T22:13:20Z", err(INVALID)],
  ["a BOM is not whitespace to Rust", "\ufeff2023-11-14T22:13:20Z", err(INVALID)],
  ["a BOM after the offset", "2023-11-14T22:13:20Z\ufeff", err(TOO_LONG)],
  ["a dot without digits", "2023-11-14T22:13:20.Z", err(INVALID)],
  ["a dot at the end", "2023-11-14T22:13:20.", err(TOO_SHORT)],
  ["a comma fraction", "2023-11-14T22:13:20,5Z", err(INVALID)],
  ["a space before the dot", "2023-11-14T22:13:20 .5Z", err(INVALID)],
  ["GMT", "2023-11-14T22:13:20GMT", err(INVALID)],
  ["UT", "2023-11-14T22:13:20UT", err(INVALID)],
  ["two Zs", "2023-11-14T22:13:20ZZ", err(TOO_LONG)],
  ["offset seconds", "2023-11-14T22:13:20+05:30:00", err(TOO_LONG)],
  ["offset hours only", "2023-11-14T22:13:20+05", err(TOO_SHORT)],
  ["one digit of offset minutes", "2023-11-14T22:13:20+05:3", err(TOO_SHORT)],
  ["one digit of offset hours", "2023-11-14T22:13:20+5:30", err(INVALID)],
  ["a space after the offset sign", "2023-11-14T22:13:20+ 05:30", err(INVALID)],
  ["one ASCII character after the sign is too short", "2023-11-14T22:13:20+0", err(TOO_SHORT)],
  ["one non-ASCII character after the sign is two bytes, so invalid", "2023-11-14T22:13:20+é", err(INVALID)],
  ["a Unicode minus sign", "2023-11-14T22:13:20\u221205:30", err(INVALID)],
  ["offset minutes 60", "2023-11-14T22:13:20+05:60", err(OUT_OF_RANGE)],
  ["an offset of 24 hours", "2023-11-14T22:13:20+24:00", err(OUT_OF_RANGE)],
  ["an offset of 99 hours", "2023-11-14T22:13:20-99:59", err(OUT_OF_RANGE)],
  ["February 29 of a common year", "2023-02-29T00:00:00Z", err(OUT_OF_RANGE)],
  ["February 29, 1900", "1900-02-29T00:00:00Z", err(OUT_OF_RANGE)],
  ["February 30", "2024-02-30T00:00:00Z", err(OUT_OF_RANGE)],
  ["April 31", "2023-04-31T00:00:00Z", err(OUT_OF_RANGE)],
  ["month 0", "2023-00-10T00:00:00Z", err(OUT_OF_RANGE)],
  ["month 13", "2023-13-01T00:00:00Z", err(OUT_OF_RANGE)],
  ["day 0", "2023-11-00T00:00:00Z", err(OUT_OF_RANGE)],
  ["hour 24", "2023-11-14T24:00:00Z", err(OUT_OF_RANGE)],
  ["minute 60", "2023-11-14T23:60:00Z", err(OUT_OF_RANGE)],
  ["second 61", "2023-11-14T23:59:61Z", err(OUT_OF_RANGE)],
  ["trailing input is seen before an impossible date", "2023-02-30T00:00:00Zx", err(TOO_LONG)],
  ["before chrono's first year", "-262145-12-31T23:59:59Z", err(OUT_OF_RANGE)],
  ["after chrono's last year", "+262144-01-01T00:00:00Z", err(OUT_OF_RANGE)],
  ["an offset pushes past the last instant", "+262143-12-31T23:59:59-00:01", err(OUT_OF_RANGE)],
  ["an offset pushes before the first instant", "-262144-01-01T00:00:00+00:01", err(OUT_OF_RANGE)],
  ["a year beyond i32 (refused while reading)", "+2147483648-01-01T00:00:00Zgarbage", err(OUT_OF_RANGE)],
  ["a year within i32 but not chrono's (refused at the end)", "+300000-01-01T00:00:00Zgarbage", err(TOO_LONG)],
  ["a year beyond i64", "+9223372036854775808-01-01T00:00:00Z", err(OUT_OF_RANGE)],
];

describe("parseRfc3339", () => {
  it.each(cases)("%s: %j → %s", (_what, text, expected) => {
    expect(verdict(text)).toBe(expected);
  });

  it("refuses, where chrono panics, a leap second that an offset pushes before chrono's first day", () => {
    // chrono's range check (checked_sub_signed) lets it through, then `local - offset` overflows.
    expect(verdict("-262144-01-01T00:00:60+00:01")).toBe(err(OUT_OF_RANGE));
    expect(verdict("-262144-01-01T00:01:60+00:01")).toBe("-262144-01-01T00:00:60Z");
  });

  it("holds leap seconds as second 59 plus 1e9 nanoseconds", () => {
    expect(parseRfc3339("2016-12-31T23:59:60.5Z")).toEqual({
      ok: true,
      value: { seconds: 1_483_228_799, nanos: 1_500_000_000 },
    });
  });

  it("floors seconds before 1970 and keeps the fraction positive", () => {
    expect(parseRfc3339("1969-12-31T23:59:59.9995Z")).toEqual({ ok: true, value: { seconds: -1, nanos: 999_500_000 } });
  });

  it('reports where and what, with chrono\'s message, at path ""', () => {
    const r = parseRfc3339("2023-11-14T22:13:20");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.path).toBe("");
    expect(r.error.expected).toBe(
      'a UTC offset (Z, UTC, +hh:mm or -hh:mm) at index 19 of an RFC 3339 date-time such as "2023-11-14T22:13:20Z" (chrono: premature end of input)',
    );
    expect(r.error.got).toBe('the string "2023-11-14T22:13:20"');
    expect(r.error.under("/created_at").path).toBe("/created_at");
  });

  it("names the field that is out of range", () => {
    const r = parseRfc3339("2023-02-29T00:00:00Z");
    expect(r.ok ? "" : r.error.expected).toMatch(/^a day that exists in month 2 of year 2023 at index 8 of /);
  });

  it("refuses a string with a lone surrogate, which no Rust string can hold", () => {
    const r = parseRfc3339("2023-11-14T22:13:20Z\ud800");
    expect(r.ok ? "" : r.error.expected).toMatch(/no lone surrogate/);
  });

  it("refuses a non-string from JavaScript callers without throwing", () => {
    const r = parseRfc3339(1_700_000_000_000 as unknown as string);
    expect(r.ok ? "" : r.error.got).toBe("the number 1700000000000");
  });
});

import { describe, expect, it } from "vitest";
import { formatRfc3339, parseRfc3339, type Rfc3339Instant, timestampMillis } from "./index.js";

describe("formatRfc3339 (chrono's Debug form of DateTime<Utc>)", () => {
  it.each([
    [{ seconds: 1_700_000_000, nanos: 0 }, "2023-11-14T22:13:20Z"],
    [{ seconds: 1_700_000_000, nanos: 123_000_000 }, "2023-11-14T22:13:20.123Z"],
    [{ seconds: 1_700_000_000, nanos: 100_000_000 }, "2023-11-14T22:13:20.100Z"],
    [{ seconds: 1_700_000_000, nanos: 123_456_000 }, "2023-11-14T22:13:20.123456Z"],
    [{ seconds: 1_700_000_000, nanos: 500 }, "2023-11-14T22:13:20.000000500Z"],
    [{ seconds: 1_700_000_000, nanos: 1_000 }, "2023-11-14T22:13:20.000001Z"],
    [{ seconds: 1_700_000_000, nanos: 1 }, "2023-11-14T22:13:20.000000001Z"],
    [{ seconds: 0, nanos: 0 }, "1970-01-01T00:00:00Z"],
    [{ seconds: -1, nanos: 999_500_000 }, "1969-12-31T23:59:59.999500Z"],
    [{ seconds: 1_483_228_799, nanos: 1_000_000_000 }, "2016-12-31T23:59:60Z"],
    [{ seconds: 1_483_228_799, nanos: 1_500_000_000 }, "2016-12-31T23:59:60.500Z"],
    [{ seconds: 1_483_228_799, nanos: 1_999_999_999 }, "2016-12-31T23:59:60.999999999Z"],
    [{ seconds: 253_402_300_799, nanos: 0 }, "9999-12-31T23:59:59Z"],
    [{ seconds: 253_402_300_800, nanos: 0 }, "+10000-01-01T00:00:00Z"],
    [{ seconds: 327_403_382_400, nanos: 0 }, "+12345-01-01T00:00:00Z"],
    [{ seconds: -62_167_219_200, nanos: 0 }, "0000-01-01T00:00:00Z"],
    [{ seconds: -62_167_219_201, nanos: 0 }, "-0001-12-31T23:59:59Z"],
    [{ seconds: -62_198_755_200, nanos: 0 }, "-0001-01-01T00:00:00Z"],
    [{ seconds: -8_334_632_851_200, nanos: 0 }, "-262144-01-01T00:00:00Z"],
    [{ seconds: 8_210_298_412_799, nanos: 1_999_999_999 }, "+262143-12-31T23:59:60.999999999Z"],
  ] as const)("%j → %s", (instant, text) => {
    expect(formatRfc3339(instant)).toBe(text);
    expect(parseRfc3339(text)).toEqual({ ok: true, value: instant });
  });

  it.each([
    ["nanos of 2e9", { seconds: 1_483_228_799, nanos: 2_000_000_000 }],
    ["a leap second not at :59", { seconds: 1_483_228_798, nanos: 1_000_000_000 }],
    ["negative nanos", { seconds: 0, nanos: -1 }],
    ["fractional nanos", { seconds: 0, nanos: 0.5 }],
    ["fractional seconds", { seconds: 0.5, nanos: 0 }],
    ["before -262144-01-01", { seconds: -8_334_632_851_201, nanos: 0 }],
    ["after +262143-12-31", { seconds: 8_210_298_412_800, nanos: 0 }],
    ["NaN", { seconds: Number.NaN, nanos: 0 }],
    ["null", null],
  ])("throws a RangeError for %s", (_what, instant) => {
    expect(() => formatRfc3339(instant as unknown as Rfc3339Instant)).toThrow(RangeError);
  });
});

describe("timestampMillis (chrono's timestamp_millis)", () => {
  const ms = (text: string): number => {
    const r = parseRfc3339(text);
    if (!r.ok) throw r.error;
    return timestampMillis(r.value);
  };

  it.each([
    ["2023-11-14T22:13:20Z", 1_700_000_000_000],
    ["2023-11-14T22:13:20.123999999Z", 1_700_000_000_123],
    ["1970-01-01T00:00:00Z", 0],
    ["1969-12-31T23:59:59.9995Z", -1],
    ["1969-12-31T23:59:59.999999999Z", -1],
    ["1969-12-31T23:59:59.000000001Z", -1000],
    ["2016-12-31T23:59:60Z", 1_483_228_800_000],
    ["2016-12-31T23:59:60.5Z", 1_483_228_800_500],
    ["2017-01-01T00:00:00Z", 1_483_228_800_000],
    ["-262144-01-01T00:00:00Z", -8_334_632_851_200_000],
    ["+262143-12-31T23:59:60.999999999Z", 8_210_298_412_800_999],
  ] as const)("%s → %d", (text, expected) => {
    expect(ms(text)).toBe(expected);
    expect(Number.isSafeInteger(expected)).toBe(true);
  });

  it("throws a RangeError for an instant chrono cannot hold", () => {
    expect(() => timestampMillis({ seconds: 0, nanos: 2_000_000_000 })).toThrow(RangeError);
  });
});

import { describe, expect, it } from "vitest";
import { parseRfc3339, type Rfc3339Instant, signedDurationSince } from "./index.js";

const at = (text: string): Rfc3339Instant => {
  const r = parseRfc3339(text);
  if (!r.ok) throw r.error;
  return r.value;
};
const since = (later: string, earlier: string): bigint => signedDurationSince(at(later), at(earlier));

describe("signedDurationSince (chrono's signed_duration_since)", () => {
  it("is exact in nanoseconds where doubles are not", () => {
    expect(since("2023-11-14T22:13:20.000000001Z", "1970-01-01T00:00:00Z")).toBe(1_700_000_000_000_000_001n);
    expect(since("+262143-12-31T23:59:59.999999999Z", "-262144-01-01T00:00:00Z")).toBe(16_544_931_263_999_999_999_999n);
  });

  it("is negative when later is before earlier", () => {
    expect(since("2023-11-14T22:13:20Z", "2023-11-14T22:13:20.000500Z")).toBe(-500_000n);
  });

  it("truncates toward zero when divided into milliseconds", () => {
    expect(since("2023-11-14T22:13:20Z", "2023-11-14T22:13:20.000500Z") / 1_000_000n).toBe(0n);
    expect(since("2023-11-14T22:13:20.001999999Z", "2023-11-14T22:13:20Z") / 1_000_000n).toBe(1n);
    expect(since("1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999500Z") / 1_000_000n).toBe(0n);
    expect(since("1969-12-31T23:59:59.998Z", "1970-01-01T00:00:00.0005Z") / 1_000_000n).toBe(-2n);
  });

  describe("leap seconds (NaiveTime's adjust)", () => {
    it("counts the leap second when moving into it on the same day", () => {
      expect(since("2016-12-31T23:59:60.5Z", "2016-12-31T23:59:59Z")).toBe(1_500_000_000n);
    });
    it("counts the time from a leap second to the next day", () => {
      expect(since("2017-01-01T00:00:00.6Z", "2016-12-31T23:59:60.5Z")).toBe(100_000_000n);
    });
    it("counts a whole leap second when crossing it forward on the same day", () => {
      expect(since("2016-12-31T23:59:59Z", "2016-12-31T23:58:60.5Z")).toBe(59_500_000_000n);
      expect(since("2016-12-31T23:59:59Z", "2016-12-31T23:58:59Z")).toBe(60_000_000_000n);
    });
    it("takes one second off when the later time sits in a leap second that comes earlier in the day", () => {
      expect(since("2016-12-31T23:58:60.5Z", "2016-12-31T23:59:59Z")).toBe(-59_500_000_000n);
    });
    it("gives 0 within the same leap second", () => {
      expect(since("2016-12-31T23:59:60.5Z", "2016-12-31T23:59:60.5Z")).toBe(0n);
    });
  });

  it("throws a RangeError for an instant chrono cannot hold", () => {
    expect(() => signedDurationSince({ seconds: 0, nanos: 0 }, { seconds: 1, nanos: 1_000_000_000 })).toThrow(
      RangeError,
    );
  });
});

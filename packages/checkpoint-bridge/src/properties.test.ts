import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeExecutionCheckpointView,
  encodeExecutionCheckpointView,
  type ExecutionCheckpointView,
  formatRfc3339,
  fromCheckpointHistory,
  parseRfc3339,
  type Rfc3339Instant,
  signedDurationSince,
  timestampMillis,
} from "./index.js";

const MIN_SECONDS = -8_334_632_851_200; // -262144-01-01T00:00:00Z
const MAX_SECONDS = 8_210_298_412_799; // +262143-12-31T23:59:59Z
const RUNS = { numRuns: 2000 };

const nanosArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 999 }).map((ms) => ms * 1_000_000),
  fc.integer({ min: 1, max: 999_999 }).map((us) => us * 1_000),
  fc.integer({ min: 0, max: 999_999_999 }),
);
const secondsArb = fc.oneof(
  fc.integer({ min: MIN_SECONDS, max: MAX_SECONDS }),
  fc.integer({ min: -3_000_000_000, max: 5_000_000_000 }), // around today
  fc.integer({ min: -62_198_755_200, max: 253_402_300_800 }), // -0001 to +10000
  fc.constantFrom(MIN_SECONDS, MAX_SECONDS, -1, 0, 59, -62_167_219_201, 253_402_300_799),
);
/** Any instant chrono's DateTime<Utc> can hold, leap seconds (at :59) included. */
const instantArb: fc.Arbitrary<Rfc3339Instant> = fc
  .tuple(secondsArb, nanosArb, fc.integer({ min: 0, max: 9 }))
  .map(([seconds, nanos, coin]) =>
    coin === 0
      ? { seconds: seconds - (((seconds % 60) + 60) % 60) + 59, nanos: nanos + 1_000_000_000 }
      : { seconds, nanos },
  );
const isLeap = (i: Rfc3339Instant): boolean => i.nanos >= 1_000_000_000;

const CANONICAL = /^(?:\d{4}|[+-]\d{4,})-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3}|\.\d{6}|\.\d{9})?Z$/;

describe("RFC 3339 properties", () => {
  it("parse ∘ format is the identity on instants, leap seconds and signed years included", () => {
    fc.assert(
      fc.property(instantArb, (instant) => {
        const text = formatRfc3339(instant);
        expect(text).toMatch(CANONICAL);
        expect(parseRfc3339(text)).toEqual({ ok: true, value: instant });
      }),
      RUNS,
    );
  });

  it("formats the same calendar fields as Date (an independent calendar)", () => {
    fc.assert(
      fc.property(instantArb, (instant) => {
        const m = /^([+-]?\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)/.exec(formatRfc3339(instant));
        expect(m).not.toBeNull();
        const d = new Date(instant.seconds * 1000);
        const second = d.getUTCSeconds() + (isLeap(instant) ? 1 : 0);
        expect(m?.slice(1).map(Number)).toEqual([
          d.getUTCFullYear(),
          d.getUTCMonth() + 1,
          d.getUTCDate(),
          d.getUTCHours(),
          d.getUTCMinutes(),
          second,
        ]);
      }),
      RUNS,
    );
  });

  it("reads lenient texts (offsets, separators, whitespace, short fields, long fractions) as the right instant", () => {
    const ws = fc.constantFrom("", "", "", " ", "\t", "\u00a0", "\u3000", "  ");
    const arb = fc.record({
      year: fc.integer({ min: -200_000, max: 200_000 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      fraction: fc.string({ unit: fc.constantFrom("0", "1", "2", "5", "9"), minLength: 0, maxLength: 14 }),
      offsetMinutes: fc.integer({ min: -(24 * 60 - 1), max: 24 * 60 - 1 }),
      zulu: fc.constantFrom("Z", "z", "UTC", "utc", null),
      colon: fc.constantFrom(":", "", " ", "::", " : "),
      sep: fc.constantFrom("T", " "),
      pad: fc.boolean(),
      ws: fc.array(ws, { minLength: 10, maxLength: 10 }),
    });
    fc.assert(
      fc.property(arb, (p) => {
        const two = (v: number) => (p.pad ? String(v).padStart(2, "0") : String(v));
        const yearText =
          p.year >= 0 && p.year <= 9999 && p.pad
            ? String(p.year).padStart(4, "0")
            : `${p.year < 0 ? "-" : "+"}${Math.abs(p.year)}`;
        const offset = p.zulu !== null ? 0 : p.offsetMinutes;
        const abs = Math.abs(offset);
        const offsetText =
          p.zulu ??
          `${offset < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}${p.colon}${String(abs % 60).padStart(2, "0")}`;
        const w = p.ws;
        const text =
          `${w[0]}${yearText}${w[1]}-${w[2]}${two(p.month)}${w[3]}-${w[4]}${two(p.day)}${p.sep}${w[5]}${two(p.hour)}:${two(p.minute)}` +
          `${w[6]}:${w[7]}${two(p.second)}${p.fraction === "" ? "" : `.${p.fraction}`}${w[8]}${offsetText}${w[9]}`;
        const d = new Date(0);
        d.setUTCFullYear(p.year, p.month - 1, p.day);
        d.setUTCHours(p.hour, p.minute, p.second, 0);
        const nanos = p.fraction === "" ? 0 : Number(p.fraction.slice(0, 9).padEnd(9, "0"));
        expect(parseRfc3339(text)).toEqual({ ok: true, value: { seconds: d.getTime() / 1000 - offset * 60, nanos } });
      }),
      RUNS,
    );
  });

  it("never throws, and whatever it accepts re-reads to the same instant", () => {
    const chars = fc.constantFrom(..."0123456789-+:.TtZzUuCc \t\u00a0\u3000\ufeffé😀\ud800x6");
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.string({ unit: chars, maxLength: 40 }),
      instantArb.chain((i) =>
        fc.tuple(fc.nat(40), fc.string({ unit: chars, maxLength: 3 }), fc.nat(3)).map(([at, insert, cut]) => {
          const t = formatRfc3339(i);
          return t.slice(0, at) + insert + t.slice(at + cut);
        }),
      ),
    );
    fc.assert(
      fc.property(text, (t) => {
        const r = parseRfc3339(t);
        if (r.ok) {
          const canonical = formatRfc3339(r.value);
          expect(canonical).toMatch(CANONICAL);
          expect(parseRfc3339(canonical)).toEqual(r);
        } else {
          expect(r.error.path).toBe("");
          // chrono's own verdict, or (for a lone surrogate) serde_json's, which never reaches chrono.
          expect(r.error.expected).toMatch(t.isWellFormed() ? /\(chrono: [a-z ]+\)$/ : /no lone surrogate\)$/);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it("timestampMillis is the floor of the exact milliseconds (a leap second counts as the next second)", () => {
    fc.assert(
      fc.property(instantArb, (i) => {
        const exact = BigInt(i.seconds) * 1000n + BigInt(Math.floor(i.nanos / 1_000_000));
        expect(timestampMillis(i)).toBe(Number(exact));
        expect(Number.isSafeInteger(timestampMillis(i))).toBe(true);
      }),
      RUNS,
    );
  });

  it("signedDurationSince is the exact difference when no leap second is involved, and antisymmetric", () => {
    const plain = instantArb.filter((i) => !isLeap(i));
    fc.assert(
      fc.property(plain, plain, (a, b) => {
        const exact = (BigInt(a.seconds) - BigInt(b.seconds)) * 1_000_000_000n + BigInt(a.nanos - b.nanos);
        expect(signedDurationSince(a, b)).toBe(exact);
        expect(signedDurationSince(b, a)).toBe(-exact);
      }),
      RUNS,
    );
  });
});

describe("ExecutionCheckpointView properties", () => {
  const idArb = fc.option(fc.string({ unit: "grapheme", maxLength: 12 }), { nil: null });
  const viewArb: fc.Arbitrary<ExecutionCheckpointView> = fc.record({
    checkpoint_id: idArb,
    created_at: instantArb.map(formatRfc3339),
  });

  it("decode ∘ encode is the identity on views", () => {
    fc.assert(
      fc.property(viewArb, (view) => {
        const json = encodeExecutionCheckpointView(view);
        expect(decodeExecutionCheckpointView(JSON.parse(json))).toEqual({ ok: true, value: view });
      }),
      RUNS,
    );
  });

  it("encode ∘ decode is idempotent: decoding normalises once and for all", () => {
    const lenient = fc.record({
      checkpoint_id: idArb,
      created_at: fc
        .tuple(
          instantArb.filter((i) => !isLeap(i)),
          fc.integer({ min: -1439, max: 1439 }),
        )
        .filter(([i, off]) => i.seconds + off * 60 >= MIN_SECONDS && i.seconds + off * 60 <= MAX_SECONDS)
        .map(([i, off]) => {
          // The same instant written in another offset.
          const local = formatRfc3339({ seconds: i.seconds + off * 60, nanos: i.nanos }).slice(0, -1);
          const abs = Math.abs(off);
          return `${local}${off < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
        }),
    });
    fc.assert(
      fc.property(lenient, (raw) => {
        const once = decodeExecutionCheckpointView(raw);
        expect(once.ok).toBe(true);
        if (!once.ok) return;
        const json = encodeExecutionCheckpointView(once.value);
        expect(json).toBe(encodeExecutionCheckpointView(raw));
        const twice = decodeExecutionCheckpointView(JSON.parse(json));
        expect(twice).toEqual(once);
      }),
      RUNS,
    );
  });

  it("the decoder never throws on arbitrary JSON, __proto__ keys included, and never touches Object.prototype", () => {
    const key = fc.oneof(
      fc.constantFrom("__proto__", "created_at", "checkpoint_id", "constructor", "prototype", "toString"),
      fc.string(),
    );
    const leaf = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      instantArb.map(formatRfc3339),
      fc.constantFrom("2023-11-14T22:13:20Z", "2023-11-14", "\ud800", null),
    );
    const objectText = fc
      .array(fc.tuple(key, leaf), { maxLength: 6 })
      .map(
        (entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? "null"}`).join(",")}}`,
      );
    const text = fc.oneof(
      objectText,
      fc.jsonValue().map((v) => JSON.stringify(v) ?? "null"),
    );
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(text, (json) => {
        const value: unknown = JSON.parse(json);
        let r: ReturnType<typeof decodeExecutionCheckpointView> | undefined;
        expect(() => {
          r = decodeExecutionCheckpointView(value);
        }).not.toThrow();
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
        expect(({} as Record<string, unknown>)["created_at"]).toBeUndefined();
        if (r?.ok) {
          expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
          expect(Object.keys(r.value)).toEqual(["checkpoint_id", "created_at"]);
          expect(r.value.created_at).toMatch(CANONICAL);
        } else {
          // /0 and /1 point into serde's array form [checkpoint_id, created_at].
          expect(r?.error.path).toMatch(/^(|\/checkpoint_id|\/created_at|\/0|\/1)$/);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("fromCheckpointHistory keeps the order given and counts every checkpoint", () => {
    // Instants less than 2^53 ms apart, so that every 0.3 gap is a safe integer.
    const recent = fc.record({
      checkpoint_id: idArb,
      created_at: instantArb.filter((i) => Math.abs(i.seconds) < 4e12).map(formatRfc3339),
    });
    fc.assert(
      fc.property(fc.array(recent, { maxLength: 8 }), (history) => {
        for (const profile of ["0.2", "0.3"] as const) {
          const o = fromCheckpointHistory("run", history, { profile });
          expect(o.replay_cost).toBe(history.length === 0 ? null : history.length);
          expect(o.reasoning_timeline).toEqual(
            history.length === 0
              ? null
              : history.map(
                  (v, k) =>
                    `CheckpointSaved#${k + 1}${profile === "0.3" && v.checkpoint_id !== null ? `(${v.checkpoint_id})` : ""}`,
                ),
          );
        }
      }),
      { numRuns: 500 },
    );
  });
});

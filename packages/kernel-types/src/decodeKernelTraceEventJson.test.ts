import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeKernelTraceEvent,
  decodeKernelTraceEventJson,
  encodeKernelTraceEvent,
  type KernelTraceEvent,
} from "./index.js";

const MAX = Number.MAX_SAFE_INTEGER;

describe("decodeKernelTraceEventJson", () => {
  it("reads serde's layout, other layouts and the array form into decodeKernelTraceEvent's shape", () => {
    const line =
      '{"run_id":"r","seq":3,"step_id":"plan","action_id":null,"kind":"ActionRequested","timestamp_ms":1700000000123}';
    const r = decodeKernelTraceEventJson(line);
    expect(r.ok && Object.entries(r.value)).toEqual([
      ["run_id", "r"],
      ["seq", 3],
      ["step_id", "plan"],
      ["action_id", null],
      ["kind", "ActionRequested"],
      ["timestamp_ms", 1700000000123],
    ]);
    expect(
      decodeKernelTraceEventJson(' {"kind":"K" , "seq":1,\n"run_id":"r","x":[{"y":"\\ud800"}],"timestamp_ms":null}\r\n')
        .value,
    ).toEqual({
      run_id: "r",
      seq: 1,
      step_id: null,
      action_id: null,
      kind: "K",
    });
    expect(
      "timestamp_ms" in decodeKernelTraceEventJson('{"run_id":"r","seq":1,"kind":"K","timestamp_ms":null}').value!,
    ).toBe(false);
    expect(decodeKernelTraceEventJson('["r",1,null,"a","K",-5]').value).toEqual({
      run_id: "r",
      seq: 1,
      step_id: null,
      action_id: "a",
      kind: "K",
      timestamp_ms: -5,
    });
    expect(
      decodeKernelTraceEventJson(
        '{"run_id":"r\\u00e9\\ud83d\\ude00\\t","seq":1,"step_id":null,"action_id":null,"kind":"K"}',
      ).value?.run_id,
    ).toBe("ré😀\t");
  });

  it.each([
    ['{"run_id":"r","seq":1.0,"kind":"K"}', "/seq", "float literal 1.0", "line 1 column 23"],
    ['{"run_id":"r","seq":1e2,"kind":"K"}', "/seq", "float literal 1e2", "line 1 column 23"],
    ['{"run_id":"r","seq":1,"kind":"K","timestamp_ms":-0}', "/timestamp_ms", "float literal -0", "line 1 column 50"],
    ['{"run_id":"r","seq":1,"seq":2,"kind":"K"}', "/seq", 'a second "seq"', "line 1 column 27"],
    ['{"run_id":"r","s\\u0065q":1,"seq":2,"kind":"K"}', "/seq", 'a second "seq"', "line 1 column 32"],
    ['{"run_id":"r","seq":-1,"kind":"K"}', "/seq", "the number -1", "line 1 column 22"],
    ['{"seq":1,"kind":"K"}', "/run_id", "an object without it", "line 1 column 20"],
    ['["r",1,null,null,"K"]', "", "5 elements", "line 1 column 21"],
    ['{"run_id":"r","seq":1,"kind":"K","\\ud800":0}', "", "lone", "line 1 column 41"],
    ['{"run_id":"r","seq":1,"kind":"K"} x', "", 'the character "x"', "line 1 column 35"],
    ['{"run_id":"r","seq":1,"kind":"K","x":[1,{"a":01}]}', "/x/1/a", "leading zero", "line 1 column 47"],
  ])("refuses %s as serde does", (text, path, got, at) => {
    const r = decodeKernelTraceEventJson(text);
    expect(r.ok).toBe(false);
    expect(r.error?.path).toBe(path);
    expect(r.error?.got).toContain(got);
    expect(r.error?.got.endsWith(` at ${at}`)).toBe(true);
  });

  it.each([
    ['{"run_id":"r","seq":9007199254740992,"kind":"K"}', "/seq"],
    ['{"run_id":"r","seq":18446744073709551615,"kind":"K"}', "/seq"],
    ['{"run_id":"r","seq":1,"kind":"K","timestamp_ms":-9223372036854775808}', "/timestamp_ms"],
    ['["r",1,null,null,"K",9007199254740992]', "/5"],
  ])("refuses %s, which serde reads, because JavaScript cannot hold the integer exactly", (text, path) => {
    const r = decodeKernelTraceEventJson(text);
    expect(r.error?.path).toBe(path);
    expect(r.error?.message).toContain("cannot be held exactly in a JavaScript number");
  });

  it("gives serde's error, not the policy's, when serde refuses the text anyway", () => {
    expect(decodeKernelTraceEventJson('{"run_id":"r","seq":9007199254740992,"kind":"K","kind":"K"}').error?.path).toBe(
      "/kind",
    );
    expect(decodeKernelTraceEventJson('{"run_id":"r","seq":9007199254740992,"kind":"K"} x').error?.got).toContain(
      '"x"',
    );
  });

  it("names where a record millions of levels deep fails without keeping a level per bracket", () => {
    const head = '{"run_id":"r","seq":1,"step_id":null,"action_id":null,"kind":"K","x":';
    const r = decodeKernelTraceEventJson(`${head}${"[".repeat(2_000_000)}`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(
      /^\/x(\/0){256}\/… \(1999744 levels deeper\): expected "," or "\]" \(got the end of the text/,
    );
    const shallow = decodeKernelTraceEventJson(`${head}[[{"a":[1,{"b":"]"}, 2, x`);
    expect(shallow.ok || shallow.error.message).toMatch(/^\/x\/0\/0\/a: expected a JSON value/);
  });

  it("reads the integers at the edges of the safe range", () => {
    expect(
      decodeKernelTraceEventJson(`{"run_id":"r","seq":${MAX},"kind":"K","timestamp_ms":${-MAX}}`).value,
    ).toMatchObject({ seq: MAX, timestamp_ms: -MAX });
    expect(decodeKernelTraceEventJson(`{"run_id":"r","seq":0,"kind":"K","timestamp_ms":0}`).value).toMatchObject({
      seq: 0,
      timestamp_ms: 0,
    });
  });

  it("never throws, and refuses what is not a string", () => {
    for (const v of [undefined, null, 1, {}, []] as unknown[])
      expect(decodeKernelTraceEventJson(v as string).ok).toBe(false);
  });
});

const text = fc.string({
  unit: fc.constantFrom("a", "é", "😀", "\t", '"', "\\", "\u0000", "\u2028", "/", " ", "~", "\ud800"),
});
const event: fc.Arbitrary<KernelTraceEvent> = fc
  .record({
    run_id: text,
    seq: fc.oneof(fc.nat(), fc.integer({ min: 0, max: MAX }), fc.constantFrom(0, MAX, 2 ** 31, 2 ** 32)),
    step_id: fc.option(text),
    action_id: fc.option(text),
    kind: fc.oneof(text, fc.constantFrom("Interrupted", "Resumed", "Completed")),
    timestamp_ms: fc.option(
      fc.oneof(fc.integer(), fc.integer({ min: -MAX, max: MAX }), fc.constantFrom(-MAX, MAX, 0)),
      { nil: undefined },
    ),
  })
  .map(({ timestamp_ms, ...rest }): KernelTraceEvent =>
    timestamp_ms === undefined ? rest : { ...rest, timestamp_ms },
  );

describe("decodeKernelTraceEventJson, property tests", () => {
  it("reads back what encodeKernelTraceEvent writes of any event decodeKernelTraceEvent accepts", () => {
    fc.assert(
      fc.property(event, (e) => {
        const accepted = decodeKernelTraceEvent(e);
        if (!accepted.ok) return;
        const r = decodeKernelTraceEventJson(encodeKernelTraceEvent(accepted.value));
        expect(r.ok).toBe(true);
        expect(Object.entries(r.value!)).toEqual(Object.entries(accepted.value));
      }),
      { numRuns: 3000 },
    );
  });

  it("gives the same verdict and value through the serde-layout fast path and the general path", () => {
    fc.assert(
      fc.property(event, (e) => {
        const accepted = decodeKernelTraceEvent(e);
        if (!accepted.ok) return;
        const line = encodeKernelTraceEvent(accepted.value);
        // a leading space takes the general path
        expect(decodeKernelTraceEventJson(` ${line}`)).toEqual(decodeKernelTraceEventJson(line));
      }),
      { numRuns: 1000 },
    );
  });

  /** A JSON value shaped like an event, or not quite. */
  const field = fc.oneof(
    text,
    fc.constant(null),
    fc.integer(),
    fc.integer({ min: -(2 ** 60), max: 2 ** 60 }),
    fc.constantFrom(-0, 0.5, 1.5, 1e21, MAX, MAX + 1, -MAX - 1, 2 ** 64),
    fc.boolean(),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.dictionary(fc.constantFrom("a", "seq", "__proto__"), fc.integer(), { maxKeys: 2 }),
  );
  const shaped = fc.oneof(
    fc.record(
      {
        run_id: field,
        seq: field,
        step_id: field,
        action_id: field,
        kind: field,
        timestamp_ms: field,
        extra: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
    fc.tuple(field, field, field, field, field, field),
    fc.array(field, { maxLength: 7 }),
    fc.jsonValue({ maxDepth: 2 }),
  );

  it("agrees with JSON.parse + decodeKernelTraceEvent on JSON.stringify of any value", () => {
    fc.assert(
      fc.property(shaped, (v) => {
        const json = JSON.stringify(v);
        if (json === undefined) return;
        const ours = decodeKernelTraceEventJson(json);
        const theirs = decodeKernelTraceEvent(JSON.parse(json));
        // JSON.stringify writes no float literal for an integer, no -0 (it writes 0), no repeated key:
        // nothing the raw text shows that JSON.parse hides, except 1e21 and beyond, which serde reads as
        // floats (JSON.parse: integers past 2^53−1, refused by both).
        expect(ours.ok, `${json}: ${ours.error?.message ?? ""} / ${theirs.error?.message ?? ""}`).toBe(theirs.ok);
        if (ours.ok && theirs.ok) expect(Object.entries(ours.value)).toEqual(Object.entries(theirs.value));
      }),
      { numRuns: 5000 },
    );
  });

  it("refuses, where decodeKernelTraceEvent cannot, a float literal or a repeated field that JSON.parse hides", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom(
          (n: number) => `${n}.0`,
          (n: number) => `${n}e0`,
          (n: number) => `${n}E+0`,
          (n: number) => `${n * 10}e-1`,
        ),
        fc.constantFrom("seq", "timestamp_ms"),
        (n, float, key) => {
          const once =
            key === "seq"
              ? `{"run_id":"r","kind":"K","seq":${float(n)}}`
              : `{"run_id":"r","seq":1,"kind":"K","timestamp_ms":${float(n)}}`;
          expect(decodeKernelTraceEvent(JSON.parse(once)).ok).toBe(true);
          const r = decodeKernelTraceEventJson(once);
          expect(r.error?.path).toBe(`/${key}`);
          expect(r.error?.got).toContain("float literal");
          const twice = `{"run_id":"r","seq":1,"kind":"K","${key}":${n},"${key}":${n}}`;
          expect(decodeKernelTraceEvent(JSON.parse(twice)).ok).toBe(true);
          expect(decodeKernelTraceEventJson(twice).error?.path).toBe(`/${key}`);
        },
      ),
    );
  });
});

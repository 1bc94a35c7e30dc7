import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeKernelEventJson,
  DecodeError,
  KERNEL_EVENT_VARIANTS,
  kernelEventToTraceEvent,
  type KernelEvent,
} from "./index.js";

const ok = (text: string): KernelEvent => {
  const r = decodeKernelEventJson(text);
  if (!r.ok) throw new Error(`${JSON.stringify(text)} refused: ${r.error.message}`);
  return r.value;
};
const refused = (text: string): DecodeError => {
  const r = decodeKernelEventJson(text);
  if (r.ok) throw new Error(`${JSON.stringify(text)} accepted: ${JSON.stringify(r.value)}`);
  return r.error;
};
const payloadOf = (text: string): string => {
  const e = ok(text);
  if (typeof e === "string" || !("StateUpdated" in e)) throw new Error("not a StateUpdated");
  return e.StateUpdated.payload;
};
const nest = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

describe("decodeKernelEventJson: the event's shape", () => {
  it("reads every variant, keeping Value fields as their text", () => {
    expect(ok('{"StateUpdated":{"step_id":"plan","payload":{"n": [1, 2]}}}')).toEqual({
      StateUpdated: { step_id: "plan", payload: '{"n": [1, 2]}' },
    });
    expect(ok('{"StateUpdated":{"step_id":null,"payload":null}}')).toEqual({
      StateUpdated: { step_id: null, payload: "null" },
    });
    expect(ok('{"ActionRequested":{"action_id":"a1","payload":"x"}}')).toEqual({
      ActionRequested: { action_id: "a1", payload: '"x"' },
    });
    expect(ok('{"ActionSucceeded":{"action_id":"a1","output":-1.5e3}}')).toEqual({
      ActionSucceeded: { action_id: "a1", output: "-1.5e3" },
    });
    expect(ok('{"ActionFailed":{"action_id":"a1","error":"time\\nout"}}')).toEqual({
      ActionFailed: { action_id: "a1", error: "time\nout" },
    });
    expect(ok('{"Interrupted":{"value":true}}')).toEqual({ Interrupted: { value: "true" } });
    expect(ok('{"Resumed":{"value":[]}}')).toEqual({ Resumed: { value: "[]" } });
    expect(ok('"Completed"')).toBe("Completed");
    expect(ok('{"Completed":null}')).toBe("Completed");
  });

  it("refuses a bare struct variant name, Completed with content, unknown variants, two variants, no variant", () => {
    for (const v of KERNEL_EVENT_VARIANTS.filter((v) => v !== "Completed")) expect(refused(`"${v}"`).path).toBe("");
    expect(refused('{"Completed":{}}').path).toBe("/Completed");
    expect(refused('{"Completed":[]}').path).toBe("/Completed");
    expect(refused('"completed"').message).toContain("a variant name");
    expect(refused('{"X":{"value":1}}').path).toBe("");
    expect(refused('{"Completed":null,"Resumed":{"value":1}}').message).toContain("exactly one key");
    expect(refused("{}").path).toBe("");
    expect(refused("[]").path).toBe("");
    expect(refused("null").path).toBe("");
  });

  it("takes fields in any order, skips unknown ones, and refuses a repeated or missing one", () => {
    expect(ok('{"StateUpdated":{"payload":1,"extra":{"deep":[{}]},"step_id":"s"}}')).toEqual({
      StateUpdated: { step_id: "s", payload: "1" },
    });
    expect(ok('{"StateUpdated":{"payload":1}}')).toEqual({ StateUpdated: { step_id: null, payload: "1" } });
    expect(ok('{"StateUpdated":{"payload":1,"x":1,"x":2}}')).toEqual({ StateUpdated: { step_id: null, payload: "1" } });
    const dup = refused('{"StateUpdated":{"payload":1,"payload":2}}');
    expect([dup.path, dup.got]).toEqual(["/StateUpdated/payload", 'a second "payload" at line 1 column 38']);
    expect(refused('{"StateUpdated":{"step_id":"s"}}').message).toBe(
      '/StateUpdated: expected the field "payload" (got an object without it at line 1 column 31)',
    );
    expect(refused('{"ActionFailed":{"error":"e"}}').expected).toBe('the field "action_id"');
    expect(refused('{"Interrupted":{}}').expected).toBe('the field "value"');
  });

  it("reads field names and variant names through their escapes, as serde does", () => {
    expect(ok('{"Stat\\u0065Updated":{"step\\u005fid":"s","p\\u0061yload":1}}')).toEqual({
      StateUpdated: { step_id: "s", payload: "1" },
    });
    expect(ok('"Complet\\u0065d"')).toBe("Completed");
  });

  it("reads the array form: exactly the fields, in declaration order", () => {
    expect(ok('{"StateUpdated":["s",{"a":1}]}')).toEqual({ StateUpdated: { step_id: "s", payload: '{"a":1}' } });
    expect(ok('{"StateUpdated":[null,1]}')).toEqual({ StateUpdated: { step_id: null, payload: "1" } });
    expect(ok('{"ActionFailed":["a","e"]}')).toEqual({ ActionFailed: { action_id: "a", error: "e" } });
    // serde's derive wants every element, even of an Option field
    expect(refused('{"StateUpdated":["s"]}').message).toBe(
      "/StateUpdated: expected an array of 2 elements (step_id, payload) (got 1 element at line 1 column 21)",
    );
    expect(refused('{"StateUpdated":[null]}').got).toContain("1 element");
    expect(refused('{"StateUpdated":["s",1,2]}').got).toContain("more elements");
    expect(refused('{"StateUpdated":["s",1,]}').got).toContain("a trailing comma");
    expect(refused('{"Resumed":[]}').got).toContain("0 elements");
  });

  it("refuses wrong field types, naming the field", () => {
    expect(refused('{"StateUpdated":{"step_id":7,"payload":null}}').message).toBe(
      "/StateUpdated/step_id: expected a string or null (got the number 7 at line 1 column 28)",
    );
    expect(refused('{"ActionRequested":{"action_id":null,"payload":1}}').message).toBe(
      "/ActionRequested/action_id: expected a string (got null at line 1 column 36)",
    );
    expect(refused('{"ActionFailed":["a",["e"]]}').path).toBe("/ActionFailed/1");
    expect(refused('{"Resumed":"x"}').path).toBe("/Resumed");
  });
});

describe("decodeKernelEventJson: JSON text as serde_json reads it", () => {
  it("allows only space, tab, LF and CR as whitespace, and nothing after the event", () => {
    expect(ok(' \t\r\n{ "Resumed" :\n{ "value" : [ 1 , 2 ] } }\n')).toEqual({ Resumed: { value: "[ 1 , 2 ]" } });
    for (const w of ["\f", "\v", "\u00a0", "\ufeff", "\u2028"]) {
      expect(decodeKernelEventJson(`${w}"Completed"`).ok).toBe(false);
      expect(decodeKernelEventJson(`{"Resumed":{"value":${w}1}}`).ok).toBe(false);
    }
    expect(refused("").message).toBe(
      '(root): expected a kernel event: the string "Completed" or an object with one variant key, like {"StateUpdated":{…}} (got the end of the text at line 1 column 0)',
    );
    expect(refused('"Completed" x').message).toBe(
      '(root): expected the end of the text (only whitespace may follow the event) (got the character "x" at line 1 column 13)',
    );
    expect(refused('{"Completed":null}{}').path).toBe("");
  });

  it("checks strings as a Rust String holds them: no raw control character, known escapes, paired surrogates", () => {
    expect(payloadOf('{"StateUpdated":{"payload":"\\ud83d\\ude00 \\u00e9 \\/ \\b\\f\\n\\r\\t \u007f \u2028"}}')).toBe(
      '"\\ud83d\\ude00 \\u00e9 \\/ \\b\\f\\n\\r\\t \u007f \u2028"',
    );
    expect(refused('{"StateUpdated":{"payload":"a\u0001"}}').message).toBe(
      "/StateUpdated/payload: expected a string without raw control characters (U+0000 to U+001F must be escaped) (got the control character U+0001 at line 1 column 30)",
    );
    expect(refused('{"StateUpdated":{"payload":"\\x"}}').path).toBe("/StateUpdated/payload");
    for (const s of ["\\ud800", "\\udc00", "\\ud800\\u0041", "\\ud800x", "\\udc00\\ud800", "\\ud800\\n"]) {
      expect(refused(`{"StateUpdated":{"payload":["${s}"]}}`).path).toBe("/StateUpdated/payload/0");
      expect(refused(`{"StateUpdated":{"step_id":"${s}","payload":1}}`).path).toBe("/StateUpdated/step_id");
      expect(refused(`{"StateUpdated":{"payload":{"${s}":1}}}`).path).toBe("/StateUpdated/payload");
    }
  });

  it("only checks the syntax of an unknown field's value: lone surrogate escapes, huge numbers and any nesting pass", () => {
    for (const v of [
      '"\\ud800"',
      '"\\udc00\\ud800"',
      "1e400",
      "-1" + "0".repeat(400),
      nest(100_000),
      '{"\\ud800":1}',
    ]) {
      expect(ok(`{"Resumed":{"value":1,"x":${v}}}`)).toEqual({ Resumed: { value: "1" } });
    }
    for (const v of ['"\u0001"', '"\\x"', "01", "1.", "[1,]", '{"a":1,}', "nul", nest(100_000).slice(1)]) {
      expect(decodeKernelEventJson(`{"Resumed":{"value":1,"x":${v}}}`).ok).toBe(false);
    }
    // an unknown *field name* is still read into a String, so it must be valid Unicode
    expect(refused('{"Resumed":{"value":1,"\\ud800":1}}').path).toBe("/Resumed");
  });

  it("refuses a raw lone surrogate anywhere (no Rust string can hold it)", () => {
    for (const text of [
      '"Completed\ud800"',
      '{"Resumed":{"value":"\udc00"}}',
      '{"Resumed":{"value":1,"x":"\ud800"}}',
      '{"Resumed":{"value":1}}\ud800',
      '{"Resumed":{"value":"\ud83d"}}',
    ]) {
      expect(decodeKernelEventJson(text).ok).toBe(false);
    }
    expect(refused('{"Resumed":{"value":"a\ud800b"}}').got).toBe("the lone surrogate U+D800 at line 1 column 23");
    expect(ok('{"Resumed":{"value":"\ud83d\ude00"}}')).toEqual({ Resumed: { value: '"😀"' } });
  });

  it("reads numbers by the JSON grammar, and refuses in a payload a float that overflows an f64", () => {
    for (const n of [
      "0",
      "-0",
      "1",
      "-1.5",
      "1e5",
      "1E+5",
      "1e-5",
      "0.0",
      "18446744073709551616",
      "1e-400",
      "1" + "0".repeat(308),
      "0e99999999999",
    ]) {
      expect(payloadOf(`{"StateUpdated":{"payload":${n}}}`)).toBe(n);
    }
    for (const n of ["01", "-", "+1", ".5", "1.", "1e", "1e+", "--1", "0x1", "NaN", "Infinity"]) {
      expect(decodeKernelEventJson(`{"StateUpdated":{"payload":${n}}}`).ok).toBe(false);
    }
    for (const n of ["1e400", "-1e309", "1.7976931348623159e308", "1" + "0".repeat(309), "1e2147483648"]) {
      const e = refused(`{"StateUpdated":{"payload":[${n}]}}`);
      expect([e.path, e.expected]).toEqual([
        "/StateUpdated/payload/0",
        "a number within the range of an f64 (serde_json refuses one that overflows it)",
      ]);
    }
    expect(payloadOf('{"StateUpdated":{"payload":1.7976931348623157e308}}')).toBe("1.7976931348623157e308");
  });

  it("refuses, as serde_json 1.0.87 does, 20-digit integers past u64::MAX with a one-digit fraction", () => {
    // parse_long_integer drops the 20th digit and parse_decimal takes the fraction digit back,
    // which leaves the decimal exponent at 0: serde takes that for "no digit after the point".
    for (const n of ["18446744073709551616.0", "18446744073709551619.5", "-18446744073709551617.3e2"]) {
      expect(refused(`{"StateUpdated":{"payload":${n}}}`).expected).toContain("a JSON number");
    }
    for (const n of [
      "18446744073709551615.5",
      "18446744073709551619.55",
      "18446744073709551619.6",
      "99999999999999999999.5",
      "184467440737095516190.5",
    ]) {
      expect(payloadOf(`{"StateUpdated":{"payload":${n}}}`)).toBe(n);
    }
    // an ignored value only checks the grammar
    expect(ok('{"Resumed":{"value":1,"x":18446744073709551619.5}}')).toEqual({ Resumed: { value: "1" } });
  });

  it("accepts, as serde_json 1.0.87 does, an integer part past u64::MAX with no digit after the point", () => {
    // the same check (a decimal exponent of 0) misses a point with no digit when digits were dropped
    for (const n of [
      "100000000000000000000.",
      "18446744073709551616.",
      "-99999999999999999999.",
      "100000000000000000000.e5",
      "1" + "0".repeat(300) + ".",
    ]) {
      expect(payloadOf(`{"StateUpdated":{"payload":${n}}}`)).toBe(n);
    }
    for (const n of [
      "18446744073709551615.",
      "12345678901234567890.",
      "1.",
      "0.",
      "100000000000000000000.e",
      "18446744073709551616..",
    ]) {
      expect(decodeKernelEventJson(`{"StateUpdated":{"payload":${n}}}`).ok).toBe(false);
    }
    // not in an ignored value, whose grammar is JSON's
    expect(decodeKernelEventJson('{"Resumed":{"value":1,"x":100000000000000000000.}}').ok).toBe(false);
    // the raw text is kept as it is, so JSON.parse refuses it
    expect(() => JSON.parse(payloadOf('{"StateUpdated":{"payload":[100000000000000000000.]}}'))).toThrow(SyntaxError);
  });

  it("accepts a payload nested 125 deep and refuses 126 (serde_json's recursion limit of 128, less the event's two levels)", () => {
    for (const wrap of [
      (p: string) => `{"StateUpdated":{"payload":${p}}}`,
      (p: string) => `{"StateUpdated":[null,${p}]}`,
      (p: string) => `{"Interrupted":{"value":${p}}}`,
    ]) {
      expect(decodeKernelEventJson(wrap(nest(125))).ok).toBe(true);
      expect(decodeKernelEventJson(wrap('{"a":'.repeat(125) + "1" + "}".repeat(125))).ok).toBe(true);
      const e = refused(wrap(nest(126)));
      expect(e.expected).toBe("at most 125 nested arrays or objects in a payload (serde_json's recursion limit)");
    }
    expect(refused(`{"StateUpdated":{"payload":${nest(126)}}}`).got).toBe("a 126th level at line 1 column 153");
  });

  it("keeps the last of repeated keys inside a payload, as serde_json::Value does (the text is kept as it is)", () => {
    expect(payloadOf('{"StateUpdated":{"payload":{"a":1,"a":2}}}')).toBe('{"a":1,"a":2}');
  });

  it("points into the payload and gives serde's line and column (UTF-8 bytes)", () => {
    const e = refused('{"ActionRequested":{"action_id":"é",\n  "payload":{"items":[1,{"k/~":[1e400]}]}}}');
    expect(e.path).toBe("/ActionRequested/payload/items/1/k~1~0/0");
    expect(e.got).toBe("the number 1e400 at line 2 column 37");
    expect(refused('{"StateUpdated":{"step_id":"😀é","payload":\u0001}}').got).toBe(
      "the control character U+0001 at line 1 column 47",
    );
    expect(refused('{"Resumed":{"value":"a😀\u0001b"}}').got).toBe("the control character U+0001 at line 1 column 27");
    expect(refused('{"StateUpdated":{"payload":1,"other":{"a":[nul]}}}').path).toBe("/StateUpdated/other/a/0");
  });

  it("never throws, whatever it is given", () => {
    expect(decodeKernelEventJson(undefined as unknown as string).error?.message).toBe(
      "(root): expected JSON text (a string) (got undefined)",
    );
    expect(decodeKernelEventJson(42 as unknown as string).ok).toBe(false);
  });
});

// ---- properties ----

/** JSON values with strings of any Unicode (well-formed). */
const jsonValue = fc.jsonValue({ stringUnit: "binary", maxDepth: 6 });
const rustString = fc.string({ unit: "binary" });

/** JSON text written as other writers might: whitespace, escapes, exponents. */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => {
  const ws = fc.constantFrom("", "", "", " ", "\n", "\t", "\r\n ");
  const str = fc
    .array(
      fc.oneof(
        fc.string({ unit: "binary", maxLength: 4 }).map((s) => JSON.stringify(s).slice(1, -1)),
        fc.constantFrom(
          "\\n",
          "\\t",
          "\\/",
          "\\\\",
          '\\"',
          "\\b",
          "\\f",
          "\\r",
          "\\u0000",
          "\\u00E9",
          "\\ud83d\\ude00",
          "\\uD83D\\uDE00",
          "\\u2028",
        ),
      ),
      { maxLength: 4 },
    )
    .map((parts) => `"${parts.join("")}"`);
  const num = fc.oneof(
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
    fc
      .tuple(fc.integer({ min: -99, max: 99 }), fc.nat(999), fc.constantFrom("e", "E", "e+", "e-", "E-"), fc.nat(300))
      .map(([i, f, e, x]) => `${i}.${f}${e}${x}`),
  );
  return {
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom("null", "true", "false"),
      num,
      str,
      fc
        .array(fc.tuple(ws, tie("value"), ws), { maxLength: 4 })
        .map((xs) => `[${xs.map(([a, v, b]) => a + v + b).join(",")}]`),
      fc
        .array(fc.tuple(ws, str, ws, ws, tie("value"), ws), { maxLength: 4 })
        .map((xs) => `{${xs.map(([a, k, b, c, v, d]) => a + k + b + ":" + c + v + d).join(",")}}`),
    ),
  };
}).value;

describe("decodeKernelEventJson: properties", () => {
  it("round-trips any JSON value's text as the payload, and any string as step_id", () => {
    fc.assert(
      fc.property(jsonValue, fc.option(rustString), (v, s) => {
        const payload = JSON.stringify(v);
        const e = ok(JSON.stringify({ StateUpdated: { step_id: s, payload: v } }));
        expect(e).toEqual({ StateUpdated: { step_id: s, payload } });
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps a payload's text exactly as written (whitespace, escapes, number forms), in every field and form", () => {
    fc.assert(
      fc.property(jsonText, fc.constantFrom("", " ", "\n\t"), fc.nat(4), (t, w, form) => {
        expect(JSON.parse(t)).toBeDefined();
        const text = [
          `{"StateUpdated":{"payload":${w}${t}${w},"step_id":null}}`,
          `{"ActionRequested":[${w}"a",${w}${t}${w}]}`,
          `{"ActionSucceeded":{"output":${w}${t}${w},"action_id":"a","x":${t}}}`,
          `{"Interrupted":{"value":${w}${t}${w}}}`,
          `${w}{${w}"Resumed"${w}:${w}[${w}${t}${w}]${w}}${w}`,
        ][form]!;
        const e = ok(text);
        const raw =
          typeof e === "string"
            ? undefined
            : Object.values(Object.values(e)[0] as Record<string, string>).find((x) => x !== "a" && x !== null);
        expect(raw).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with a model built on JSON.parse for event-shaped JSON (no repeated keys, no huge numbers)", () => {
    const fieldNames = ["step_id", "payload", "action_id", "output", "error", "value", "other"];
    const scalar = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ unit: "binary", maxLength: 6 }));
    const fieldValue = fc.oneof(scalar, jsonValue);
    const content = fc.oneof(
      scalar,
      fc.array(fieldValue, { maxLength: 3 }),
      fc.dictionary(fc.constantFrom(...fieldNames), fieldValue, { maxKeys: 4 }),
    );
    const event = fc.oneof(
      fc.constantFrom<unknown>("Completed", "Resumed", "other", 1, null, []),
      fc.dictionary(fc.constantFrom<string>(...KERNEL_EVENT_VARIANTS, "Other"), content, { minKeys: 0, maxKeys: 2 }),
    );
    fc.assert(
      fc.property(event, fc.boolean(), (v, pretty) => {
        const text = pretty ? JSON.stringify(v, null, 2) : JSON.stringify(v);
        const r = decodeKernelEventJson(text);
        const expected = model(v);
        if (expected === null) expect(r.ok).toBe(false);
        else {
          expect(r.ok).toBe(true);
          const t = kernelEventToTraceEvent(r.value!, "r", 1);
          expect([t.kind, t.step_id, t.action_id]).toEqual(expected);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("never throws, and refuses with a DecodeError, on arbitrary and mutated text", () => {
    const anyChar = fc.oneof(
      fc.constantFrom(
        ...'{}[]":,\\ \n\t0123456789-+.eEnultrfasx',
        "\\u",
        "\\ud800",
        "\u0000",
        "\ud800",
        "\udc00",
        "😀",
        "é",
      ),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    );
    const mutated = fc
      .tuple(
        fc.constantFrom<string>(
          '{"StateUpdated":{"step_id":"s","payload":{"a":[1,2.5e3,"x\\n"]}}}',
          '{"ActionFailed":["a","e"]}',
          '"Completed"',
          '{"Resumed":{"value":[[{"k":null}]],"x":[1,{}]}}',
        ),
        fc.array(fc.tuple(fc.nat(80), fc.nat(3), fc.string({ unit: anyChar, maxLength: 3 })), { maxLength: 4 }),
      )
      .map(([t, edits]) =>
        edits.reduce(
          (s: string, [at, del, ins]) => s.slice(0, at % (s.length + 1)) + ins + s.slice((at % (s.length + 1)) + del),
          t,
        ),
      );
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: anyChar, maxLength: 40 }), mutated), (text) => {
        const r = decodeKernelEventJson(text);
        if (!r.ok) {
          expect(r.error).toBeInstanceOf(DecodeError);
          expect(r.error.message).toMatch(/ at line \d+ column \d+\)$/);
        } else expect(text.isWellFormed()).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

/** What serde makes of a parsed event-shaped value: [kind, step_id, action_id], or null when it refuses it. */
function model(v: unknown): [string, string | null, string | null] | null {
  if (v === "Completed") return ["Completed", null, null];
  if (v === null || typeof v !== "object" || Array.isArray(v)) return null;
  const keys = Object.keys(v);
  if (keys.length !== 1) return null;
  const name = keys[0]!;
  const content = (v as Record<string, unknown>)[name];
  if (name === "Completed") return content === null ? ["Completed", null, null] : null;
  const fields: Record<string, string[]> = {
    StateUpdated: ["step_id", "payload"],
    ActionRequested: ["action_id", "payload"],
    ActionSucceeded: ["action_id", "output"],
    ActionFailed: ["action_id", "error"],
    Interrupted: ["value"],
    Resumed: ["value"],
  };
  const names = fields[name];
  if (names === undefined || content === null || typeof content !== "object") return null;
  let values: Record<string, unknown>;
  if (Array.isArray(content)) {
    if (content.length !== names.length) return null;
    values = Object.fromEntries(names.map((n, k) => [n, content[k]]));
  } else values = content as Record<string, unknown>;
  const has = (n: string) => Object.prototype.hasOwnProperty.call(values, n);
  for (const n of names) if (!has(n) && n !== "step_id") return null;
  const stepId = has("step_id") ? values["step_id"] : null;
  if (name === "StateUpdated" && stepId !== null && typeof stepId !== "string") return null;
  if (names.includes("action_id") && typeof values["action_id"] !== "string") return null;
  if (name === "ActionFailed" && typeof values["error"] !== "string") return null;
  return [
    name,
    name === "StateUpdated" ? (stepId as string | null) : null,
    names.includes("action_id") ? (values["action_id"] as string) : null,
  ];
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deviationOf, traceCases, wireCases } from "../../../fixtures/conformance.js";
import {
  decodeKernelEventJson,
  decodeKernelTraceEvent,
  decodeKernelTraceEventJson,
  encodeKernelTraceEvent,
  isDecodeError,
  type KernelTraceEvent,
} from "./index.js";

const cases = wireCases("KernelTraceEvent");

describe("decodeKernelTraceEvent against serde's verdicts (wire.json)", () => {
  it("has the vectors", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });
  for (const c of cases.filter((c) => deviationOf(c) === null)) {
    it(`${c.serde.ok ? "accepts" : "rejects"} ${c.json}`, () => {
      const r = decodeKernelTraceEvent(JSON.parse(c.json));
      expect(r.ok).toBe(c.serde.ok);
      if (r.ok) expect(encodeKernelTraceEvent(r.value)).toBe(c.serde.canonical);
      else expect(isDecodeError(r.error)).toBe(true);
    });
  }
});

describe("documented differences from serde", () => {
  it("refuses integers past 2^53−1, which JSON.parse has already rounded", () => {
    const c = cases.find((c) => deviationOf(c) === "beyond-safe-integer");
    expect(c?.serde.ok).toBe(true);
    const r = decodeKernelTraceEvent(JSON.parse(c!.json));
    expect(r.ok).toBe(false);
    expect(r.error?.path).toBe("/seq");
    expect(r.error?.message).toContain("2^53−1");
  });
  it("accepts 1.0 and 1e2 for integers, which JSON.parse turns into 1 and 100", () => {
    const found = cases.filter((c) => deviationOf(c) === "float-syntax-integer");
    expect(found.map((c) => c.json)).toEqual([
      '{"run_id":"r","seq":1.0,"kind":"K"}',
      '{"run_id":"r","seq":1e2,"kind":"K"}',
    ]);
    expect(found.map((c) => decodeKernelTraceEvent(JSON.parse(c.json)).value?.seq)).toEqual([1, 100]);
  });
  it("takes the last of duplicate keys, as JSON.parse does", () => {
    const c = cases.find((c) => deviationOf(c) === "duplicate-key");
    expect(c?.serde.ok).toBe(false);
    expect(decodeKernelTraceEvent(JSON.parse(c!.json)).value?.seq).toBe(2);
  });
  it("ignores a __proto__ key like any unknown key, as serde does, without touching prototypes", () => {
    const c = cases.find((c) => c.json.includes("__proto__"));
    const r = decodeKernelTraceEvent(JSON.parse(c!.json));
    expect(r.ok).toBe(true);
    expect(encodeKernelTraceEvent(r.value!)).toBe(c!.serde.canonical);
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
    expect(Object.keys(r.value!)).not.toContain("__proto__");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("decoder errors name the place and the expectation", () => {
  const error = (value: unknown) => {
    const r = decodeKernelTraceEvent(value);
    if (r.ok) throw new Error("expected a failure");
    return r.error;
  };
  it("a missing key", () => {
    const e = error({ run_id: "r", seq: 1 });
    expect([e.path, e.expected, e.got]).toEqual(["/kind", "a string", "nothing: the key is missing"]);
    expect(e.message).toBe("/kind: expected a string (got nothing: the key is missing)");
  });
  it("a wrong type", () => {
    const e = error({ run_id: "r", seq: "1", kind: "K" });
    expect([e.path, e.expected, e.got]).toEqual(["/seq", "an integer from 0 to 9007199254740991", 'the string "1"']);
  });
  it("a negative u64 and an out-of-range i64", () => {
    expect(error({ run_id: "r", seq: -1, kind: "K" }).path).toBe("/seq");
    const e = error({ run_id: "r", seq: 1, kind: "K", timestamp_ms: -(2 ** 60) });
    expect(e.path).toBe("/timestamp_ms");
    expect(e.expected).toContain("an integer from -9007199254740991 to 9007199254740991 or null");
  });
  it("the whole value", () => {
    const e = error("event");
    expect([e.path, e.expected, e.got]).toEqual(["", "an object", 'the string "event"']);
    expect(e.message).toBe('(root): expected an object (got the string "event")');
  });
  it("a lone surrogate, which serde_json refuses to read", () => {
    const e = error(JSON.parse('{"run_id":"r","seq":1,"kind":"\\ud800"}'));
    expect(e.path).toBe("/kind");
    expect(e.expected).toContain("lone surrogate");
  });
});

describe("encodeKernelTraceEvent", () => {
  it("writes every conformance trace event as serde_json does", () => {
    let n = 0;
    for (const c of traceCases()) {
      c.trace_ndjson.forEach((line) => {
        const r = decodeKernelTraceEvent(JSON.parse(line));
        expect(r.ok).toBe(true);
        expect(encodeKernelTraceEvent(r.value!)).toBe(line);
        n++;
      });
    }
    expect(n).toBeGreaterThan(1000);
  });
  it("refuses values the Rust side could not read back", () => {
    const base: KernelTraceEvent = { run_id: "r", seq: 1, step_id: null, action_id: null, kind: "K" };
    expect(() => encodeKernelTraceEvent({ ...base, seq: 2 ** 53 })).toThrow(/\/seq: expected an integer from 0 to/);
    expect(() => encodeKernelTraceEvent({ ...base, seq: 1.5 })).toThrow(/\/seq/);
    expect(() => encodeKernelTraceEvent({ ...base, timestamp_ms: Number.NaN })).toThrow(/\/timestamp_ms/);
    expect(() => encodeKernelTraceEvent({ ...base, step_id: "\udc00" })).toThrow(
      /\/step_id: expected a string of well-formed/,
    );
    expect(() => encodeKernelTraceEvent({ ...base, kind: 5 as unknown as string })).toThrow(
      expect.objectContaining({ name: "EncodeError", path: "/kind", code: "ORIS_ENCODE_ERROR" }),
    );
  });
  it("writes long strings (written without JSON.stringify when nothing needs escaping) byte for byte as JSON.stringify", () => {
    const plain = "é\u2028\u007f𝄞x".repeat(1000); // 6,000 code units, nothing to escape
    for (const long of [
      plain,
      `${plain}"`,
      `\\${plain}`,
      `${plain}\n`,
      `${plain}\u001f`,
      "x".repeat(4095),
      "x".repeat(4096),
    ]) {
      const event: KernelTraceEvent = { run_id: long, seq: 1, step_id: long, action_id: null, kind: "K" };
      const json = encodeKernelTraceEvent(event);
      expect(json).toBe(
        `{"run_id":${JSON.stringify(long)},"seq":1,"step_id":${JSON.stringify(long)},"action_id":null,"kind":"K"}`,
      );
      expect(decodeKernelTraceEvent(JSON.parse(json)).value).toStrictEqual(event);
    }
    expect(() =>
      encodeKernelTraceEvent({ run_id: `${plain}\ud800`, seq: 1, step_id: null, action_id: null, kind: "K" }),
    ).toThrow(/^cannot encode \/run_id: expected a string of well-formed UTF-16/);
  });
  it("leaves out unknown properties and an absent timestamp", () => {
    const event = { run_id: "r", seq: 3, step_id: "s", action_id: null, kind: "K", extra: 1 } as KernelTraceEvent;
    expect(encodeKernelTraceEvent(event)).toBe('{"run_id":"r","seq":3,"step_id":"s","action_id":null,"kind":"K"}');
  });
});

/** Arbitrary well-formed strings, including control characters, quotes and astral characters. */
const text = fc.string({ unit: "grapheme", maxLength: 12 });
const eventArb: fc.Arbitrary<KernelTraceEvent> = fc
  .record({
    run_id: text,
    seq: fc.maxSafeNat(),
    step_id: fc.option(text, { nil: null }),
    action_id: fc.option(text, { nil: null }),
    kind: fc.oneof(fc.constantFrom("Interrupted", "Resumed", "Completed"), text),
    timestamp_ms: fc.option(fc.maxSafeInteger(), { nil: undefined }),
  })
  .map(({ timestamp_ms, ...rest }) => (timestamp_ms === undefined ? rest : { ...rest, timestamp_ms }));

describe("properties", () => {
  it("decode ∘ encode is the identity", () => {
    fc.assert(
      fc.property(eventArb, (event) => {
        const r = decodeKernelTraceEvent(JSON.parse(encodeKernelTraceEvent(event)));
        expect(r.ok).toBe(true);
        expect(r.value).toStrictEqual(event);
      }),
    );
  });
  it("never throws on any JSON value, __proto__ keys included, and never touches Object.prototype", () => {
    const protoKeyed = fc
      .tuple(fc.jsonValue(), eventArb)
      .map(
        ([v, e]) => JSON.parse(`{"__proto__":${JSON.stringify(v)},${encodeKernelTraceEvent(e).slice(1)}`) as unknown,
      );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          protoKeyed,
          eventArb.map((e) => ({ ...e, seq: -e.seq - 1 })),
        ),
        (value) => {
          const r = decodeKernelTraceEvent(value);
          expect(typeof r.ok).toBe("boolean");
          if (!r.ok) expect(isDecodeError(r.error)).toBe(true);
          expect(Object.keys(Object.prototype)).toEqual([]);
        },
      ),
    );
  });
});

describe("serde's array form of the struct", () => {
  it("reads exactly six elements in field order, as serde's derive does", () => {
    const r = decodeKernelTraceEvent(JSON.parse('["r",7,null,"a1","Resumed",1700000000000]'));
    expect(r.ok && encodeKernelTraceEvent(r.value)).toBe(
      '{"run_id":"r","seq":7,"step_id":null,"action_id":"a1","kind":"Resumed","timestamp_ms":1700000000000}',
    );
    expect(decodeKernelTraceEvent(["r", 7, null, null, "K", null]).value).toStrictEqual({
      run_id: "r",
      seq: 7,
      step_id: null,
      action_id: null,
      kind: "K",
    });
  });
  it("refuses any other length (serde: invalid length), pointing at the whole value", () => {
    for (const doc of [[], ["r", 1, null, null, "K"], ["r", 1, null, null, "K", null, 1]]) {
      const r = decodeKernelTraceEvent(doc);
      expect(r.error?.path).toBe("");
      expect(r.error?.expected).toBe(
        "an object, or serde's array form of the struct: 6 elements [run_id, seq, step_id, action_id, kind, timestamp_ms]",
      );
    }
  });
  it("points into the array when an element is wrong", () => {
    expect(decodeKernelTraceEvent(["r", -1, null, null, "K", null]).error?.path).toBe("/1");
    expect(decodeKernelTraceEvent(["r", 1, null, null, 5, null]).error?.message).toBe(
      "/4: expected a string (got the number 5)",
    );
  });
});

describe("inherited properties are never read", () => {
  it("a required key only inherited from a prototype is missing", () => {
    const value = Object.assign(Object.create({ kind: "Interrupted" }) as object, { run_id: "r", seq: 1 });
    expect(decodeKernelTraceEvent(value).error?.message).toBe(
      "/kind: expected a string (got nothing: the key is missing)",
    );
  });
  it("even when Object.prototype itself has been polluted by someone else", () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto["kind"] = "Injected";
    proto["step_id"] = "injected";
    try {
      const r = decodeKernelTraceEvent(JSON.parse('{"run_id":"r","seq":1}'));
      expect(r.error?.path).toBe("/kind");
      const ok = decodeKernelTraceEvent(JSON.parse('{"run_id":"r","seq":1,"kind":"K"}'));
      expect(ok.value?.step_id).toBeNull();
    } finally {
      delete proto["kind"];
      delete proto["step_id"];
    }
  });
});

describe("-0, which serde_json reads as a float", () => {
  it("is refused for seq and timestamp_ms, as serde refuses it", () => {
    expect(decodeKernelTraceEvent(JSON.parse('{"run_id":"r","seq":-0,"kind":"K"}')).error?.message).toBe(
      "/seq: expected an integer (serde_json reads -0 as a float and refuses it here) (got -0)",
    );
    expect(
      decodeKernelTraceEvent(JSON.parse('{"run_id":"r","seq":0,"kind":"K","timestamp_ms":-0.0}')).error?.path,
    ).toBe("/timestamp_ms");
    expect(decodeKernelTraceEvent(JSON.parse('{"run_id":"r","seq":0,"kind":"K","timestamp_ms":0}')).ok).toBe(true);
  });
});

describe("values that throw while they are read (never parsed JSON) are refused, never thrown", () => {
  const READABLE = "a value that can be read without an exception, as parsed JSON always can";
  const gone = () => {
    throw new Error("gone");
  };
  const valid = { run_id: "r", seq: 1, step_id: null, action_id: null, kind: "K" };
  const refusal = (value: unknown) => {
    let r: ReturnType<typeof decodeKernelTraceEvent> | undefined;
    expect(() => (r = decodeKernelTraceEvent(value))).not.toThrow();
    expect(r?.ok).toBe(false);
    expect(isDecodeError(r?.error)).toBe(true);
    return r!.error!;
  };
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };

  it("a throwing getter, pointing at its key", () => {
    const e = refusal({
      run_id: "r",
      kind: "K",
      get seq() {
        return gone();
      },
    });
    expect(e.message).toBe(`/seq: expected ${READABLE} (got an exception while reading it: Error: gone)`);
    expect(e.expected).toBe(READABLE);
    expect(
      refusal({
        ...valid,
        get timestamp_ms() {
          return gone();
        },
      }).path,
    ).toBe("/timestamp_ms");
  });
  it("a throwing getter of an element of the array form, pointing at the element", () => {
    const doc: unknown[] = ["r", 1, null, null, "K", null];
    Object.defineProperty(doc, 4, { get: gone });
    expect(refusal(doc).message).toBe(`/4: expected ${READABLE} (got an exception while reading it: Error: gone)`);
  });
  it("a revoked Proxy, as the value and as an element of the array form", () => {
    expect(refusal(revoked()).message).toBe(
      `(root): expected ${READABLE} (got an exception while checking whether it is an array: TypeError: Cannot perform 'IsArray' on a proxy that has been revoked)`,
    );
    const e = refusal(["r", 1, revoked(), null, "K", null]);
    expect(e.path).toBe("/2");
    expect(e.got).toMatch(/^an exception while checking whether it is an array: TypeError: .*revoked/);
  });
  it("a Proxy whose get trap throws for one key", () => {
    const proxy = new Proxy(valid, { get: (t, k, r) => (k === "kind" ? gone() : Reflect.get(t, k, r)) });
    expect(refusal(proxy).message).toBe(`/kind: expected ${READABLE} (got an exception while reading it: Error: gone)`);
  });
  it("a Proxy whose getOwnPropertyDescriptor trap throws (the decoder checks that keys are the value's own)", () => {
    const proxy = new Proxy(valid, { getOwnPropertyDescriptor: () => gone() });
    expect(refusal(proxy).message).toBe(
      `/run_id: expected ${READABLE} (got an exception while checking whether the key is there: Error: gone)`,
    );
  });
  it("a Proxy whose ownKeys or has trap throws is decoded: the decoder never lists keys or uses `in`", () => {
    for (const trap of ["ownKeys", "has"] as const) {
      const proxy = new Proxy({ ...valid, timestamp_ms: 5 }, { [trap]: gone });
      expect(decodeKernelTraceEvent(proxy).value, trap).toStrictEqual({ ...valid, timestamp_ms: 5 });
    }
  });
  it("describes anything thrown, even what cannot be described", () => {
    const throwing = (thrown: unknown) =>
      refusal({
        ...valid,
        get seq(): number {
          throw thrown;
        },
      }).got;
    expect(throwing("plain")).toBe('an exception while reading it: "plain"');
    expect(throwing(Symbol("s"))).toBe("an exception while reading it: a symbol");
    expect(throwing(7n)).toBe("an exception while reading it: 7n");
    expect(throwing({ message: 5 })).toBe("an exception while reading it: an object that is not an Error");
    expect(throwing(revoked())).toBe("an exception while reading it: something that cannot be described");
    expect(throwing(new RangeError("x".repeat(300)))).toBe(
      `an exception while reading it: RangeError: ${"x".repeat(188)}…`,
    );
  });
  it("a getter that throws only the first time it is read is put on the whole value", () => {
    let reads = 0;
    const e = refusal({
      ...valid,
      get kind() {
        return reads++ === 0 ? gone() : "K";
      },
    });
    expect(e.message).toBe(`(root): expected ${READABLE} (got an exception while decoding it: Error: gone)`);
  });
  it("the text decoders refuse a non-string without reading it", () => {
    const traps = new Proxy({}, { get: () => gone() }) as ProxyHandler<object>;
    const hostile = new Proxy({}, traps);
    expect(decodeKernelTraceEventJson(hostile as unknown as string).error?.message).toBe(
      "(root): expected JSON text (a string) (got object)",
    );
    expect(decodeKernelEventJson(revoked() as unknown as string).error?.message).toBe(
      "(root): expected JSON text (a string) (got object)",
    );
  });
});

import { type DecodeError, EncodeError, isDecodeError } from "@oris/kernel-types";
import fc from "fast-check";
import { constants as stringConstants } from "node:buffer";
import { describe, expect, it } from "vitest";
import { deviationOf, wireCases } from "../../../fixtures/conformance.js";
import {
  decodeKernelObservability,
  decodeRejectionReason,
  emptyObservability,
  encodeKernelObservability,
  encodeRejectionReason,
  RejectionReason,
  withLeaseGraph,
  withReasoningTimeline,
  type KernelObservability,
} from "./index.js";

const codecs = {
  KernelObservability: { decode: decodeKernelObservability, encode: encodeKernelObservability },
  RejectionReason: { decode: decodeRejectionReason, encode: encodeRejectionReason },
} as const;

for (const [type, { decode, encode }] of Object.entries(codecs)) {
  const cases = wireCases(type as keyof typeof codecs);
  describe(`${type} against serde's verdicts (wire.json)`, () => {
    it("has the vectors", () => {
      expect(cases.length).toBeGreaterThanOrEqual(10);
    });
    for (const c of cases.filter((c) => deviationOf(c) === null)) {
      it(`${c.serde.ok ? "accepts" : "rejects"} ${c.json}`, () => {
        const r = decode(JSON.parse(c.json));
        expect(r.ok).toBe(c.serde.ok);
        if (r.ok) expect((encode as (v: unknown) => string)(r.value)).toBe(c.serde.canonical);
        else expect(isDecodeError(r.error)).toBe(true);
      });
    }
  });
}

describe("documented differences from serde", () => {
  it("refuses a u64 past 2^53−1 that serde would read", () => {
    const c = wireCases("KernelObservability").find((c) => deviationOf(c) === "beyond-safe-integer")!;
    expect(c.serde.ok).toBe(true);
    const r = decodeKernelObservability(JSON.parse(c.json));
    expect(r.error?.path).toBe("/replay_cost");
    expect(r.error?.expected).toMatch(/cannot be read exactly after JSON\.parse/);
  });
  it("reads 1.0 as the integer 1", () => {
    expect(decodeKernelObservability(JSON.parse('{"replay_cost":1.0}')).value?.replay_cost).toBe(1);
  });
  it("treats __proto__ as the unknown variant it is", () => {
    const r = decodeRejectionReason(JSON.parse('{"__proto__":"x"}'));
    expect(r.ok).toBe(false);
    expect(r.error?.path).toBe("");
    expect(decodeKernelObservability(JSON.parse('{"__proto__":{"replay_cost":5}}')).value?.replay_cost).toBeNull();
  });
});

describe("decoder errors", () => {
  const err = (
    decode: (v: unknown) => { ok: boolean; error?: { path: string; expected: string; got: string } },
    json: string,
  ) => {
    const r = decode(JSON.parse(json));
    expect(r.ok).toBe(false);
    return r.error!;
  };
  it("points into a lease edge", () => {
    const e = err(decodeKernelObservability, '{"lease_graph":[["a","b"],["a"]]}');
    expect([e.path, e.expected, e.got]).toEqual([
      "/lease_graph/1",
      "a 2-element array [a string, a string]",
      "an array of 1 item",
    ]);
    expect(err(decodeKernelObservability, '{"reasoning_timeline":["a",1]}').path).toBe("/reasoning_timeline/1");
  });
  it("names the variants of a RejectionReason", () => {
    const all = 'one of {"TenantLimit": a string or null}, {"CapacityLimit": a string or null}, {"Other": a string}';
    expect(err(decodeRejectionReason, '"TenantLimit"')).toMatchObject({
      path: "",
      expected: all,
      got: 'the string "TenantLimit"',
    });
    expect(err(decodeRejectionReason, '{"TenantLimit":"a","Other":"b"}')).toMatchObject({ path: "", expected: all });
    expect(err(decodeRejectionReason, '{"Unknown":"x"}')).toMatchObject({
      path: "",
      got: 'an object with key "Unknown"',
    });
  });
  it("reports the variant's own failure when one variant is named", () => {
    expect(err(decodeRejectionReason, '{"Other":null}')).toMatchObject({
      path: "/Other",
      expected: "a string",
      got: "null",
    });
    expect(err(decodeRejectionReason, '{"TenantLimit":5}')).toMatchObject({
      path: "/TenantLimit",
      expected: "a string or null",
    });
  });
});

describe("encoders", () => {
  it("write all four keys in serde's order", () => {
    const o: KernelObservability = {
      interrupt_latency_ms: 4,
      replay_cost: 3,
      lease_graph: [["a", "w"]],
      reasoning_timeline: ["x"],
    };
    expect(encodeKernelObservability(o)).toBe(
      '{"reasoning_timeline":["x"],"lease_graph":[["a","w"]],"replay_cost":3,"interrupt_latency_ms":4}',
    );
  });
  it("refuse what the Rust side could not read", () => {
    const o: KernelObservability = {
      reasoning_timeline: null,
      lease_graph: null,
      replay_cost: -1,
      interrupt_latency_ms: null,
    };
    expect(() => encodeKernelObservability(o)).toThrow(/\/replay_cost/);
    const edge = [["a", "b", "c"]] as unknown as KernelObservability["lease_graph"];
    expect(() => encodeKernelObservability({ ...o, replay_cost: null, lease_graph: edge })).toThrow(
      /\/lease_graph\/0: expected a 2-element array/,
    );
    expect(() => encodeRejectionReason(RejectionReason.other("\ud800"))).toThrow(/\/Other/);
  });
});

const text = fc.string({ unit: "grapheme", maxLength: 8 });
const observability: fc.Arbitrary<KernelObservability> = fc.record(
  {
    reasoning_timeline: fc.option(fc.array(text, { maxLength: 5 }), { nil: null }),
    lease_graph: fc.option(fc.array(fc.tuple(text, text), { maxLength: 4 }), { nil: null }),
    replay_cost: fc.option(fc.maxSafeNat(), { nil: null }),
    interrupt_latency_ms: fc.option(fc.maxSafeNat(), { nil: null }),
  },
  { noNullPrototype: true },
);
const reason: fc.Arbitrary<RejectionReason> = fc.oneof(
  fc.option(text, { nil: null }).map((d) => RejectionReason.tenantLimit(d)),
  fc.option(text, { nil: null }).map((d) => RejectionReason.capacityLimit(d)),
  text.map((d) => RejectionReason.other(d)),
);

describe("properties", () => {
  it("decode ∘ encode is the identity", () => {
    fc.assert(
      fc.property(observability, (o) => {
        expect(decodeKernelObservability(JSON.parse(encodeKernelObservability(o))).value).toStrictEqual(o);
      }),
    );
    fc.assert(
      fc.property(reason, (r) => {
        expect(decodeRejectionReason(JSON.parse(encodeRejectionReason(r))).value).toStrictEqual(r);
      }),
    );
  });
  it("decoders never throw on any JSON value, __proto__ keys included, and leave Object.prototype alone", () => {
    const anyValue = fc.oneof(
      fc.jsonValue(),
      fc.jsonValue().map((v) => JSON.parse(`{"__proto__":${JSON.stringify(v)}}`) as unknown),
      fc.jsonValue().map((v) => JSON.parse(`{"TenantLimit":null,"__proto__":${JSON.stringify(v)}}`) as unknown),
    );
    fc.assert(
      fc.property(anyValue, (v) => {
        for (const decode of [decodeKernelObservability, decodeRejectionReason]) {
          const r = decode(v);
          if (!r.ok) expect(isDecodeError(r.error)).toBe(true);
        }
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
    );
  });
});

describe("serde's array form of KernelObservability", () => {
  it("reads exactly four elements in field order", () => {
    const r = decodeKernelObservability(JSON.parse('[["a#1"],[["attempt","worker"]],1,null]'));
    expect(r.ok && encodeKernelObservability(r.value)).toBe(
      '{"reasoning_timeline":["a#1"],"lease_graph":[["attempt","worker"]],"replay_cost":1,"interrupt_latency_ms":null}',
    );
    expect(decodeKernelObservability([null, null, null]).error?.path).toBe("");
    expect(decodeKernelObservability([null, [["a"]], null, null]).error?.path).toBe("/1/0");
  });
  it("does not apply to RejectionReason, an enum", () => {
    expect(decodeRejectionReason(["TenantLimit", null]).ok).toBe(false);
  });
});

describe("inherited properties are never read", () => {
  it("a variant only inherited from a prototype is no variant", () => {
    const r = decodeRejectionReason(Object.create({ TenantLimit: "x" }) as object);
    expect(r.ok).toBe(false);
    expect(r.error?.path).toBe("");
    const o = decodeKernelObservability(Object.create({ replay_cost: 5 }) as object);
    expect(o.value?.replay_cost).toBeNull();
  });
});

describe("-0, which serde_json reads as a float", () => {
  it("is refused for the u64 fields", () => {
    expect(decodeKernelObservability(JSON.parse('{"replay_cost":-0}')).error?.path).toBe("/replay_cost");
    expect(decodeKernelObservability(JSON.parse('{"interrupt_latency_ms":-0.0}')).error?.path).toBe(
      "/interrupt_latency_ms",
    );
    expect(decodeKernelObservability(JSON.parse('{"replay_cost":0}')).value?.replay_cost).toBe(0);
  });
});

describe("values that throw while they are read (never parsed JSON) are refused, never thrown", () => {
  const READABLE = "a value that can be read without an exception, as parsed JSON always can";
  const gone = () => {
    throw new Error("gone");
  };
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };
  const refusal = (decode: (value: unknown) => { ok: boolean; error?: DecodeError }, value: unknown): DecodeError => {
    let r: { ok: boolean; error?: DecodeError } | undefined;
    expect(() => (r = decode(value))).not.toThrow();
    expect(r?.ok).toBe(false);
    expect(isDecodeError(r?.error)).toBe(true);
    return r!.error!;
  };
  const REVOKED_ARRAY_CHECK =
    /^an exception while checking whether it is an array: TypeError: Cannot perform 'IsArray' on a proxy that has been revoked$/;

  describe("decodeKernelObservability", () => {
    const refused = (value: unknown) => refusal(decodeKernelObservability, value);
    it("a throwing getter, at the top and nested, pointing at it", () => {
      expect(
        refused({
          reasoning_timeline: null,
          get replay_cost() {
            return gone();
          },
        }).message,
      ).toBe(`/replay_cost: expected ${READABLE} (got an exception while reading it: Error: gone)`);
      const timeline = ["a", "b"];
      Object.defineProperty(timeline, 1, { get: gone });
      expect(refused({ reasoning_timeline: timeline }).message).toBe(
        `/reasoning_timeline/1: expected ${READABLE} (got an exception while reading it: Error: gone)`,
      );
      const edge = ["attempt", "worker"];
      Object.defineProperty(edge, 1, { get: gone });
      expect(refused({ lease_graph: [["a", "w"], edge] }).path).toBe("/lease_graph/1/1");
    });
    it("a revoked Proxy, as the value, a field, a lease edge and an element of the array form", () => {
      const root = refused(revoked());
      expect([root.path, root.got]).toEqual(["", expect.stringMatching(REVOKED_ARRAY_CHECK)]);
      for (const [value, path] of [
        [{ reasoning_timeline: revoked() }, "/reasoning_timeline"],
        [{ lease_graph: [["a", "w"], revoked()] }, "/lease_graph/1"],
        [[null, revoked(), null, null], "/1"],
      ] as const) {
        const e = refused(value);
        expect([e.path, e.got]).toEqual([path, expect.stringMatching(REVOKED_ARRAY_CHECK)]);
      }
    });
    it("a Proxy whose get or getOwnPropertyDescriptor trap throws", () => {
      const get = new Proxy(
        { replay_cost: 1, interrupt_latency_ms: 2 },
        { get: (t, k, r) => (k === "interrupt_latency_ms" ? gone() : Reflect.get(t, k, r)) },
      );
      expect(refused(get).message).toBe(
        `/interrupt_latency_ms: expected ${READABLE} (got an exception while reading it: Error: gone)`,
      );
      const own = new Proxy({ replay_cost: 1 }, { getOwnPropertyDescriptor: gone });
      expect(refused(own).message).toBe(
        `/reasoning_timeline: expected ${READABLE} (got an exception while checking whether the key is there: Error: gone)`,
      );
    });
    it("a Proxy whose ownKeys or has trap throws is decoded: the decoder never lists keys or uses `in`", () => {
      for (const trap of ["ownKeys", "has"] as const) {
        const value = new Proxy({ reasoning_timeline: ["x"], replay_cost: 1 }, { [trap]: gone });
        expect(decodeKernelObservability(value).value, trap).toStrictEqual({
          reasoning_timeline: ["x"],
          lease_graph: null,
          replay_cost: 1,
          interrupt_latency_ms: null,
        });
      }
    });
  });

  describe("decodeRejectionReason", () => {
    const refused = (value: unknown) => refusal(decodeRejectionReason, value);
    it("a throwing getter, pointing at it", () => {
      expect(
        refused({
          get Other() {
            return gone();
          },
        }).message,
      ).toBe(`/Other: expected ${READABLE} (got an exception while reading it: Error: gone)`);
      expect(
        refused({
          get TenantLimit() {
            return gone();
          },
        }).path,
      ).toBe("/TenantLimit");
    });
    it("a revoked Proxy", () => {
      const e = refused(revoked());
      expect([e.path, e.got]).toEqual(["", expect.stringMatching(REVOKED_ARRAY_CHECK)]);
    });
    it("a Proxy whose ownKeys, has or getPrototypeOf trap throws (the validator walks the keys with for…in)", () => {
      expect(refused(new Proxy({ TenantLimit: null }, { ownKeys: gone })).message).toBe(
        `(root): expected ${READABLE} (got an exception while listing its keys: Error: gone)`,
      );
      expect(refused(new Proxy({ CapacityLimit: "x" }, { has: gone })).message).toBe(
        `/CapacityLimit: expected ${READABLE} (got an exception while checking whether the key is there: Error: gone)`,
      );
      expect(refused(new Proxy({ Other: "x" }, { getPrototypeOf: gone })).message).toBe(
        `(root): expected ${READABLE} (got an exception while reading its prototype: Error: gone)`,
      );
    });
  });
});

describe("a JSON text too long for one JavaScript string", () => {
  // V8's limit (2^29−24 UTF-16 code units on 64-bit Node).
  const MAX = stringConstants.MAX_STRING_LENGTH;
  const MiB = "a".repeat(1 << 20);
  /** Where appending `pieces` after `prefix` first passes MAX: the piece's index, and the length before it. */
  const overflow = (prefix: string, piece: number, count: number): { index: number; written: number } => {
    let length = prefix.length;
    for (let i = 0; i < count; i++) {
      if (i > 0) {
        if (length + 1 > MAX) return { index: i, written: length };
        length += 1;
      }
      if (length + piece > MAX) return { index: i, written: length };
      length += piece;
    }
    throw new Error("no overflow");
  };
  it("is an EncodeError naming the timeline entry and the way out, in bounded memory", () => {
    // 600 entries of 1 MiB, all the same string: the encoder's result is a
    // rope of references to it, so this takes ~1 MiB however long the text.
    const rssBefore = process.memoryUsage().rss;
    const o = withReasoningTimeline(emptyObservability(), new Array<string>(600).fill(MiB));
    let thrown: unknown;
    try {
      encodeKernelObservability(o);
    } catch (err) {
      thrown = err;
    }
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    expect(thrown).toBeInstanceOf(EncodeError);
    const { index, written } = overflow('{"reasoning_timeline":[', (1 << 20) + 2, 600);
    expect(index).toBe(511);
    const e = thrown as EncodeError;
    expect(e.path).toBe(`/reasoning_timeline/${index}`);
    expect(e.message).toBe(
      `cannot encode /reasoning_timeline/${index}: expected JSON text that fits in one JavaScript string (V8's limit is 2^29−24 = 536,870,888 UTF-16 code units); ` +
        "a timeline this long can be written in pieces, entry by entry, with createObservabilityStream() or @oris/trace-reader's ObservabilityEncoder " +
        `(got JSON text that passes that limit here, after ${written} code units)`,
    );
    expect((e as Error & { cause?: unknown }).cause).toBeInstanceOf(RangeError);
    expect(rssGrowth).toBeLessThan(64 * 2 ** 20);
  });
  it("names the lease edge being written", () => {
    const edges = new Array<[string, string]>(300).fill([MiB, MiB]);
    const { index } = overflow('{"reasoning_timeline":null,"lease_graph":[', 2 * ((1 << 20) + 2) + 3, 300);
    expect(index).toBe(255);
    expect(() => encodeKernelObservability(withLeaseGraph(emptyObservability(), edges))).toThrow(
      expect.objectContaining({ name: "EncodeError", path: `/lease_graph/${index}` }),
    );
  });
});

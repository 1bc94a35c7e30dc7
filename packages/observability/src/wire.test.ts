import { isDecodeError } from "@oris/kernel-types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deviationOf, wireCases } from "../../../fixtures/conformance.js";
import {
  decodeKernelObservability,
  decodeRejectionReason,
  encodeKernelObservability,
  encodeRejectionReason,
  RejectionReason,
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
  const err = (decode: (v: unknown) => { ok: boolean; error?: { path: string; expected: string; got: string } }, json: string) => {
    const r = decode(JSON.parse(json));
    expect(r.ok).toBe(false);
    return r.error!;
  };
  it("points into a lease edge", () => {
    const e = err(decodeKernelObservability, '{"lease_graph":[["a","b"],["a"]]}');
    expect([e.path, e.expected, e.got]).toEqual(["/lease_graph/1", "a 2-element array [a string, a string]", "an array of 1 item"]);
    expect(err(decodeKernelObservability, '{"reasoning_timeline":["a",1]}').path).toBe("/reasoning_timeline/1");
  });
  it("names the variants of a RejectionReason", () => {
    const all = 'one of {"TenantLimit": a string or null}, {"CapacityLimit": a string or null}, {"Other": a string}';
    expect(err(decodeRejectionReason, '"TenantLimit"')).toMatchObject({ path: "", expected: all, got: 'the string "TenantLimit"' });
    expect(err(decodeRejectionReason, '{"TenantLimit":"a","Other":"b"}')).toMatchObject({ path: "", expected: all });
    expect(err(decodeRejectionReason, '{"Unknown":"x"}')).toMatchObject({ path: "", got: 'an object with key "Unknown"' });
  });
  it("reports the variant's own failure when one variant is named", () => {
    expect(err(decodeRejectionReason, '{"Other":null}')).toMatchObject({ path: "/Other", expected: "a string", got: "null" });
    expect(err(decodeRejectionReason, '{"TenantLimit":5}')).toMatchObject({ path: "/TenantLimit", expected: "a string or null" });
  });
});

describe("encoders", () => {
  it("write all four keys in serde's order", () => {
    const o: KernelObservability = { interrupt_latency_ms: 4, replay_cost: 3, lease_graph: [["a", "w"]], reasoning_timeline: ["x"] };
    expect(encodeKernelObservability(o)).toBe('{"reasoning_timeline":["x"],"lease_graph":[["a","w"]],"replay_cost":3,"interrupt_latency_ms":4}');
  });
  it("refuse what the Rust side could not read", () => {
    const o: KernelObservability = { reasoning_timeline: null, lease_graph: null, replay_cost: -1, interrupt_latency_ms: null };
    expect(() => encodeKernelObservability(o)).toThrow(/\/replay_cost/);
    const edge = [["a", "b", "c"]] as unknown as KernelObservability["lease_graph"];
    expect(() => encodeKernelObservability({ ...o, replay_cost: null, lease_graph: edge })).toThrow(/\/lease_graph\/0: expected a 2-element array/);
    expect(() => encodeRejectionReason(RejectionReason.other("\ud800"))).toThrow(/\/Other/);
  });
});

const text = fc.string({ unit: "grapheme", maxLength: 8 });
const observability: fc.Arbitrary<KernelObservability> = fc.record({
  reasoning_timeline: fc.option(fc.array(text, { maxLength: 5 }), { nil: null }),
  lease_graph: fc.option(fc.array(fc.tuple(text, text), { maxLength: 4 }), { nil: null }),
  replay_cost: fc.option(fc.maxSafeNat(), { nil: null }),
  interrupt_latency_ms: fc.option(fc.maxSafeNat(), { nil: null }),
}, { noNullPrototype: true });
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
    expect(decodeKernelObservability(JSON.parse('{"interrupt_latency_ms":-0.0}')).error?.path).toBe("/interrupt_latency_ms");
    expect(decodeKernelObservability(JSON.parse('{"replay_cost":0}')).value?.replay_cost).toBe(0);
  });
});

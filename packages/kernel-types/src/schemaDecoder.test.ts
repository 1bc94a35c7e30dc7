import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSchemaDecoder, type CompiledValidator } from "./codec.js";
import { decodeKernelTraceEvent } from "./decodeKernelTraceEvent.js";
import { kernelTraceEventDecoderSchema, validateKernelTraceEvent } from "./generated/validateKernelTraceEvent.js";

/** The same validator without its precompiled reading plan: createSchemaDecoder then interprets the schema. */
function withoutPlan(validate: CompiledValidator): CompiledValidator {
  const plain: CompiledValidator = (data) => {
    const ok = validate(data);
    plain.errors = validate.errors ?? null;
    return ok;
  };
  return plain;
}

const interpreted = createSchemaDecoder(
  withoutPlan(validateKernelTraceEvent),
  kernelTraceEventDecoderSchema,
  (v: { timestamp_ms: number | null }) => {
    const { timestamp_ms, ...rest } = v;
    return timestamp_ms === null ? rest : v;
  },
  { structFields: ["run_id", "seq", "step_id", "action_id", "kind", "timestamp_ms"] },
);

const text = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom("\ud800", "a\udc00", "\ud83d\ude00"));
const integer = fc.oneof(fc.constantFrom(0, -0, 1, -1, 2 ** 53, 1.5), fc.maxSafeInteger());
const field = fc.oneof(text, integer, fc.constant(null), fc.constant(undefined));
const event = fc.dictionary(
  fc.constantFrom("run_id", "seq", "step_id", "action_id", "kind", "timestamp_ms", "x"),
  field,
);

describe("createSchemaDecoder's reading plan", () => {
  it("gives the same results interpreted from the schema as compiled ahead of time by the generator", () => {
    expect(validateKernelTraceEvent.read).toBeTypeOf("function");
    fc.assert(
      fc.property(fc.oneof(event, fc.array(field, { minLength: 6, maxLength: 6 })), (value) => {
        expect(interpreted(value)).toStrictEqual(decodeKernelTraceEvent(value));
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses a lone surrogate before a -0, and an inherited required key, the same way", () => {
    const cases: unknown[] = [
      { run_id: "r", seq: -0, kind: "\ud800" },
      { run_id: "r", seq: 1, kind: "K", timestamp_ms: -0 },
      Object.assign(Object.create({ kind: "K" }) as object, { run_id: "r", seq: 1 }),
      ["r", -0, null, "\udc00", "K", null],
    ];
    for (const value of cases) {
      const r = decodeKernelTraceEvent(value);
      expect(r.ok).toBe(false);
      expect(interpreted(value)).toStrictEqual(r);
    }
    expect(decodeKernelTraceEvent({ run_id: "r", seq: -0, kind: "\ud800" }).error?.path).toBe("/kind");
  });
});

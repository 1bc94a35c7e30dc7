import type { CompiledValidator } from "@oris/kernel-types/codec";
import { createSchemaDecoder } from "@oris/kernel-types/codec";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeKernelObservability } from "./decodeKernelObservability.js";
import { decodeRejectionReason } from "./decodeRejectionReason.js";
import { KERNEL_OBSERVABILITY_FIELDS } from "./generated/kernelObservabilitySchema.js";
import {
  kernelObservabilityDecoderSchema,
  validateKernelObservability,
} from "./generated/validateKernelObservability.js";
import { rejectionReasonDecoderSchema, validateRejectionReason } from "./generated/validateRejectionReason.js";

/** The same validator without its precompiled reading plan: createSchemaDecoder then interprets the schema. */
function withoutPlan(validate: CompiledValidator): CompiledValidator {
  const plain: CompiledValidator = (data) => {
    const ok = validate(data);
    plain.errors = validate.errors ?? null;
    return ok;
  };
  return plain;
}

const observability = createSchemaDecoder(
  withoutPlan(validateKernelObservability),
  kernelObservabilityDecoderSchema,
  (v: object) => v,
  {
    structFields: KERNEL_OBSERVABILITY_FIELDS,
  },
);
const reason = createSchemaDecoder(
  withoutPlan(validateRejectionReason),
  rejectionReasonDecoderSchema,
  (v: object) => v,
);

const text = fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom("\ud800", "x\udc00"));
const integer = fc.oneof(fc.constantFrom(0, -0, 7, -1), fc.maxSafeNat());
const value = fc.oneof(
  text,
  integer,
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.array(fc.array(text, { maxLength: 3 }), { maxLength: 3 }),
);

describe("the precompiled reading plans", () => {
  it("give what createSchemaDecoder interprets from the schema (KernelObservability)", () => {
    expect(validateKernelObservability.read).toBeTypeOf("function");
    const doc = fc.dictionary(fc.constantFrom(...KERNEL_OBSERVABILITY_FIELDS, "x"), value);
    fc.assert(
      fc.property(fc.oneof(doc, fc.array(value, { minLength: 4, maxLength: 4 })), (v) => {
        expect(observability(v)).toStrictEqual(decodeKernelObservability(v));
      }),
      { numRuns: 2000 },
    );
  });

  it("give what createSchemaDecoder interprets from the schema (RejectionReason)", () => {
    expect(validateRejectionReason.read).toBeTypeOf("function");
    const doc = fc.oneof(
      fc.dictionary(fc.constantFrom("TenantLimit", "CapacityLimit", "Other", "x"), value, { maxKeys: 2 }),
      fc.constantFrom("TenantLimit", "CapacityLimit", "Other").map((k) => Object.create({ [k]: null }) as object),
    );
    fc.assert(
      fc.property(doc, (v) => {
        expect(reason(v)).toStrictEqual(decodeRejectionReason(v));
      }),
      { numRuns: 2000 },
    );
  });
});

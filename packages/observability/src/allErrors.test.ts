import type { DecodeError } from "@oris/kernel-types";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  decodeKernelObservability,
  decodeRejectionReason,
  type KernelObservability,
  type RejectionReason,
} from "./index.js";

const brief = (e: DecodeError) => ({ path: e.path, expected: e.expected, got: e.got });

describe("every problem at once, and Standard Schema", () => {
  it("KernelObservability: every bad field, nested pointers included", () => {
    const value = {
      reasoning_timeline: ["a", 1, "\ud800"],
      lease_graph: [["a", "w"], ["b"], ["c", 2]],
      replay_cost: -0,
      interrupt_latency_ms: -5,
    };
    const r = decodeKernelObservability(value, { allErrors: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues?.map((e) => e.path)).toEqual([
      "/reasoning_timeline/1",
      "/reasoning_timeline/2",
      "/lease_graph/1",
      "/lease_graph/2/1",
      "/replay_cost",
      "/interrupt_latency_ms",
    ]);
    expect(r.issues?.map(brief)).toContainEqual(brief(r.error));
    const issues = decodeKernelObservability["~standard"].validate(value);
    expect("issues" in issues && issues.issues?.map((i) => i.path)).toEqual([
      ["reasoning_timeline", 1],
      ["reasoning_timeline", 2],
      ["lease_graph", 1],
      ["lease_graph", 2, 1],
      ["replay_cost"],
      ["interrupt_latency_ms"],
    ]);
  });

  it("RejectionReason: the variant's own problems, or no variant", () => {
    const bad = decodeRejectionReason({ Other: 1 }, { allErrors: true });
    expect(bad.ok || bad.issues?.map((e) => e.path)).toEqual(["/Other"]);
    const none = decodeRejectionReason({ Nope: 1 }, { allErrors: true });
    expect(none.ok || none.issues?.map(brief)).toEqual([brief(decodeRejectionReason({ Nope: 1 }).error!)]);
    const extra = decodeRejectionReason({ TenantLimit: null, more: 1 }, { allErrors: true });
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.issues?.map(brief)).toContainEqual(brief(extra.error));
  });

  it("agrees with the first-error decoders on what is accepted, for any value", () => {
    const part = fc.oneof(
      fc.string(),
      fc.integer({ min: -3, max: 3 }),
      fc.constant(null),
      fc.constant(-0),
      fc.anything(),
    );
    const observability = fc.record(
      {
        reasoning_timeline: fc.oneof(fc.constant(null), fc.array(part, { maxLength: 3 })),
        lease_graph: fc.oneof(fc.constant(null), fc.array(fc.array(part, { maxLength: 3 }), { maxLength: 3 })),
        replay_cost: part,
        interrupt_latency_ms: part,
      },
      { requiredKeys: [] },
    );
    const reason = fc.oneof(
      fc.record({ TenantLimit: part }),
      fc.record({ CapacityLimit: part, Other: part }, { requiredKeys: [] }),
      fc.dictionary(fc.string({ maxLength: 3 }), part, { maxKeys: 2 }),
    );
    for (const [decode, arbitrary] of [
      [decodeKernelObservability, fc.oneof(observability, fc.anything())],
      [decodeRejectionReason, fc.oneof(reason, fc.anything())],
    ] as const) {
      fc.assert(
        fc.property(arbitrary, (value) => {
          const first = decode(value);
          const all = decode(value, { allErrors: true });
          expect(all.ok).toBe(first.ok);
          if (!first.ok && !all.ok) expect(all.issues?.map(brief)).toContainEqual(brief(first.error));
        }),
        { numRuns: 1000 },
      );
    }
  });

  it("both decoders are Standard Schemas of their types", () => {
    expectTypeOf(decodeKernelObservability).toExtend<StandardSchemaV1<unknown, KernelObservability>>();
    expectTypeOf(decodeRejectionReason).toExtend<StandardSchemaV1<unknown, RejectionReason>>();
    const ok = decodeKernelObservability["~standard"].validate({ replay_cost: 2 });
    expect(ok).toEqual({ value: decodeKernelObservability({ replay_cost: 2 }).value });
  });
});

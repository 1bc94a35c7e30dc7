import type { StandardSchemaV1 as SpecStandardSchemaV1 } from "@standard-schema/spec";
import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import { decodeKernelTraceEvent, type DecodeError, type KernelTraceEvent } from "./index.js";

/** A consumer written against the published Standard Schema package, as a form library or tRPC is. */
function parseWith<S extends SpecStandardSchemaV1>(
  schema: S,
  value: unknown,
): SpecStandardSchemaV1.InferOutput<S> | readonly SpecStandardSchemaV1.Issue[] {
  const r = schema["~standard"].validate(value);
  if (r instanceof Promise) throw new Error("a synchronous schema was expected");
  return r.issues ?? r.value;
}

const valid = { run_id: "r", seq: 3, step_id: "s", action_id: null, kind: "Interrupted", timestamp_ms: 10 };

/** Defects, one per field, each alone refused at its own pointer. */
const DEFECTS: Record<string, (o: Record<string, unknown>) => void> = {
  run_id: (o) => (o.run_id = 42),
  seq: (o) => (o.seq = -1),
  step_id: (o) => (o.step_id = 1),
  action_id: (o) => (o.action_id = "\ud800"),
  kind: (o) => delete o.kind,
  timestamp_ms: (o) => (o.timestamp_ms = 1.5),
};

const brief = (e: DecodeError) => ({ path: e.path, expected: e.expected, got: e.got });

describe("allErrors", () => {
  it("lists every problem in document order, the default error among them", () => {
    const value = { seq: -1, step_id: 7 };
    const first = decodeKernelTraceEvent(value);
    const all = decodeKernelTraceEvent(value, { allErrors: true });
    expect(first.ok || first.issues).toBe(undefined);
    expect(all.ok).toBe(false);
    if (first.ok || all.ok) return;
    expect(brief(all.error)).toEqual(brief(first.error));
    expect(all.issues?.map((e) => e.path)).toEqual(["/kind", "/run_id", "/seq", "/step_id"]);
    expect(all.issues?.map(brief)).toContainEqual(brief(first.error));
  });

  it("finds exactly the fields that were broken, for any set of them", () => {
    fc.assert(
      fc.property(fc.subarray(Object.keys(DEFECTS), { minLength: 1 }), (broken) => {
        const value: Record<string, unknown> = { ...valid };
        for (const field of broken) DEFECTS[field]!(value);
        const r = decodeKernelTraceEvent(value, { allErrors: true });
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(new Set(r.issues?.map((e) => e.path))).toEqual(new Set(broken.map((f) => `/${f}`)));
        const alone = decodeKernelTraceEvent(value);
        expect(alone.ok).toBe(false);
        if (!alone.ok) expect(r.issues?.map(brief)).toContainEqual(brief(alone.error));
      }),
    );
  });

  it("agrees with the default on what is accepted, for any value", () => {
    const field = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.double(), fc.constant(-0), fc.anything());
    const arbitrary = fc.oneof(
      fc.anything(),
      fc.record({ run_id: field, seq: field, kind: field }, { requiredKeys: [] }),
      fc.record(
        { run_id: field, seq: field, step_id: field, action_id: field, kind: field, timestamp_ms: field },
        { requiredKeys: ["run_id", "seq", "kind"] },
      ),
      fc.tuple(field, field, field, field, field, field),
    );
    fc.assert(
      fc.property(arbitrary, (value) => {
        const first = decodeKernelTraceEvent(value);
        const all = decodeKernelTraceEvent(value, { allErrors: true });
        expect(all.ok).toBe(first.ok);
        if (first.ok || all.ok) {
          expect(all.value).toEqual(first.value);
          return;
        }
        expect(all.issues?.length).toBeGreaterThan(0);
        expect(all.issues?.map(brief)).toContainEqual(brief(first.error));
      }),
      { numRuns: 2000 },
    );
  });

  it("points into serde's array form of the struct", () => {
    const r = decodeKernelTraceEvent(["r", -1, 5, null, "K", null], { allErrors: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues?.map((e) => e.path)).toEqual(["/1", "/2"]);
  });

  it("gives one issue, the error, for a value that throws while it is read", () => {
    const value = {
      run_id: "r",
      get seq(): number {
        throw new Error("boom");
      },
      kind: "K",
    };
    const r = decodeKernelTraceEvent(value, { allErrors: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([r.error]);
  });
});

describe("Standard Schema", () => {
  it("is a Standard Schema v1 by the published types, with the decoder's output type", () => {
    expectTypeOf(decodeKernelTraceEvent).toExtend<SpecStandardSchemaV1<unknown, KernelTraceEvent>>();
    expectTypeOf<SpecStandardSchemaV1.InferOutput<typeof decodeKernelTraceEvent>>().toEqualTypeOf<KernelTraceEvent>();
    expect(decodeKernelTraceEvent["~standard"].version).toBe(1);
    expect(decodeKernelTraceEvent["~standard"].vendor).toBe("oris");
  });

  it("validates to the decoded value", () => {
    const decoded = decodeKernelTraceEvent(valid);
    expect(decoded.ok).toBe(true);
    expect(parseWith(decodeKernelTraceEvent, valid)).toEqual(decoded.value);
  });

  it("reports every issue with a path of keys and array indices", () => {
    const value = { run_id: 1, seq: 2 ** 53, kind: "K" };
    const decoded = decodeKernelTraceEvent(value, { allErrors: true });
    const messages = decoded.ok ? [] : (decoded.issues ?? []).map((e) => `expected ${e.expected} (got ${e.got})`);
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatch(/^expected an integer from 0 to 9007199254740991; integers beyond/);
    expect(parseWith(decodeKernelTraceEvent, value)).toEqual([
      { message: messages[0], path: ["run_id"] },
      { message: messages[1], path: ["seq"] },
    ]);
    const tuple = parseWith(decodeKernelTraceEvent, ["r", 1, null, null, 7, null]);
    expect(tuple).toEqual([{ message: expect.stringMatching(/^expected a string \(got /), path: [4] }]);
    const root = parseWith(decodeKernelTraceEvent, "text");
    expect(root).toEqual([{ message: expect.stringMatching(/^expected an object/) }]);
  });
});

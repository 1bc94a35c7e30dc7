import type { DecodeError } from "@oris/kernel-types";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { describe, expect, expectTypeOf, it } from "vitest";
import { decodeExecutionCheckpointView, type ExecutionCheckpointView } from "./index.js";

const brief = (e: DecodeError) => ({ path: e.path, expected: e.expected, got: e.got });

describe("decodeExecutionCheckpointView: every problem at once, and Standard Schema", () => {
  it("reports the id and the date-time chrono refuses, together", () => {
    const value = { checkpoint_id: 7, created_at: "2026-02-30T00:00:00Z" };
    const r = decodeExecutionCheckpointView(value, { allErrors: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues?.map((e) => e.path)).toEqual(["/checkpoint_id", "/created_at"]);
    // The date-time problem is worded as the decoder words it alone.
    const alone = decodeExecutionCheckpointView({ created_at: value.created_at });
    expect(alone.ok).toBe(false);
    if (!alone.ok) expect(r.issues?.map(brief)).toContainEqual(brief(alone.error));
  });

  it("points into serde's array form", () => {
    const r = decodeExecutionCheckpointView([1, "nope"], { allErrors: true });
    expect(r.ok || r.issues?.map((e) => e.path)).toEqual(["/0", "/1"]);
  });

  it("is a Standard Schema of ExecutionCheckpointView", () => {
    expectTypeOf(decodeExecutionCheckpointView).toExtend<StandardSchemaV1<unknown, ExecutionCheckpointView>>();
    const view = { checkpoint_id: "c", created_at: "2026-01-01T00:00:00Z" };
    expect(decodeExecutionCheckpointView["~standard"].validate(view)).toEqual({
      value: decodeExecutionCheckpointView(view).value,
    });
    const bad = decodeExecutionCheckpointView["~standard"].validate({ checkpoint_id: 1 });
    expect("issues" in bad && bad.issues?.map((i) => i.path)).toEqual([["created_at"], ["checkpoint_id"]]);
  });
});

import { expectTypeOf, test } from "vitest";
import { decodeKernelTraceEvent, type DecodeResult, type KernelEventKind, type KernelTraceEvent } from "./index.js";

test("decoders return a DecodeResult that narrows on ok", () => {
  const r = decodeKernelTraceEvent({});
  expectTypeOf(r).toEqualTypeOf<DecodeResult<KernelTraceEvent>>();
  if (r.ok) expectTypeOf(r.value).toEqualTypeOf<KernelTraceEvent>();
  else expectTypeOf(r.value).toEqualTypeOf<undefined>();
});

test("kind stays a string; the known kinds are a union", () => {
  expectTypeOf<KernelTraceEvent["kind"]>().toEqualTypeOf<string>();
  expectTypeOf<KernelEventKind>().toEqualTypeOf<
    | "StateUpdated"
    | "ActionRequested"
    | "ActionSucceeded"
    | "ActionFailed"
    | "Interrupted"
    | "Resumed"
    | "Completed"
    | "CheckpointSaved"
  >();
});

test("absent and present timestamps differ under exactOptionalPropertyTypes", () => {
  // @ts-expect-error an explicit undefined is not an absent timestamp
  const bad: KernelTraceEvent = {
    run_id: "r",
    seq: 1,
    step_id: null,
    action_id: null,
    kind: "K",
    timestamp_ms: undefined,
  };
  expectTypeOf(bad).toEqualTypeOf<KernelTraceEvent>();
  expectTypeOf<KernelTraceEvent["seq"]>().toEqualTypeOf<number>();
});

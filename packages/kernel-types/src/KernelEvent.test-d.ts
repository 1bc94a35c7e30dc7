import { expectTypeOf, test } from "vitest";
import {
  decodeKernelEventJson,
  kernelEventKind,
  type DecodeResult,
  type KernelEvent,
  type KernelEventKind,
  type KernelEventVariant,
  type RawJson,
} from "./index.js";

test("decodeKernelEventJson returns a DecodeResult of a KernelEvent", () => {
  expectTypeOf(decodeKernelEventJson("")).toEqualTypeOf<DecodeResult<KernelEvent>>();
});

test("a KernelEvent narrows by its variant key, or to the string Completed", () => {
  const e = {} as KernelEvent;
  if (typeof e === "string") expectTypeOf(e).toEqualTypeOf<"Completed">();
  else if ("StateUpdated" in e) {
    expectTypeOf(e.StateUpdated.step_id).toEqualTypeOf<string | null>();
    expectTypeOf(e.StateUpdated.payload).toEqualTypeOf<RawJson>();
  } else if ("ActionFailed" in e) expectTypeOf(e.ActionFailed.error).toEqualTypeOf<string>();
  else if ("ActionSucceeded" in e) expectTypeOf(e.ActionSucceeded.output).toEqualTypeOf<RawJson>();
});

test("RawJson is a string, and any string can be given as one", () => {
  expectTypeOf<RawJson>().toExtend<string>();
  expectTypeOf({ Resumed: { value: '{"ok":true}' } }).toExtend<KernelEvent>();
  expectTypeOf({ Resumed: { value: { ok: true } } }).not.toExtend<KernelEvent>();
});

test("the variants are the trace event kinds but CheckpointSaved", () => {
  expectTypeOf(kernelEventKind).returns.toEqualTypeOf<KernelEventVariant>();
  expectTypeOf<KernelEventVariant>().toEqualTypeOf<Exclude<KernelEventKind, "CheckpointSaved">>();
});

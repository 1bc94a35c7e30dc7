import type { KernelTraceEvent } from "@oris/kernel-types";
import { expectTypeOf, test } from "vitest";
import {
  createObservabilityReducer,
  fromKernelTrace,
  matchRejectionReason,
  RejectionReason,
  type KernelObservability,
  type RejectionReasonKind,
} from "./index.js";

test("a KernelTraceEvent from kernel-types goes into fromKernelTrace and the reducer", () => {
  const events: KernelTraceEvent[] = [];
  expectTypeOf(fromKernelTrace(events)).toEqualTypeOf<KernelObservability>();
  expectTypeOf(fromKernelTrace(new Set(events), { profile: "0.3" })).toEqualTypeOf<KernelObservability>();
  expectTypeOf<ReturnType<typeof createObservabilityReducer>["push"]>().parameter(0).toEqualTypeOf<KernelTraceEvent>();
  // @ts-expect-error only the two profiles exist
  fromKernelTrace(events, { profile: "0.4" });
});

test("matchRejectionReason is checked for exhaustiveness", () => {
  const reason = RejectionReason.tenantLimit("max concurrent runs");
  expectTypeOf(
    matchRejectionReason(reason, { TenantLimit: () => 429, CapacityLimit: () => 503, Other: () => 400 }),
  ).toEqualTypeOf<number>();
  // @ts-expect-error the Other handler is missing
  matchRejectionReason(reason, { TenantLimit: () => 429, CapacityLimit: () => 503 });
  matchRejectionReason(reason, {
    TenantLimit: (d) => expectTypeOf(d).toEqualTypeOf<string | null>(),
    CapacityLimit: (d) => expectTypeOf(d).toEqualTypeOf<string | null>(),
    Other: (d) => expectTypeOf(d).toEqualTypeOf<string>(),
  });
  expectTypeOf<RejectionReasonKind>().toEqualTypeOf<"TenantLimit" | "CapacityLimit" | "Other">();
});

test("RejectionReason is serde's shape", () => {
  expectTypeOf<{ TenantLimit: null }>().toExtend<RejectionReason>();
  expectTypeOf<{ Other: string }>().toExtend<RejectionReason>();
  expectTypeOf<{ Other: null }>().not.toExtend<RejectionReason>();
  expectTypeOf<"TenantLimit">().not.toExtend<RejectionReason>();
});

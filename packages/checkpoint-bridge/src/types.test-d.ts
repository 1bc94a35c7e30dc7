import { describe, expectTypeOf, it } from "vitest";
import type { DecodeResult, KernelTraceEvent, SchemaDecoder, StandardSchemaV1 } from "@oris/kernel-types";
import type { KernelObservability, LeaseEdge } from "@oris/observability";
import {
  type CheckpointHistoryOptions,
  checkpointHistoryToTrace,
  decodeExecutionCheckpointView,
  encodeExecutionCheckpointView,
  type ExecutionCheckpointView,
  formatRfc3339,
  fromCheckpointHistory,
  parseRfc3339,
  type Rfc3339Instant,
  signedDurationSince,
  timestampMillis,
} from "./index.js";

describe("the public types", () => {
  it("fromCheckpointHistory returns @oris/observability's KernelObservability", () => {
    expectTypeOf(fromCheckpointHistory).returns.toEqualTypeOf<KernelObservability>();
    expectTypeOf(fromCheckpointHistory("r", [])).toEqualTypeOf<KernelObservability>();
    expectTypeOf(fromCheckpointHistory).parameter(2).toEqualTypeOf<CheckpointHistoryOptions | undefined>();
  });

  it("checkpointHistoryToTrace returns @oris/kernel-types' KernelTraceEvent[]", () => {
    expectTypeOf(checkpointHistoryToTrace).returns.toEqualTypeOf<KernelTraceEvent[]>();
    expectTypeOf(checkpointHistoryToTrace).parameters.toEqualTypeOf<[string, readonly ExecutionCheckpointView[]]>();
  });

  it("the options take a profile and a readonly lease graph", () => {
    expectTypeOf<CheckpointHistoryOptions["profile"]>().toEqualTypeOf<"0.2" | "0.3" | undefined>();
    expectTypeOf<CheckpointHistoryOptions["leaseGraph"]>().toEqualTypeOf<readonly LeaseEdge[] | null | undefined>();
    // @ts-expect-error: no such profile
    fromCheckpointHistory("r", [], { profile: "0.4" });
  });

  it("the view, the decoder and the encoder", () => {
    expectTypeOf<ExecutionCheckpointView>().toEqualTypeOf<{
      readonly checkpoint_id: string | null;
      readonly created_at: string;
    }>();
    expectTypeOf(decodeExecutionCheckpointView).toEqualTypeOf<SchemaDecoder<ExecutionCheckpointView>>();
    expectTypeOf(decodeExecutionCheckpointView).returns.toEqualTypeOf<DecodeResult<ExecutionCheckpointView>>();
    expectTypeOf(decodeExecutionCheckpointView).toExtend<StandardSchemaV1<unknown, ExecutionCheckpointView>>();
    expectTypeOf(encodeExecutionCheckpointView).toEqualTypeOf<(view: ExecutionCheckpointView) => string>();
  });

  it("the RFC 3339 reader", () => {
    expectTypeOf(parseRfc3339).toEqualTypeOf<(text: string) => DecodeResult<Rfc3339Instant>>();
    expectTypeOf(formatRfc3339).toEqualTypeOf<(instant: Rfc3339Instant) => string>();
    expectTypeOf(timestampMillis).toEqualTypeOf<(instant: Rfc3339Instant) => number>();
    expectTypeOf(signedDurationSince).toEqualTypeOf<(later: Rfc3339Instant, earlier: Rfc3339Instant) => bigint>();
    expectTypeOf<Rfc3339Instant>().toEqualTypeOf<{ readonly seconds: number; readonly nanos: number }>();
  });
});

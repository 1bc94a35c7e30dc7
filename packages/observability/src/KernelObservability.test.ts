import { describe, expect, it } from "vitest";
import {
  emptyObservability,
  encodeKernelObservability,
  withInterruptLatencyMs,
  withLeaseGraph,
  withReasoningTimeline,
  withReplayCost,
} from "./index.js";

describe("builders", () => {
  it("mirror the Rust builder (kernel_observability_builder in the seed's tests)", () => {
    const o = withInterruptLatencyMs(withReplayCost(withReasoningTimeline(emptyObservability(), ["step1"]), 42), 10);
    expect(o.reasoning_timeline).toStrictEqual(["step1"]);
    expect(o.replay_cost).toBe(42);
    expect(o.interrupt_latency_ms).toBe(10);
    expect(o.lease_graph).toBeNull();
    expect(encodeKernelObservability(o)).toBe(
      '{"reasoning_timeline":["step1"],"lease_graph":null,"replay_cost":42,"interrupt_latency_ms":10}',
    );
  });
  it("never change their input and copy the arrays they are given", () => {
    const empty = emptyObservability();
    const edges: [string, string][] = [["attempt-1", "worker-1"]];
    const o = withLeaseGraph(empty, edges);
    edges.push(["attempt-2", "worker-2"]);
    expect(empty.lease_graph).toBeNull();
    expect(o.lease_graph).toStrictEqual([["attempt-1", "worker-1"]]);
    expect(encodeKernelObservability(emptyObservability())).toBe(
      '{"reasoning_timeline":null,"lease_graph":null,"replay_cost":null,"interrupt_latency_ms":null}',
    );
  });
});

import { describe, expect, it } from "vitest";
import { isDecodeError } from "@oris/kernel-types";
import { encodeKernelObservability, type LeaseEdge } from "@oris/observability";
import {
  checkpointHistoryToTrace,
  decodeExecutionCheckpointView,
  encodeExecutionCheckpointView,
  type ExecutionCheckpointView,
  fromCheckpointHistory,
} from "./index.js";

const view = (checkpoint_id: string | null, created_at: string): ExecutionCheckpointView => ({
  checkpoint_id,
  created_at,
});

/** The seed's unit test, kernel_observability_from_checkpoint_history. */
const seedHistory = [view("cp-1", "2023-11-14T22:13:20Z"), view("cp-2", "2023-11-14T22:13:21Z")];

describe("checkpointHistoryToTrace", () => {
  it("builds one CheckpointSaved event per checkpoint, seq from 1", () => {
    expect(checkpointHistoryToTrace("r-checkpoint", seedHistory)).toEqual([
      {
        run_id: "r-checkpoint",
        seq: 1,
        step_id: "cp-1",
        action_id: null,
        kind: "CheckpointSaved",
        timestamp_ms: 1_700_000_000_000,
      },
      {
        run_id: "r-checkpoint",
        seq: 2,
        step_id: "cp-2",
        action_id: null,
        kind: "CheckpointSaved",
        timestamp_ms: 1_700_000_001_000,
      },
    ]);
  });

  it("floors timestamps, counts leap seconds, keeps the order given and null ids", () => {
    const trace = checkpointHistoryToTrace("r", [
      view(null, "2016-12-31T23:59:60.5Z"),
      view("old", "1969-12-31T23:59:59.9995Z"),
    ]);
    expect(trace.map((e) => [e.seq, e.step_id, e.timestamp_ms])).toEqual([
      [1, null, 1_483_228_800_500],
      [2, "old", -1],
    ]);
  });

  it("gives an empty trace for an empty history", () => {
    expect(checkpointHistoryToTrace("r", [])).toEqual([]);
  });

  it("throws the DecodeError of a created_at chrono would not read, rooted at its index", () => {
    let thrown: unknown;
    try {
      checkpointHistoryToTrace("r", [seedHistory[0] as ExecutionCheckpointView, view("bad", "yesterday")]);
    } catch (e) {
      thrown = e;
    }
    expect(isDecodeError(thrown)).toBe(true);
    expect((thrown as { path: string }).path).toBe("/1/created_at");
  });
});

describe("fromCheckpointHistory", () => {
  it("0.2 (default): the seed's unit test", () => {
    expect(fromCheckpointHistory("r-checkpoint", seedHistory)).toEqual({
      reasoning_timeline: ["CheckpointSaved#1", "CheckpointSaved#2"],
      lease_graph: null,
      replay_cost: 2,
      interrupt_latency_ms: null,
    });
  });

  it("0.2: all null for an empty history", () => {
    expect(fromCheckpointHistory("r", [])).toEqual({
      reasoning_timeline: null,
      lease_graph: null,
      replay_cost: null,
      interrupt_latency_ms: null,
    });
  });

  it("0.2 ignores the lease graph", () => {
    expect(fromCheckpointHistory("r", seedHistory, { leaseGraph: [["a", "w"]] }).lease_graph).toBeNull();
  });

  it("0.3: ids in the timeline, the lease graph, the largest gap", () => {
    expect(
      fromCheckpointHistory("r-checkpoint", seedHistory, { profile: "0.3", leaseGraph: [["attempt-1", "worker-1"]] }),
    ).toEqual({
      reasoning_timeline: ["CheckpointSaved#1(cp-1)", "CheckpointSaved#2(cp-2)"],
      lease_graph: [["attempt-1", "worker-1"]],
      replay_cost: 2,
      interrupt_latency_ms: 1000,
    });
  });

  it.each([
    ["left out", {}],
    ["null", { leaseGraph: null }],
    ["empty", { leaseGraph: [] }],
  ])("0.3: lease_graph is null when the graph is %s", (_what, options) => {
    expect(fromCheckpointHistory("r", seedHistory, { profile: "0.3", ...options }).lease_graph).toBeNull();
  });

  it("0.3: copies the lease graph", () => {
    const graph: [string, string][] = [["a", "w"]];
    const o = fromCheckpointHistory("r", seedHistory, { profile: "0.3", leaseGraph: graph });
    graph[0] = ["changed", "changed"];
    expect(o.lease_graph).toEqual([["a", "w"]]);
  });

  it("0.3: a gap takes only consecutive checkpoints, in the order given", () => {
    const history = [
      view("a", "2023-11-14T22:00:00Z"),
      view("b", "2023-11-14T23:00:00Z"), // +3,600,000
      view("c", "2023-11-14T21:00:00Z"), // −7,200,000
      view("d", "2023-11-14T21:30:00Z"), // +1,800,000
    ];
    expect(fromCheckpointHistory("r", history, { profile: "0.3" }).interrupt_latency_ms).toBe(3_600_000);
    expect(fromCheckpointHistory("r", history.slice(1), { profile: "0.3" }).interrupt_latency_ms).toBe(1_800_000);
  });

  it("0.3: a sub-millisecond step back truncates to a gap of 0, which counts", () => {
    const history = [view("a", "2023-11-14T22:13:20.000500Z"), view("b", "2023-11-14T22:13:20Z")];
    expect(fromCheckpointHistory("r", history, { profile: "0.3" }).interrupt_latency_ms).toBe(0);
  });

  it("0.3: a step back of a whole millisecond does not count", () => {
    const history = [view("a", "2023-11-14T22:13:20.001Z"), view("b", "2023-11-14T22:13:20Z")];
    expect(fromCheckpointHistory("r", history, { profile: "0.3" }).interrupt_latency_ms).toBeNull();
  });

  it("0.3: uses the nanosecond difference, not the floored timestamps", () => {
    // timestamp_millis: -1 and 0, a difference of 1; the true gap is 0.5 ms, which truncates to 0.
    const history = [view("a", "1969-12-31T23:59:59.9995Z"), view("b", "1970-01-01T00:00:00Z")];
    expect(fromCheckpointHistory("r", history, { profile: "0.3" }).interrupt_latency_ms).toBe(0);
  });

  it("0.3: counts a leap second", () => {
    const history = [
      view("x", "2016-12-31T23:59:59Z"),
      view("leap", "2016-12-31T23:59:60.500Z"),
      view("y", "2017-01-01T00:00:00.600Z"),
    ];
    expect(fromCheckpointHistory("r", history, { profile: "0.3" }).interrupt_latency_ms).toBe(1500);
  });

  it("0.3: null with a single checkpoint", () => {
    expect(
      fromCheckpointHistory("r", [view("a", "2023-11-14T22:13:20Z")], { profile: "0.3" }).interrupt_latency_ms,
    ).toBeNull();
  });

  it("0.3: throws a RangeError for a gap beyond 2^53−1 ms", () => {
    const history = [view("a", "-262144-01-01T00:00:00Z"), view("b", "+262143-12-31T23:59:59Z")];
    expect(() => fromCheckpointHistory("r", history, { profile: "0.3" })).toThrow(RangeError);
    // 0.2 has no gap to compute.
    expect(fromCheckpointHistory("r", history).replay_cost).toBe(2);
  });

  it("0.3: the largest gap a number holds exactly", () => {
    const history = [view("a", "-200000-01-01T00:00:00Z"), view("b", "+80000-01-01T00:00:00Z")];
    const gap = fromCheckpointHistory("r", history, { profile: "0.3" }).interrupt_latency_ms;
    expect(gap).toBe(8_835_946_560_000_000); // chrono 0.4.23: 8835946560000000
    expect(Number.isSafeInteger(gap)).toBe(true);
  });

  it("accepts a readonly lease graph", () => {
    const graph: readonly LeaseEdge[] = Object.freeze([Object.freeze(["a", "w"] as const)]);
    expect(fromCheckpointHistory("r", seedHistory, { profile: "0.3", leaseGraph: graph }).lease_graph).toEqual([
      ["a", "w"],
    ]);
  });
});

describe("the README's example", () => {
  it("gives the JSON the README shows", () => {
    const body =
      '[{"checkpoint_id":"cp-1","created_at":"2023-11-14T22:13:20Z"},{"checkpoint_id":null,"created_at":"2023-11-14T22:13:21.500Z"}]';
    const history = (JSON.parse(body) as unknown[]).map((item) => {
      const r = decodeExecutionCheckpointView(item);
      if (!r.ok) throw r.error;
      return r.value;
    });
    expect(encodeKernelObservability(fromCheckpointHistory("run-1", history))).toBe(
      '{"reasoning_timeline":["CheckpointSaved#1","CheckpointSaved#2"],"lease_graph":null,"replay_cost":2,"interrupt_latency_ms":null}',
    );
    expect(
      encodeKernelObservability(
        fromCheckpointHistory("run-1", history, { profile: "0.3", leaseGraph: [["attempt-1", "worker-1"]] }),
      ),
    ).toBe(
      '{"reasoning_timeline":["CheckpointSaved#1(cp-1)","CheckpointSaved#2"],"lease_graph":[["attempt-1","worker-1"]],"replay_cost":2,"interrupt_latency_ms":1500}',
    );
    const r = decodeExecutionCheckpointView({ created_at: "2023-11-14 23:13:20.5+01:00" });
    expect(r.ok && encodeExecutionCheckpointView(r.value)).toBe(
      '{"checkpoint_id":null,"created_at":"2023-11-14T22:13:20.500Z"}',
    );
  });
});

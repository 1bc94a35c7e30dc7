import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeKernelTraceEvent, encodeKernelTraceEvent, type KernelTraceEvent } from "@oris/kernel-types";
import { createObservabilityReducer, encodeKernelObservability } from "@oris/observability";
import {
  checkpointHistoryToTrace,
  decodeExecutionCheckpointView,
  encodeExecutionCheckpointView,
  type ExecutionCheckpointView,
  fromCheckpointHistory,
  parseRfc3339,
  timestampMillis,
} from "./index.js";

/* Ground truth produced by the Rust side (serde 1.0.152, serde_json 1.0.87, chrono 0.4.23). */
const readFixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/conformance/${name}`, import.meta.url), "utf8"));

interface CheckpointCase {
  name: string;
  run_id: string;
  history: { checkpoint_id: string | null; created_at: string }[];
  history_json: string;
  seed_json: string;
  lease_graph: [string, string][] | null;
  upstream_0_3_json: string;
}
interface WireCase {
  type: string;
  json: string;
  serde: { ok: true; canonical: string } | { ok: false; error: string };
  timestamp_millis?: number;
}

const checkpoints = (readFixture("checkpoints.json") as { cases: CheckpointCase[] }).cases;
const wire = (readFixture("wire.json") as { cases: WireCase[] }).cases.filter(
  (c) => c.type === "ExecutionCheckpointView",
);

function decodeHistory(json: string): ExecutionCheckpointView[] {
  const raw: unknown = JSON.parse(json);
  if (!Array.isArray(raw)) throw new Error("history_json is not an array");
  return raw.map((item, i) => {
    const r = decodeExecutionCheckpointView(item);
    if (!r.ok) throw new Error(`history[${i}]: ${r.error.message}`);
    return r.value;
  });
}

describe("checkpoints.json", () => {
  it("has the named cases and the random ones", () => {
    expect(checkpoints.length).toBe(127);
    expect(checkpoints.map((c) => c.name)).toEqual(
      expect.arrayContaining(["empty history", "seed unit test", "leap second", "only steps back"]),
    );
  });

  it.each(checkpoints.map((c) => [c.name, c] as const))("%s: seed (0.2) bytes", (_name, c) => {
    const history = decodeHistory(c.history_json);
    expect(encodeKernelObservability(fromCheckpointHistory(c.run_id, history))).toBe(c.seed_json);
    expect(encodeKernelObservability(fromCheckpointHistory(c.run_id, history, { profile: "0.2" }))).toBe(c.seed_json);
    // 0.2 ignores a lease graph.
    expect(
      encodeKernelObservability(
        fromCheckpointHistory(c.run_id, history, { profile: "0.2", leaseGraph: c.lease_graph }),
      ),
    ).toBe(c.seed_json);
  });

  it.each(checkpoints.map((c) => [c.name, c] as const))("%s: upstream 0.3 bytes", (_name, c) => {
    const history = decodeHistory(c.history_json);
    const o = fromCheckpointHistory(c.run_id, history, { profile: "0.3", leaseGraph: c.lease_graph });
    expect(encodeKernelObservability(o)).toBe(c.upstream_0_3_json);
  });

  it.each(checkpoints.map((c) => [c.name, c] as const))("%s: history round-trips to the wire bytes", (_name, c) => {
    const history = decodeHistory(c.history_json);
    expect(`[${history.map(encodeExecutionCheckpointView).join(",")}]`).toBe(c.history_json);
    // The alphabetical `history` objects decode to the same views.
    expect(c.history.map((h) => decodeExecutionCheckpointView(h))).toEqual(
      history.map((value) => ({ ok: true, value })),
    );
  });

  it.each(checkpoints.map((c) => [c.name, c] as const))("%s: the synthetic trace is the seed's", (_name, c) => {
    const history = decodeHistory(c.history_json);
    const trace = checkpointHistoryToTrace(c.run_id, history);
    // The seed: KernelTraceEvent { run_id, seq: index + 1, step_id: checkpoint_id, action_id: None,
    // kind: "CheckpointSaved", timestamp_ms: Some(created_at.timestamp_millis()) }.
    const expected: KernelTraceEvent[] = c.history.map((h, index) => {
      const instant = parseRfc3339(h.created_at);
      if (!instant.ok) throw instant.error;
      return {
        run_id: c.run_id,
        seq: index + 1,
        step_id: h.checkpoint_id,
        action_id: null,
        kind: "CheckpointSaved",
        timestamp_ms: timestampMillis(instant.value),
      };
    });
    expect(trace).toEqual(expected);
    // Each event is a valid KernelTraceEvent on the wire.
    for (const event of trace) {
      expect(decodeKernelTraceEvent(JSON.parse(encodeKernelTraceEvent(event)))).toEqual({ ok: true, value: event });
    }
  });
});

describe("checkpoints.json, incrementally", () => {
  it("the 0.2 reducer fed the synthetic trace one event at a time equals the bridge after every prefix", () => {
    let prefixes = 0;
    for (const c of checkpoints) {
      const history = decodeHistory(c.history_json);
      const trace = checkpointHistoryToTrace(c.run_id, history);
      const reducer = createObservabilityReducer();
      trace.forEach((event, i) => {
        reducer.push(event);
        const batch = fromCheckpointHistory(c.run_id, history.slice(0, i + 1));
        expect(encodeKernelObservability(reducer.result()), `${c.name} after ${i + 1}`).toBe(
          encodeKernelObservability(batch),
        );
        prefixes++;
      });
      expect(encodeKernelObservability(reducer.result())).toBe(c.seed_json);
    }
    expect(prefixes).toBeGreaterThan(500);
  });
  it("the 0.3 reducer gives the bridge's 0.3 timeline and replay cost after every prefix", () => {
    for (const c of checkpoints) {
      const history = decodeHistory(c.history_json);
      const reducer = createObservabilityReducer({ profile: "0.3" });
      checkpointHistoryToTrace(c.run_id, history).forEach((event, i) => {
        reducer.push(event);
        const batch = fromCheckpointHistory(c.run_id, history.slice(0, i + 1), {
          profile: "0.3",
          leaseGraph: c.lease_graph,
        });
        expect(reducer.result().reasoning_timeline).toEqual(batch.reasoning_timeline);
        expect(reducer.result().replay_cost).toBe(batch.replay_cost);
      });
    }
  });
});

describe("wire.json ExecutionCheckpointView", () => {
  it("has the 18 cases", () => {
    expect(wire.length).toBe(18);
  });

  it.each(wire.map((c) => [c.json, c] as const))("%s", (_json, c) => {
    const r = decodeExecutionCheckpointView(JSON.parse(c.json));
    expect(r.ok).toBe(c.serde.ok);
    if (c.serde.ok && r.ok) {
      expect(encodeExecutionCheckpointView(r.value)).toBe(c.serde.canonical);
      const instant = parseRfc3339(r.value.created_at);
      expect(instant.ok && timestampMillis(instant.value)).toBe(c.timestamp_millis);
    }
    if (!c.serde.ok && !r.ok) {
      // Where serde's error comes from chrono, the decoder quotes it.
      const chrono =
        /^(input is out of range|input is not enough for unique date and time|input contains invalid characters|premature end of input|trailing input) at line/.exec(
          c.serde.error,
        );
      if (chrono !== null) {
        expect(r.error.path).toBe("/created_at");
        expect(r.error.expected).toContain(`(chrono: ${chrono[1]})`);
      } else {
        expect(r.error.path).toBe("/created_at");
      }
    }
  });
});

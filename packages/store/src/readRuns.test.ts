import { describe, expect, it } from "vitest";
import { describeTables } from "./describeTables.js";
import { encodeRunRecord } from "./encodeRunRecord.js";
import { kernelEventFromRow } from "./kernelEventFromRow.js";
import type { CheckpointRow, KernelEventRow, OrisStore, StoreTables } from "./OrisStore.js";
import { readRunHistories } from "./readRunHistories.js";
import { readRuns } from "./readRuns.js";
import { readRunTraces } from "./readRunTraces.js";
import { RunError, isRunError } from "./RunError.js";
import { isStoreError, StoreError } from "./StoreError.js";

/**
 * An OrisStore over arrays, for the driver-free logic: the real readers
 * (SQLite, PostgreSQL) are tested against real databases in their packages.
 */
function arrayStore(data: {
  events?: KernelEventRow[];
  checkpoints?: Record<string, CheckpointRow[]>;
  leases?: Record<string, [string, string]>;
  attempts?: string[];
  tables?: Partial<StoreTables>;
  batch?: number;
}): OrisStore & { closed: boolean } {
  const events = data.events ?? [];
  const tables = { kernelEvents: true, checkpoints: true, runtimeAttempts: true, runtimeLeases: true, ...data.tables };
  const all = [
    ...new Set([...events.map((e) => e.runId), ...Object.keys(data.checkpoints ?? {}), ...(data.attempts ?? [])]),
  ].sort();
  return {
    closed: false,
    description: "test.sqlite3",
    tables,
    tableNames: {
      kernelEvents: "kernel_events",
      checkpoints: "checkpoints",
      runtimeAttempts: "runtime_attempts",
      runtimeLeases: "runtime_leases",
    },
    async runIds(only) {
      return only === undefined ? all : all.filter((id) => only.includes(id));
    },
    async *kernelEventRows({ only }) {
      const rows = events.filter((e) => only === undefined || only.includes(e.runId));
      const n = data.batch ?? 2;
      for (let i = 0; i < rows.length; i += n) yield rows.slice(i, i + n);
    },
    async checkpointRows(runId) {
      return data.checkpoints?.[runId] ?? [];
    },
    async leaseGraph(runId) {
      const lease = data.leases?.[runId];
      return lease === undefined ? null : [lease];
    },
    async close() {
      this.closed = true;
    },
  };
}

const row = (runId: string, seq: unknown, eventJson: unknown, createdAtMs?: unknown): KernelEventRow => ({
  runId,
  seq,
  eventJson,
  createdAtMs,
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("readRuns over any OrisStore", () => {
  const store = () =>
    arrayStore({
      events: [
        row("a", 1, '{"Interrupted":{"value":null}}', 1000),
        row("a", 2, '{"StateUpdated":{"step_id":"s","payload":{}}}', 1100),
        row("a", 3, '{"Resumed":{"value":1}}', 1250),
        row("b", 1, '"Completed"', 5),
        row("b", 2, "not json", 6),
        row("b", 3, '"Completed"', 7),
        row("c", 7, '{"ActionRequested":{"action_id":"x","payload":0}}', 9),
      ],
      checkpoints: {
        a: [
          { checkpointId: "cp-1", createdAt: "2024-05-01T10:00:00+00:00" },
          { checkpointId: "cp-2", createdAt: "2024-05-01T10:00:01.5+00:00" },
        ],
      },
      leases: { a: ["attempt-1", "worker-1"] },
      attempts: ["a", "d"],
    });

  it("derives each run from its rows, reads past a failed run's rows, and goes on", async () => {
    const records = (await collect(readRuns(store(), { profile: "0.3" }))).map((r) => encodeRunRecord(r));
    expect(records[0]).toBe(
      '{"run_id":"a","observability":{"reasoning_timeline":["Interrupted#1","StateUpdated#2(s)","Resumed#3"],"lease_graph":null,"replay_cost":3,"interrupt_latency_ms":2}}',
    );
    expect(records[1]).toMatch(/^\{"run_id":"b","error":"kernel_events seq 2: event_json: \(root\): expected /);
    expect(records[2]).toBe(
      '{"run_id":"c","observability":{"reasoning_timeline":["ActionRequested#7(x)"],"lease_graph":null,"replay_cost":1,"interrupt_latency_ms":null}}',
    );
    expect(records[3]).toBe(
      '{"run_id":"d","observability":{"reasoning_timeline":null,"lease_graph":null,"replay_cost":null,"interrupt_latency_ms":null}}',
    );
    expect(records).toHaveLength(4);
  });

  it("timestamps: created_at gives the 0.3 rules real milliseconds", async () => {
    const [a] = await collect(readRuns(store(), { profile: "0.3", timestamps: "created_at", runIds: ["a"] }));
    expect(a !== undefined && "observability" in a && a.observability?.interrupt_latency_ms).toBe(250);
  });

  it("from checkpoints: the server's field with the lease (0.3), null for a run without checkpoints", async () => {
    const records = (await collect(readRuns(store(), { from: "checkpoints", profile: "0.3" }))).map((r) =>
      encodeRunRecord(r),
    );
    expect(records).toEqual([
      '{"run_id":"a","observability":{"reasoning_timeline":["CheckpointSaved#1(cp-1)","CheckpointSaved#2(cp-2)"],"lease_graph":[["attempt-1","worker-1"]],"replay_cost":2,"interrupt_latency_ms":1500}}',
      '{"run_id":"b","observability":null}',
      '{"run_id":"c","observability":null}',
      '{"run_id":"d","observability":null}',
    ]);
  });

  it("a created_at chrono refuses fails the history, naming the checkpoint", async () => {
    const s = arrayStore({
      checkpoints: {
        r: [
          { checkpointId: "cp-1", createdAt: "2024-05-01T10:00:00Z" },
          { checkpointId: "cp-2", createdAt: "yesterday" },
        ],
      },
    });
    const [r] = await collect(readRunHistories(s));
    expect(r !== undefined && "error" in r && r.error.checkpointId).toBe("cp-2");
    expect(r !== undefined && "error" in r && r.error.message).toMatch(
      /^checkpoints checkpoint_id "cp-2": created_at: expected /,
    );
  });

  it("runIds: each once, byte order, a run in no table is an error", async () => {
    const records = await collect(readRuns(store(), { runIds: ["zz", "c", "a", "c"] }));
    expect(records.map((r) => r.runId)).toEqual(["a", "c", "zz"]);
    const zz = records[2];
    expect(zz !== undefined && "error" in zz && zz.error.message).toBe(
      "no such run: it has no row in kernel_events, checkpoints, runtime_attempts",
    );
    await expect(collect(readRuns(store(), { runIds: ["\ud800"] }))).rejects.toThrow(TypeError);
  });

  it("refuses to drop rows silently: rows out of the listed order are an error", async () => {
    const s = arrayStore({ events: [row("b", 1, '"Completed"'), row("a", 1, '"Completed"')], attempts: [] });
    await expect(collect(readRunTraces(s))).rejects.toThrow(
      /rows of run "a" came after run "b": the store's order is not byte order/,
    );
  });
});

describe("one row", () => {
  it("seq: safe integers, bigints and digit strings; a negative seq is a huge u64 to the runtime", () => {
    const ok = (seq: unknown) => kernelEventFromRow(row("r", seq, '"Completed"'), false);
    expect(ok(3)).toEqual({ run_id: "r", seq: 3, step_id: null, action_id: null, kind: "Completed" });
    expect(ok(3n)).toEqual(ok(3));
    expect(ok("3")).toEqual(ok(3));
    const negative = ok(-1);
    expect(isRunError(negative) && negative.message).toBe(
      "kernel_events seq -1: seq: expected an integer from 0 to 9007199254740991 (got -1, which the runtime reads as the u64 18446744073709551615; see the README on integers)",
    );
    const big = ok(2n ** 60n);
    expect(isRunError(big) && big.message).toMatch(
      /^kernel_events seq 1152921504606846976: seq: expected an integer within ±9007199254740991/,
    );
    expect(isRunError(ok(1.5))).toBe(true);
  });

  it("event_json must be text; a BLOB or a number is named", () => {
    const blob = kernelEventFromRow(row("r", 1, new Uint8Array([0x22])), false);
    expect(blob instanceof RunError && blob.message).toBe(
      "kernel_events seq 1: event_json: expected TEXT holding the kernel Event's JSON (got a BLOB of 1 bytes)",
    );
    const n = kernelEventFromRow(row("r", 1, 7), false);
    expect(n instanceof RunError && n.message).toBe(
      "kernel_events seq 1: event_json: expected TEXT holding the kernel Event's JSON (got the integer 7)",
    );
  });

  it("created_at_ms, when asked for, must be an integer", () => {
    const e = kernelEventFromRow(row("r", 1, '"Completed"', "soon"), true);
    expect(e instanceof RunError && e.message).toBe(
      'kernel_events seq 1: created_at: expected an integer (got the text "soon")',
    );
    expect(kernelEventFromRow(row("r", 1, '"Completed"', -5n), true)).toEqual({
      run_id: "r",
      seq: 1,
      step_id: null,
      action_id: null,
      kind: "Completed",
      timestamp_ms: -5,
    });
  });
});

describe("describeTables", () => {
  it("no Oris table at all names the tables looked for", () => {
    const s = arrayStore({
      tables: { kernelEvents: false, checkpoints: false, runtimeAttempts: false, runtimeLeases: false },
    });
    expect(() => describeTables(s, "events")).toThrow(
      new StoreError(
        "not-a-database",
        "test.sqlite3: no Oris table found (looked for kernel_events, checkpoints, runtime_attempts, runtime_leases); is this the database an Oris runtime writes?",
      ),
    );
  });

  it("the table a reading needs is an error; the others are warnings", () => {
    const s = arrayStore({ tables: { checkpoints: false, runtimeLeases: false } });
    expect(describeTables(s, "events")).toEqual([
      "test.sqlite3: no checkpoints table: runs are listed from the other tables only",
      "test.sqlite3: no runtime_leases table: runs are listed from the other tables only",
    ]);
    let caught: unknown;
    try {
      describeTables(s, "checkpoints");
    } catch (err) {
      caught = err;
    }
    expect(isStoreError(caught) && caught.kind).toBe("missing-table");
  });
});

describe("encodeRunRecord", () => {
  it("pretty is serde's to_string_pretty of the record", () => {
    expect(
      encodeRunRecord(
        {
          runId: "r",
          observability: {
            reasoning_timeline: ["A#1"],
            lease_graph: [["a", "w"]],
            replay_cost: 1,
            interrupt_latency_ms: null,
          },
        },
        "pretty",
      ),
    ).toBe(
      '{\n  "run_id": "r",\n  "observability": {\n    "reasoning_timeline": [\n      "A#1"\n    ],\n    "lease_graph": [\n      [\n        "a",\n        "w"\n      ]\n    ],\n    "replay_cost": 1,\n    "interrupt_latency_ms": null\n  }\n}',
    );
  });

  it("refuses a run id with a lone surrogate", () => {
    expect(() => encodeRunRecord({ runId: "\udc00", observability: null })).toThrow(/cannot encode \/run_id/);
  });
});
